"""`innov trend`: how a region's figures or ranks moved across the years."""

from __future__ import annotations

from typing import Any, NamedTuple

from innov_cli.commands.shared import (
    Value,
    metric_names,
    preferred_values,
    region_names,
    source_refs,
)
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Fact, Metric, Region
from innov_cli.view.figures import (
    bar_fraction,
    confidence_marks,
    format_value,
    format_value_zh,
    value_range,
    year_label,
    year_label_zh,
    year_span,
)
from innov_cli.view.model import (
    Bar,
    Cell,
    Chart,
    ChartPanel,
    ChartPoint,
    Column,
    Figure,
    Msg,
    Named,
    Output,
    TableView,
    Text,
    msg,
)

# Line panels stay readable at 1200×675 up to six (3 × 2).
MAX_PANELS = 6
# Years from which a series is not comparable with the years before (a change of method).
SERIES_BREAKS = {"wipo_cluster_rank": (2025,)}


class TrendPoint(NamedTuple):
    value: Value
    change: str  # "up", "down", "same" or "" for the first point


class TrendSeries(NamedTuple):
    metric: Metric
    points: list[TrendPoint]
    breaks: tuple[int, ...] = ()  # years a new method starts: no line from the year before


class TrendResult(NamedTuple):
    region: Region
    series: list[TrendSeries]
    notes: list[Msg]


class TrendRecord(NamedTuple):
    """One point of a series (README "JSON contract": `innov trend`)."""

    region: str
    metric: str
    year: int
    edition: int | None
    value: float
    unit: str
    qualifier: str | None
    change: str | None
    confidence: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


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
        series.append(TrendSeries(metric, points, SERIES_BREAKS.get(mid, ())))
    notes = []
    if any(s.metric.id == "wipo_cluster_rank" and len(s.points) > 1 for s in series):
        notes.append(msg("note.wipo_method_2025"))
    if any(s.metric.unit == "rank" for s in series):
        notes.append(msg("note.rank_up_means_better"))
    return TrendResult(region, series, notes)


def trend_view(result: TrendResult, kb: KnowledgeBase | None = None) -> Output:
    """The series as tables, line panels and records; `kb` names the cited sources."""
    records = []
    series_data = []
    views = []
    for series in result.series:
        metric = series.metric
        points = []
        for point in series.points:
            fact = point.value.fact
            record = TrendRecord(
                result.region.id,
                metric.id,
                fact.year,
                fact.edition,
                fact.value,
                metric.unit,
                fact.qualifier,
                point.change or None,
                fact.confidence,
                fact.source,
            )._asdict()
            records.append(record)
            points.append({k: v for k, v in record.items() if k not in ("region", "metric")})
        series_data.append(
            {
                "metric": metric.id,
                "name": metric.name,
                "name_zh": metric_names(metric).zh,
                "unit": metric.unit,
                "better": metric.better,
                "points": points,
            }
        )
        rows: list[list[Cell]] = []
        span = value_range([p.value.fact.value for p in series.points])
        for point in series.points:
            fact = point.value.fact
            rows.append(
                [
                    Named(year_label(fact), year_label_zh(fact)),
                    Figure(
                        format_value(fact, metric.unit),
                        confidence_marks(fact),
                        format_value_zh(fact, metric.unit),
                        source=fact.source,
                    ),
                    msg(f"arrow.{point.change}") if point.change else "",
                    fact.source,
                    Bar(bar_fraction(fact.value, span, metric.better)),
                ]
            )
        views.append(
            TableView(
                [
                    Column(msg("header.year"), key="year"),
                    Column(msg("header.value"), "right", whole=True, key="value"),
                    Column("", key="change"),
                    Column(msg("header.source"), key="source"),
                    Column("", bar=True),
                ],
                rows,
                title=msg(
                    "title.trend",
                    metric=metric_names(metric),
                    path=[
                        Named(
                            format_value(p.value.fact, metric.unit),
                            format_value_zh(p.value.fact, metric.unit),
                        )
                        for p in series.points
                    ],
                ),
            )
        )
    if views:
        views[-1].notes.extend(result.notes)
        inexact = any(
            p.value.fact.confidence != "exact" for series in result.series for p in series.points
        )
        if inexact:
            views[-1].notes.append(msg("legend.confidence"))
    else:
        views.append(
            TableView(
                [Column("")],
                [],
                title=region_names(result.region),
                notes=[msg("note.no_figures_region")],
            )
        )
    data = {
        "region": result.region.id,
        "name": result.region.name,
        "name_zh": result.region.name_zh,
        "series": series_data,
        "notes": result.notes,
    }
    cited = source_refs(kb, (r["source"] for r in records)) if kb is not None else []
    return Output(
        data,
        records,
        views,
        columns=TrendRecord._fields,
        sources=cited,
        draw=lambda: _trend_chart(result),
    )


def _trend_chart(result: TrendResult) -> Chart:
    """One line panel per metric; a missing year or a change of method leaves a gap."""
    region = result.region
    shown = result.series[:MAX_PANELS]
    panels = []
    years: set[int] = set()
    for series in shown:
        metric = series.metric
        points = []
        for point in series.points:
            fact = point.value.fact
            years.add(fact.year)
            points.append(
                ChartPoint(
                    str(fact.year),
                    fact.value,
                    format_value(fact, metric.unit),
                    confidence_marks(fact),
                    year=fact.year,
                    edition=fact.edition,
                    source=fact.source,
                    break_before=fact.year in series.breaks,
                )
            )
        title = msg(
            "chart.panel",
            metric=metric.name,
            unit=None if metric.unit in ("rank", "count", "%") else metric.unit,
            years=None,
        )
        panels.append(ChartPanel(title, metric.unit, metric.better, points))
    title = msg(
        "chart.title.trend",
        region=region.name,
        kind=region.kinds[0],
        metric=shown[0].metric.name if len(shown) == 1 else None,
        years=year_span(sorted(years)),
    )
    notes: list[Text] = []
    if any(p.break_before for panel in panels for p in panel.points):
        notes.append(msg("chart.series_break"))
    notes.append(msg("chart.gaps"))
    if len(result.series) > len(shown):
        notes.append(msg("chart.left_out_series", count=len(result.series) - len(shown)))
    if any(p.marks for panel in panels for p in panel.points):
        notes.append(msg("legend.confidence"))
    # Arrows are the table's; the chart's lines show the direction themselves.
    notes.extend(n for n in result.notes if n.key != "note.rank_up_means_better")
    return Chart("lines", title, panels, notes=notes)
