"""What every result looks like, independent of format: records for machines, views for people.

Nothing here knows Rich or Typer. `Output.data` is the JSON document (a documented contract),
`Output.records` the flat rows for JSON Lines and CSV, and `Output.views` the tables a person
reads in the terminal or in Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from innov_cli.kb import KnowledgeBase
from innov_cli.queries import (
    CompareResult,
    MetricSummary,
    RankResult,
    SearchHit,
    ShowResult,
    SourceUse,
    TrendResult,
    Value,
    country_counts,
)
from innov_cli.records import Fact, Region, Source


@dataclass(frozen=True)
class Bar:
    """A bar proportional to a value (0..1); drawn only in terminal tables."""

    fraction: float


Cell = str | Bar


@dataclass(frozen=True)
class Column:
    header: str
    justify: str = "left"  # "left" | "right" | "center"
    bar: bool = False
    # Values such as "11,500 CNY bn" read wrong when split over lines: keep them whole.
    whole: bool = False


@dataclass
class TableView:
    columns: list[Column]
    rows: list[list[Cell]]
    title: str | None = None
    notes: list[str] = field(default_factory=list)
    # Show rows as "header  value" records rather than squeeze columns, when they do not fit:
    # for long texts such as titles and URLs, which must stay readable (and clickable).
    stack_when_narrow: bool = False


@dataclass
class Output:
    data: Any
    records: list[dict[str, Any]]
    views: list[TableView]
    # The record keys, known even when there are no records (CSV header, --fields check).
    columns: list[str]


# Record keys per command: the documented JSON/CSV contract (README "JSON contract").
RANK_KEYS = [
    "rank",
    "id",
    "name",
    "country",
    "metric",
    "value",
    "unit",
    "qualifier",
    "year",
    "edition",
    "confidence",
    "source",
]
FACT_KEYS = [
    "region",
    "metric",
    "value",
    "unit",
    "year",
    "edition",
    "source",
    "confidence",
    "qualifier",
    "note",
]
COMPARE_KEYS = [
    "metric",
    "region",
    "value",
    "unit",
    "year",
    "edition",
    "qualifier",
    "confidence",
    "source",
    "leader",
]
REGION_KEYS = ["id", "name", "name_zh", "kinds", "country", "parent", "members", "aliases"]
METRIC_KEYS = ["id", "name", "unit", "better", "description", "facts", "regions", "years"]
SOURCE_KEYS = ["id", "publisher", "title", "date", "url", "note", "facts"]
TREND_KEYS = [
    "region",
    "metric",
    "year",
    "edition",
    "value",
    "unit",
    "qualifier",
    "change",
    "confidence",
    "source",
]
SEARCH_KEYS = ["id", "name", "kinds", "matched", "text", "score"]


# -- formatting helpers -------------------------------------------------------------------------


def format_number(value: float) -> str:
    """Thousands separators, no invented precision: 11500 -> 11,500; 4984.31 -> 4,984.31."""
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text


def format_value(fact: Fact, unit: str) -> str:
    """A figure with its qualifier and unit: >30%, #3, 11,500 CNY bn."""
    number = format_number(fact.value)
    prefix = fact.qualifier or ""
    if unit == "rank":
        return f"{prefix}#{number}"
    if unit == "%":
        return f"{prefix}{number}%"
    if unit == "count":
        return f"{prefix}{number}"
    return f"{prefix}{number} {unit}"


CONFIDENCE_LEGEND = "≈ approximate, † derived (the note says how); unmarked figures are exact."


def confidence_mark(fact: Fact) -> str:
    """ " ≈" for an approximate figure, " †" for a derived one, nothing for an exact one."""
    return {"exact": "", "approximate": " ≈", "derived": " †"}[fact.confidence]


def value_range(values: list[float]) -> tuple[float, float]:
    """The (top, low) of the values that bars are drawn against; computed once per table,
    because doing it per row made `rank` quadratic in the number of regions."""
    return (max(values), min(values)) if values else (0.0, 0.0)


def bar_fraction(value: float, span: tuple[float, float], better: str) -> float:
    """A bar's length (0..1) within `span` (from `value_range`); longer always means better,
    so for a ranking position (lower is better) #1 gets the longest bar."""
    top, low = span
    if better == "lower":
        return (top - value + 1) / (top - low + 1)
    return max(value / top, 0.0) if top > 0 else 0.0


