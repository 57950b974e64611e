"""Pure queries over the knowledge base. No printing, no Typer, no Rich: plain results.

Results are NamedTuples: immutable like frozen dataclasses, and about five times cheaper to
define, which counts on every start-up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from innov_cli.countries import country_code, country_name
from innov_cli.errors import NotFound, UsageProblem
from innov_cli.kb import KnowledgeBase
from innov_cli.records import KINDS, Fact, Metric, Region, Source

DEFAULT_METRIC = "gdp"
DEFAULT_KIND = "cluster"


class Value(NamedTuple):
    """A fact as shown to a user: the preferred figure for a region, metric and year."""

    fact: Fact
    metric: Metric
    # Other facts for the same region, metric and year whose value differs.
    disagreeing: tuple[Fact, ...] = ()


class RankRow(NamedTuple):
    rank: int | None
    region: Region
    value: Value | None


class RankResult(NamedTuple):
    metric: Metric
    kind: str | None
    year: int | None
    rows: list[RankRow]
    years: list[int]  # distinct years among the ranked values
    reference_year: int | None = None  # the year most ranked values describe


def check_kind(kind: str | None) -> str | None:
    """A valid region kind or None; anything else is a usage error listing the kinds."""
    if kind is None:
        return None
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise UsageProblem(f"unknown kind {kind!r}", hint="valid kinds: " + ", ".join(KINDS))
    return kind


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
        # No fixed offset: use the data year the edition's facts describe, if they agree.
        years = {f.year for f in kb.facts_for_metric(metric.id) if f.edition == edition}
        derived = years.pop() if len(years) == 1 else edition
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
    years_of: dict[str, list[int]] = {}
    for region_id, fact_year in values:
        years_of.setdefault(region_id, []).append(fact_year)

    if kind is None:
        candidates = [kb.regions[r] for r in years_of]
    else:
        candidates = [r for r in kb.regions.values() if kind in r.kinds]
    if code is not None:
        candidates = [r for r in candidates if r.country == code]

    # Compare like with like: the latest year most candidates have a value for, and each
    # region's own latest value only where it has none for that year.
    tally = Counter(y for r in candidates for y in years_of.get(r.id, ()))
    reference = max(tally, key=lambda y: (tally[y], y)) if tally else None
    latest: dict[str, Value] = {}
    for region in candidates:
        own = years_of.get(region.id)
        if own:
            chosen = reference if reference in own else max(own)
            latest[region.id] = values[(region.id, chosen)]

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
    return RankResult(metric, kind, year, rows, years, reference)


def country_counts(rows: Sequence[RankRow], best: int | None = None) -> list[tuple[str, int]]:
    """How many ranked rows (those ranked `best` or better) each country has, most first."""
    tally = Counter(
        country_name(row.region.country)
        for row in rows
        if row.value is not None and row.rank is not None and (best is None or row.rank <= best)
    )
    return sorted(tally.items(), key=lambda item: (-item[1], item[0]))


# -- compare ------------------------------------------------------------------------------------


class CompareRow(NamedTuple):
    metric: Metric
    cells: dict[str, Value | None]
    leaders: list[str]
    years_differ: bool


class CompareResult(NamedTuple):
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
    platforms = {r.id: platforms_of(kb, r.id) for r in regions}
    notes = definition_notes(regions)
    if any(row.years_differ for row in rows):
        notes.insert(0, "Rows marked * compare values from different years.")
    return CompareResult(regions, rows, focus, platforms, notes)


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


class ShowResult(NamedTuple):
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
    per_metric: dict[str, list[Fact]] = {}
    for fact in facts:
        per_metric.setdefault(fact.metric, []).append(fact)
    values = sorted(
        (v for group in per_metric.values() for v in preferred_values(kb, group).values()),
        key=lambda v: (v.metric.name.casefold(), -v.fact.year),
    )
    chosen = {id(v.fact) for v in values}
    others = sorted(
        (f for f in facts if id(f) not in chosen), key=lambda f: (f.metric, -f.year, f.source)
    )
    children = [kb.regions[c] for c in kb.children_of(region.id)]
    notes = []
    if any(v.disagreeing for v in values):
        notes.append("Sources disagree on some figures: see 'Sources differ' in the notes above.")
    if "st-cluster" in region.kinds:
        notes.extend(
            definition_notes([region, region])
            or ["A WIPO cluster: WIPO's own name and density-based boundary."]
        )
    return ShowResult(
        region=region,
        parents=[kb.regions[p] for p in kb.parents_of(region.id)],
        members=[c for c in children if "platform" not in c.kinds],
        platforms=platforms_of(kb, region.id),
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


class MetricSummary(NamedTuple):
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


# -- sources, export ----------------------------------------------------------------------------


class SourceUse(NamedTuple):
    source: Source
    facts: int


def list_sources(kb: KnowledgeBase, name: str | None = None) -> list[SourceUse]:
    """Every citation, one source by its id, or those behind a region's facts and profile;
    newest first."""
    if name is None:
        facts = list(kb.facts)
        wanted = set(kb.sources)
    elif name in kb.sources:
        facts = [f for f in kb.facts if f.source == name]
        wanted = {name}
    else:
        try:
            region = kb.resolve(name)
        except NotFound as exc:
            raise NotFound(f"unknown region or source {name!r}", hint=exc.hint) from None
        facts = kb.facts_for_region(region.id)
        wanted = {f.source for f in facts}
        wanted |= {s for s in (region.strategy_source, region.focus_source) if s}
    counts = Counter(f.source for f in facts)
    uses = [SourceUse(kb.sources[s], counts.get(s, 0)) for s in wanted if s in kb.sources]
    uses.sort(key=lambda u: u.source.id)
    uses.sort(key=lambda u: u.source.date, reverse=True)
    return uses


def all_facts(kb: KnowledgeBase) -> list[Fact]:
    """Every fact in a stable order: region, metric, year, source."""
    return sorted(kb.facts, key=lambda f: (f.region, f.metric, f.year, f.source))


# -- trend --------------------------------------------------------------------------------------


class TrendPoint(NamedTuple):
    value: Value
    change: str  # "up", "down", "same" or "" for the first point


class TrendSeries(NamedTuple):
    metric: Metric
    points: list[TrendPoint]


class TrendResult(NamedTuple):
    region: Region
    series: list[TrendSeries]
    notes: list[str]


def trend(kb: KnowledgeBase, name: str, metric_id: str | None = None) -> TrendResult:
    """How a region's figures (or ranks) moved across years, oldest first."""
    region = kb.resolve(name)
    facts = kb.facts_for_region(region.id)
    if metric_id is not None:
        metric = kb.metric(metric_id)
        facts = [f for f in facts if f.metric == metric.id]
    by_metric: dict[str, list[Fact]] = {}
    for fact in facts:
        by_metric.setdefault(fact.metric, []).append(fact)
    series = []
    # Longest histories first: a single point is not much of a trend.
    ordered = sorted(
        by_metric,
        key=lambda m: (-len({f.year for f in by_metric[m]}), kb.metrics[m].name.casefold()),
    )
    for mid in ordered:
        metric = kb.metrics[mid]
        values = sorted(preferred_values(kb, by_metric[mid]).values(), key=lambda v: v.fact.year)
        points = []
        for position, value in enumerate(values):
            change = ""
            if position:
                before, now = values[position - 1].fact.value, value.fact.value
                improved = now < before if metric.better == "lower" else now > before
                change = "same" if now == before else ("up" if improved else "down")
            points.append(TrendPoint(value, change))
        series.append(TrendSeries(metric, points))
    notes = []
    if any(s.metric.id == "wipo_cluster_rank" and len(s.points) > 1 for s in series):
        notes.append(
            "WIPO changed its cluster method in 2025 (venture-capital deals added): "
            "moves between 2024 and 2025 mix real change with the new method."
        )
    if any(s.metric.unit == "rank" for s in series):
        notes.append("For ranks, 'up' means a better (smaller) position.")
    return TrendResult(region, series, notes)


