"""`innov rank`: regions ordered by a metric, best first, in one year, with published ranks kept.

The year rule (stated in every title): the year asked for; else, for a ranking, its latest
edition; else the newest year in which more than one of the regions in question has a value.
Regions without a value that year are not ranked and not mixed in: a note counts them and
says how to see them (`--year`, `--latest-each`, `--all`).
"""

# Annotations are evaluated, not postponed (no `from __future__ import annotations`): with
# postponed ones, typing.NamedTuple compiles every field's annotation string at each start.

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from innov_cli.commands import shared
from innov_cli.errors import NotFound, UsageProblem
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Metric, Region
from innov_cli.messages import Msg, msg
from innov_cli.view.figures import (
    bar_fraction,
    confidence_marks,
    format_value,
    format_value_zh,
    unit_names,
    value_range,
    year_label,
)
from innov_cli.view.model import Bar, Cell, Column, Figure, Mark, Named, Output, TableView, Text

if TYPE_CHECKING:
    from innov_cli.view.chart_model import Chart


class RankRow(NamedTuple):
    rank: int | None  # the published rank for a ranking; else the rank among all candidates
    position: int | None  # the place in the list shown
    region: Region
    value: shared.Value | None
    tier: str | None = None


class RankResult(NamedTuple):
    metric: Metric
    kind: str | None
    year: int | None  # None only with --latest-each
    rows: list[RankRow]
    years: list[int]  # distinct years among the ranked values
    span: tuple[float, float]  # the range bars are drawn against (all candidates, that year)
    by_country: list[tuple[Named, int]]  # the published top 10 by country
    with_value: int  # candidates with a value for the year
    candidates: int  # regions in question (kind and country filters)
    older: int  # candidates without a value that year but with one in another year
    hints: list[Msg]
    # When innov chose the year: (regions with a figure that year, regions with any figure,
    # regions with a newer figure, the newest year any has); None when the year was asked for.
    year_choice: tuple[int, int, int, int] | None = None
    # A published ranking's places in its top 10 that no source innov has gives, so that the
    # count by country is read as partial.
    top_ten_unknown: tuple[int, ...] = ()


class RankRecord(NamedTuple):
    """One ranked region (docs/json-contract.md: `innov rank`)."""

    rank: int | None
    id: str
    name: str
    country: str
    metric: str
    value: float | None
    unit: str
    qualifier: str | None
    year: int | None
    edition: int | None
    confidence: str | None
    source: str | None
    position: int | None
    tier: str | None
    name_zh: str | None
    formula: str | None
    derived_from: list[dict[str, Any]] | None
    # Other sources give this region, metric and year a different value (`innov show ID`
    # lists them); the value shown is the preferred one.
    sources_differ: bool | None

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def with_ranked_derived(kb: KnowledgeBase, metric_id: str | None) -> KnowledgeBase:
    """The knowledge base with the derived figures of the metric a ranking shows, and no
    others (deriving every metric would cost each ranking more than the ranking itself)."""
    from innov_cli.kb.derive import with_derived

    try:
        metric = kb.metric(metric_id or shared.DEFAULT_METRIC)
    except NotFound:
        return kb  # rank_regions reports the unknown metric
    return with_derived(kb, {metric.id})