def year_label(fact: Fact, *, bracketed: bool = False) -> str:
    """The year a figure describes, with a ranking's edition when that differs:
    "2024 (ed. 2025)", or "(2024, ed. 2025)" after a value."""
    if fact.edition is not None and fact.edition != fact.year:
        text = (
            f"{fact.year}, ed. {fact.edition}" if bracketed else f"{fact.year} (ed. {fact.edition})"
        )
    else:
        text = str(fact.year)
    return f"({text})" if bracketed else text


def fact_record(fact: Fact, kb: KnowledgeBase) -> dict[str, Any]:
    """The tidy, one-fact-per-row record (export's contract)."""
    metric = kb.metrics.get(fact.metric)
    return {
        "region": fact.region,
        "metric": fact.metric,
        "value": fact.value,
        "unit": fact.unit or (metric.unit if metric else None),
        "year": fact.year,
        "edition": fact.edition,
        "source": fact.source,
        "confidence": fact.confidence,
        "qualifier": fact.qualifier,
        "note": fact.note,
    }


def _value_record(value: Value | None) -> dict[str, Any] | None:
    if value is None:
        return None
    fact = value.fact
    return {
        "value": fact.value,
        "unit": value.metric.unit,
        "year": fact.year,
        "edition": fact.edition,
        "qualifier": fact.qualifier,
        "confidence": fact.confidence,
        "source": fact.source,
    }


def region_record(region: Region) -> dict[str, Any]:
    return {
        "id": region.id,
        "name": region.name,
        "name_zh": region.name_zh,
        "kinds": list(region.kinds),
        "country": region.country,
        "parent": region.parent,
        "members": list(region.members),
        "aliases": list(region.aliases),
    }


# -- rank ---------------------------------------------------------------------------------------


def present_rank(result: RankResult) -> Output:
    metric = result.metric
    records = []
    for row in result.rows:
        fact = row.value.fact if row.value else None
        records.append(
            {
                "rank": row.rank,
                "id": row.region.id,
                "name": row.region.name,
                "country": row.region.country,
                "metric": metric.id,
                "value": fact.value if fact else None,
                "unit": metric.unit,
                "qualifier": fact.qualifier if fact else None,
                "year": fact.year if fact else None,
                "edition": fact.edition if fact else None,
                "confidence": fact.confidence if fact else None,
                "source": fact.source if fact else None,
            }
        )
    span = value_range([row.value.fact.value for row in result.rows if row.value])
    rows: list[list[Cell]] = []
    for row in result.rows:
        if row.value is None:
            rows.append(["—", row.region.name, "—", "—", Bar(0.0)])
            continue
        fact = row.value.fact
        fraction = bar_fraction(fact.value, span, metric.better)
        mark = confidence_mark(fact)
        shown_year = str(fact.year) if result.year is not None else year_label(fact)
        value_text = format_value(fact, metric.unit) + mark
        rows.append([str(row.rank), row.region.name, value_text, shown_year, Bar(fraction)])
    view = TableView(
        columns=[
            Column("#", "right", whole=True),
            Column("Region"),
            Column("Rank" if metric.unit == "rank" else "Value", "right", whole=True),
            Column("Year"),
            Column("", bar=True),
        ],
        rows=rows,
        title=_rank_title(result),
        notes=_rank_notes(result),
    )
    return Output(records, records, [view], columns=RANK_KEYS)


def _rank_title(result: RankResult) -> str:
    metric = result.metric
    title = metric.name if metric.unit in ("rank", "count") else f"{metric.name} ({metric.unit})"
    if result.kind:
        title += f", {result.kind} regions"
    if result.year is not None:
        title += f", {result.year}"
        editions = {r.value.fact.edition for r in result.rows if r.value}
        if len(editions) == 1 and None not in editions:
            title += f" (ed. {editions.pop()})"
    return title


