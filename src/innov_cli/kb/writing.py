"""Writing the knowledge-base format: facts and the records they need as TOML text, exact
decimals kept exact, and a check that the text loads as `innov validate` would load it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from innov_cli.errors import InvalidKnowledgeBase
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Metric, Region, Source


class NewFact(NamedTuple):
    """A fact about to be written; `value` keeps the exact decimal."""

    region: str
    metric: str
    value: Decimal
    year: int
    source: str
    confidence: str = "exact"
    edition: int | None = None
    qualifier: str | None = None
    note: str | None = None
    origin: str = ""  # where it came from, for messages: "f.csv:12"
    fractional: bool = False  # written as a float (`14000.0`): stays one in TOML
    # Which statistic it is, where a row says more than its source (export's columns):
    # (field, value) pairs in the order they are written.
    provenance: tuple[tuple[str, str | tuple[str, ...]], ...] = ()


def decimal_text(value: Decimal, *, fractional: bool = False) -> str:
    """The value as a TOML number, without exponent or float noise (`3200.05`)."""
    text = format(value, "f")
    if fractional and "." not in text:
        text += ".0"  # "1e+16" or "14000.0" stays a float, as it was written
    return text


def header_text(
    kb: KnowledgeBase,
    used: tuple[set[str], set[str], set[str]],
    new_sources: dict[str, Source],
    labels: Sequence[str],
    builtin: KnowledgeBase | None = None,
) -> str:
    """The file's opening: comments, then the sources, metrics and regions its facts need
    (`used`: the ids of their regions, metrics and sources) and what those refer to, except
    records the built-in knowledge base already holds as they are: the file layers over it,
    and a copy would override later corrections to the built-in records. Without `builtin`
    (an import run with --no-builtin) everything is copied, so that the file loads on its
    own. The fact blocks (`fact_block`, each after a newline) and a final newline follow."""
    used_regions, used_metrics, used_sources = used

    def own(record: Source | Metric | Region, table: dict[str, Any]) -> bool:
        return builtin is None or table.get(record.id) != record

    region_ids = _region_closure(kb, used_regions)
    regions = [
        r
        for r in kb.regions.values()
        if r.id in region_ids and own(r, builtin.regions if builtin else {})
    ]
    source_ids = set(used_sources)
    for region in regions:
        source_ids.update(
            s for s in (region.strategy_source, region.focus_source, region.membership_source) if s
        )
    sources = [*new_sources.values()]
    sources += [
        s
        for s in kb.sources.values()
        if s.id in source_ids
        and s.id not in new_sources
        and own(s, builtin.sources if builtin else {})
    ]
    metrics = [
        m
        for m in kb.metrics.values()
        if m.id in used_metrics and own(m, builtin.metrics if builtin else {})
    ]
    lines = [
        f"# Written by `innov import` from {', '.join(labels)}.",
        "# It layers over the knowledge base it was imported against (innov --data FILE):"
        if builtin is not None
        else "# Sources, metrics and regions are copied, so this file also loads on its own",
        "# records the built-in knowledge base holds are not copied."
        if builtin is not None
        else "# (innov --no-builtin --data FILE).",
        "schema_version = 1",
    ]
    for table, records in (("source", sources), ("metric", metrics), ("region", regions)):
        for record in records:
            lines += ["", f"[[{table}]]", *_fields(record)]
    return "\n".join(lines)


def fact_block(fact: NewFact) -> str:
    """One fact's table, from its blank line above to its last field."""
    lines = ["", "[[fact]]"]
    lines.append(f"region = {_toml_string(fact.region)}")
    lines.append(f"metric = {_toml_string(fact.metric)}")
    lines.append(f"value = {decimal_text(fact.value, fractional=fact.fractional)}")
    lines.append(f"year = {fact.year}")
    if fact.edition is not None:
        lines.append(f"edition = {fact.edition}")
    lines.append(f"source = {_toml_string(fact.source)}")
    lines.append(f"confidence = {_toml_string(fact.confidence)}")
    if fact.qualifier is not None:
        lines.append(f"qualifier = {_toml_string(fact.qualifier)}")
    for key, value in fact.provenance:
        shown = (
            "[" + ", ".join(_toml_string(v) for v in value) + "]"
            if isinstance(value, tuple)
            else _toml_string(value)
        )
        lines.append(f"{key} = {shown}")
    if fact.note is not None:
        lines.append(f"note = {_toml_string(fact.note)}")
    return "\n".join(lines)


def _region_closure(kb: KnowledgeBase, start: Iterable[str]) -> set[str]:
    """The regions plus those they name (parent, members), transitively."""
    found: set[str] = set()
    frontier = list(start)
    while frontier:
        region_id = frontier.pop()
        if region_id in found or region_id not in kb.regions:
            continue
        found.add(region_id)
        region = kb.regions[region_id]
        frontier += [*region.members, *region.related, *([region.parent] if region.parent else [])]
    return found


def _fields(record: Source | Metric | Region) -> list[str]:
    lines = []
    defaults = record._field_defaults
    for name, value in record._asdict().items():
        # A field left at its default is left out, as a person would write the record.
        if value is None or value == () or (name in defaults and value == defaults[name]):
            continue
        lines.append(f"{name} = {_toml_value(value)}")
    return lines


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)  # 0.5, 1e+16, inf: all TOML
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{_toml_string(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + ", ".join(pairs) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")  # pragma: no cover


def _toml_string(text: str) -> str:
    # JSON's string escapes are valid TOML basic-string escapes; TOML also forbids a raw DEL.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def check_fact_text(kb: KnowledgeBase, text: str, label: str) -> None:
    """Check fact blocks as `innov validate` would check them in the written file (parsed,
    validated, each reference and value checked against `kb`), a chunk at a time: a safety net
    that never holds a large import's whole text."""
    from innov_cli.kb.checks import check_facts
    from innov_cli.kb.document import as_records
    from innov_cli.kb.locate import TextIndex
    from innov_cli.kb.reading import parse_toml
    from innov_cli.kb.validation import validate_document

    document, problems = validate_document(parse_toml(text, label), label, TextIndex())
    if document is not None:
        problems = check_facts(kb, as_records(document).fact)
    if problems:
        raise InvalidKnowledgeBase(problems)


def check_written_text(text: str, label: str, *, over_builtin: bool = False) -> None:
    """Validate the file as `innov validate` would, before it is written (a safety net):
    layered over the built-in file when it was written to layer over it."""
    from innov_cli.kb.layers import Layer, build_knowledge_base, layers_for
    from innov_cli.kb.reading import read_bytes

    below = layers_for([], builtin=True) if over_builtin else []
    contents = [read_bytes(layer.path, layer.label) for layer in below]
    _, problems = build_knowledge_base(
        [*below, Layer(Path(label), label)], [*contents, text.encode("utf-8")]
    )
    if problems:
        raise InvalidKnowledgeBase(problems)
