"""`innov compare`: regions side by side, metric by metric, each row's leader marked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from innov_cli.commands import shared
from innov_cli.errors import UsageProblem
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import GROUPS, Metric, Region, Source
from innov_cli.messages import Msg, msg
from innov_cli.view.chart_model import Chart, ChartPanel, ChartPoint
from innov_cli.view.figures import (
    confidence_marks,
    format_value,
    format_value_zh,
    year_label,
    year_label_zh,
    year_span,
)
from innov_cli.view.model import Cell, Column, Figure, Mark, Named, Output, TableView, Text
from innov_cli.view.sectors import sectors_text
from innov_cli.view.wording import say

# Small multiples stay readable at 1200×675 up to about eight panels (4 × 2).
MAX_PANELS = 8
# Units short enough to repeat beside every value (the others are in the panel's title).
SHORT_UNITS = ("rank", "%", "count")


class CompareRow(NamedTuple):
    metric: Metric
    cells: dict[str, shared.Value | None]
    leaders: list[str]
    years_differ: bool
    year: int | None  # the year the row compares; None when the regions share none
    tiers: dict[str, str | None]


class CompareResult(NamedTuple):
    regions: list[Region]
    rows: list[CompareRow]
    focus: dict[str, tuple[str, ...]]
    platforms: dict[str, list[Region]]
    notes: list[Msg]
    sources: dict[str, Source]  # those behind the figures shown
    # Each derived figure's inputs as records (with release and basis), by id of the input.
    inputs: dict[int, dict[str, Any]]


class CompareRecord(NamedTuple):
    """One region's figure for one metric (docs/json-contract.md: `innov compare`)."""

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
    tier: str | None
    formula: str | None
    derived_from: list[dict[str, Any]] | None
    sources_differ: bool | None  # other sources give a different value for this key

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def compare_regions(kb: KnowledgeBase, names: Sequence[str]) -> CompareResult:
    """Side by side, grouped (economy, R&D and patents, rankings, institutions): each row
    compares the newest year the regions share, or shows each region's own year, marked."""
    if len(names) < 2:
        raise UsageProblem(
            msg("error.compare_two"), hint=msg("hint.example", example="innov compare jjj gba")
        )
    regions = [kb.resolve(name) for name in names]
    ids = [r.id for r in regions]
    if len(set(ids)) < len(ids):
        raise UsageProblem(
            msg("error.compare_different"), hint=msg("error.each_once", ids=" ".join(ids))
        )
    present_metrics = {f.metric for r in ids for f in kb.facts_for_region(r)}
    order = {group: n for n, group in enumerate(GROUPS)}
    metric_ids = sorted(
        (m for m in kb.metrics if m in present_metrics),
        key=lambda m: order[kb.metrics[m].section],
    )
    rows = [_row(kb, kb.metrics[m], ids) for m in metric_ids]
    focus = {r.id: r.focus for r in regions}
    platforms = {r.id: shared.platforms_of(kb, r.id) for r in regions}
    notes = shared.definition_notes(regions)
    if any(row.years_differ for row in rows):
        notes.insert(0, msg("note.compare_mixed_years"))
    notes += [msg("verbatim", text=m.caveat) for m in (r.metric for r in rows) if m.caveat]
    notes += _basis_notes(kb, rows, {r.id: r.name for r in regions})
    inputs = {
        id(f): shared.input_record(kb, f)
        for row in rows
        for v in row.cells.values()
        if v is not None and v.working is not None
        for f in v.working.inputs
    }
    cited = {v.fact.source for row in rows for v in row.cells.values() if v is not None}
    # A derived figure cites the publications beneath the facts it was computed from.
    cited |= {s for record in inputs.values() for s in record["sources"]}
    sources = {s: kb.sources[s] for s in sorted(cited) if s in kb.sources and kb.sources[s].url}
    return CompareResult(regions, rows, focus, platforms, notes, sources, inputs)


def _basis_notes(kb: KnowledgeBase, rows: list[CompareRow], names: dict[str, str]) -> list[Msg]:
    """Rows of one year whose figures sit on different bases (a sum of census-revised figures
    beside a first release): the gap between them is partly a revision, and the reader is told
    which region's figure is on which basis."""
    notes: list[Msg] = []
    for row in rows:
        present = {r: v for r, v in row.cells.items() if v is not None}
        bases = {r: kb.basis_of(v.fact) for r, v in present.items()}
        if row.year is None or len(set(bases.values())) < 2:
            continue
        revised = [names[r] for r, b in bases.items() if b is not None]
        basis = next(b for b in bases.values() if b is not None)
        notes.append(
            msg(
                "note.compare_bases",
                metric=shared.metric_names(row.metric),
                year=row.year,
                regions=", ".join(revised),
                basis=basis,
            )
        )
    return notes


