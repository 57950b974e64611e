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
    metric_names,
    preferred_values,
    region_names,
    resolve_year,
)
from innov_cli.errors import UsageProblem
from innov_cli.kb.countries import country_code, country_name, country_name_zh
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Metric, Region
from innov_cli.view.figures import bar_fraction, figure, unit_names, value_range, year_label
from innov_cli.view.model import Bar, Cell, Column, Msg, Named, Output, TableView, Text, msg


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
    name_zh: str | None  # added after the first release: last, so CSV columns keep their places

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
        raise UsageProblem(
            f"--top must be at least 1, got {top}", words=msg("error.top_at_least_one", top=top)
        )
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


def country_counts(rows: Sequence[RankRow], best: int | None = None) -> list[tuple[Named, int]]:
    """How many ranked rows (those ranked `best` or better) each country has, most first."""
    tally = Counter(
        row.region.country.upper()
        for row in rows
        if row.value is not None and row.rank is not None and (best is None or row.rank <= best)
    )
    counts = sorted(
        ((country_name(code), n, code) for code, n in tally.items()),
        key=lambda item: (-item[1], item[0]),
    )
    return [(Named(name, country_name_zh(code)), n) for name, n, code in counts]


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
        row.region.name_zh,
    )


def rank_view(result: RankResult) -> Output:
    metric = result.metric
    records = [rank_record(row, metric)._asdict() for row in result.rows]
    span = value_range([row.value.fact.value for row in result.rows if row.value])
    rows: list[list[Cell]] = []
    for row in result.rows:
        if row.value is None:
            rows.append(["—", region_names(row.region), "—", "—", Bar(0.0)])
            continue
        fact = row.value.fact
        shown_year = str(fact.year) if result.year is not None else year_label(fact)
        rows.append(
            [
                str(row.rank),
                region_names(row.region),
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
    return Output(records, records, [view], columns=RankRecord._fields)


def _rank_title(result: RankResult) -> Msg:
    metric = result.metric
    editions = {r.value.fact.edition for r in result.rows if r.value}
    edition = editions.pop() if len(editions) == 1 and result.year is not None else None
    return msg(
        "title.rank",
        metric=metric_names(metric),
        unit=None if metric.unit in ("rank", "count") else unit_names(metric.unit),
        kind=msg(f"kind.{result.kind}") if result.kind else None,
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
