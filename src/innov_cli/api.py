"""innov as a library, for notebooks and scripts.

    import innov_cli as innov
    kb = innov.load()
    rows = innov.rank(kb, "gdp", kind="cluster")

The functions call the same queries as the command line and return the same records it prints
(the JSON contract's keys as attributes, `.to_dict()` for plain data); failures raise the same
errors (`innov_cli.errors`: `NotFound`, `UsageProblem`, `InvalidKnowledgeBase`, all
`InnovError`).

Arguments are checked here, at the boundary: a single region or data file may be given as a
plain string (it is one region, one file, never its letters); a year may be a digit string
("2024"); anything else of the wrong type raises `TypeError` with a sentence naming the
parameter, and an unknown region or metric raises `NotFound` with a "did you mean".
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import Any

from innov_cli.commands.compare import CompareRecord
from innov_cli.commands.rank import RankRecord
from innov_cli.commands.rows import FactRecord
from innov_cli.kb.knowledge_base import KnowledgeBase

__all__ = ["KnowledgeBase", "compare", "facts", "load", "rank"]


def load(
    data: Sequence[str | PathLike[str]] = (),
    *,
    builtin: bool = True,
    environment: bool = False,
    cache: bool = True,
) -> KnowledgeBase:
    """The knowledge base: the built-in file (unless `builtin=False`), then each `data` file
    layered over it in order. `environment=True` also layers the INNOV_DATA files, as the
    command line does. Raises InvalidKnowledgeBase with every problem found."""
    from innov_cli.kb.layers import layers, layers_for, load_knowledge_base

    paths = [Path(p) for p in _many("data", data, (str, PathLike))]
    for name, flag in (("builtin", builtin), ("environment", environment), ("cache", cache)):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, got {flag!r}")
    chosen = layers(paths, builtin=builtin) if environment else layers_for(paths, builtin=builtin)
    return load_knowledge_base(chosen, use_cache=cache)


def rank(
    kb: KnowledgeBase,
    metric: str | None = None,
    *,
    kind: str | None = None,
    year: int | None = None,
    edition: int | None = None,
    top: int | None = None,
    country: str | None = None,
) -> list[RankRecord]:
    """Regions ordered by a metric, as `innov rank --json` (without a metric: the clusters
    by GDP)."""
    from innov_cli.commands.rank import rank_record, rank_regions, with_ranked_derived

    _check_kb(kb)
    metric, kind, country = (
        _text("metric", metric),
        _text("kind", kind),
        _text("country", country),
    )
    year, edition, top = _whole("year", year), _whole("edition", edition), _whole("top", top)
    kb = with_ranked_derived(kb, metric)  # as the command line: derived figures fill gaps
    result = rank_regions(
        kb, metric, kind=kind, year=year, edition=edition, top=top, country=country
    )
    return [rank_record(row, result.metric, kb) for row in result.rows]


def compare(kb: KnowledgeBase, regions: Sequence[str]) -> list[CompareRecord]:
    """Regions side by side: one record per metric and region, as `innov compare --format
    jsonl` (`leader` marks each metric's best)."""
    from innov_cli.commands.compare import compare_records, compare_regions
    from innov_cli.kb.derive import with_derived

    _check_kb(kb)
    names = _many("regions", regions, (str,))
    kb = with_derived(kb)
    return compare_records(compare_regions(kb, names))


def facts(
    kb: KnowledgeBase,
    *,
    region: str | None = None,
    metric: str | None = None,
    year: int | None = None,
) -> list[FactRecord]:
    """Every fact (optionally of one region, metric or year), as `innov export` rows. The
    region is resolved like on the command line (ids, names, Chinese names, aliases)."""
    from innov_cli.commands.export import all_facts
    from innov_cli.commands.rows import fact_record

    _check_kb(kb)
    region, metric, year = _text("region", region), _text("metric", metric), _whole("year", year)
    region_id = kb.resolve(region).id if region is not None else None
    metric_id = kb.metric(metric).id if metric is not None else None
    return [
        fact_record(f, kb)
        for f in all_facts(kb)
        if (region_id is None or f.region == region_id)
        and (metric_id is None or f.metric == metric_id)
        and (year is None or f.year == year)
    ]


def _check_kb(kb: object) -> None:
    if not isinstance(kb, KnowledgeBase):
        raise TypeError(
            f"kb must be a KnowledgeBase (from innov_cli.load()), got {type(kb).__name__}"
        )


def _text(name: str, value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"{name} must be a string or None, got {type(value).__name__}: {value!r}")


def _whole(name: str, value: object) -> int | None:
    """A whole number, or None; a digit string such as "2024" is taken as that number."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a whole number such as 2024, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise TypeError(f"{name} must be a whole number such as 2024, got {value!r}")


def _many(name: str, value: object, kinds: tuple[type, ...]) -> list[Any]:
    """A list of strings (or paths): one plain string or path is one item, never its letters."""
    if isinstance(value, kinds):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(v, kinds) for v in value):
        return list(value)
    wanted = " or ".join(k.__name__ for k in kinds)
    raise TypeError(f"{name} must be a {wanted} or a list of them, got {value!r}")
