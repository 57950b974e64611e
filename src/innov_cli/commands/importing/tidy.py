"""Tidy tables: one fact per row with `export`'s columns (CSV, JSON or JSON Lines), so that
export, edit, import gives back the same facts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

from innov_cli.commands.importing.collector import Collector, listed
from innov_cli.commands.importing.numbers import (
    conversion,
    is_fractional,
    number_of,
    published_note,
    text_of,
    whole_number,
)
from innov_cli.commands.importing.options import ImportOptions
from innov_cli.commands.importing.sources import SourceChoice, choose_source
from innov_cli.commands.importing.tables import Table
from innov_cli.errors import NotFound
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import (
    CONFIDENCES,
    FLAGS,
    QUALIFIERS,
    RELEASES,
    Confidence,
    Fact,
    Metric,
    Qualifier,
    Region,
    Source,
)
from innov_cli.kb.writing import NewFact
from innov_cli.view.model import msg

TIDY_COLUMNS = ("region", "metric", "value", "year")


def is_tidy(table: Table, metric: str | None = None) -> bool:
    """A table of one fact per row: export's columns, where --metric may stand in for the
    metric column (region, year, value)."""
    if table.records is not None:
        return True
    header = next((r for r in table.rows if any(r)), [])
    names = {c.strip().lower() for c in header}
    needed = [c for c in TIDY_COLUMNS if not (c == "metric" and metric)]
    return all(c in names for c in needed)


def _records(table: Table, metric: str | None) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each row as a dict of its columns, numbered; --metric names the metric of a row that
    does not."""
    if table.records is not None:
        records: Iterable[tuple[int, dict[str, Any]]] = enumerate(table.records, start=1)
    else:
        records = _row_records(table.rows)
    for number, record in records:
        if metric and text_of(record.get("metric")) == "":
            record["metric"] = metric
        yield number, record


