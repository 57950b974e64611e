"""Query helpers more than one command needs: preferred figures, kinds, editions, platforms."""

# Annotations are evaluated, not postponed (no `from __future__ import annotations`): with
# postponed ones, typing.NamedTuple compiles every field's annotation string at each start.

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from innov_cli.errors import UsageProblem
from innov_cli.kb.derive import sourced_inputs
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import KINDS, Fact, Metric, Region, Source
from innov_cli.view.figures import confidence_marks
from innov_cli.view.model import Mark, Msg, Named, msg

DEFAULT_METRIC = "gdp"
DEFAULT_KIND = "cluster"


class Value(NamedTuple):
    """A fact as shown to a user: the preferred figure for a region, metric and year."""

    fact: Fact
    metric: Metric
    # Other facts for the same region, metric and year whose value differs.
    disagreeing: tuple[Fact, ...] = ()
    # For a derived figure: its formula and the facts it came from (kb/derive.py).
    working: Any = None


def sources_differ(value: Value) -> bool:
    """Whether other published figures (not innov's own derivations) give the value's region,
    metric and year another value."""
    return any(f.confidence != "derived" for f in value.disagreeing)


def figure_marks(fact: Fact, tier: str | None) -> tuple[Mark, ...]:
    """The marks a figure carries wherever it is shown: ≈ approximate, † derived, § its best
    source is secondary."""
    marks = confidence_marks(fact)
    return (*marks, Mark.SECONDARY) if tier in ("secondary", None) else marks


def region_names(region: Region) -> Named:
    """A region's name in English and, where the data has one, Chinese."""
    return Named(region.name, region.name_zh)


def metric_names(metric: Metric) -> Named:
    """A metric's name in English and Chinese (its own `name_zh`, else the built-in one)."""
    from innov_cli.view.wording import metric_name_zh  # tables only: JSON never words

    return Named(metric.name, metric_name_zh(metric.id, metric.name_zh))


def kinds_text(kinds: Sequence[str]) -> Msg:
    """A region's kinds as a list worded in the reader's language."""
    return msg("kinds", kinds=list(kinds))


def check_kind(kind: str | None) -> str | None:
    """A valid region kind or None; anything else is a usage error listing the kinds."""
    if kind is None:
        return None
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise UsageProblem(
            msg("error.unknown_kind", kind=kind),
            hint=msg("error.valid_kinds", kinds=", ".join(KINDS)),
        )
    return kind


def same_vintage(kb: KnowledgeBase, one: Fact, other: Fact) -> bool:
    """Whether two figures are of one release on one basis, so that a difference between them
    is a disagreement; a first release and a later revision differ by design (`show` lists
    both)."""
    return (kb.release_of(one), kb.basis_of(one)) == (kb.release_of(other), kb.basis_of(other))


def agrees(kb: KnowledgeBase, exact: Fact, other: Fact) -> bool:
    """Whether a bound or a rounded figure says the same as a more precise one: ">5,000"
    agrees with 5,392.7; "4.38 trillion" (4,380, rounded to 10 bn) agrees with 4,376.07; a
    "5.01 trillion" does not agree with 5,001.29. Only a derived figure, or two figures of
    one precision, can then disagree."""
    if other.confidence == "derived" or exact.qualifier is not None:
        return False
    flags = kb.flags_of(other)
    a, b = float(exact.value), float(other.value)
    if "lower-bound" in flags:
        return a > b if other.qualifier == ">" else a >= b
    if "upper-bound" in flags:
        return a < b if other.qualifier == "<" else a <= b
    if "rounded" not in flags and other.qualifier != "~":
        return False
    return abs(a - b) <= rounding_unit(other.value) / 2 + 1e-9


def rounding_unit(value: float) -> float:
    """The place a rounded figure was rounded to, read off how it is written: 4,380 -> 10,
    4,200 -> 100, 12 -> 1, 2.6 -> 0.1."""
    text = repr(float(value)).rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    if "e" in text or "E" in text:
        return 0.0
    if "." in text:
        return 10.0 ** -len(text.split(".")[1])
    digits = text.lstrip("-")
    zeros = len(digits) - len(digits.rstrip("0"))
    return 10.0 ** min(zeros, max(len(digits) - 1, 0))


def preferred_values(kb: KnowledgeBase, facts: Iterable[Fact]) -> dict[tuple[str, int], Value]:
    """The preferred fact per (region, year) of ONE metric, with disagreeing figures alongside."""
    groups: dict[tuple[str, int], list[Fact]] = {}
    for fact in facts:
        groups.setdefault((fact.region, fact.year), []).append(fact)
    chosen: dict[tuple[str, int], Value] = {}
    for key, group in groups.items():
        best = kb.preferred(group)
        others = tuple(
            f
            for f in group
            if f is not best
            and (f.value, f.qualifier) != (best.value, best.qualifier)
            and not agrees(kb, best, f)
            and (f.confidence == "derived" or same_vintage(kb, best, f))
        )
        chosen[key] = Value(best, kb.metrics[best.metric], others, kb.derivations.get(best.key))
    return chosen