def _rank_notes(result: RankResult) -> list[str]:
    metric = result.metric
    notes = []
    if len(result.years) > 1:
        notes.append(
            "Values come from different years: "
            + ", ".join(map(str, result.years))
            + f". Each region shows its {result.reference_year} value where it has one,"
            " otherwise its latest."
        )
    if metric.unit == "rank":
        top_ten = country_counts(result.rows, 10)
        every = country_counts(result.rows)
        if top_ten:
            notes.append("Top 10 by country: " + ", ".join(f"{c} {n}" for c, n in top_ten) + ".")
        if every != top_ten:
            notes.append("All ranked: " + ", ".join(f"{c} {n}" for c, n in every) + ".")
        if any(r.value is None for r in result.rows):
            notes.append("— : no rank in the sources for this edition (not necessarily unranked).")
    if any(r.value and r.value.fact.confidence != "exact" for r in result.rows):
        notes.append(CONFIDENCE_LEGEND)
    if metric.description and metric.unit == "rank":
        notes.append(metric.description)
    if not result.rows:
        notes.insert(0, "No regions match.")
    return notes


# -- compare ------------------------------------------------------------------------------------


def present_compare(result: CompareResult) -> Output:
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
                "values": {rid: _value_record(row.cells[rid]) for rid in ids},
            }
        )
        cells: list[Cell] = [metric.name + (" *" if row.years_differ else "")]
        for rid in ids:
            value = row.cells[rid]
            record = {
                "metric": metric.id,
                "region": rid,
                **(
                    _value_record(value)
                    or {
                        "value": None,
                        "unit": metric.unit,
                        "year": None,
                        "edition": None,
                        "qualifier": None,
                        "confidence": None,
                        "source": None,
                    }
                ),
            }
            record["leader"] = rid in row.leaders
            records.append(record)
            if value is None:
                cells.append("—")
                continue
            text = (
                f"{format_value(value.fact, metric.unit)} {year_label(value.fact, bracketed=True)}"
            )
            if rid in row.leaders:
                text = "▲ " + text
            if value.disagreeing:
                text += " [sources differ]"
            cells.append(text)
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
        columns=[Column("Metric"), *[Column(n) for n in names]],
        rows=rows,
        title="Compare: " + " vs ".join(names),
        notes=["▲ marks the leader of each row.", *result.notes],
    )
    profile = TableView(
        columns=[Column(""), *[Column(n) for n in names]],
        rows=[
            ["Focus sectors", *[", ".join(result.focus[i]) or "—" for i in ids]],
            [
                "Flagship platforms",
                *[", ".join(p.name for p in result.platforms[i]) or "—" for i in ids],
            ],
        ],
        title="Focus and platforms",
    )
    return Output(data, records, [main, profile], columns=COMPARE_KEYS)


# -- show ---------------------------------------------------------------------------------------


def present_show(result: ShowResult, kb: KnowledgeBase) -> Output:
    region = result.region
    preferred = {id(v.fact) for v in result.values}
    facts = [v.fact for v in result.values] + result.others
    records = [{**fact_record(f, kb), "preferred": id(f) in preferred} for f in facts]
    data = {
        **region_record(region),
        "parents": [p.id for p in result.parents],
        "members": [m.id for m in result.members],
        "platforms": [p.id for p in result.platforms],
        "strategy_year": region.strategy_year,
        "strategy_source": region.strategy_source,
        "focus": list(region.focus),
        "focus_source": region.focus_source,
        "note": region.note,
        "facts": records,
    }
    profile_rows: list[list[Cell]] = [["Id", region.id], ["Name", region.name]]
    if region.name_zh:
        profile_rows.append(["Chinese name", region.name_zh])
    if region.aliases:
        profile_rows.append(["Also called", ", ".join(region.aliases)])
    profile_rows.append(["Kind", ", ".join(region.kinds)])
    profile_rows.append(["Country", region.country])
    if result.parents:
        profile_rows.append(["Part of", ", ".join(f"{p.name} ({p.id})" for p in result.parents)])
    if result.members:
        profile_rows.append(["Members", ", ".join(f"{m.name} ({m.id})" for m in result.members)])
    if region.strategy_year:
        profile_rows.append(
            ["Strategy since", f"{region.strategy_year} [{region.strategy_source}]"]
        )
    if region.focus:
        profile_rows.append(["Focus sectors", f"{', '.join(region.focus)} [{region.focus_source}]"])
    if result.platforms:
        profile_rows.append(
            ["Platforms", ", ".join(f"{p.name} ({p.id})" for p in result.platforms)]
        )
    if region.note:
        profile_rows.append(["Note", region.note])
    views = [TableView([Column(""), Column("")], profile_rows, title=region.name)]
    views.append(_facts_view("Figures", result.values, kb))
    if result.others:
        other_values = [Value(f, kb.metrics[f.metric]) for f in result.others]
        views.append(
            _facts_view(
                "Other figures (not preferred: less exact, older, or disagreeing)",
                other_values,
                kb,
                first_note=len(views[-1].notes) + 1,
            )
        )
    views[-1].notes.extend(result.notes)
    return Output(data, records, views, columns=[*FACT_KEYS, "preferred"])


