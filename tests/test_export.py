"""`innov export`: the format from the file name, filters, `-` for stdout, SQLite and CSV files."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.layers import layers_for, load_knowledge_base
from tests.helpers import BROKEN_BASE

from .conftest import run


def test_export_infers_the_format_from_the_file_name(tmp_path: Path) -> None:
    """`innov export kb.db` writes SQLite; a contradicting --format is exit 2."""
    data = ("--no-builtin", "--data", str(BROKEN_BASE))
    for name, start in (
        ("kb.db", b"SQLite format 3\x00"),
        ("kb.sqlite", b"SQLite format 3\x00"),
        ("facts.csv", b"region,metric,value"),
        ("facts.json", b"[\n  {"),
        ("facts.jsonl", b'{"region": '),
        ("facts.md", b"### "),
    ):
        assert run(*data, "export", str(tmp_path / name)).exit_code == 0, name
        assert (tmp_path / name).read_bytes().startswith(start), name
    database = (tmp_path / "kb.db").read_bytes()
    refused = run(*data, "export", "--format", "jsonl", str(tmp_path / "kb.db"))
    assert refused.exit_code == 2
    assert "innov: error: --format jsonl contradicts" in refused.stderr
    assert "--force" in refused.stderr
    assert (tmp_path / "kb.db").read_bytes() == database  # untouched
    forced = run(*data, "export", "--format", "jsonl", "--force", str(tmp_path / "kb.db"))
    assert forced.exit_code == 0
    assert (tmp_path / "kb.db").read_bytes().startswith(b'{"region": ')
    # An ending that names no format: --format decides, else JSON Lines as before.
    assert run(*data, "export", str(tmp_path / "facts.txt")).exit_code == 0
    assert (tmp_path / "facts.txt").read_bytes().startswith(b'{"region": ')


def test_export_filters_by_region_metric_and_year(tmp_path: Path) -> None:
    """--region, --metric and --year, repeatable or comma lists; unknown -> exit 3."""
    data = ("--no-builtin", "--data", str(BROKEN_BASE))
    everything = [r["region"] for r in _jsonl(run(*data, "export").stdout)]
    assert sorted(everything) == ["alpha", "alpha", "beta"]
    by_region = _jsonl(run(*data, "export", "--region", "Alpha").stdout)
    assert {r["region"] for r in by_region} == {"alpha"} and len(by_region) == 2
    both = _jsonl(run(*data, "export", "--region", "alpha,beta", "--metric", "gdp_test").stdout)
    assert sorted(r["region"] for r in both) == ["alpha", "beta"]
    repeated = _jsonl(run(*data, "export", "--metric", "rd_share", "--metric", "gdp_test").stdout)
    assert len(repeated) == 3
    assert _jsonl(run(*data, "export", "--year", "2022").stdout) == []
    assert len(_jsonl(run(*data, "export", "--year", "2022,2023").stdout)) == 3
    unknown = run(*data, "export", "--region", "alfa")
    assert unknown.exit_code == 3
    assert unknown.stderr.startswith("innov: error: unknown region 'alfa'")
    assert "hint: did you mean" in unknown.stderr and unknown.stdout == ""
    assert run(*data, "export", "--metric", "gdp").exit_code == 3
    assert run(*data, "export", "--year", "last").exit_code == 2
    # Filters apply to the SQLite facts table too.
    import sqlite3

    db = tmp_path / "kb.db"
    assert run(*data, "export", "--region", "beta", str(db)).exit_code == 0
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT region FROM facts").fetchall() == [("beta",)]


def _jsonl(text: str) -> list[dict[str, Any]]:
    import json

    return [json.loads(line) for line in text.splitlines()]


def test_dash_is_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`-` is standard output for export and for -o, never a file named '-'."""
    monkeypatch.chdir(tmp_path)
    data = ("--no-builtin", "--data", str(BROKEN_BASE))
    exported = run(*data, "export", "--format", "csv", "-")
    assert exported.stdout.startswith("region,metric,value")
    ranked = run(*data, "rank", "--by", "gdp_test", "--format", "csv", "-o", "-")
    assert ranked.stdout.startswith("rank,")
    assert not (tmp_path / "-").exists()


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(layers_for([]), use_cache=False)


def test_export_csv_loads_into_sqlite_one_row_per_fact(tmp_path: Path, kb: KnowledgeBase) -> None:
    result = run("export", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(kb.facts)
    assert set(rows[0]) >= {
        "region",
        "metric",
        "value",
        "unit",
        "year",
        "source",
        "confidence",
        "qualifier",
        "note",
    }
    connection = sqlite3.connect(tmp_path / "csv.db")
    columns = list(rows[0])
    connection.execute(f"CREATE TABLE facts ({', '.join(columns)})")
    connection.executemany(
        f"INSERT INTO facts VALUES ({', '.join('?' for _ in columns)})",
        [tuple(r[c] for c in columns) for r in rows],
    )
    assert connection.execute("SELECT count(*) FROM facts").fetchone()[0] == len(kb.facts)


def test_export_keeps_qualifiers(kb: KnowledgeBase) -> None:
    rows = [r for r in run("export", "--format", "jsonl").stdout.splitlines() if '">"' in r]
    assert rows, "'more than' figures must keep their qualifier in exports"


def test_sqlite_export_matches_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    assert run("export", "--format", "sqlite", str(path)).exit_code == 0
    jsonl = run("export", "--format", "jsonl").stdout.splitlines()
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT count(*) FROM facts").fetchone()[0] == len(jsonl)
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"regions", "metrics", "sources", "facts"} <= tables
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