def rank_regions(
    kb: KnowledgeBase,
    metric_id: str | None = None,
    *,
    kind: str | None = None,
    year: int | None = None,
    edition: int | None = None,
    top: int | None = None,
    country: str | None = None,
    latest_each: bool = False,
    include_missing: bool = False,
) -> RankResult:
    """Regions ordered by a metric: best first, ties sharing a rank."""
    if metric_id is None and kind is None:
        kind = shared.DEFAULT_KIND
    metric = kb.metric(metric_id or shared.DEFAULT_METRIC)
    kind = shared.check_kind(kind)
    if top is not None and top < 1:
        raise UsageProblem(msg("error.top_at_least_one", top=top))
    if latest_each and (year is not None or edition is not None):
        raise UsageProblem(msg("error.latest_each_ranks_each_region"))
    asked = year if edition is None else None
    year = shared.resolve_year(kb, metric, year, edition)
    code = _country_code(country) if country else None

    facts = kb.facts_for_metric(metric.id)
    if kind is not None:
        # Only the regions in question: choosing among every region's sources would cost the
        # default ranking (5 clusters) more than everything else it does.
        pool = [r for r in kb.regions.values() if kind in r.kinds]
        in_pool = {r.id for r in pool}
        facts = [f for f in facts if f.region in in_pool]
    values = shared.preferred_values(kb, facts)
    years_of: dict[str, list[int]] = {}
    for region_id, fact_year in values:
        years_of.setdefault(region_id, []).append(fact_year)
    if kind is None:
        pool = [kb.regions[r] for r in years_of]
    candidates = [r for r in pool if code is None or r.country == code]

    chose_year = not latest_each and year is None
    if chose_year:
        year = _default_year(metric, pool, years_of)
    chosen: dict[str, shared.Value] = {}
    for region in pool:
        own = years_of.get(region.id)
        pick = max(own) if own and latest_each else year
        if own and pick in own and pick is not None:
            chosen[region.id] = values[(region.id, pick)]

    # Ranks over every region in question (before --country and --top), so that a filter
    # never renumbers: a ranking keeps its published rank, anything else its place among all.
    ordered = _ordered([r for r in pool if r.id in chosen], chosen, metric)
    ranks = _ranks(ordered, chosen, metric)
    span = value_range([chosen[r.id].fact.value for r in ordered])
    known = {ranks[r.id] for r in ordered}
    unknown = tuple(n for n in range(1, 11) if n not in known) if metric.is_ranking else ()
    # Only a published ranking's top 10 is counted by country: the view shows no other.
    by_country = _by_country([r for r in ordered if ranks[r.id] <= 10]) if metric.is_ranking else []

    shown = [r for r in ordered if code is None or r.country == code]
    rows = [
        RankRow(ranks[r.id], n, r, chosen[r.id], kb.tier_of(chosen[r.id].fact))
        for n, r in enumerate(shown, start=1)
    ]
    missing = [r for r in candidates if r.id not in chosen]
    if include_missing:
        rows += [
            RankRow(None, None, r, None) for r in sorted(missing, key=lambda r: r.name.casefold())
        ]
    if top is not None:
        rows = rows[:top]
    older = sum(1 for r in missing if years_of.get(r.id))
    hints = [] if rows else _hints(kb, metric, kind, asked, edition, pool)
    year_choice = None
    if chose_year and year is not None and not metric.is_ranking:
        with_figures = [r for r in pool if years_of.get(r.id)]
        newest = max(max(years_of[r.id]) for r in with_figures)
        newer = sum(1 for r in with_figures if max(years_of[r.id]) > year)
        year_choice = (len(chosen), len(with_figures), newer, newest)
    return RankResult(
        metric,
        kind,
        None if latest_each else year,
        rows,
        sorted({row.value.fact.year for row in rows if row.value}),
        span,
        by_country,
        len(shown),
        len(candidates),
        older,
        hints,
        year_choice,
        unknown if ordered else (),
    )


def _default_year(
    metric: Metric, pool: Sequence[Region], years_of: dict[str, list[int]]
) -> int | None:
    """A ranking's latest edition; otherwise the newest year in which most (more than half)
    of the regions in question that have any figure have one. A tolerance rule, as Our World
    in Data's grapher uses: a handful of early publishers must not rank a year by everyone
    else's absence. With no such year, the year most regions share (the newest of a tie)."""
    tally = Counter(y for r in pool for y in set(years_of.get(r.id, ())))
    if not tally:
        return None
    if metric.is_ranking:
        return max(tally)
    field = sum(1 for r in pool if years_of.get(r.id))
    most = [y for y, n in tally.items() if n * 2 > field and n > 1]
    if most:
        return max(most)
    return max(tally, key=lambda y: (tally[y], y))


def _by_country(top: list[Region]) -> list[tuple[Named, int]]:
    """How many of a ranking's top 10 each country has, most first."""
    # Imported here: only a published ranking (or --country) needs the names of countries.
    from innov_cli.kb.countries import country_name, country_name_zh

    counts = Counter(region.country.upper() for region in top)
    return [
        (Named(country_name(code), country_name_zh(code)), n)
        for code, n in sorted(counts.items(), key=lambda i: (-i[1], country_name(i[0])))
    ]


def _country_code(text: str) -> str:
    from innov_cli.kb.countries import country_code

    return country_code(text)


def _ordered(
    regions: list[Region], chosen: dict[str, shared.Value], metric: Metric
) -> list[Region]:
    regions.sort(key=lambda r: r.name.casefold())
    regions.sort(key=lambda r: chosen[r.id].fact.value, reverse=metric.better != "lower")
    return regions


