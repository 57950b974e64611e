"""Pure queries over the knowledge base. No printing, no Typer, no Rich: plain results."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from innov_cli.countries import country_code, country_name
from innov_cli.errors import UsageProblem
from innov_cli.kb import KnowledgeBase
from innov_cli.records import KINDS, Fact, Metric, Region

DEFAULT_METRIC = "gdp"
DEFAULT_KIND = "cluster"


@dataclass(frozen=True)
class Value:
    """A fact as shown to a user: the preferred figure for a region, metric and year."""

    fact: Fact
    metric: Metric
    # Other facts for the same region, metric and year whose value differs.
    disagreeing: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class RankRow:
    rank: int | None
    region: Region
    value: Value | None


@dataclass(frozen=True)
class RankResult:
    metric: Metric
    kind: str | None
    year: int | None
    rows: list[RankRow]
    years: list[int]  # distinct years among the ranked values
    country_counts: list[tuple[str, int]] = field(default_factory=list)


def check_kind(kind: str | None) -> str | None:
    """A valid region kind or None; anything else is a usage error listing the kinds."""
    if kind is None:
        return None
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise UsageProblem(f"unknown kind {kind!r}", hint="valid kinds: " + ", ".join(KINDS))
    return kind


def preferred_values(kb: KnowledgeBase, facts: Iterable[Fact]) -> dict[tuple[str, int], Value]:
    """The preferred fact per (region, year), with any disagreeing figures alongside."""
    groups: dict[tuple[str, int], list[Fact]] = {}
    for fact in facts:
        groups.setdefault((fact.region, fact.year), []).append(fact)
    chosen: dict[tuple[str, int], Value] = {}
    for key, group in groups.items():
        best = kb.preferred(group)
        others = tuple(
            f
            for f in group
            if f is not best and (f.value, f.qualifier) != (best.value, best.qualifier)
        )
        chosen[key] = Value(best, kb.metrics[best.metric], others)
    return chosen


def resolve_year(
    kb: KnowledgeBase, metric: Metric, year: int | None, edition: int | None
) -> int | None:
    """The data year asked for, from --year or from --edition via the metric's offset."""
    if edition is None:
        return year
    if metric.edition_offset is None:
        editions = {f.edition for f in kb.facts_for_metric(metric.id) if f.edition == edition}
        years = {f.year for f in kb.facts_for_metric(metric.id) if f.edition == edition}
        derived = years.pop() if editions and len(years) == 1 else edition
    else:
        derived = edition - metric.edition_offset
    if year is not None and year != derived:
        raise UsageProblem(
            f"--year {year} and --edition {edition} disagree",
            hint=f"edition {edition} of {metric.id} describes {derived}",
        )
    return derived


def rank_regions(
    kb: KnowledgeBase,
    metric_id: str | None = None,
    *,
    kind: str | None = None,
    year: int | None = None,
    edition: int | None = None,
    top: int | None = None,
    country: str | None = None,
) -> RankResult:
    """Regions ordered by a metric: best first, ties sharing a rank, missing values last."""
    if metric_id is None and kind is None:
        kind = DEFAULT_KIND
    metric = kb.metric(metric_id or DEFAULT_METRIC)
    kind = check_kind(kind)
    if top is not None and top < 1:
        raise UsageProblem(f"--top must be at least 1, got {top}")
    year = resolve_year(kb, metric, year, edition)
    code = country_code(country) if country else None

    facts = kb.facts_for_metric(metric.id)
    if year is None and metric.unit == "rank":
        # Positions from different editions must not be mixed: take the latest edition.
        year = max((f.year for f in facts), default=None)
    if year is not None:
        facts = [f for f in facts if f.year == year]
    values = preferred_values(kb, facts)
    latest: dict[str, Value] = {}
    for (region_id, _), value in sorted(values.items(), key=lambda item: item[0][1]):
        latest[region_id] = value  # ascending years: the last one written is the latest

    if kind is None:
        candidates = [kb.regions[r] for r in latest]
    else:
        candidates = [r for r in kb.regions.values() if kind in r.kinds]
    if code is not None:
        candidates = [r for r in candidates if r.country == code]

    lower_first = metric.better == "lower"
    present = [r for r in candidates if r.id in latest]
    present.sort(key=lambda r: r.name.casefold())
    present.sort(key=lambda r: latest[r.id].fact.value, reverse=not lower_first)
    rows: list[RankRow] = []
    previous: float | None = None
    for position, region in enumerate(present, start=1):
        value = latest[region.id]
        shared = rows[-1].rank if rows and value.fact.value == previous else position
        rows.append(RankRow(shared, region, value))
        previous = value.fact.value
    missing = sorted((r for r in candidates if r.id not in latest), key=lambda r: r.name.casefold())
    rows += [RankRow(None, region, None) for region in missing]
    if top is not None:
        rows = rows[:top]
    years = sorted({row.value.fact.year for row in rows if row.value})
    counts: list[tuple[str, int]] = []
    if metric.unit == "rank":
        tally = Counter(country_name(row.region.country) for row in rows if row.value)
        counts = sorted(tally.items(), key=lambda item: (-item[1], item[0]))
    return RankResult(metric, kind, year, rows, years, counts)


# -- compare ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompareRow:
    metric: Metric
    cells: dict[str, Value | None]
    leaders: list[str]
    years_differ: bool