def resolve_year(
    kb: KnowledgeBase, metric: Metric, year: int | None, edition: int | None
) -> int | None:
    """The data year asked for, from --year or from --edition via the metric's offset."""
    if edition is None:
        return year
    if metric.edition_offset is None:
        # No fixed offset: use the data year the edition's facts describe, if they agree.
        years = {f.year for f in kb.facts_for_metric(metric.id) if f.edition == edition}
        derived = years.pop() if len(years) == 1 else edition
    else:
        derived = edition - metric.edition_offset
    if year is not None and year != derived:
        raise UsageProblem(
            msg("error.year_edition", year=year, edition=edition),
            hint=msg("error.edition_describes", edition=edition, metric=metric.id, year=derived),
        )
    return derived


def platforms_of(kb: KnowledgeBase, region_id: str) -> list[Region]:
    """Flagship platforms in a region or any of its members (a cluster's platforms sit in its
    provinces), nearest first."""
    found: list[Region] = []
    seen = {region_id}
    frontier = [region_id]
    for _ in range(4):  # clusters -> provinces -> cities -> platforms; never loops forever
        following = []
        for current in frontier:
            for child in kb.children_of(current):
                if child in seen:
                    continue
                seen.add(child)
                following.append(child)
                if "platform" in kb.regions[child].kinds:
                    found.append(kb.regions[child])
        frontier = following
    return found


def definition_notes(regions: Sequence[Region]) -> list[Msg]:
    """Warnings when compared regions are defined by different publishers or boundaries."""
    kinds = {kind for r in regions for kind in r.kinds}
    notes = []
    if "st-cluster" in kinds and len(kinds) > 1:
        notes.append(msg("note.wipo_boundaries"))
    if "cluster" in kinds and ("city" in kinds or "province" in kinds):
        notes.append(msg("note.cluster_totals"))
    return notes


def cited_ids(records: Iterable[dict[str, Any]]) -> list[str | None]:
    """The sources records cite: each figure's own, and for a derived figure those of the
    facts it was computed from."""
    ids: list[str | None] = []
    for record in records:
        ids.append(record.get("source"))
        ids += [s for d in record.get("derived_from") or [] for s in d.get("sources", [])]
    return ids


def source_refs(kb: KnowledgeBase, ids: Iterable[str | None]) -> list[Source]:
    """The sources cited, in order of first mention, for footnotes (unknown ids, and the
    stand-in source of derived figures, which is no publication, are skipped)."""
    refs: dict[str, Source] = {}
    for source_id in ids:
        if source_id is None or source_id in refs or source_id not in kb.sources:
            continue
        if not kb.sources[source_id].url:
            continue
        refs[source_id] = kb.sources[source_id]
    return list(refs.values())


def metric_document(metric: Metric) -> dict[str, Any]:
    """A metric as JSON documents name it before its figures."""
    return {
        "metric": metric.id,
        "name": metric.name,
        "name_zh": metric_names(metric).zh,
        "unit": metric.unit,
        "better": metric.better,
    }


def working_fields(kb: KnowledgeBase, fact: Fact | None) -> tuple[str | None, Any]:
    """A derived figure's formula and the facts it came from (each with its source); None
    and None for a published figure."""
    working = kb.derivations.get(fact.key) if fact is not None else None
    if working is None:
        return None, None
    return working.formula, [input_record(kb, f) for f in working.inputs]


def input_record(kb: KnowledgeBase, fact: Fact) -> dict[str, Any]:
    """A fact a derived figure was computed from, with its source, release and basis, and
    `sources`: the publications behind it (its own source; for an input innov derived too,
    such as a cross rate, the sources of the facts beneath it)."""
    return {
        "region": fact.region,
        "metric": fact.metric,
        "year": fact.year,
        "value": fact.value,
        "source": fact.source,
        "release": kb.release_of(fact),
        "basis": kb.basis_of(fact),
        "sources": list(dict.fromkeys(f.source for f in sourced_inputs(kb, [fact]))),
    }


def split_values(values: Sequence[str] | None) -> list[str]:
    """Repeatable options that also take comma lists: `--year 2022,2023 --year 2024`."""
    return [v.strip() for value in values or () for v in value.split(",") if v.strip()]


def whole_years(values: Sequence[str] | None, *, example: str) -> list[int]:
    """The years of a repeatable --year (comma lists too), each a whole year 1900-2100."""
    years: list[int] = []
    for text in split_values(values):
        if not (text.isdigit() and 1900 <= int(text) <= 2100):
            raise UsageProblem(
                msg("error.year_takes_whole_years_such", a0=text),
                hint=msg("hint.example", example=example),
            )
        years.append(int(text))
    return years