def _facts_view(
    title: str, values: list[Value], kb: KnowledgeBase, first_note: int = 1
) -> TableView:
    """Figures as a table; notes become numbered footnotes under it, because a note squeezed
    into a column is unreadable in an 80-column terminal."""
    rows: list[list[Cell]] = []
    footnotes: dict[str, int] = {}
    for value in values:
        fact = value.fact
        note = fact.note or ""
        if fact.edition is not None and fact.edition != fact.year:
            # The edition goes to the note: a "2024 (ed. 2025)" column costs the table its
            # metric names in an 80-column terminal.
            note = f"{fact.edition} edition." + (" " + note if note else "")
        if value.disagreeing:
            others = "; ".join(
                f"{format_value(o, value.metric.unit)} per {o.source}" for o in value.disagreeing
            )
            note = (note + " " if note else "") + f"Sources differ: {others}."
        marker = ""
        if note:
            number = footnotes.setdefault(note, first_note + len(footnotes))
            marker = f"[{number}]"
        rows.append(
            [
                value.metric.name,
                format_value(fact, value.metric.unit) + confidence_mark(fact),
                str(fact.year),
                fact.source,
                marker,
            ]
        )
    columns = [
        Column("Metric"),
        Column("Value", "right", whole=True),
        Column("Year", whole=True),
        Column("Source"),
        Column("Note", whole=True),
    ]
    notes = [f"[{number}] {text}" for text, number in footnotes.items()]
    if values:
        notes.append(CONFIDENCE_LEGEND)
    if not values:
        notes.append("No figures.")
    return TableView(columns, rows, title=title, notes=notes)


# -- list, metrics ------------------------------------------------------------------------------


def present_regions(regions: list[Region]) -> Output:
    records = [region_record(r) for r in regions]
    rows: list[list[Cell]] = [
        [r.id, r.name, r.name_zh or "", ", ".join(r.kinds), r.country] for r in regions
    ]
    view = TableView(
        [
            Column("Id", whole=True),
            Column("Name"),
            Column("Chinese"),
            Column("Kind"),
            Column("Country"),
        ],
        rows,
        title=f"{len(regions)} regions",
    )
    return Output(records, records, [view], columns=REGION_KEYS)


def present_metrics(summaries: list[MetricSummary]) -> Output:
    records = [
        {
            "id": s.metric.id,
            "name": s.metric.name,
            "unit": s.metric.unit,
            "better": s.metric.better,
            "description": s.metric.description,
            "facts": s.facts,
            "regions": s.regions,
            "years": s.years,
        }
        for s in summaries
    ]
    rows: list[list[Cell]] = [
        [
            s.metric.id,
            s.metric.name,
            s.metric.unit,
            s.metric.better,
            str(s.facts),
            _year_span(s.years),
        ]
        for s in summaries
    ]
    view = TableView(
        [
            Column("Id", whole=True),
            Column("Name"),
            Column("Unit", whole=True),
            Column("Better", whole=True),
            Column("Facts", "right", whole=True),
            Column("Years", whole=True),
        ],
        rows,
        title=f"{len(summaries)} metrics",
    )
    return Output(records, records, [view], columns=METRIC_KEYS)


def _year_span(years: list[int]) -> str:
    if not years:
        return "—"
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def source_record(source: Source, facts: int) -> dict[str, Any]:
    return {
        "id": source.id,
        "publisher": source.publisher,
        "title": source.title,
        "date": source.date,
        "url": source.url,
        "note": source.note,
        "facts": facts,
    }


# -- sources, export, trend, search -------------------------------------------------------------


