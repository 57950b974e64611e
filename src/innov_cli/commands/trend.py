"""`innov trend`: how a region's figures or ranks moved across the years."""

from __future__ import annotations

from typing import Any, NamedTuple

from innov_cli.commands import shared
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Fact, Metric, Region
from innov_cli.messages import Msg, msg
from innov_cli.view.chart_model import Chart, ChartPanel, ChartPoint
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
from innov_cli.view.model import Bar, Cell, Column, Figure, Mark, Named, Output, TableView, Text

# Line panels stay readable at 1200×675 up to six (3 × 2).
MAX_PANELS = 6


class TrendPoint(NamedTuple):
    value: shared.Value
    # "up"/"down" (better/worse; for ranks a smaller number is up), "same", "rise"/"fall" for
    # a metric where neither direction is better, "" for the first point or after a break.
    change: str
    series: str  # the statistical series the figure belongs to
    brk: bool = False  # a new series (or a new method) starts here: no change across it
    tier: str | None = None
    missing_before: tuple[int, ...] = ()  # years without a figure since the previous point
    # Why a break: "producer" (another body's statistic), "method" (the metric's
    # method_changes) or "basis" (e.g. first release <-> revised after a census).
    reason: str | None = None
    basis: str | None = None  # the benchmark the figure is on (None: as first compiled)
    # For GDP: the producer's own real growth at comparable prices that year, if published.
    real_growth: shared.Value | None = None


class TrendSeries(NamedTuple):
    metric: Metric
    points: list[TrendPoint]
    breaks: tuple[int, ...] = ()  # years a new series or method starts
    missing_years: tuple[int, ...] = ()
    # Compound annual growth over the newest stretch of one series: (from, to, % a year).
    cagr: tuple[int, int, float] | None = None


class TrendResult(NamedTuple):
    region: Region
    series: list[TrendSeries]
    notes: list[Msg]
    related: list[Region]


class TrendRecord(NamedTuple):
    """One point of a series (docs/json-contract.md: `innov trend`); `break_` is written as
    `break` (a Python keyword cannot name a field)."""

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
    tier: str | None
    series: str
    break_: bool
    growth: float | None  # % change on the previous figure of the same series (derived)
    break_reason: str | None  # producer, method or basis; None where no break
    release: str | None
    basis: str | None
    real_growth: float | None  # the producer's published real growth (GDP), else None
    real_growth_source: str | None
    # For a point innov derived (a cluster's sum, a converted figure): its formula and the
    # facts it came from, as `show` and `compare` give them.
    formula: str | None = None
    derived_from: list[dict[str, Any]] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {JSON_NAMES.get(k, k): v for k, v in self._asdict().items()}


JSON_NAMES = {"break_": "break"}
TREND_KEYS = tuple(JSON_NAMES.get(k, k) for k in TrendRecord._fields)


def trend(kb: KnowledgeBase, name: str, metric_id: str | None = None) -> TrendResult:
    """How a region's figures (or ranks) moved across years, oldest first. Figures join into
    one line only within one series (by default one publisher; a metric or fact may name its
    series): a change of series is a break, with no up or down across it."""
    region = kb.resolve(name)
    facts = kb.facts_for_region(region.id)
    if metric_id is not None:
        metric = kb.metric(metric_id)
        facts = [f for f in facts if f.metric == metric.id]
    by_metric: dict[str, list[Fact]] = {}
    for fact in facts:
        by_metric.setdefault(fact.metric, []).append(fact)
    # Longest histories first: a single point is not much of a trend.
    ordered = sorted(
        by_metric,
        key=lambda m: (-len({f.year for f in by_metric[m]}), kb.metrics[m].name.casefold()),
    )
    series = [_series(kb, kb.metrics[mid], by_metric[mid]) for mid in ordered]
    notes = [msg("verbatim", text=s.metric.caveat) for s in series if s.metric.caveat]
    if any(s.metric.is_ranking for s in series):
        notes.append(msg("note.rank_up_means_better"))
    related = [kb.regions[r] for r in kb.related_of(region.id)]
    notes += [msg("note.related", region=r.name, id=r.id, kind=r.kinds[0]) for r in related]
    return TrendResult(region, series, notes, related)


# A level's published real growth: shown beside innov's nominal change, each labelled.
REAL_GROWTH = {"gdp": "gdp_growth_real"}


