"""CSV output: a header always, text that is safe to open in a spreadsheet, --bom, UTF-8 only."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from innov_cli.output.machine import write_csv
from tests.helpers import BROKEN_BASE, MINI_ONLY, innov_process

from .conftest import run


def test_csv_has_a_header_and_one_row_per_region() -> None:
    lines = run(*MINI_ONLY, "rank", "--all", "--format", "csv").stdout.splitlines()
    assert lines[0].startswith("rank,id,name")
    assert len(lines) == 1 + 4


def test_csv_of_an_empty_result_still_has_its_header() -> None:
    result = run(*MINI_ONLY, "rank", "--country", "FR", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "rank,id,name,country,metric,value,unit,qualifier,year,edition,confidence,source,"
        "position,tier,name_zh,formula,derived_from,sources_differ"
    ]


def test_csv_to_an_ascii_stream_says_it_needs_utf8() -> None:
    done = innov_process("rank", "--format", "csv", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 4 and done.stdout == ""
    assert "CSV output needs UTF-8" in done.stderr and "PYTHONUTF8=1" in done.stderr


HOSTILE = """
[[region]]
id = "gamma"
name = "=HYPERLINK(\\"http://evil.example\\",\\"click\\")"
kinds = ["city"]
country = "CN"
aliases = ["\\u001b[31mred\\u0007 bell \\u009b csi"]

[[fact]]
region = "gamma"
metric = "gdp_test"
value = 7
year = 2023
source = "stat-office"
confidence = "exact"
note = "-2+3 then a bare\\rreturn"
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(BROKEN_BASE.read_text(encoding="utf-8") + HOSTILE, encoding="utf-8")
    return path


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_escapes_control_characters_and_defuses_formulas(hostile: Path) -> None:
    """No raw ESC/BEL/C1 in CSV; formula-like text shows as text; numbers stay."""
    result = run("--no-builtin", "--data", str(hostile), "list", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\x9b" not in result.stdout
    gamma = next(r for r in _csv_rows(result.stdout) if r["id"] == "gamma")
    assert gamma["name"].startswith("'=HYPERLINK(")
    assert "\\x1b[31mred\\x07" in gamma["aliases"]

    export = run("--no-builtin", "--data", str(hostile), "export", "--format", "csv")
    facts = _csv_rows(export.stdout)
    gamma_fact = next(r for r in facts if r["region"] == "gamma")
    assert gamma_fact["note"] == "'-2+3 then a bare\rreturn"
    assert gamma_fact["value"] == "7"  # a number, not defused


def test_csv_keeps_negative_numbers_numbers_and_quotes_a_bare_cr() -> None:
    """A lone CR is quoted; -3 stays a number."""
    out = io.StringIO()
    write_csv(
        [{"a": -3, "b": "x\ry", "c": "-3", "d": 1.5, "e": "\tlead", "f": "@sum", "g": "+1"}],
        out,
        list("abcdefg"),
    )
    lines = out.getvalue().split("\n")
    assert lines[1] == "-3,\"x\ry\",'-3,1.5,'\tlead,'@sum,'+1"
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows[1][1] == "x\ry"  # one field, one row: the CR did not split it


def test_bom_on_every_csv_writer(hostile: Path, tmp_path: Path) -> None:
    """--bom starts CSV with a UTF-8 BOM; with another format it is a usage error."""
    data = ("--no-builtin", "--data", str(hostile))
    ranked = run(*data, "rank", "--by", "gdp_test", "--format", "csv", "--bom")
    assert ranked.exit_code == 0 and ranked.stdout.startswith("\ufeffrank,")
    target = tmp_path / "facts.csv"
    assert run(*data, "export", "--bom", str(target)).exit_code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfregion,metric,")
    assert run(*data, "rank", "--by", "gdp_test", "--json", "--bom").exit_code == 2
    assert run(*data, "export", "--bom", "--format", "jsonl").exit_code == 2


def test_import_reads_back_a_defused_cell(hostile: Path, tmp_path: Path) -> None:
    """Export, then import, gives back the text as it was (the apostrophe goes)."""
    data = ("--no-builtin", "--data", str(hostile))
    facts = tmp_path / "facts.csv"
    assert run(*data, "export", str(facts)).exit_code == 0
    toml = tmp_path / "back.toml"
    result = run(*data, "import", str(facts), "-o", str(toml))
    assert result.exit_code == 0, result.stderr
    text = toml.read_text(encoding="utf-8")
    assert 'note = "-2+3 then a bare\\rreturn"' in text
    assert "'-2+3" not in text


def test_a_derived_figures_inputs_are_json_in_a_csv_cell() -> None:
    import json

    rows = list(csv.DictReader(io.StringIO(run("rank", "--format", "csv").stdout)))
    derived = [r for r in rows if r["derived_from"]]
    assert derived
    inputs = [json.loads(item) for item in derived[0]["derived_from"].split(";")]
    assert all(i["region"] and i["source"] and i["sources"] for i in inputs)