def _ranks(
    ordered: list[Region], chosen: dict[str, shared.Value], metric: Metric
) -> dict[str, int]:
    if metric.is_ranking:
        return {r.id: int(chosen[r.id].fact.value) for r in ordered}
    ranks: dict[str, int] = {}
    previous: tuple[float, int] | None = None
    for position, region in enumerate(ordered, start=1):
        value = chosen[region.id].fact.value
        rank = previous[1] if previous and previous[0] == value else position
        ranks[region.id] = rank
        previous = (value, rank)
    return ranks


def _hints(
    kb: KnowledgeBase,
    metric: Metric,
    kind: str | None,
    year: int | None,
    edition: int | None,
    pool: Sequence[Region],
) -> list[Msg]:
    """Why nothing was ranked, and what would rank something."""
    facts = kb.facts_for_metric(metric.id)
    hints: list[Msg] = []
    if year is not None and not any(f.year == year for f in facts):
        described = sorted({f.year for f in facts if f.edition == year})
        if described:
            hints.append(msg("hint.edition_not_year", year=year, data_year=described[0]))
        else:
            years = sorted({f.year for f in facts})
            hints.append(msg("hint.no_year", metric=metric.id, year=year, years=years))
    elif edition is not None and not any(f.edition == edition for f in facts):
        editions = sorted({f.edition for f in facts if f.edition is not None})
        hints.append(msg("hint.no_edition", metric=metric.id, edition=edition, years=editions))
    if kind is not None and not {f.region for f in facts} & {r.id for r in pool}:
        kinds = Counter(k for f in facts for k in kb.regions[f.region].kinds)
        if kinds:
            best = max(kinds, key=lambda k: kinds[k])
            hints.append(msg("hint.other_kind", metric=metric.id, kind=kind, other=best))
    return hints


def rank_record(row: RankRow, metric: Metric, kb: KnowledgeBase | None = None) -> RankRecord:
    fact = row.value.fact if row.value else None
    formula, derived_from = shared.working_fields(kb, fact) if kb is not None else (None, None)
    return RankRecord(
        row.rank,
        row.region.id,
        row.region.name,
        row.region.country,
        metric.id,
        fact.value if fact else None,
        metric.unit,
        fact.qualifier if fact else None,
        fact.year if fact else None,
        fact.edition if fact else None,
        fact.confidence if fact else None,
        fact.source if fact else None,
        row.position,
        row.tier,
        row.region.name_zh,
        formula,
        derived_from,
        shared.sources_differ(row.value) if row.value else None,
    )


def rank_view(result: RankResult, kb: KnowledgeBase | None = None) -> Output:
    """The ranking as a table, a bar chart, and its records; `kb` names the cited sources."""
    records = [rank_record(row, result.metric, kb)._asdict() for row in result.rows]
    cited = shared.source_refs(kb, shared.cited_ids(records)) if kb is not None else []
    return Output(
        records,
        records,
        lambda: [_rank_table(result)],
        columns=RankRecord._fields,
        hints=result.hints,
        sources=cited,
        draw=lambda: _rank_chart(result),
    )


def _rank_table(result: RankResult) -> TableView:
    metric = result.metric
    rows: list[list[Cell]] = []
    for row in result.rows:
        if row.value is None:
            rows.append(["—", shared.region_names(row.region), "—", "—", Bar(0.0)])
            continue
        fact = row.value.fact
        rows.append(
            [
                str(row.rank),
                shared.region_names(row.region),
                Figure(
                    format_value(fact, metric.unit),
                    _marks(row),
                    format_value_zh(fact, metric.unit),
                ),
                str(fact.year) if result.year is not None else year_label(fact),
                Bar(bar_fraction(fact.value, result.span, metric.better)),
            ]
        )
    return TableView(
        columns=[
            Column("#", "right", whole=True, key="rank"),
            Column(msg("header.region"), key="name"),
            Column(
                msg("header.rank" if metric.is_ranking else "header.value"),
                "right",
                whole=True,
                key="value",
            ),
            Column(msg("header.year"), key="year"),
            Column("", bar=True),
        ],
        rows=rows,
        title=_rank_title(result),
        notes=_rank_notes(result),
    )


