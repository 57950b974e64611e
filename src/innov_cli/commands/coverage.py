"""`innov coverage`: which figures the knowledge base has, and which it lacks, in plain sight.

With `--by METRIC`: regions down, years across. For clusters and cities without `--by`: the core
panel (GDP, population, R&D expenditure and intensity, GDP and R&D per head), one such table per
metric, 2020-2024 unless years are given. Otherwise: metrics down, regions across, each metric in
the newest year any of the regions has it. A cell is filled (marked with the tier of its best
source, or D for innov's own derivation from complete members) or empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from innov_cli.commands.shared import Value, check_kind, preferred_values
from innov_cli.errors import UsageProblem
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Metric, Region
from innov_cli.view.model import Cell, Column, Output, TableView, Text, msg

# More year columns than this do not fit 80 columns beside the region ids: the newest are kept.
MAX_COLUMNS = 8
TIER_LETTERS = {"primary": "P", "official-media": "M", "secondary": "S", None: "S"}
# What a cluster or a city is measured by first: the panel `coverage --kind cluster` shows.
PANEL_METRICS = (
    "gdp", "population", "rd_expenditure", "rd_intensity", "gdp_per_capita",
    "rd_expenditure_per_capita",
)  # fmt: skip
PANEL_YEARS = tuple(range(2020, 2025))
PANEL_KINDS = ("cluster", "city")


class CoverageRecord(NamedTuple):
    """One cell: a region's figure for a metric in a year, or its absence."""

    region: str
    name: str
    metric: str
    year: int
    filled: bool
    value: float | None
    confidence: str | None
    tier: str | None
    source: str | None

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Coverage(NamedTuple):
    regions: list[Region]
    # Column headings: (metric, year) pairs, in display order.
    columns: list[tuple[Metric, int]]
    cells: dict[tuple[str, str, int], tuple[Value, str | None]]
    by: Metric | None
    kind: str | None
    left_out: int  # columns not shown (beyond MAX_COLUMNS)
    panel: bool = False  # the core panel: one table per metric


def coverage(
    kb: KnowledgeBase,
    by: str | None = None,
    *,
    kind: str | None = None,
    regions: Sequence[str] = (),
    years: Sequence[int] = (),
) -> Coverage:
    """The cells of the panel asked for, filled or not."""
    kind = check_kind(kind)
    chosen = [kb.resolve(r) for r in regions]
    if not chosen:
        chosen = sorted(
            (r for r in kb.regions.values() if kind is None or kind in r.kinds),
            key=lambda r: r.id,
        )
    elif kind is not None:
        chosen = [r for r in chosen if kind in r.kinds]
    if not chosen:
        raise UsageProblem(
            msg("error.no_regions_to_cover"), hint=msg("error.check_kind_and_region")
        )
    ids = {r.id for r in chosen}
    panel = by is None and kind in PANEL_KINDS and not regions
    if panel:
        metrics = [kb.metrics[m] for m in PANEL_METRICS if m in kb.metrics]
        years = years or PANEL_YEARS
    else:
        metrics = [kb.metric(by)] if by else list(kb.metrics.values())
    cells: dict[tuple[str, str, int], tuple[Value, str | None]] = {}
    columns: list[tuple[Metric, int]] = []
    for metric in metrics:
        facts = [f for f in kb.facts_for_metric(metric.id) if f.region in ids]
        values = preferred_values(kb, facts)
        for (region_id, year), value in values.items():
            cells[(region_id, metric.id, year)] = (value, kb.tier_of(value.fact))
        present = sorted({year for (_, year) in values})
        if years:
            wanted = sorted(set(years))
        elif by and present:
            # Every year of the span, so that a missing year shows as a column of dashes.
            wanted = list(range(present[0], present[-1] + 1))
        else:
            wanted = present[-1:]  # the newest year any of the regions has it
        columns += [(metric, y) for y in wanted]
    left_out = 0
    if by and len(columns) > MAX_COLUMNS and not years:
        left_out = len(columns) - MAX_COLUMNS
        columns = columns[-MAX_COLUMNS:]
    by_metric = kb.metric(by) if by else None
    return Coverage(chosen, columns, cells, by_metric, kind, left_out, panel)


