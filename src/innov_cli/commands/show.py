"""`innov show`: a region's profile, with every figure, its year and its source."""

from __future__ import annotations

from typing import Any, NamedTuple

from innov_cli.commands import shared
from innov_cli.commands.rows import fact_record, provenance_fields, region_record
from innov_cli.kb.countries import country_name, country_name_zh
from innov_cli.kb.derive import basis_mismatch, missing_members
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Fact, Region
from innov_cli.messages import Msg, msg
from innov_cli.view.figures import format_value, format_value_zh
from innov_cli.view.model import Cell, Column, Figure, Mark, Named, Output, TableView, Text
from innov_cli.view.sectors import sectors_text


class ShowResult(NamedTuple):
    region: Region
    parents: list[Region]
    members: list[Region]
    platforms: list[Region]
    values: list[shared.Value]  # preferred figures, metric by metric, newest year first
    others: list[Fact]  # every non-preferred fact, still visible
    notes: list[Msg]
    related: list[Region]  # easily confused with it (a city and its WIPO cluster)
    cities: list[Region]  # a cluster's member cities, through its member provinces


class ShowFactRecord(NamedTuple):
    """A fact of the region, and whether it is the one other commands show."""

    region: str
    metric: str
    value: float
    unit: str | None
    year: int
    edition: int | None
    source: str
    confidence: str
    qualifier: str | None
    note: str | None
    tier: str | None
    preferred: bool
    formula: str | None
    derived_from: list[dict[str, Any]] | None
    producer: str
    release: str | None
    release_date: str | None
    revision: str | None
    basis: str | None
    flags: list[str]

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def show_region(kb: KnowledgeBase, name: str) -> ShowResult:
    """A region's profile: names, links, every fact with its year and source."""
    region = kb.resolve(name)
    facts = kb.facts_for_region(region.id)
    per_metric: dict[str, list[Fact]] = {}
    for fact in facts:
        per_metric.setdefault(fact.metric, []).append(fact)
    values = sorted(
        (v for group in per_metric.values() for v in shared.preferred_values(kb, group).values()),
        key=lambda v: (v.metric.name.casefold(), -v.fact.year),
    )
    chosen = {id(v.fact) for v in values}
    others = sorted(
        (f for f in facts if id(f) not in chosen), key=lambda f: (f.metric, -f.year, f.source)
    )
    children = [kb.regions[c] for c in kb.children_of(region.id)]
    notes = _missing_notes(kb, region)
    # Only where a "Sources differ" note exists to point at (a derived check is no source).
    if any(shared.sources_differ(v) for v in values):
        notes.append(msg("note.sources_disagree"))
    if "st-cluster" in region.kinds:
        notes.extend(shared.definition_notes([region, region]) or [msg("note.wipo_cluster")])
    return ShowResult(
        region=region,
        parents=[kb.regions[p] for p in kb.parents_of(region.id)],
        members=[c for c in children if "platform" not in c.kinds],
        platforms=shared.platforms_of(kb, region.id),
        values=values,
        others=others,
        notes=notes,
        related=[kb.regions[r] for r in kb.related_of(region.id)],
        cities=_member_cities(kb, region),
    )


def _missing_notes(kb: KnowledgeBase, region: Region) -> list[Msg]:
    """For a cluster: the newest year a total could not be derived, and which members lack it."""
    notes = []
    for metric in (m.id for m in kb.metrics.values() if m.sums_over_members):
        years = [
            y for (r, m, y), gap in kb.gaps.items() if (r, m) == (region.id, metric) and gap.missing
        ]
        if years:
            year = max(years)
            notes.append(
                msg(
                    "note.members_missing",
                    metric=shared.metric_names(kb.metrics[metric]),
                    year=year,
                    members=", ".join(missing_members(kb, region.id, metric, year)),
                )
            )
    # Figures not derived because their inputs sit on different bases (a first release beside
    # a census revision): said, newest year per metric, instead of a mixed derivation.
    mixed: dict[str, int] = {}
    for (r, m, y), gap in kb.gaps.items():
        if r == region.id and gap.bases and m in kb.metrics:
            mixed[m] = max(mixed.get(m, y), y)
    for metric, year in sorted(mixed.items()):
        bases = basis_mismatch(kb, region.id, metric, year)
        notes.append(
            msg(
                "note.bases_differ",
                metric=shared.metric_names(kb.metrics[metric]),
                year=year,
                bases=[msg("basis", basis=b) for b in bases],
            )
        )
    return notes