def _series(kb: KnowledgeBase, metric: Metric, facts: list[Fact]) -> TrendSeries:
    """One metric's points, oldest first. A point breaks the line when it belongs to another
    series (producer) than the one before, when the metric's method changed that year, or
    when it sits on another basis (first release beside figures revised after a census): an
    outlet that merely reprinted the same producer's figure is no break."""
    values = sorted(shared.preferred_values(kb, facts).values(), key=lambda v: v.fact.year)
    method_breaks = metric.method_changes
    real = _real_growth(kb, metric, facts[0].region) if facts else {}
    points: list[TrendPoint] = []
    missing: list[int] = []
    for value in values:
        fact = value.fact
        key = kb.series_of(fact)
        tier = kb.tier_of(fact)
        basis = kb.basis_of(fact)
        published = real.get(fact.year)
        if not points:
            points.append(TrendPoint(value, "", key, tier=tier, basis=basis, real_growth=published))
            continue
        before = points[-1]
        gap = tuple(range(before.value.fact.year + 1, fact.year))
        reason = (
            "producer"
            if key != before.series
            else "method"
            if fact.year in method_breaks or "break" in kb.flags_of(fact)
            else "basis"
            if basis != before.basis
            else None
        )
        brk = reason is not None
        if not brk:
            missing += gap
        change = "" if brk else _change(metric, before.value.fact.value, fact.value)
        points.append(TrendPoint(value, change, key, brk, tier, gap, reason, basis, published))
    breaks = tuple(p.value.fact.year for p in points if p.brk)
    return TrendSeries(metric, points, breaks, tuple(missing), _cagr(metric, points))


def _real_growth(kb: KnowledgeBase, metric: Metric, region: str) -> dict[int, shared.Value]:
    """The published real growth of a level metric (GDP), by year, for one region."""
    growth_id = REAL_GROWTH.get(metric.id)
    if growth_id is None or growth_id not in kb.metrics:
        return {}
    facts = [f for f in kb.facts_for_region(region) if f.metric == growth_id]
    return {year: v for (_, year), v in shared.preferred_values(kb, facts).items()}


def _growth(metric: Metric, before: TrendPoint | None, point: TrendPoint) -> float | None:
    """Year-on-year growth in per cent, a derived figure: only between consecutive years of one
    series, never for ranks or percentages, never from a qualified (~, >) figure."""
    if before is None or point.brk or metric.is_ranking or metric.kind == "percent":
        return None
    a, b = before.value.fact, point.value.fact
    if b.year - a.year != 1 or not a.value or a.qualifier or b.qualifier:
        return None
    return round((b.value / a.value - 1) * 100, 2)


def _cagr(metric: Metric, points: list[TrendPoint]) -> tuple[int, int, float] | None:
    """Compound annual growth between the first and last figure of the newest stretch of one
    series (derived: never across a break, never for ranks or shares of a changing whole)."""
    if metric.is_ranking or metric.kind == "percent" or len(points) < 2:
        return None
    start = max((n for n, p in enumerate(points) if p.brk), default=0)
    first, last = points[start].value.fact, points[-1].value.fact
    years = last.year - first.year
    if years < 1 or first.value <= 0 or last.value <= 0 or first.qualifier or last.qualifier:
        return None
    rate = ((last.value / first.value) ** (1 / years) - 1) * 100
    return first.year, last.year, round(rate, 2)


def _change(metric: Metric, before: float, now: float) -> str:
    if now == before:
        return "same"
    if metric.better == "none":
        return "rise" if now > before else "fall"
    improved = now < before if metric.better == "lower" else now > before
    return "up" if improved else "down"


def trend_view(result: TrendResult, kb: KnowledgeBase | None = None) -> Output:
    """The series as tables, line panels and records; `kb` names the cited sources."""
    per_series = [_series_records(result, series, kb) for series in result.series]
    records = [record for series_records in per_series for record in series_records]
    data = {
        "region": result.region.id,
        "name": result.region.name,
        "name_zh": result.region.name_zh,
        "series": [
            _series_document(series, series_records)
            for series, series_records in zip(result.series, per_series, strict=True)
        ],
        "notes": result.notes,
    }
    # A derived point cites the publications beneath it, never innov.
    cited = shared.source_refs(kb, shared.cited_ids(records)) if kb is not None else []
    return Output(
        data,
        records,
        lambda: _trend_tables(result, kb),
        columns=TREND_KEYS,
        sources=cited,
        draw=lambda: _trend_chart(result),
    )


def _series_records(
    result: TrendResult, series: TrendSeries, kb: KnowledgeBase | None
) -> list[dict[str, Any]]:
    """One record a point, each with its growth on the point before it."""
    metric = series.metric
    records = []
    previous: TrendPoint | None = None
    for point in series.points:
        fact = point.value.fact
        formula, derived_from = shared.working_fields(kb, fact) if kb is not None else (None, None)
        records.append(
            TrendRecord(
                region=result.region.id,
                metric=metric.id,
                year=fact.year,
                edition=fact.edition,
                value=fact.value,
                unit=metric.unit,
                qualifier=fact.qualifier,
                change=point.change or None,
                confidence=fact.confidence,
                source=fact.source,
                tier=point.tier,
                series=point.series,
                break_=point.brk,
                growth=_growth(metric, previous, point),
                break_reason=point.reason,
                release=kb.release_of(fact) if kb is not None else fact.release,
                basis=point.basis,
                real_growth=point.real_growth.fact.value if point.real_growth else None,
                real_growth_source=point.real_growth.fact.source if point.real_growth else None,
                formula=formula,
                derived_from=derived_from,
            ).to_dict()
        )
        previous = point
    return records