def _row(kb: KnowledgeBase, metric: Metric, ids: list[str]) -> CompareRow:
    values = shared.preferred_values(
        kb, (f for r in ids for f in kb.facts_for_region(r) if f.metric == metric.id)
    )
    years: dict[str, set[int]] = {r: set() for r in ids}
    for region_id, year in values:
        years[region_id].add(year)
    having = [r for r in ids if years[r]]
    common = set.intersection(*(years[r] for r in having)) if having else set()
    row_year = max(common) if common else None
    cells: dict[str, shared.Value | None] = {}
    for region_id in ids:
        own = years[region_id]
        pick = row_year if row_year is not None else (max(own) if own else None)
        cells[region_id] = values[(region_id, pick)] if pick is not None and own else None
    present = {r: v for r, v in cells.items() if v is not None}
    leaders: list[str] = []
    if len(present) >= 2 and row_year is not None and metric.better != "none":
        pick_best = min if metric.better == "lower" else max
        best = pick_best(v.fact.value for v in present.values())
        leaders = [r for r, v in present.items() if v.fact.value == best]
    tiers = {r: kb.tier_of(v.fact) for r, v in present.items()}
    return CompareRow(metric, cells, leaders, row_year is None, row_year, tiers)


def _value_dict(
    value: shared.Value | None, metric: Metric, tier: str | None, inputs: dict[int, dict[str, Any]]
) -> dict[str, Any]:
    fact = value.fact if value else None
    working = value.working if value else None
    return {
        "value": fact.value if fact else None,
        "unit": metric.unit,
        "year": fact.year if fact else None,
        "edition": fact.edition if fact else None,
        "qualifier": fact.qualifier if fact else None,
        "confidence": fact.confidence if fact else None,
        "source": fact.source if fact else None,
        "tier": tier,
        "formula": working.formula if working else None,
        "derived_from": [inputs[id(f)] for f in working.inputs] if working else None,
        "sources_differ": shared.sources_differ(value) if value else None,
    }


def compare_records(result: CompareResult) -> list[CompareRecord]:
    """One record per metric and region, metric by metric (`compare --format jsonl`)."""
    records = []
    for row in result.rows:
        for region in result.regions:
            fields = _value_dict(
                row.cells[region.id], row.metric, row.tiers.get(region.id), result.inputs
            )
            tier = fields.pop("tier")
            formula = fields.pop("formula")
            derived_from = fields.pop("derived_from")
            differ = fields.pop("sources_differ")
            leader = region.id in row.leaders
            records.append(
                CompareRecord(
                    row.metric.id,
                    region.id,
                    **fields,
                    leader=leader,
                    tier=tier,
                    formula=formula,
                    derived_from=derived_from,
                    sources_differ=differ,
                )
            )
    return records


def compare_view(
    result: CompareResult, kb: KnowledgeBase | None = None, *, wide: bool = False
) -> Output:
    """The regions side by side: a table, small-multiple bar panels, records; `kb` names the
    cited sources."""
    ids = [r.id for r in result.regions]
    if wide:
        wide_records = [_wide_record(row, ids) for row in result.rows]
        columns = ["group", "metric", "name", "unit", "year", *ids]
        return Output(
            wide_records, wide_records, lambda: [_main_table(result, wide=True)], columns=columns
        )
    records = [record._asdict() for record in compare_records(result)]
    data = {
        "ids": ids,
        "metrics": [_metric_document(row, ids, result) for row in result.rows],
        "focus": {rid: list(f) for rid, f in result.focus.items()},
        "platforms": {rid: [p.id for p in ps] for rid, ps in result.platforms.items()},
        "notes": result.notes,
    }
    cited = shared.source_refs(kb, shared.cited_ids(records)) if kb is not None else []
    return Output(
        data,
        records,
        lambda: [_main_table(result, wide=False), _profile_table(result)],
        columns=CompareRecord._fields,
        sources=cited,
        draw=lambda: _compare_chart(result),
    )


def _metric_document(row: CompareRow, ids: list[str], result: CompareResult) -> dict[str, Any]:
    """A row in the JSON document: the metric, the shared year, the leaders, each value."""
    metric = row.metric
    return {
        **shared.metric_document(metric),
        "group": metric.section,
        "year": row.year,
        "leaders": row.leaders,
        "years_differ": row.years_differ,
        "values": {
            rid: _value_dict(row.cells[rid], metric, row.tiers.get(rid), result.inputs)
            if row.cells[rid]
            else None
            for rid in ids
        },
    }


