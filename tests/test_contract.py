"""docs/json-contract.md, the record types and the real output agree key for key."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from innov_cli.commands.compare import CompareRecord
from innov_cli.commands.coverage import CoverageRecord
from innov_cli.commands.metrics import MetricRecord
from innov_cli.commands.rank import RankRecord
from innov_cli.commands.rows import FactRecord, RegionRecord
from innov_cli.commands.search import SearchRecord
from innov_cli.commands.show import ShowFactRecord
from innov_cli.commands.sources import SourceRecord
from innov_cli.commands.trend import TREND_KEYS, TrendRecord

from .conftest import run

PAGE = (Path(__file__).resolve().parents[1] / "docs" / "json-contract.md").read_text("utf-8")
# The described part, before the generated key lists (tests/test_docs.py checks those).
CONTRACT = " ".join(PAGE.split("## Keys, record by record")[0].split())


def documented(marker: str) -> list[str]:
    """The top-level keys of the first `{...}` after `marker` in docs/json-contract.md."""
    start = CONTRACT.index(marker)
    text = CONTRACT[CONTRACT.index("{", start) :]
    depth, keys, current = 0, [], ""
    for char in text:
        if char in "{[":
            depth += 1
            if depth == 1:
                continue
        elif char in "}]":
            depth -= 1
            if depth == 0:
                break
        if depth == 1 and char == ",":
            keys.append(current)
            current = ""
        elif depth == 1:
            current += char
    keys.append(current)
    return [re.split(r"[:\s]", k.strip())[0] for k in keys if k.strip()]


# (marker in docs/json-contract.md, record type, a command whose rows are these records)
ROWS = {
    "rank": ("`rank --json`", RankRecord, ["rank", "--by", "gdp"]),
    "compare": ("one row per metric and region", CompareRecord, ["compare", "jjj", "gba"]),
    "show": ("`show --json`", None, ["show", "gba"]),
    "list": ("`list --json`", RegionRecord, ["list"]),
    "metrics": ("`metrics --json`", MetricRecord, ["metrics"]),
    "sources": ("`sources --json`", SourceRecord, ["sources"]),
    "trend": ("points: [", TrendRecord, ["trend", "beijing"]),
    "search": ("`search --json`", SearchRecord, ["search", "bay"]),
    "export": ("`export`", FactRecord, ["export"]),
    "coverage": ("`coverage --json`", CoverageRecord, ["coverage", "--by", "gdp"]),
}


@pytest.mark.parametrize("name", sorted(ROWS))
def test_documented_keys_are_the_record_fields(name: str) -> None:
    marker, found, _ = ROWS[name]
    record: Any = found
    keys = documented(marker)
    if record is None:  # show: the region record, links, then the facts
        assert keys[: len(RegionRecord._fields)] == list(RegionRecord._fields)
        return
    if name == "trend":  # points leave out the series' region and metric; break_ is "break"
        assert keys == [k for k in TREND_KEYS if k not in ("region", "metric")]
        assert [k.rstrip("_") for k in record._fields] == list(TREND_KEYS)
        return
    assert keys == list(record._fields)


def test_show_facts_are_export_rows_plus_working() -> None:
    """Show's fact rows keep their first columns where they were; what came later is added."""
    through_preferred = FactRecord._fields[: FactRecord._fields.index("preferred") + 1]
    provenance = FactRecord._fields[len(through_preferred) :]
    assert list(ShowFactRecord._fields) == [
        *through_preferred,
        "formula",
        "derived_from",
        *provenance,
    ]


@pytest.mark.parametrize("name", sorted(set(ROWS) - {"show", "trend", "compare"}))
def test_json_rows_have_exactly_the_documented_keys(name: str) -> None:
    marker, _, args = ROWS[name]
    fmt = ["--format", "json"] if name == "export" else ["--json"]
    result = run(*args, *fmt)
    assert result.exit_code == 0, result.stderr
    rows = result.json()
    assert rows, "the sample command should give rows"
    assert all(list(row) == documented(marker) for row in rows)


@pytest.mark.parametrize("name", sorted(ROWS))
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_jsonl_and_csv_rows_have_exactly_the_documented_keys(name: str, fmt: str) -> None:
    _, found, args = ROWS[name]
    record: Any = found
    result = run(*args, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "jsonl":
        keys = [list(json.loads(line)) for line in result.stdout.splitlines()]
    else:
        keys = [list(row) for row in csv.DictReader(io.StringIO(result.stdout))]
    assert keys
    expected = list(record._fields) if record is not None else list(ShowFactRecord._fields)
    if record is TrendRecord:
        expected = list(TREND_KEYS)
    assert all(k == expected for k in keys)


def test_compare_and_trend_documents_have_exactly_the_documented_keys() -> None:
    compare = run("compare", "jjj", "gba", "--json").json()
    assert list(compare) == documented("`compare --json`")
    assert list(compare["metrics"][0]) == documented("metrics: [")
    trend = run("trend", "beijing", "--json").json()
    assert list(trend) == documented("`trend --json`")
    assert list(trend["series"][0]) == documented("series: [")
    show = run("show", "gba", "--json").json()
    assert list(show) == documented("`show --json`")