def _series_document(series: TrendSeries, records: list[dict[str, Any]]) -> dict[str, Any]:
    """A series in the JSON document: its metric, gaps, growth rate and points."""
    metric = series.metric
    return {
        **shared.metric_document(metric),
        "missing_years": list(series.missing_years),
        "cagr": (
            {"from": series.cagr[0], "to": series.cagr[1], "percent": series.cagr[2]}
            if series.cagr
            else None
        ),
        "points": [{k: v for k, v in r.items() if k not in ("region", "metric")} for r in records],
    }


def _trend_tables(result: TrendResult, kb: KnowledgeBase | None) -> list[TableView]:
    """A table a series; the last carries the notes and the legend of the marks used."""
    if not result.series:
        return [
            TableView(
                [Column("")],
                [],
                title=shared.region_names(result.region),
                notes=[msg("note.no_figures_region"), *result.notes],
            )
        ]
    views = [_series_table(series, kb) for series in result.series]
    views[-1].notes.extend(result.notes)
    marks = {
        m
        for series in result.series
        for p in series.points
        for m in shared.figure_marks(p.value.fact, p.tier)
    }
    if marks:
        views[-1].notes.append(msg("legend.marks", marks=[m.value for m in Mark if m in marks]))
    return views


def _series_table(series: TrendSeries, kb: KnowledgeBase | None) -> TableView:
    metric = series.metric
    rows: list[list[Cell]] = []
    span = value_range([p.value.fact.value for p in series.points])
    with_real = any(p.real_growth for p in series.points)
    previous: TrendPoint | None = None
    breaks: list[Text] = []
    for point in series.points:
        fact = point.value.fact
        if previous is not None and point.brk:
            # Marked by the figure (┆) and named under the table: the ids stay whole.
            breaks.append(_break_note(previous, point))
        elif point.missing_before:
            blank: list[Cell] = [year_span(list(point.missing_before)), "—", ""]
            rows.append([*blank, *([""] if with_real else []), "", Bar(0.0)])
        row: list[Cell] = [
            Named(year_label(fact), year_label_zh(fact)),
            Figure(
                format_value(fact, metric.unit),
                shared.figure_marks(fact, point.tier),
                format_value_zh(fact, metric.unit),
                source=fact.source,
            ),
            msg(f"arrow.{point.change}") if point.change else ("┆" if point.brk else ""),
        ]
        if with_real:
            row.append(_real_growth_cell(point, kb))
        rows.append([*row, fact.source, Bar(bar_fraction(fact.value, span, metric.better))])
        previous = point
    real_column = Column(msg("header.real_growth"), "right", whole=True, key="real_growth")
    return TableView(
        [
            Column(msg("header.year"), key="year"),
            Column(msg("header.value"), "right", whole=True, key="value"),
            Column("", key="change"),
            *([real_column] if with_real else []),
            Column(msg("header.source"), whole=True, key="source"),
            Column("", bar=True),
        ],
        rows,
        title=_series_title(series),
        notes=[*breaks, *_series_notes(series, with_real)],
    )


def _series_title(series: TrendSeries) -> Msg:
    """The metric and its path of figures, with the breaks marked."""
    return msg(
        "title.trend",
        metric=shared.metric_names(series.metric),
        path=[
            Named(
                format_value(p.value.fact, series.metric.unit),
                format_value_zh(p.value.fact, series.metric.unit),
            )
            for p in series.points
        ],
        breaks=[n for n, p in enumerate(series.points) if p.brk],
    )


def _series_notes(series: TrendSeries, with_real: bool) -> list[Text]:
    notes: list[Text] = []
    if series.cagr:
        start, end, rate = series.cagr
        notes.append(
            msg(
                "note.cagr",
                start=start,
                end=end,
                rate=f"{rate:+.2f}%",
                series=series.points[-1].series,
            )
        )
    if with_real:
        notes.append(msg("note.real_growth"))
    return notes


def _break_note(before: TrendPoint, point: TrendPoint) -> Msg:
    """What starts at a break, in words: another producer, a new method, or a new basis."""
    year = point.value.fact.year
    if point.reason == "basis":
        return msg(
            "note.basis_break",
            year=year,
            before=before.basis or "",
            after=point.basis or "",
            series=point.series,
        )
    if point.reason == "method":
        return msg("note.method_break", year=year, series=point.series)
    return msg("note.series_break", year=year, before=before.series, after=point.series)


def _real_growth_cell(point: TrendPoint, kb: KnowledgeBase | None) -> Cell:
    """The producer's published real growth for the point's year, with its marks."""
    if point.real_growth is None:
        return ""
    fact = point.real_growth.fact
    tier = kb.tier_of(fact) if kb is not None else None
    text = f"{fact.value:+g}%"
    return Figure(text, shared.figure_marks(fact, tier), text, source=fact.source)


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
            metric=shared.metric_names(metric),
            unit=None if metric.unit in ("rank", "count", "%") else metric.unit,  # the axis's
            years=None,
        )
        panels.append(ChartPanel(title, metric.unit, metric.better, points))
    title = msg(
        "chart.title.trend",
        region=shared.region_names(region),
        kind=msg(f"kind.{region.kinds[0]}"),
        metric=shared.metric_names(shown[0].metric) if len(shown) == 1 else None,
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