def _wide_record(row: CompareRow, ids: list[str]) -> dict[str, Any]:
    """A row of `--wide` output: the metric, then one column a region."""
    metric = row.metric
    values = {rid: (value.fact.value if value else None) for rid, value in row.cells.items()}
    return {
        "group": metric.section,
        "metric": metric.id,
        "name": metric.name,
        "unit": metric.unit,
        "year": row.year,
        **{rid: values[rid] for rid in ids},
    }


def _main_table(result: CompareResult, *, wide: bool) -> TableView:
    """A row a metric, a column a region; with `wide`, each figure numbers its sources."""
    ids = [r.id for r in result.regions]
    footnotes: dict[str, int] = {}
    rows: list[list[Cell]] = [
        [
            shared.metric_names(row.metric),
            msg("label.mixed_years") if row.year is None else str(row.year),
            *[_figure_cell(row, rid, result, footnotes if wide else None) for rid in ids],
        ]
        for row in result.rows
    ]
    names = [shared.region_names(r) for r in result.regions]
    used_marks = {m for row in rows for c in row if isinstance(c, Figure) for m in c.marks}
    notes: list[Text] = []
    if used_marks:
        notes.append(msg("legend.marks", marks=[m.value for m in Mark if m in used_marks]))
    notes += result.notes
    notes += [
        msg(
            "footnote.source",
            number=n,
            publisher=result.sources[s].publisher,
            title=result.sources[s].title,
            date=result.sources[s].date,
            url=result.sources[s].url,
            via=result.sources[s].via,
        )
        for s, n in footnotes.items()
        if s in result.sources
    ]
    return TableView(
        columns=[
            Column(msg("header.metric"), key="metric"),
            Column(msg("header.year"), whole=True, key="year"),
            *[Column(n, key=i) for n, i in zip(names, ids, strict=True)],
        ],
        rows=rows,
        title=msg("title.compare", names=names),
        notes=notes,
    )


def _figure_cell(
    row: CompareRow, rid: str, result: CompareResult, footnotes: dict[str, int] | None
) -> Cell:
    """A region's figure in a row, with its marks (and its source numbers, given footnotes)."""
    value = row.cells[rid]
    if value is None:
        return "—"
    fact = value.fact
    text = format_value(fact, row.metric.unit)
    chinese = format_value_zh(fact, row.metric.unit)
    if row.year is None:
        text += " " + year_label(fact, bracketed=True)
        chinese += year_label_zh(fact, bracketed=True)
    if shared.sources_differ(value):
        text += say(msg("note.sources_differ_short"), "en")
        chinese += say(msg("note.sources_differ_short"), "zh")
    if footnotes is not None:
        # A derived figure points at the sources of its inputs, never at innov.
        cited_here = (
            [s for f in value.working.inputs for s in result.inputs[id(f)]["sources"]]
            if value.working is not None
            else [fact.source]
        )
        numbers = sorted({footnotes.setdefault(s, len(footnotes) + 1) for s in cited_here})
        text += f" [{', '.join(map(str, numbers))}]"
        chinese += f" [{', '.join(map(str, numbers))}]"
    marks = shared.figure_marks(fact, row.tiers.get(rid))
    if rid in row.leaders:
        marks = (Mark.LEADER, *marks)
    if row.year is None:
        marks = (*marks, Mark.OTHER_YEAR)
    return Figure(text, marks, chinese, source=fact.source)


def _profile_table(result: CompareResult) -> TableView:
    """Each region's focus sectors and platforms."""
    ids = [r.id for r in result.regions]
    platforms = [
        Named(
            ", ".join(p.name for p in result.platforms[i]),
            "、".join(p.name_zh or p.name for p in result.platforms[i]),
        )
        for i in ids
    ]
    return TableView(
        columns=[Column(""), *[Column(shared.region_names(r)) for r in result.regions]],
        rows=[
            [msg("label.focus"), *[_or_dash(sectors_text(result.focus[i])) for i in ids]],
            [msg("label.platforms"), *[_or_dash(p) for p in platforms]],
        ],
        title=msg("title.focus_platforms"),
    )


def _or_dash(names: Named) -> Cell:
    return names if names.en else "—"


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
            metric=shared.metric_names(metric),
            unit=None if metric.unit in SHORT_UNITS else metric.unit,  # as the axis draws it
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
