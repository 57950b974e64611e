"""`innov compare`: regions side by side, metric by metric, each row's leader marked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from innov_cli.commands.shared import (
    Value,
    definition_notes,
    platforms_of,
    preferred_values,
    source_refs,
)
from innov_cli.errors import UsageProblem
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Metric, Region
from innov_cli.view.figures import confidence_marks, format_value, year_label, year_span
from innov_cli.view.model import (
    Cell,
    Chart,
    ChartPanel,
    ChartPoint,
    Column,
    Figure,
    Mark,
    Msg,
    Output,
    TableView,
    Text,
    msg,
)

# Small multiples stay readable at 1200×675 up to about eight panels (4 × 2).
MAX_PANELS = 8
# Units short enough to repeat beside every value (the others are in the panel's title).
SHORT_UNITS = ("rank", "%", "count")


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
    notes: list[Msg]


class CompareRecord(NamedTuple):
    """One region's figure for one metric (README "JSON contract": `innov compare`)."""

    metric: str
    region: str
    value: float | None
    unit: str
    year: int | None
    edition: int | None
    qualifier: str | None
    confidence: str | None
    source: str | None
    leader: bool

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def compare_regions(kb: KnowledgeBase, names: Sequence[str]) -> CompareResult:
    """Side by side: one row per metric any of the regions has, the leader of each marked."""
    if len(names) < 2:
        raise UsageProblem("compare needs at least two regions", hint="e.g. innov compare jjj gba")
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
        notes.insert(0, msg("note.compare_mixed_years"))
    return CompareResult(regions, rows, focus, platforms, notes)


def _value_dict(value: Value | None, metric: Metric) -> dict[str, Any]:
    fact = value.fact if value else None
    return {
        "value": fact.value if fact else None,
        "unit": metric.unit,
        "year": fact.year if fact else None,
        "edition": fact.edition if fact else None,
        "qualifier": fact.qualifier if fact else None,
        "confidence": fact.confidence if fact else None,
        "source": fact.source if fact else None,
    }


def compare_view(result: CompareResult, kb: KnowledgeBase | None = None) -> Output:
    """The regions side by side: a table, small-multiple bar panels, records; `kb` names the
    cited sources."""
    ids = [r.id for r in result.regions]
    metrics_data = []
    records = []
    rows: list[list[Cell]] = []
    for row in result.rows:
        metric = row.metric
        metrics_data.append(
            {
                "metric": metric.id,
                "name": metric.name,
                "unit": metric.unit,
                "better": metric.better,
                "leaders": row.leaders,
                "years_differ": row.years_differ,
                "values": {
                    rid: _value_dict(row.cells[rid], metric) if row.cells[rid] else None
                    for rid in ids
                },
            }
        )
        cells: list[Cell] = [metric.name + (" *" if row.years_differ else "")]
        for rid in ids:
            value = row.cells[rid]
            fields = _value_dict(value, metric)
            records.append(
                CompareRecord(metric.id, rid, **fields, leader=rid in row.leaders)._asdict()
            )
            if value is None:
                cells.append("—")
                continue
            year = year_label(value.fact, bracketed=True)
            text = f"{format_value(value.fact, metric.unit)} {year}"
            if value.disagreeing:
                text += " [sources differ]"
            marks = ((Mark.LEADER,) if rid in row.leaders else ()) + confidence_marks(value.fact)
            cells.append(Figure(text, marks, value.fact.source))
        rows.append(cells)
    data = {
        "ids": ids,
        "metrics": metrics_data,
        "focus": {rid: list(f) for rid, f in result.focus.items()},
        "platforms": {rid: [p.id for p in ps] for rid, ps in result.platforms.items()},
        "notes": result.notes,
    }
    names = [r.name for r in result.regions]
    main = TableView(
        columns=[Column(msg("header.metric"), key="metric"), *[Column(n) for n in names]],
        rows=rows,
        title=msg("title.compare", names=names),
        notes=[
            msg("legend.leader"),
            *result.notes,
            *([msg("legend.confidence")] if _any_inexact(result) else []),
        ],
    )
    profile = TableView(
        columns=[Column(""), *[Column(n) for n in names]],
        rows=[
            [msg("label.focus"), *[", ".join(result.focus[i]) or "—" for i in ids]],
            [
                msg("label.platforms"),
                *[", ".join(p.name for p in result.platforms[i]) or "—" for i in ids],
            ],
        ],
        title=msg("title.focus_platforms"),
    )
    cited = source_refs(kb, (r["source"] for r in records)) if kb is not None else []
    return Output(
        data,
        records,
        [main, profile],
        columns=CompareRecord._fields,
        sources=cited,
        draw=lambda: _compare_chart(result),
    )


def _any_inexact(result: CompareResult) -> bool:
    return any(
        v is not None and v.fact.confidence != "exact"
        for row in result.rows
        for v in row.cells.values()
    )


def _compare_chart(result: CompareResult) -> Chart:
    """One small bar panel per metric that at least two of the regions have a figure for."""
    comparable = [row for row in result.rows if sum(v is not None for v in row.cells.values()) >= 2]
    shown = comparable[:MAX_PANELS]
    panels = []
    years: set[int] = set()
    for row in shown:
        metric = row.metric
        present = [v.fact for v in row.cells.values() if v is not None]
        panel_years = sorted({f.year for f in present})
        years.update(panel_years)
        points = []
        for region in result.regions:
            value = row.cells[region.id]
            if value is None:
                points.append(ChartPoint(region.name, None, "", (), region.name_zh, region.id))
                continue
            fact = value.fact
            marks = ((Mark.LEADER,) if region.id in row.leaders else ()) + confidence_marks(fact)
            points.append(
                ChartPoint(
                    region.name,
                    fact.value,
                    # The panel's title names the unit: small panels have no room for it twice.
                    format_value(fact, metric.unit if metric.unit in SHORT_UNITS else "count"),
                    marks,
                    region.name_zh,
                    region.id,
                    fact.year,
                    fact.edition,
                    year_label(fact) if row.years_differ else None,
                    fact.source,
                )
            )
        title = msg(
            "chart.panel",
            metric=metric.name,
            unit=None if metric.unit in SHORT_UNITS else metric.unit,
            years=None if row.years_differ else year_label(present[0]),
        )
        panels.append(ChartPanel(title, metric.unit, metric.better, points))
    kinds = sorted({r.kinds[0] for r in result.regions})
    subtitle = msg("chart.compare_subtitle", kinds=kinds, years=year_span(sorted(years)))
    notes: list[Text] = [msg("legend.leader")]
    left_out = len(result.rows) - len(shown)
    if left_out:
        notes.append(msg("chart.left_out", count=left_out))
    if any(p.detail for panel in panels for p in panel.points):
        notes.append(msg("chart.years_differ"))
    if any(set(p.marks) - {Mark.LEADER} for panel in panels for p in panel.points):
        notes.append(msg("legend.confidence"))
    return Chart(
        "panels",
        msg("title.compare", names=[r.name for r in result.regions]),
        panels,
        subtitle=subtitle,
        series=[r.name for r in result.regions],
        notes=notes,
    )
