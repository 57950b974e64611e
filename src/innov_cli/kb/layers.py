"""Load knowledge-base files: read, parse, validate, layer, check; with a cache in front."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from innov_cli.errors import InvalidKnowledgeBase, Problem
from innov_cli.kb.collection import building_records
from innov_cli.kb.knowledge_base import KnowledgeBase

# Files above this size show a note on stderr (when it is a terminal) while they load: parsing
# and validating take about 0.5 s per MB on a slow machine, so this is a load of about a second.
_PROGRESS_BYTES = 1_500_000


class Layer(NamedTuple):
    """One input file and the label used for it in messages."""

    path: Path
    label: str
    # Shipped with innov: the cache knows it by size and time, as it knows the code.
    builtin: bool = False


def builtin_path() -> Path:
    """The knowledge base shipped with innov (inside the wheel, or at the repository root)."""
    packaged = Path(__file__).parents[1] / "data" / "regions.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "data" / "regions.toml"


def layers_for(paths: Sequence[Path], *, builtin: bool = True) -> list[Layer]:
    """The built-in file (unless disabled), then each user file in the order given."""
    found = [Layer(builtin_path(), "regions.toml (built-in)", builtin=True)] if builtin else []
    return found + [Layer(p, printable_name(p)) for p in paths]


def printable_name(path: Path) -> str:
    """A file name as text that is valid UTF-8: bytes that are not UTF-8 (a Latin-1 name on
    Linux arrives as lone surrogates) are shown as `\\xNN` escapes."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def layers(data: Sequence[Path] = (), *, builtin: bool = True) -> list[Layer]:
    """The layers a knowledge base is made of, in order: the built-in file (unless disabled),
    each INNOV_DATA path, then each --data path. Every command, completion and `validate`
    use this one rule."""
    return layers_for([*env_data_paths(), *data], builtin=builtin)


def env_data_paths() -> list[Path]:
    """Paths from INNOV_DATA (an os.pathsep-separated list, like PATH)."""
    value = os.environ.get("INNOV_DATA", "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def load_knowledge_base(
    layers: Sequence[Layer], *, use_cache: bool = True, metric: str | None = None
) -> KnowledgeBase:
    """The layered knowledge base, from the cache when it is warm and valid. With `metric`
    (a ranking's), it may come cut to that metric, with its derived figures and without
    notes: a warm start then reads only that slice of the cache (kb/slices.py)."""
    # The built-in file is part of the installed package, like the code, which the cache key
    # already knows by size and time: a warm start need not read or checksum it (it is by far
    # the largest input). Files a user gives are known by their content, read once (a FIFO
    # or /dev/stdin cannot be read twice).
    given: list[bytes | None] = [
        None if layer.builtin and use_cache else _read(layer) for layer in layers
    ]
    key = None
    if use_cache:
        from innov_cli.kb.cache import cache_key, read_cache, write_cache

        key = cache_key(
            [
                _package_file(layer.path) if data is None else data
                for layer, data in zip(layers, given, strict=True)
            ]
        )
        if metric is not None:
            from innov_cli.kb.slices import read_slice

            sliced = read_slice(key, metric)
            if sliced is not None:
                return sliced
        cached = read_cache(key)
        if cached is not None:
            cached.cache_key = key
            return cached if metric is None else _sliced(cached, metric)
    contents = [
        _read(layer) if data is None else data for layer, data in zip(layers, given, strict=True)
    ]
    with building_records():
        kb, problems = build_knowledge_base(layers, contents, cached_afterwards=use_cache)
    if problems or kb is None:
        raise InvalidKnowledgeBase(problems)
    if key is not None:
        write_cache(key, kb)
        kb.cache_key = key
        if metric is not None:
            return _sliced(kb, metric)
    return kb


def _sliced(kb: KnowledgeBase, metric: str) -> KnowledgeBase:
    """The slice of a knowledge base just loaded whole, kept for the next ranking; cold and
    warm runs rank from the same slice, so they say the same."""
    from innov_cli.kb.slices import kept_slice

    return kept_slice(kb, metric)


def _read(layer: Layer) -> bytes:
    # Imported here: a warm start with only the built-in file reads no file this way.
    from innov_cli.kb.reading import read_bytes

    return read_bytes(layer.path, layer.label)


def _package_file(path: Path) -> str:
    """A file of the installed package as the cache key knows it: its path, size and time."""
    info = os.stat(path)
    return f"package file {path} {info.st_size} {info.st_mtime_ns}"


