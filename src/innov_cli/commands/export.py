"""`innov export`: the tidy dataset as text formats or as a SQLite database."""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from innov_cli.commands.rows import FactRecord, fact_record, provenance_fields
from innov_cli.commands.shared import split_values, whole_years
from innov_cli.errors import UnusableFile, UsageProblem
from innov_cli.formats import Format
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Fact
from innov_cli.output.atomic import check_output_path, write_atomically
from innov_cli.output.terminal import Terminal
from innov_cli.view.figures import format_value, year_label
from innov_cli.view.model import Cell, Column, Output, TableView, msg


def all_facts(kb: KnowledgeBase) -> list[Fact]:
    """Every fact in a stable order: region, metric, year, source."""
    return sorted(kb.facts, key=lambda f: (f.region, f.metric, f.year, f.source))


# The format a file name implies, by its ending (lower-cased).
FORMAT_BY_SUFFIX = {
    ".db": "sqlite",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".csv": "csv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".md": "markdown",
    ".markdown": "markdown",
}


def export_format(explicit: str | None, path: Path | None, *, force: bool = False) -> str:
    """The format to write: --format if given, else the one the file name implies, else
    jsonl. A --format that contradicts the name (`--format jsonl kb.db`) is refused unless
    `force`, because it would silently turn a database into text."""
    implied = FORMAT_BY_SUFFIX.get(path.suffix.lower()) if path is not None else None
    if explicit is None:
        return implied or "jsonl"
    if implied is not None and implied != explicit and not force:
        raise UsageProblem(
            msg("error.format_contradicts_the_file_name", a0=explicit, a1=path, a2=implied),
            hint=msg("error.drop_format_to_write_rename", a0=implied),
        )
    return explicit


def filter_facts(
    kb: KnowledgeBase,
    regions: Sequence[str] | None = None,
    metrics: Sequence[str] | None = None,
    years: Sequence[str] | None = None,
) -> list[Fact]:
    """The facts of the given regions, metrics and years (each filter optional; names and
    aliases resolve as everywhere else; an unknown region or metric is not found, exit 3)."""
    region_ids = {kb.resolve(r).id for r in split_values(regions)}
    metric_ids = {kb.metric(m).id for m in split_values(metrics)}
    wanted_years = set(whole_years(years, example="innov export --year 2022,2023"))
    return [
        f
        for f in all_facts(kb)
        if (not region_ids or f.region in region_ids)
        and (not metric_ids or f.metric in metric_ids)
        and (not wanted_years or f.year in wanted_years)
    ]


def facts_view(facts: list[Fact], kb: KnowledgeBase) -> Output:
    records = [fact_record(f, kb)._asdict() for f in facts]
    rows: list[list[Cell]] = [
        [
            fact.region,
            fact.metric,
            format_value(fact, kb.metrics[fact.metric].unit),
            year_label(fact),
            fact.confidence,
            fact.source,
            fact.note or "",
        ]
        for fact in facts
    ]
    view = TableView(
        [
            Column(msg("header.region"), key="region"),
            Column(msg("header.metric"), key="metric"),
            Column(msg("header.value"), "right", whole=True, key="value"),
            Column(msg("header.year"), key="year"),
            Column(msg("header.confidence"), key="confidence"),
            Column(msg("header.source"), key="source"),
            Column(msg("header.note"), key="note"),
        ],
        rows,
        title=msg("title.facts", count=len(facts)),
    )
    return Output(records, records, [view], columns=FactRecord._fields)


def export_knowledge_base(
    kb: KnowledgeBase,
    fmt: str,
    path: Path | None,
    fields: Sequence[str] | None,
    term: Terminal,
    *,
    facts: list[Fact] | None = None,
    bom: bool = False,
) -> None:
    """Write the facts (every fact unless given), one per row, to stdout or to `path`."""
    chosen = all_facts(kb) if facts is None else facts
    if bom and fmt != "csv":
        raise UsageProblem(
            msg("error.bom_applies_to_format_csv", a0=fmt), hint=msg("error.drop_bom_or_write_a")
        )
    if fmt == "sqlite":
        if path is None:
            raise UsageProblem(
                msg("error.sqlite_path"),
                hint=msg("hint.example", example="innov export --format sqlite kb.db"),
            )
        if fields:
            raise UsageProblem(msg("error.sqlite_fields"))
        info = check_output_path(path)
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise UsageProblem(
                msg("error.a_sqlite_database_must_be", a0=path),
                hint=msg("error.name_a_file_such_as"),
            )

        def produce_database(temp: Path) -> None:
            try:
                write_sqlite(kb, temp, chosen)
            except sqlite3.Error as exc:  # "database or disk is full", "unable to open"
                raise UnusableFile(msg("error.cannot_write", a0=path, a1=exc)) from None

        write_atomically(path, produce_database)
        return
    from innov_cli.output.emit import emit

    output = facts_view(chosen, kb)
    if path is None:
        emit(output, Format(fmt), term, fields, bom=bom)
        return

    def produce(temp: Path) -> None:
        with temp.open("w", encoding="utf-8", newline="") as handle:
            emit(
                output,
                Format(fmt),
                Terminal(handle, term.stderr, False, False, True, None),
                fields,
                bom=bom,
            )

    write_atomically(path, produce)