def present_sources(uses: list[SourceUse]) -> Output:
    records = [source_record(u.source, u.facts) for u in uses]
    rows: list[list[Cell]] = [
        [u.source.id, u.source.publisher, u.source.title, u.source.date, u.source.url, str(u.facts)]
        for u in uses
    ]
    view = TableView(
        [
            Column("Id", whole=True),
            Column("Publisher"),
            Column("Title"),
            Column("Date"),
            Column("URL"),
            Column("Facts", "right"),
        ],
        rows,
        title=f"{len(uses)} sources",
        stack_when_narrow=True,
    )
    return Output(records, records, [view], columns=SOURCE_KEYS)


def present_facts(facts: list[Fact], kb: KnowledgeBase) -> Output:
    records = [fact_record(f, kb) for f in facts]
    rows: list[list[Cell]] = []
    for fact in facts:
        unit = kb.metrics[fact.metric].unit
        rows.append(
            [
                fact.region,
                fact.metric,
                format_value(fact, unit),
                year_label(fact),
                fact.confidence,
                fact.source,
                fact.note or "",
            ]
        )
    view = TableView(
        [
            Column("Region"),
            Column("Metric"),
            Column("Value", "right", whole=True),
            Column("Year"),
            Column("Confidence"),
            Column("Source"),
            Column("Note"),
        ],
        rows,
        title=f"{len(facts)} facts",
    )
    return Output(records, records, [view], columns=FACT_KEYS)


def present_trend(result: TrendResult, unicode: bool) -> Output:
    arrows = (
        {"up": "▲", "down": "▼", "same": "=", "": ""}
        if unicode
        else {"up": "^", "down": "v", "same": "=", "": ""}
    )
    records = []
    series_data = []
    views = []
    for series in result.series:
        metric = series.metric
        points = []
        for point in series.points:
            fact = point.value.fact
            record = {
                "region": result.region.id,
                "metric": metric.id,
                "year": fact.year,
                "edition": fact.edition,
                "value": fact.value,
                "unit": metric.unit,
                "qualifier": fact.qualifier,
                "change": point.change or None,
                "confidence": fact.confidence,
                "source": fact.source,
            }
            records.append(record)
            points.append({k: v for k, v in record.items() if k not in ("region", "metric")})
        series_data.append(
            {
                "metric": metric.id,
                "name": metric.name,
                "unit": metric.unit,
                "better": metric.better,
                "points": points,
            }
        )
        path = " → " if unicode else " -> "
        line = path.join(format_value(p.value.fact, metric.unit) for p in series.points)
        rows: list[list[Cell]] = []
        span = value_range([p.value.fact.value for p in series.points])
        for point in series.points:
            fact = point.value.fact
            fraction = bar_fraction(fact.value, span, metric.better)
            rows.append(
                [
                    year_label(fact),
                    format_value(fact, metric.unit),
                    arrows[point.change],
                    fact.source,
                    Bar(fraction),
                ]
            )
        views.append(
            TableView(
                [
                    Column("Year"),
                    Column("Value", "right", whole=True),
                    Column(""),
                    Column("Source"),
                    Column("", bar=True),
                ],
                rows,
                title=f"{metric.name}: {line}",
            )
        )
    if views:
        views[-1].notes.extend(result.notes)
    else:
        views.append(
            TableView(
                [Column("")], [], title=result.region.name, notes=["No figures for this region."]
            )
        )
    data = {
        "region": result.region.id,
        "name": result.region.name,
        "series": series_data,
        "notes": result.notes,
    }
    return Output(data, records, views, columns=TREND_KEYS)


def present_search(hits: list[SearchHit]) -> Output:
    records = [
        {
            "id": h.region.id,
            "name": h.region.name,
            "kinds": list(h.region.kinds),
            "matched": h.matched,
            "text": h.text,
            "score": h.score,
        }
        for h in hits
    ]
    rows: list[list[Cell]] = [
        [h.region.id, h.region.name, ", ".join(h.region.kinds), f"{h.matched}: {h.text}"]
        for h in hits
    ]
    view = TableView(
        [Column("Id", whole=True), Column("Name"), Column("Kind"), Column("Matched")],
        rows,
        title=f"{len(hits)} matches",
    )
    return Output(records, records, [view], columns=SEARCH_KEYS)