@dataclass(frozen=True)
class CompareResult:
    regions: list[Region]
    rows: list[CompareRow]
    focus: dict[str, tuple[str, ...]]
    platforms: dict[str, list[Region]]
    notes: list[str]


def compare_regions(kb: KnowledgeBase, names: Sequence[str]) -> CompareResult:
    """Side by side: one row per metric any of the regions has, the leader of each marked."""
    regions = [kb.resolve(name) for name in names]
    ids = [r.id for r in regions]
    if len(set(ids)) < len(ids):
        raise UsageProblem(
            "compare needs different regions", hint="each region once: " + " ".join(ids)
        )
    metric_ids = sorted({f.metric for r in ids for f in kb.facts_for_region(r)})
    rows: list[CompareRow] = []
    for metric_id in metric_ids:
        metric = kb.metrics[metric_id]
        values = preferred_values(
            kb, (f for r in ids for f in kb.facts_for_region(r) if f.metric == metric_id)
        )
        # Prefer the latest year that most of the regions share, so like is compared with like.
        per_year = Counter(year for (_, year) in values)
        common = max(per_year, key=lambda y: (per_year[y], y))
        cells: dict[str, Value | None] = {}
        for region_id in ids:
            own = sorted((y for (r, y) in values if r == region_id), reverse=True)
            year = common if common in own else (own[0] if own else None)
            cells[region_id] = values[(region_id, year)] if year is not None else None
        present = {r: v for r, v in cells.items() if v is not None}
        leaders: list[str] = []
        if len(present) >= 2:
            pick = min if metric.better == "lower" else max
            best = pick(v.fact.value for v in present.values())
            leaders = [r for r, v in present.items() if v.fact.value == best]
        differ = len({v.fact.year for v in present.values()}) > 1
        rows.append(CompareRow(metric, cells, leaders, differ))
    focus = {r.id: r.focus for r in regions}
    platforms = {
        r.id: [kb.regions[c] for c in kb.children_of(r.id) if "platform" in kb.regions[c].kinds]
        for r in regions
    }
    notes = definition_notes(regions)
    if any(row.years_differ for row in rows):
        notes.insert(0, "Rows marked * compare values from different years.")
    return CompareResult(regions, rows, focus, platforms, notes)


def definition_notes(regions: Sequence[Region]) -> list[str]:
    """Warnings when compared regions are defined by different publishers or boundaries."""
    kinds = {kind for r in regions for kind in r.kinds}
    notes = []
    if "st-cluster" in kinds and len(kinds) > 1:
        notes.append(
            "WIPO science-and-technology clusters use WIPO's density-based boundaries, "
            "not administrative ones: they are not the same areas as provinces or clusters."
        )
    if "cluster" in kinds and ("city" in kinds or "province" in kinds):
        notes.append("Clusters contain several provinces or cities: totals are not like for like.")
    return notes


# -- show, list, metrics, sources --------------------------------------------------------------


@dataclass(frozen=True)
class ShowResult:
    region: Region
    parents: list[Region]
    members: list[Region]
    platforms: list[Region]
    values: list[Value]  # preferred figures, metric by metric, newest year first
    others: list[Fact]  # every non-preferred fact, still visible
    notes: list[str]


def show_region(kb: KnowledgeBase, name: str) -> ShowResult:
    """A region's profile: names, links, every fact with its year and source."""
    region = kb.resolve(name)
    facts = kb.facts_for_region(region.id)
    values = sorted(
        preferred_values(kb, facts).values(),
        key=lambda v: (v.metric.name.casefold(), -v.fact.year),
    )
    chosen = {id(v.fact) for v in values}
    others = sorted(
        (f for f in facts if id(f) not in chosen), key=lambda f: (f.metric, -f.year, f.source)
    )
    children = [kb.regions[c] for c in kb.children_of(region.id)]
    notes = []
    if any(v.disagreeing for v in values):
        notes.append("Sources disagree on some figures: the other values are listed below.")
    if "st-cluster" in region.kinds:
        notes.extend(
            definition_notes([region, region])
            or ["A WIPO cluster: WIPO's own name and density-based boundary."]
        )
    return ShowResult(
        region=region,
        parents=[kb.regions[p] for p in kb.parents_of(region.id)],
        members=[c for c in children if "platform" not in c.kinds],
        platforms=[c for c in children if "platform" in c.kinds],
        values=values,
        others=others,
        notes=notes,
    )


def list_regions(kb: KnowledgeBase, kind: str | None = None) -> list[Region]:
    """Every region (of a kind), sorted by id."""
    kind = check_kind(kind)
    return sorted(
        (r for r in kb.regions.values() if kind is None or kind in r.kinds), key=lambda r: r.id
    )


@dataclass(frozen=True)
class MetricSummary:
    metric: Metric
    facts: int
    regions: int
    years: list[int]


def list_metrics(kb: KnowledgeBase) -> list[MetricSummary]:
    """Every metric with how much data it has."""
    out = []
    for metric in sorted(kb.metrics.values(), key=lambda m: m.id):
        facts = kb.facts_for_metric(metric.id)
        out.append(
            MetricSummary(
                metric, len(facts), len({f.region for f in facts}), sorted({f.year for f in facts})
            )
        )
    return out