# -- search -------------------------------------------------------------------------------------


class SearchHit(NamedTuple):
    region: Region
    score: int
    matched: str  # which field matched
    text: str  # the text that matched


def search_regions(kb: KnowledgeBase, text: str, limit: int | None = None) -> list[SearchHit]:
    """Regions whose names, aliases, focus sectors, platforms or notes match, best first."""
    query = text.strip().casefold()
    if not query:
        raise UsageProblem("search needs some text", hint='e.g. innov search "integrated circuits"')
    words = query.split()
    hits: list[SearchHit] = []
    for region in kb.regions.values():
        best: SearchHit | None = None
        fields: list[tuple[str, str, int]] = [("id", region.id, 100), ("name", region.name, 90)]
        if region.name_zh:
            fields.append(("name_zh", region.name_zh, 90))
        fields += [("alias", a, 85) for a in region.aliases]
        fields += [("focus", f, 70) for f in region.focus]
        fields += [("platform", p.name, 50) for p in platforms_of(kb, region.id)]
        if region.note:
            fields.append(("note", region.note, 30))
        for field_name, value, weight in fields:
            folded = value.casefold()
            if folded == query:
                score = weight + 20
            elif query in folded:
                score = weight + (10 if folded.startswith(query) else 0)
            elif all(w in folded for w in words):
                score = weight - 10
            else:
                continue
            if best is None or score > best.score:
                best = SearchHit(region, score, field_name, value)
        if best is not None:
            hits.append(best)
    hits.sort(key=lambda h: (-h.score, h.region.id))
    return hits[:limit] if limit else hits