def _member_cities(kb: KnowledgeBase, region: Region) -> list[Region]:
    """A cluster's cities: members that are cities, and the cities of member provinces."""
    if "cluster" not in region.kinds:
        return []
    found: dict[str, Region] = {}
    for member in region.members:
        for rid in (member, *kb.children_of(member)):
            candidate = kb.regions.get(rid)
            if candidate is not None and "city" in candidate.kinds:
                found.setdefault(rid, candidate)
    return list(found.values())


def show_view(result: ShowResult, kb: KnowledgeBase) -> Output:
    region = result.region
    preferred = {id(v.fact) for v in result.values}
    facts = [v.fact for v in result.values] + result.others
    records = [
        ShowFactRecord._make(
            [
                *fact_record(f, kb, id(f) in preferred)[:12],
                *shared.working_fields(kb, f),
                *provenance_fields(f, kb),
            ]
        )._asdict()
        for f in facts
    ]
    data = {
        **region_record(region, kb)._asdict(),
        "parents": [p.id for p in result.parents],
        "members": [m.id for m in result.members],
        "platforms": [p.id for p in result.platforms],
        "strategy_year": region.strategy_year,
        "strategy_source": region.strategy_source,
        "focus": list(region.focus),
        "focus_source": region.focus_source,
        "note": region.note,
        "facts": records,
        "related": [r.id for r in result.related],
        "member_cities": [c.id for c in result.cities],
        "membership_source": region.membership_source,
        "tags": list(region.tags),
    }
    profile_rows: list[list[Cell]] = [
        [msg("label.id"), region.id],
        [msg("label.name"), region.name],
    ]
    if region.name_zh:
        profile_rows.append([msg("label.name_zh"), region.name_zh])
    if region.aliases:
        profile_rows.append([msg("label.aliases"), ", ".join(region.aliases)])
    profile_rows.append([msg("label.kind"), shared.kinds_text(region.kinds)])
    country = country_name(region.country)
    profile_rows.append(
        [
            msg("label.country"),
            Named(region.country, f"{country_name_zh(region.country) or country}"),
        ]
    )
    if result.parents:
        profile_rows.append([msg("label.part_of"), _linked(result.parents)])
    if result.members:
        profile_rows.append([msg("label.members"), _linked(result.members)])
    if region.strategy_year:
        profile_rows.append(
            [msg("label.strategy_since"), f"{region.strategy_year} [{region.strategy_source}]"]
        )
    if region.focus:
        sectors = sectors_text(region.focus)
        source = f" [{region.focus_source}]"
        profile_rows.append(
            [msg("label.focus"), Named(sectors.en + source, f"{sectors.zh}{source}")]
        )
    if result.platforms:
        profile_rows.append([msg("label.platforms"), _linked(result.platforms)])
    if result.cities:
        profile_rows.append(
            [msg("label.member_cities", count=len(result.cities)), _linked(result.cities)]
        )
    if result.related:
        profile_rows.append([msg("label.related"), _linked(result.related)])
    if region.membership_source:
        profile_rows.append([msg("label.membership_source"), region.membership_source])
    if region.note:
        profile_rows.append([msg("label.note"), region.note])
    views = [TableView([Column(""), Column("")], profile_rows, title=shared.region_names(region))]
    figures, used = _facts_view(msg("title.figures"), result.values, kb)
    views.append(figures)
    if result.others:
        other_values = [shared.Value(f, kb.metrics[f.metric]) for f in result.others]
        # Footnotes run on from the first table's: [10] is followed by [11].
        others, _ = _facts_view(msg("title.other_figures"), other_values, kb, first_note=used + 1)
        views.append(others)
    views[-1].notes.extend(result.notes)
    profile_sources = [region.strategy_source, region.focus_source, region.membership_source]
    cited = shared.source_refs(kb, [*shared.cited_ids(records), *profile_sources])
    return Output(
        data, records, views, columns=ShowFactRecord._fields, sources=cited, records_at="facts"
    )