def _marks(row: RankRow) -> tuple[Mark, ...]:
    """A ranked figure's marks: its confidence and tier, and ‡ where sources differ."""
    assert row.value is not None
    marks = shared.figure_marks(row.value.fact, row.tier)
    return (*marks, Mark.DIFFER) if shared.sources_differ(row.value) else marks


def _rank_chart(result: RankResult) -> "Chart":
    """Bars, best at the top; a value from another year than the chart's says its year."""
    from innov_cli.view.chart_model import Chart, ChartPanel, ChartPoint

    metric = result.metric
    years = Counter(row.value.fact.year for row in result.rows if row.value)
    chart_year = result.year
    if chart_year is None and years:
        chart_year = max(years, key=lambda y: (years[y], y))
    points = []
    for row in result.rows:
        region = row.region
        if row.value is None:
            points.append(ChartPoint(region.name, None, "", (), region.name_zh, region.id))
            continue
        fact = row.value.fact
        points.append(
            ChartPoint(
                region.name,
                fact.value,
                format_value(fact, metric.unit),
                confidence_marks(fact),
                region.name_zh,
                region.id,
                fact.year,
                fact.edition,
                str(fact.year) if fact.year != chart_year else None,
                fact.source,
            )
        )
    editions = {
        r.value.fact.edition for r in result.rows if r.value and r.value.fact.year == chart_year
    }
    edition = editions.pop() if len(editions) == 1 else None
    title = msg(
        "title.rank",
        metric=shared.metric_names(metric),
        # The chart draws values in the metric's own unit (not converted to 亿元 as tables
        # are), so its title names that unit in every language.
        unit=None if metric.kind in ("rank", "count") else metric.unit,
        kind=msg(f"kind.{result.kind}") if result.kind else None,
        year=chart_year,
        edition=edition,
    )
    notes: list[Text] = []
    if any(p.detail for p in points):
        notes.append(msg("chart.other_years", year=chart_year))
    if any(r.value is None for r in result.rows):
        notes.append(msg("chart.no_value"))
    if any(p.marks for p in points):
        notes.append(msg("legend.confidence"))
    panel = ChartPanel(msg("chart.axis", unit=metric.unit), metric.unit, metric.better, points)
    return Chart("bars", title, [panel], notes=notes)


def _rank_title(result: RankResult) -> Msg:
    metric = result.metric
    editions = {r.value.fact.edition for r in result.rows if r.value}
    edition = editions.pop() if len(editions) == 1 and result.year is not None else None
    return msg(
        "title.rank",
        metric=shared.metric_names(metric),
        unit=None if metric.kind in ("rank", "count") else unit_names(metric.unit),
        kind=msg(f"kind.{result.kind}") if result.kind else None,
        year=result.year,
        edition=edition if edition != result.year else None,
        latest_each=result.year is None,
    )


def _rank_notes(result: RankResult) -> list[Text]:
    metric = result.metric
    notes: list[Text] = [*result.hints]
    if not result.rows:
        notes.insert(0, msg("note.no_match"))
    if result.year is None and len(result.years) > 1:
        notes.append(msg("note.latest_each", years=result.years))
    if result.year_choice is not None and result.year_choice[2]:
        with_value, field, newer, newest = result.year_choice
        notes.append(
            msg(
                "note.default_year",
                year=result.year,
                with_value=with_value,
                field=field,
                newer=newer,
                newest=newest,
            )
        )
    unranked = result.candidates - result.with_value
    if result.rows and result.year is not None and unranked:
        notes.append(
            msg(
                "note.coverage",
                kind=result.kind,
                year=result.year,
                with_value=result.with_value,
                candidates=result.candidates,
                older=result.older,
                none=unranked - result.older,
            )
        )
    if result.by_country and metric.is_ranking:
        if result.top_ten_unknown:
            notes.append(
                msg(
                    "note.top10_by_country_partial",
                    counts=result.by_country,
                    unknown=list(result.top_ten_unknown),
                )
            )
        else:
            notes.append(msg("note.top10_by_country", counts=result.by_country))
    if metric.is_ranking and any(r.value is None for r in result.rows):
        notes.append(msg("note.no_rank_in_sources"))
    marks = {m for row in result.rows if row.value for m in _marks(row)}
    if marks:
        notes.append(msg("legend.marks", marks=sorted(m.value for m in marks)))
    if metric.caveat:
        notes.append(metric.caveat)
    if metric.description and metric.is_ranking:
        notes.append(metric.description)
    return notes