def _row_records(rows: Iterable[list[str]]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Rows after the first non-empty one (the header), as dicts of its columns, numbered as
    lines of the table: one row's dict at a time, in one pass."""
    header: list[str] | None = None
    for number, row in enumerate(rows, start=1):
        if not any(row):
            continue
        if header is None:
            header = [c.strip().lower() for c in row]
            continue
        yield number, dict(zip(header, row, strict=False))


def _row_fact(
    collector: Collector,
    record: dict[str, Any],
    where: str,
    region: Region | None,
    metric: Metric,
    source_id: str,
    options: ImportOptions,
) -> NewFact | None:
    """The row's fact (None when its region is unknown, which the collector has noted), or
    ValueError saying what is wrong with the row: every cell is checked either way."""
    published = number_of(record["value"], options.decimal_comma)
    year = whole_number(record["year"])
    edition = whole_number(record.get("edition")) if text_of(record.get("edition")) else None
    if published is None:
        raise ValueError("no value")
    unit = text_of(record.get("unit")) or metric.unit
    factor = conversion(unit, metric)
    qualifier = text_of(record.get("qualifier")) or None
    confidence = text_of(record.get("confidence")) or "exact"
    if confidence not in CONFIDENCES:
        raise ValueError(f"confidence {confidence!r} is not one of {', '.join(CONFIDENCES)}")
    if qualifier is not None and qualifier not in QUALIFIERS:
        raise ValueError(f"qualifier {qualifier!r} is not one of {' '.join(QUALIFIERS)}")
    notes = [text_of(record.get("note")), published_note(published, unit, metric)]
    source = collector.kb.sources.get(source_id) or collector.new_sources.get(source_id, (None,))[0]
    provenance = _provenance(record, source, qualifier, confidence)
    if region is None:
        return None
    return NewFact(
        region=region.id,
        metric=metric.id,
        value=published * factor,
        year=year,
        source=source_id,
        confidence=confidence,
        edition=edition,
        qualifier=qualifier,
        note="; ".join(n for n in notes if n) or None,
        origin=where,
        fractional=is_fractional(record["value"]),
        provenance=provenance,
    )


def import_tidy(collector: Collector, table: Table, options: ImportOptions) -> None:
    """One fact per row with `export`'s columns (CSV, JSON or JSON Lines)."""
    kb = collector.kb
    records = _records(table, options.metric)
    fallback: SourceChoice | None = None
    unknown_metrics: dict[str, str | None] = {}
    unknown_sources: dict[str, str | None] = {}
    for number, record in records:
        where = f"{table.label}:{number}"
        missing = [c for c in TIDY_COLUMNS if text_of(record.get(c)) == ""]
        if missing:
            collector.bad_cells.append(f"{where}: no {', '.join(missing)}")
            continue
        region = collector.region(text_of(record["region"]))
        metric_name = text_of(record["metric"])
        try:
            metric = kb.metric(metric_name)
        except NotFound as exc:
            unknown_metrics.setdefault(metric_name, exc.hint)
            continue
        source_id = text_of(record.get("source"))
        if not source_id:
            if fallback is None:
                fallback = choose_source(
                    kb,
                    options.source,
                    label=table.label,
                    publisher_line=None,
                    default_title=None,
                    metric=metric,
                    required=True,
                )
                collector.source(fallback, table.label)
            assert fallback.id is not None
            source_id = fallback.id
        elif source_id not in kb.sources and source_id not in collector.new_sources:
            unknown_sources.setdefault(source_id, None)
            continue
        try:
            fact = _row_fact(collector, record, where, region, metric, source_id, options)
        except ValueError as exc:
            collector.bad_cells.append(f"{where}: {exc}")
            continue
        if fact is not None:
            collector.add(fact)
    if unknown_metrics:
        raise NotFound(
            msg("error.unknown_metric_s", a0=table.label, a1=listed(unknown_metrics)),
            hint=msg("error.innov_metrics_lists_the_metrics"),
        )
    if unknown_sources:
        raise NotFound(
            msg("error.unknown_source_s", a0=table.label, a1=listed(unknown_sources)),
            hint=msg("error.add_them_with_data_file"),
        )


def _provenance(
    record: dict[str, Any], source: Source | None, qualifier: str | None, confidence: str
) -> tuple[tuple[str, str | tuple[str, ...]], ...]:
    """Producer, release, release date, revision, basis and flags that a row (an `export`
    row, say) gives beyond what its source already says; an unknown release or flag is an
    error. Flags that the qualifier, release, confidence or source imply are not repeated."""
    given = {
        key: text_of(record.get(key))
        for key in ("producer", "release", "release_date", "revision", "basis")
    }
    if given["release"] and given["release"] not in RELEASES:
        raise ValueError(f"release {given['release']!r} is not one of {', '.join(RELEASES)}")
    raw = record.get("flags")
    flags = [f.strip() for f in (raw if isinstance(raw, list) else text_of(raw).split(";"))]
    flags = [f for f in flags if f]
    unknown = [f for f in flags if f not in FLAGS]
    if unknown:
        raise ValueError(f"flag {unknown[0]!r} is not one of {', '.join(FLAGS)}")
    own_release = given["release"] or None
    # What the source already says, as every command reads it (commands/rows.py), for a fact
    # with nothing of its own: a row repeats it only where it says more.
    from innov_cli.commands.rows import provenance_fields

    sources = {source.id: source} if source is not None else {}
    plain = Fact(
        "",
        "",
        0,
        0,
        source.id if source is not None else "",
        cast(Confidence, confidence),
        qualifier=cast(Qualifier | None, qualifier),
    )
    *said, implied_flags = provenance_fields(plain, KnowledgeBase({}, {}, sources, ()))
    inherited = dict(zip(given, said, strict=True)) if source is not None else {}
    out: list[tuple[str, str | tuple[str, ...]]] = [
        (key, value) for key, value in given.items() if value and value != inherited.get(key)
    ]
    # The flags the qualifier, confidence, source and (own) release already imply.
    implied = set(implied_flags) | ({"revised"} if own_release == "revised" else set())
    own = tuple(f for f in FLAGS if f in flags and f not in implied)
    if own:
        out.append(("flags", own))
    return tuple(out)