def _linked(regions: list[Region]) -> Named:
    """Regions as "Name (id), ..." in English and "名称 (id)、..." in Chinese."""
    return Named(
        ", ".join(f"{r.name} ({r.id})" for r in regions),
        "、".join(f"{r.name_zh or r.name} ({r.id})" for r in regions),
    )


def statistic_words(kb: KnowledgeBase, fact: Fact) -> Msg:
    """Which statistic a figure is, in words: producer, release and its date, basis, flags."""
    return msg(
        "note.statistic",
        producer=kb.producer_of(fact),
        release=kb.release_of(fact),
        date=kb.release_date_of(fact),
        revision=kb.revision_of(fact),
        basis=kb.basis_of(fact),
        flags=list(kb.flags_of(fact)),
    )


def _facts_view(
    title: Msg, values: list[shared.Value], kb: KnowledgeBase, first_note: int = 1
) -> tuple[TableView, int]:
    """Figures as a table, and the last footnote number used; notes become numbered footnotes
    under it, because a note squeezed into a column is unreadable in an 80-column terminal."""
    rows: list[list[Cell]] = []
    # Footnote texts by their wording, numbered in order of first use.
    footnotes: dict[str, tuple[int, list[Text]]] = {}
    for value in values:
        fact = value.fact
        parts: list[Text] = []
        if fact.edition is not None and fact.edition != fact.year:
            # The edition goes to the note: a "2024 (ed. 2025)" column costs the table its
            # metric names in an 80-column terminal.
            parts.append(msg("note.edition", edition=fact.edition))
        if fact.note:
            parts.append(fact.note)  # quoted from the data file, in its own language
        if fact.confidence != "derived":
            parts.append(statistic_words(kb, fact))
        derived = [o for o in value.disagreeing if o.confidence == "derived"]
        if derived and fact.confidence != "derived":
            check = derived[0]
            change = (check.value - fact.value) / fact.value * 100 if fact.value else 0.0
            parts.append(
                msg(
                    "note.derived_check",
                    value=format_value(check, value.metric.unit),
                    formula=check.note or "",
                    change=f"{change:+.1f}%",
                )
            )
        published = [o for o in value.disagreeing if o.confidence != "derived"]
        if published:
            others = [
                (
                    Named(
                        format_value(o, value.metric.unit), format_value_zh(o, value.metric.unit)
                    ),
                    o.source,
                )
                for o in published
            ]
            parts.append(msg("note.sources_differ", others=others))
        marker = ""
        if parts:
            number, _ = footnotes.setdefault(repr(parts), (first_note + len(footnotes), parts))
            marker = f"[{number}]"
        rows.append(
            [
                shared.metric_names(value.metric),
                Figure(
                    format_value(fact, value.metric.unit),
                    shared.figure_marks(fact, kb.tier_of(fact)),
                    format_value_zh(fact, value.metric.unit),
                    source=fact.source,
                ),
                str(fact.year),
                fact.source,
                marker,
            ]
        )
    columns = [
        Column(msg("header.metric"), key="metric"),
        Column(msg("header.value"), "right", whole=True, key="value"),
        Column(msg("header.year"), whole=True, key="year"),
        Column(msg("header.source"), whole=True, key="source"),
        Column(msg("header.note"), whole=True, key="note"),
    ]
    notes: list[Text] = [
        msg("footnote", number=number, parts=parts) for number, parts in footnotes.values()
    ]
    marks = {m for row in rows if isinstance(row[1], Figure) for m in row[1].marks}
    if values:
        notes.append(msg("legend.marks", marks=[m.value for m in Mark if m in marks]))
    if not values:
        notes.append(msg("note.no_figures_recorded"))
    return TableView(columns, rows, title=title, notes=notes), first_note + len(footnotes) - 1