def coverage_view(result: Coverage) -> Output:
    records = []
    marks: dict[tuple[str, str, int], str] = {}
    for region in result.regions:
        for metric, year in result.columns:
            cell = result.cells.get((region.id, metric.id, year))
            value, tier = cell if cell else (None, None)
            fact = value.fact if value else None
            records.append(
                CoverageRecord(
                    region.id,
                    region.name,
                    metric.id,
                    year,
                    fact is not None,
                    fact.value if fact else None,
                    fact.confidence if fact else None,
                    tier if fact else None,
                    fact.source if fact else None,
                )._asdict()
            )
            marks[(region.id, metric.id, year)] = _mark(fact.confidence, tier) if fact else "—"
    if result.by or result.panel:
        # Regions down, years across: one table per metric.
        if result.by:
            # One table even when no region of the kind has a figure: it says so.
            views = [_metric_table(result, result.by, marks)]
            views[0].notes = _notes(result, records)
            return Output(records, records, views, columns=CoverageRecord._fields)
        views = [_metric_table(result, metric, marks) for metric in _metrics(result)]
        for view, metric in zip(views, _metrics(result), strict=True):
            mine = [r for r in records if r["metric"] == metric.id]
            filled = sum(1 for r in mine if r["filled"])
            view.notes.append(msg("note.coverage_cells", filled=filled, cells=len(mine)))
        filled = sum(1 for r in records if r["filled"])
        views[-1].notes.append(msg("note.coverage_panel", filled=filled, cells=len(records)))
        views[-1].notes.append(msg("legend.coverage"))
        return Output(records, records, views, columns=CoverageRecord._fields)
    # Metrics down, regions across: there are far more metrics than columns fit.
    columns = [
        Column(msg("header.metric"), whole=True, key="metric"),
        Column(msg("header.year"), whole=True, key="year"),
        *[Column(r.id, "center", whole=True) for r in result.regions],
    ]
    rows: list[list[Cell]] = [
        [m.id, str(y), *[marks[(r.id, m.id, y)] for r in result.regions]] for m, y in result.columns
    ]
    title = msg("title.coverage", metric=None, kind=result.kind)
    view = TableView(columns, rows, title=title, notes=_notes(result, records))
    return Output(records, records, [view], columns=CoverageRecord._fields)


def _mark(confidence: str | None, tier: str | None) -> str:
    return "D" if confidence == "derived" else TIER_LETTERS[tier]


def _metrics(result: Coverage) -> list[Metric]:
    return list({metric.id: metric for metric, _ in result.columns}.values())


def _metric_table(
    result: Coverage, metric: Metric, marks: dict[tuple[str, str, int], str]
) -> TableView:
    """One metric's cells: regions down, years across."""
    years = [y for m, y in result.columns if m.id == metric.id]
    columns = [
        Column(msg("header.region"), whole=True, key="region"),
        *[Column(str(y), "center", whole=True) for y in years],
    ]
    rows: list[list[Cell]] = [
        [r.id, *[marks[(r.id, metric.id, y)] for y in years]] for r in result.regions
    ]
    return TableView(
        columns, rows, title=msg("title.coverage", metric=metric.name, kind=result.kind)
    )


def _notes(result: Coverage, records: list[dict[str, Any]]) -> list[Text]:
    notes: list[Text] = []
    total = len(result.regions)
    if result.by and not result.columns:
        notes.append(msg("note.coverage_none", metric=result.by.name, kind=result.kind))
    if result.by:
        for _, year in reversed(result.columns):
            filled = sum(1 for r in records if r["year"] == year and r["filled"])
            notes.append(
                msg(
                    "note.coverage_year",
                    metric=result.by.name,
                    kind=result.kind,
                    filled=filled,
                    total=total,
                    year=year,
                )
            )
    else:
        filled = sum(1 for r in records if r["filled"])
        cells = len(records)
        notes.append(msg("note.coverage_cells", filled=filled, cells=cells))
        notes.append(msg("note.coverage_latest"))
    if result.left_out:
        notes.append(msg("note.coverage_left_out", count=result.left_out))
    notes.append(msg("legend.coverage"))
    return notes