_SCHEMA = """
CREATE TABLE sources (
    id TEXT PRIMARY KEY, publisher TEXT NOT NULL, title TEXT NOT NULL, date TEXT NOT NULL,
    url TEXT NOT NULL, note TEXT,
    tier TEXT CHECK (tier IN ('primary', 'official-media', 'secondary')), via TEXT, accessed TEXT,
    producer TEXT, release TEXT CHECK (release IN ('first', 'final', 'revised')),
    release_date TEXT, revision TEXT, basis TEXT
);
CREATE TABLE metrics (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, unit TEXT NOT NULL,
    better TEXT NOT NULL CHECK (better IN ('higher', 'lower', 'none')), description TEXT,
    edition_offset INTEGER, name_zh TEXT, value_type TEXT NOT NULL, minimum REAL, maximum REAL,
    "group" TEXT NOT NULL, caveat TEXT, series TEXT
);
CREATE TABLE regions (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, name_zh TEXT, kinds TEXT NOT NULL,
    country TEXT NOT NULL, parent TEXT REFERENCES regions(id), aliases TEXT,
    strategy_year INTEGER, strategy_source TEXT REFERENCES sources(id), focus TEXT,
    focus_source TEXT REFERENCES sources(id), note TEXT,
    membership_source TEXT REFERENCES sources(id), tags TEXT, related TEXT
);
CREATE TABLE region_members (
    region TEXT NOT NULL REFERENCES regions(id), member TEXT NOT NULL REFERENCES regions(id),
    PRIMARY KEY (region, member)
);
CREATE TABLE facts (
    id INTEGER PRIMARY KEY,
    region TEXT NOT NULL REFERENCES regions(id), metric TEXT NOT NULL REFERENCES metrics(id),
    value REAL NOT NULL, unit TEXT NOT NULL, year INTEGER NOT NULL, edition INTEGER,
    source TEXT NOT NULL REFERENCES sources(id),
    confidence TEXT NOT NULL CHECK (confidence IN ('exact', 'approximate', 'derived')),
    qualifier TEXT, note TEXT, tier TEXT, series TEXT,
    preferred INTEGER NOT NULL CHECK (preferred IN (0, 1)), producer TEXT NOT NULL,
    release TEXT CHECK (release IN ('first', 'final', 'revised')), release_date TEXT,
    revision TEXT, basis TEXT, flags TEXT NOT NULL,
    UNIQUE (region, metric, year, source)
);
-- The one figure per region, metric and year that every innov command shows.
CREATE VIEW preferred_facts AS SELECT * FROM facts WHERE preferred = 1;
CREATE INDEX facts_region ON facts(region);
CREATE INDEX facts_metric_year ON facts(metric, year);
CREATE INDEX facts_source ON facts(source);
CREATE INDEX regions_parent ON regions(parent);
"""


def write_sqlite(kb: KnowledgeBase, path: Path, facts: list[Fact] | None = None) -> None:
    """A database that sqlite3 and Datasette open as it is: keys, indexes, one fact per row
    (every fact, or those given; the regions, metrics and sources tables stay whole)."""
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        connection.executescript(_SCHEMA)
        _insert(
            connection,
            "sources",
            [
                (
                    s.id,
                    s.publisher,
                    s.title,
                    s.date,
                    s.url,
                    s.note,
                    s.tier,
                    s.via,
                    s.accessed,
                    s.producer,
                    s.release,
                    s.release_date,
                    s.revision,
                    s.basis,
                )
                for s in kb.sources.values()
            ],
        )
        _insert(
            connection,
            "metrics",
            [
                (
                    m.id,
                    m.name,
                    m.unit,
                    m.better,
                    m.description,
                    m.edition_offset,
                    m.name_zh,
                    m.kind,
                    m.valid_range[0],
                    m.valid_range[1],
                    m.section,
                    m.caveat,
                    m.series,
                )
                for m in kb.metrics.values()
            ],
        )
        _insert(
            connection,
            "regions",
            [
                (
                    r.id,
                    r.name,
                    r.name_zh,
                    ";".join(r.kinds),
                    r.country,
                    r.parent,
                    ";".join(r.aliases),
                    r.strategy_year,
                    r.strategy_source,
                    ";".join(r.focus),
                    r.focus_source,
                    r.note,
                    r.membership_source,
                    ";".join(r.tags),
                    ";".join(r.related),
                )
                for r in kb.regions.values()
            ],
        )
        _insert(
            connection,
            "region_members",
            [(r.id, m) for r in kb.regions.values() for m in r.members],
        )
        connection.executemany(
            "INSERT INTO facts (region, metric, value, unit, year, edition, source, confidence,"
            " qualifier, note, tier, series, preferred, producer, release, release_date,"
            " revision, basis, flags)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    f.region,
                    f.metric,
                    _sqlite_number(f.value),
                    f.unit or kb.metrics[f.metric].unit,
                    f.year,
                    f.edition,
                    f.source,
                    f.confidence,
                    f.qualifier,
                    f.note,
                    kb.tier_of(f),
                    f.series,
                    int(kb.is_preferred(f)),
                    *_joined(provenance_fields(f, kb)),
                )
                for f in (all_facts(kb) if facts is None else facts)
            ],
        )
        connection.commit()
    finally:
        connection.close()


def _joined(fields: tuple[Any, ...]) -> tuple[Any, ...]:
    """Provenance fields for a SQL row: the flags list as one `;`-joined text, as in CSV."""
    return tuple(";".join(v) if isinstance(v, list) else v for v in fields)


def _insert(connection: sqlite3.Connection, table: str, rows: list[tuple[object, ...]]) -> None:
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def _sqlite_number(value: float) -> float:
    """SQLite's integers stop at 2**63: a larger whole number is stored as a REAL."""
    return float(value) if isinstance(value, int) and abs(value) >= 2**63 else value