def build_knowledge_base(
    layers: Sequence[Layer], contents: Sequence[bytes], *, cached_afterwards: bool = False
) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Parse, validate and layer files; every problem in every file, not just the first."""
    from innov_cli.kb.reading import decode, parse_toml

    parsed: list[tuple[str, dict[str, Any]] | list[Problem]] = []
    for layer, data in zip(layers, contents, strict=True):
        _show_progress(layer, data, cached_afterwards)
        try:
            text = decode(data, layer.label)
            parsed.append((text, parse_toml(text, layer.label)))
        except InvalidKnowledgeBase as exc:
            parsed.append(exc.problems)
    kb, problems = _assemble(layers, parsed, located=False)
    if problems:
        # Line and column numbers need a scan of every file's text, which on a large file costs
        # more than parsing it: pay for it only when there is something to report.
        kb, problems = _assemble(layers, parsed, located=True)
    return (None if problems else kb), problems


def _assemble(
    layers: Sequence[Layer],
    parsed: Sequence[tuple[str, dict[str, Any]] | list[Problem]],
    *,
    located: bool,
) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Validate parsed files and layer them; with `located`, problems carry file positions."""
    from innov_cli.kb.checks import Origins, check_knowledge_base
    from innov_cli.kb.locate import TextIndex, index_text
    from innov_cli.kb.records import Fact, Metric, Region, Source
    from innov_cli.kb.validation import validate_leniently

    regions: dict[str, Region] = {}
    metrics: dict[str, Metric] = {}
    sources: dict[str, Source] = {}
    facts: dict[tuple[str, str, int, str], Fact] = {}
    origins: Origins = {}
    problems: list[Problem] = []
    # Ids of entries that failed validation: references to them are not "unknown" as well.
    broken: dict[str, set[str]] = {}
    every_file_read = True
    for layer, item in zip(layers, parsed, strict=True):
        if isinstance(item, list):
            problems += item
            every_file_read = False
            continue
        text, raw = item
        index = index_text(text) if located else TextIndex()
        checked = validate_leniently(raw, layer.label, index)
        problems += checked.problems
        for table, ids in checked.broken.items():
            broken.setdefault(table, set()).update(ids)
        document = checked.document
        if document is None:
            every_file_read = False
            continue
        # Positions in the file of the valid entries (some may have been left out).
        kept = checked.positions or {}

        def in_file(table: str, n: int, kept: dict[str, list[int]] = kept) -> int:
            return kept[table][n] if table in kept else n

        def at(
            table: str, position: int, key: str | None = None, index: TextIndex = index
        ) -> tuple[int | None, int | None]:
            return index.position(table, position, key, value=True) or (None, None)

        seen: set[tuple[object, ...]] = set()
        tables: list[tuple[str, tuple[Source | Metric | Region, ...], dict[str, object]]] = [
            ("source", document.source, sources),  # type: ignore[list-item]
            ("metric", document.metric, metrics),  # type: ignore[list-item]
            ("region", document.region, regions),  # type: ignore[list-item]
        ]
        for table, records, target in tables:
            for n, record in enumerate(records):
                position = in_file(table, n)
                key: tuple[object, ...] = (table, record.id)
                if key in seen:
                    line, column = at(table, position, "id")
                    problems.append(
                        Problem(
                            layer.label,
                            f"duplicate {table} id {record.id!r}",
                            line=line,
                            column=column,
                            entity=f"[[{table}]] {record.id!r}",
                            field="id",
                            hint="each id may appear once per file",
                        )
                    )
                seen.add(key)
                target[record.id] = record
                if located:
                    origins[key] = index.place(layer.label, table, position)
        for n, fact in enumerate(document.fact):
            position = in_file("fact", n)
            fact_key = fact.key
            key = ("fact", *fact_key)
            if key in seen:
                line, column = at("fact", position)
                problems.append(
                    Problem(
                        layer.label,
                        f"duplicate fact for {fact.region}/{fact.metric}/{fact.year} from "
                        f"source {fact.source!r}",
                        line=line,
                        column=column,
                        entity=f"[[fact]] {fact.region}/{fact.metric}/{fact.year}",
                    )
                )
            seen.add(key)
            facts[fact_key] = fact
            if located:
                origins[key] = index.place(layer.label, "fact", position)
    kb = KnowledgeBase(
        regions=regions, metrics=metrics, sources=sources, facts=tuple(facts.values())
    )
    # Cross-file checks only make sense when every file was read: otherwise each reference
    # into an unreadable file would be reported again as "unknown". A file with some invalid
    # entries was read: its valid entries are checked, with references to the others allowed.
    if every_file_read:
        problems += check_knowledge_base(kb, origins, broken)
    return (None if problems else kb), problems


def _show_progress(layer: Layer, data: bytes, cached_afterwards: bool) -> None:
    """One line on stderr before a slow parse, only when a person is watching stderr."""
    if len(data) >= _PROGRESS_BYTES and sys.stderr.isatty():
        size = len(data) / 1_000_000
        then = "; cached for next time" if cached_afterwards else ""
        sys.stderr.write(f"innov: loading {layer.label} ({size:.1f} MB{then})...\n")
        sys.stderr.flush()
