"""`innov rank`: regions ordered by a metric, best first, ties sharing a rank."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from innov_cli.commands.shared import (
    DEFAULT_KIND,
    DEFAULT_METRIC,
    Value,
    check_kind,
    preferred_values,
    resolve_year,
    source_refs,
)
from innov_cli.errors import UsageProblem
from innov_cli.kb.countries import country_code, country_name
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Metric, Region
from innov_cli.view.figures import (
    bar_fraction,
    confidence_marks,
    figure,
    format_value,
    value_range,
    year_label,
)
from innov_cli.view.model import (
    Bar,
    Cell,
    Chart,
    ChartPanel,
    ChartPoint,
    Column,
    Msg,
    Output,
    TableView,
    Text,
    msg,
)


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


class RankRecord(NamedTuple):
    """One ranked region (README "JSON contract": `innov rank`)."""

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

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


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


def rank_record(row: RankRow, metric: Metric) -> RankRecord:
    fact = row.value.fact if row.value else None
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
    )


def rank_view(result: RankResult, kb: KnowledgeBase | None = None) -> Output:
    """The ranking as a table, a bar chart, and its records; `kb` names the cited sources."""
    metric = result.metric
    records = [rank_record(row, metric)._asdict() for row in result.rows]
    span = value_range([row.value.fact.value for row in result.rows if row.value])
    rows: list[list[Cell]] = []
    for row in result.rows:
        if row.value is None:
            rows.append(["—", row.region.name, "—", "—", Bar(0.0)])
            continue
        fact = row.value.fact
        shown_year = str(fact.year) if result.year is not None else year_label(fact)
        rows.append(
            [
                str(row.rank),
                row.region.name,
                figure(fact, metric.unit),
                shown_year,
                Bar(bar_fraction(fact.value, span, metric.better)),
            ]
        )
    view = TableView(
        columns=[
            Column("#", "right", whole=True, key="rank"),
            Column(msg("header.region"), key="name"),
            Column(
                msg("header.rank" if metric.unit == "rank" else "header.value"),
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
    cited = source_refs(kb, (r["source"] for r in records)) if kb is not None else []
    return Output(
        records,
        records,
        [view],
        columns=RankRecord._fields,
        sources=cited,
        draw=lambda: _rank_chart(result),
    )


def _rank_chart(result: RankResult) -> Chart:
    """Bars, best at the top; a value from another year than the chart's says its year."""
    metric = result.metric
    chart_year = result.year if result.year is not None else result.reference_year
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
        metric=metric.name,
        unit=None if metric.unit in ("rank", "count") else metric.unit,
        kind=result.kind,
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
        metric=metric.name,
        unit=None if metric.unit in ("rank", "count") else metric.unit,
        kind=result.kind,
        year=result.year,
        edition=edition,
    )


def _rank_notes(result: RankResult) -> list[Text]:
    metric = result.metric
    notes: list[Text] = []
    if not result.rows:
        notes.append(msg("note.no_match"))
    if len(result.years) > 1:
        notes.append(msg("note.mixed_years", years=result.years, reference=result.reference_year))
    if metric.unit == "rank":
        top_ten = country_counts(result.rows, 10)
        every = country_counts(result.rows)
        if top_ten:
            notes.append(msg("note.top10_by_country", counts=top_ten))
        if every != top_ten:
            notes.append(msg("note.all_ranked_by_country", counts=every))
        if any(r.value is None for r in result.rows):
            notes.append(msg("note.no_rank_in_sources"))
    if any(r.value and r.value.fact.confidence != "exact" for r in result.rows):
        notes.append(msg("legend.confidence"))
    if metric.description and metric.unit == "rank":
        notes.append(msg("verbatim", text=metric.description))
    return notes
