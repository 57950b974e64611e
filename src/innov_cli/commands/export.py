"""`innov export`: the tidy dataset as text formats or as a SQLite database."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from innov_cli.commands.shared import FactRecord, fact_record
from innov_cli.errors import UsageProblem
from innov_cli.formats import Format
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Fact
from innov_cli.output.atomic import write_atomically
from innov_cli.output.terminal import Terminal
from innov_cli.view.figures import format_value, year_label
from innov_cli.view.model import Cell, Column, Output, TableView, msg


def all_facts(kb: KnowledgeBase) -> list[Fact]:
    """Every fact in a stable order: region, metric, year, source."""
    return sorted(kb.facts, key=lambda f: (f.region, f.metric, f.year, f.source))


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
    kb: KnowledgeBase, fmt: str, path: Path | None, fields: Sequence[str] | None, term: Terminal
) -> None:
    """Write every fact, one per row, to stdout or (atomically) to `path`."""
    if fmt == "sqlite":
        if path is None:
            raise UsageProblem(
                "--format sqlite needs a PATH",
                hint="innov export --format sqlite kb.db",
                words=msg("error.sqlite_path"),
            )
        if fields:
            raise UsageProblem(
                "--fields does not apply to sqlite exports", words=msg("error.sqlite_fields")
            )
        write_atomically(path, lambda temp: write_sqlite(kb, temp))
        return
    from innov_cli.output.emit import emit

    output = facts_view(all_facts(kb), kb)
    if path is None:
        emit(output, Format(fmt), term, fields)
        return

    def produce(temp: Path) -> None:
        with temp.open("w", encoding="utf-8", newline="") as handle:
            emit(
                output, Format(fmt), Terminal(handle, term.stderr, False, False, True, None), fields
            )

    write_atomically(path, produce)


_SCHEMA = """
CREATE TABLE sources (
    id TEXT PRIMARY KEY, publisher TEXT NOT NULL, title TEXT NOT NULL, date TEXT NOT NULL,
    url TEXT NOT NULL, note TEXT,
    tier TEXT CHECK (tier IN ('primary', 'official-media', 'secondary')), via TEXT, accessed TEXT
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
    UNIQUE (region, metric, year, source)
);
CREATE INDEX facts_region ON facts(region);
CREATE INDEX facts_metric_year ON facts(metric, year);
CREATE INDEX facts_source ON facts(source);
CREATE INDEX regions_parent ON regions(parent);
"""


def write_sqlite(kb: KnowledgeBase, path: Path) -> None:
    """A database that sqlite3 and Datasette open as it is: keys, indexes, one fact per row."""
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        connection.executescript(_SCHEMA)
        _insert(
            connection,
            "sources",
            [
                (s.id, s.publisher, s.title, s.date, s.url, s.note, s.tier, s.via, s.accessed)
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
            " qualifier, note, tier, series) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                )
                for f in all_facts(kb)
            ],
        )
        connection.commit()
    finally:
        connection.close()


def _insert(connection: sqlite3.Connection, table: str, rows: list[tuple[object, ...]]) -> None:
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


def _sqlite_number(value: float) -> float:
    """SQLite's integers stop at 2**63: a larger whole number is stored as a REAL."""
    return float(value) if isinstance(value, int) and abs(value) >= 2**63 else value
