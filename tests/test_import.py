"""`innov import`: tables in, a knowledge-base file out, exact and sourced, or nothing at all.

Every table here is built by the test itself. The numbers are synthetic (round, obviously
made-up figures), never real statistics.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import tomli as tomllib
from typer.testing import CliRunner

from innov_cli.cli import app

from .conftest import Run, run

# A small knowledge base of its own, so these tests do not move when the built-in data does.
BASE = """
schema_version = 1

[[source]]
id = "test-source"
publisher = "Test Publisher"
title = "Synthetic figures for tests"
date = "2025-01-01"
url = "https://example.org/test"
tier = "secondary"

[[metric]]
id = "gdp"
name = "GDP"
unit = "CNY bn"

[[metric]]
id = "population"
name = "Population"
unit = "million people"

[[metric]]
id = "rd_intensity"
name = "R&D intensity"
unit = "%"

[[region]]
id = "beijing"
name = "Beijing"
name_zh = "北京市"
aliases = ["北京"]
kinds = ["province"]
country = "CN"

[[region]]
id = "shanghai"
name = "Shanghai"
name_zh = "上海市"
aliases = ["上海"]
kinds = ["province"]
country = "CN"

[[region]]
id = "guangdong"
name = "Guangdong"
name_zh = "广东省"
aliases = ["广东"]
kinds = ["province"]
country = "CN"
"""

NBS_URL = "https://data.stats.gov.cn/"

# Synthetic figures in 亿元 (100 million yuan): 32000.5 亿元 is exactly 3200.05 CNY bn.
NBS_ROWS = [
    ["数据库：分省年度数据"],
    ["指标：地区生产总值(亿元)"],
    ["时间：最近2年"],
    ["地区", "2024年", "2023年"],
    ["北京市", "32000.5", "30000"],
    ["上海市", "12345.6", ".."],
    ["广东省", "", "100"],
    ["注：本表数字为测试用的合成数字", "仅供测试。"],  # a note that a comma split
    ["数据来源：国家统计局"],
]
EXPECTED = {
    ("beijing", 2024): 3200.05,
    ("beijing", 2023): 3000.0,
    ("shanghai", 2024): 1234.56,
    ("guangdong", 2023): 10.0,
}


@pytest.fixture
def base(tmp_path: Path) -> Path:
    path = tmp_path / "base.toml"
    path.write_text(BASE, encoding="utf-8")
    return path


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def write_xlsx(rows: list[list[Any]], path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def run_stdin(*args: str, data: bytes) -> Run:
    result = CliRunner().invoke(app, list(args), input=data, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def facts_of(path: Path) -> dict[tuple[str, int], dict[str, Any]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {(f["region"], f["year"]): f for f in data.get("fact", [])}


def exported(*args: str) -> list[dict[str, Any]]:
    done = run(*args, "export", "--format", "json")
    assert done.exit_code == 0, done.stderr
    return list(done.json())


# -- round trip --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_then_import_gives_back_the_same_facts(tmp_path: Path, fmt: str) -> None:
    table = tmp_path / f"f.{fmt}"
    table.write_text(run("export", "--format", fmt).stdout, encoding="utf-8")
    out = tmp_path / "f.toml"
    done = run("import", str(table), "-o", str(out))
    assert done.exit_code == 0, done.stderr
    assert done.stdout == ""
    # The file layers over the built-in knowledge base (whose records it does not copy):
    # layered, it gives back exactly what was exported.
    again = run("--data", str(out), "export", "--format", fmt)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == table.read_text(encoding="utf-8")
    assert run("validate", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "[[region]]" not in text and "[[metric]]" not in text


def test_an_edited_export_imports_the_edit(tmp_path: Path, base: Path) -> None:
    rows = [
        ["region", "metric", "value", "unit", "year", "edition", "source", "confidence"],
        ["北京", "gdp", "123.4", "", "2020", "", "test-source", "exact"],
        ["Shanghai", "population", "2000", "万人", "2020", "", "test-source", "approximate"],
    ]
    table = tmp_path / "edited.csv"
    table.write_text(csv_text(rows), encoding="utf-8")
    out = tmp_path / "out.toml"
    done = run("--no-builtin", "--data", str(base), "import", str(table), "-o", str(out))
    assert done.exit_code == 0, done.stderr
    facts = facts_of(out)
    assert facts[("beijing", 2020)]["value"] == 123.4
    shanghai = facts[("shanghai", 2020)]
    assert shanghai["value"] == 20 and shanghai["confidence"] == "approximate"
    assert "published as 2000 万人" in shanghai["note"]


# -- NBS data-portal tables --------------------------------------------------------------


def nbs_variants(tmp_path: Path) -> dict[str, Path]:
    text = csv_text(NBS_ROWS)
    utf8_bom = tmp_path / "gdp-bom.csv"
    utf8_bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    gbk = tmp_path / "gdp-gbk.csv"
    gbk.write_bytes(text.encode("gbk"))
    plain = tmp_path / "gdp-plain.csv"
    plain.write_bytes(text.encode("utf-8"))
    # In a workbook the figures are numbers, as the portal's XLSX export has them.
    numeric = [[float(c) if c.replace(".", "").isdigit() else c for c in r] for r in NBS_ROWS]
    xlsx = write_xlsx(numeric, tmp_path / "gdp.xlsx")
    return {"utf-8 with BOM": utf8_bom, "gbk": gbk, "utf-8": plain, "xlsx": xlsx}


@pytest.mark.parametrize("variant", ["utf-8 with BOM", "gbk", "utf-8", "xlsx"])
def test_nbs_table_imports_converted_and_sourced(tmp_path: Path, base: Path, variant: str) -> None:
    table = nbs_variants(tmp_path)[variant]
    out = tmp_path / "gdp.toml"
    done = run(
        "--no-builtin", "--data", str(base), "import", str(table), "-o", str(out),
        "--url", NBS_URL, "--date", "2025-03-01",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert "wrote 4 facts" in done.stderr
    facts = facts_of(out)
    assert {k: f["value"] for k, f in facts.items()} == EXPECTED
    # Exactly, with no float noise in the file itself.
    assert "value = 3200.05\n" in out.read_text(encoding="utf-8")
    # The table's 注： line reaches every fact it concerns (it names no year: all of them).
    assert facts[("beijing", 2024)]["note"] == (
        "published as 32000.5 亿元, converted to CNY bn; 注：本表数字为测试用的合成数字,仅供测试。"
    )
    source = tomllib.loads(out.read_text(encoding="utf-8"))["source"][0]
    assert source["id"] == facts[("beijing", 2024)]["source"] == "nbs-gdp-2025-03-01"
    assert source["tier"] == "primary" and "国家统计局" in source["publisher"]
    assert source["title"] == "分省年度数据：地区生产总值(亿元)"
    assert run("--no-builtin", "--data", str(base), "validate", str(out)).exit_code == 0
    shown = exported("--no-builtin", "--data", str(out))
    assert {(r["region"], r["year"]): r["value"] for r in shown} == EXPECTED


def test_nbs_table_resolves_against_the_built_in_knowledge_base(tmp_path: Path) -> None:
    table = nbs_variants(tmp_path)["utf-8 with BOM"]
    out = tmp_path / "gdp.toml"
    done = run("import", str(table), "-o", str(out), "--url", NBS_URL, "--date", "2025-03")
    assert done.exit_code == 0, done.stderr
    assert {k: f["value"] for k, f in facts_of(out).items()} == EXPECTED
    assert run("validate", str(out)).exit_code == 0


def test_standard_input_is_read_for_a_dash(tmp_path: Path, base: Path) -> None:
    data = csv_text(NBS_ROWS).encode("gbk")
    out = tmp_path / "gdp.toml"
    done = run_stdin(
        "--no-builtin", "--data", str(base), "import", "-", "-o", str(out),
        "--url", NBS_URL, "--date", "2025",
        data=data,
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert {k: f["value"] for k, f in facts_of(out).items()} == EXPECTED


def test_nbs_source_asks_for_what_the_table_does_not_say(tmp_path: Path, base: Path) -> None:
    table = nbs_variants(tmp_path)["utf-8"]
    out = tmp_path / "gdp.toml"
    done = run("--no-builtin", "--data", str(base), "import", str(table), "-o", str(out))
    assert done.exit_code == 2
    assert "--url, --date" in done.stderr and "国家统计局" in done.stderr
    assert not out.exists()


def test_misspelt_regions_stop_the_import_listing_every_one(tmp_path: Path, base: Path) -> None:
    rows = [r[:] for r in NBS_ROWS]
    rows[4][0] = "北京x市"  # misspelt
    rows[6][0] = "Atlantis"  # unknown
    table = tmp_path / "bad.csv"
    table.write_text(csv_text(rows), encoding="utf-8")
    out = tmp_path / "bad.toml"
    done = run(
        "--no-builtin", "--data", str(base), "import", str(table), "-o", str(out),
        "--url", NBS_URL, "--date", "2025",
    )  # fmt: skip
    assert done.exit_code == 3
    assert done.stdout == ""
    assert "2 unknown region names" in done.stderr
    assert "'北京x市' (did you mean 'beijing'?)" in done.stderr
    assert "'Atlantis'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_unconvertible_unit_is_an_error_not_a_guess(tmp_path: Path, base: Path) -> None:
    rows = [r[:] for r in NBS_ROWS]
    rows[1] = ["指标：地区生产总值(元)"]
    table = tmp_path / "yuan.csv"
    table.write_text(csv_text(rows), encoding="utf-8")
    out = tmp_path / "out.toml"
    done = run(
        "--no-builtin", "--data", str(base), "import", str(table), "-o", str(out),
        "--url", NBS_URL, "--date", "2025",
    )  # fmt: skip
    assert done.exit_code == 4
    assert "cannot convert unit '元' to 'CNY bn'" in done.stderr
    assert not out.exists()


def test_a_bad_cell_names_its_place(tmp_path: Path, base: Path) -> None:
    rows = [r[:] for r in NBS_ROWS]
    rows[5][1] = "12x"
    table = tmp_path / "cell.csv"
    table.write_text(csv_text(rows), encoding="utf-8")
    out = tmp_path / "out.toml"
    done = run(
        "--no-builtin", "--data", str(base), "import", str(table), "-o", str(out),
        "--url", NBS_URL, "--date", "2025",
    )  # fmt: skip
    assert done.exit_code == 4
    assert f"{table}:6:2: 2024: '12x' is not a number" in done.stderr  # file:row:column
    assert not out.exists()


# -- other wide tables -------------------------------------------------------------------


def test_a_wide_table_needs_metric_and_unit(tmp_path: Path, base: Path) -> None:
    table = tmp_path / "people.csv"
    table.write_text(csv_text([["省份", "2022", "2021"], ["北京", "2185.8", "2000"]]), "utf-8")
    out = tmp_path / "people.toml"
    common = ("--no-builtin", "--data", str(base), "import", str(table), "-o", str(out))
    done = run(*common, "--source", "test-source")
    assert done.exit_code == 2 and "--metric is required" in done.stderr
    done = run(*common, "--source", "test-source", "--metric", "population")
    assert done.exit_code == 2 and "--unit is required" in done.stderr
    done = run(*common, "--metric", "population", "--unit", "万人")
    assert done.exit_code == 2 and "the facts need a source" in done.stderr
    assert not out.exists()
    done = run(*common, "--metric", "population", "--unit", "万人", "--source", "test-source")
    assert done.exit_code == 0, done.stderr
    facts = facts_of(out)
    assert facts[("beijing", 2022)]["value"] == 21.858
    assert facts[("beijing", 2022)]["source"] == "test-source"


def test_a_new_source_without_a_tier_is_secondary_and_says_so(tmp_path: Path, base: Path) -> None:
    table = tmp_path / "rd.csv"
    table.write_text(csv_text([["region", "2024"], ["Shanghai", "4.5"]]), "utf-8")
    out = tmp_path / "rd.toml"
    common = (
        "--no-builtin", "--data", str(base), "import", str(table), "-o", str(out),
        "--metric", "rd_intensity", "--unit", "%", "--publisher", "Test Bureau",
        "--title", "Synthetic table", "--url", "https://example.org/t", "--date", "2025-02",
    )  # fmt: skip
    done = run(*common)
    assert done.exit_code == 0, done.stderr
    assumed = tomllib.loads(out.read_text(encoding="utf-8"))["source"][0]
    assert assumed["tier"] == "secondary" and "tier 'secondary'" in assumed["note"]
    done = run(*common, "--tier", "secondary", "--source", "test-bureau-2025", "--force")
    assert done.exit_code == 0, done.stderr
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert data["source"][0]["id"] == "test-bureau-2025"
    assert data["source"][0]["tier"] == "secondary"
    assert data["fact"][0]["value"] == 4.5 and "note" not in data["fact"][0]


def test_region_column_picks_the_column_of_names(tmp_path: Path, base: Path) -> None:
    rows = [["code", "name", "2024"], ["11", "北京市", "1"], ["31", "上海市", "2"]]
    table = tmp_path / "t.csv"
    table.write_text(csv_text(rows), "utf-8")
    out = tmp_path / "t.toml"
    done = run(
        "--no-builtin", "--data", str(base), "import", str(table), "-o", str(out),
        "--metric", "gdp", "--unit", "CNY bn", "--source", "test-source",
        "--region-column", "name",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert {k: f["value"] for k, f in facts_of(out).items()} == {
        ("beijing", 2024): 1,
        ("shanghai", 2024): 2,
    }


# -- writing -----------------------------------------------------------------------------


def test_an_existing_file_is_kept_without_force(tmp_path: Path, base: Path) -> None:
    table = nbs_variants(tmp_path)["utf-8"]
    out = tmp_path / "gdp.toml"
    out.write_text("# mine\n", encoding="utf-8")
    common = (
        "--no-builtin", "--data", str(base), "import", str(table), "-o", str(out),
        "--url", NBS_URL, "--date", "2025",
    )  # fmt: skip
    done = run(*common)
    assert done.exit_code == 2 and "already exists" in done.stderr and "--force" in done.stderr
    assert out.read_text(encoding="utf-8") == "# mine\n"
    done = run(*common, "--force")
    assert done.exit_code == 0, done.stderr
    assert len(facts_of(out)) == 4


def test_xlsx_without_openpyxl_names_the_install(
    tmp_path: Path, base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table = nbs_variants(tmp_path)["xlsx"]
    monkeypatch.setitem(sys.modules, "openpyxl", None)  # as if it were not installed
    out = tmp_path / "gdp.toml"
    done = run(
        "--no-builtin", "--data", str(base), "import", str(table), "-o", str(out),
        "--url", NBS_URL, "--date", "2025",
    )  # fmt: skip
    assert done.exit_code == 2
    assert "pip install openpyxl" in done.stderr
    assert not out.exists()


def test_missing_input_file_is_a_clear_error(tmp_path: Path) -> None:
    done = run("import", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.toml"))
    assert done.exit_code == 4
    assert "no such file" in done.stderr and done.stdout == ""


def test_json_values_stay_exact(tmp_path: Path, base: Path) -> None:
    rows = [{"region": "beijing", "metric": "gdp", "value": 0.1, "year": 2020,
             "source": "test-source", "confidence": "exact"}]  # fmt: skip
    table = tmp_path / "t.json"
    table.write_text(json.dumps(rows), encoding="utf-8")
    out = tmp_path / "t.toml"
    done = run("--no-builtin", "--data", str(base), "import", str(table), "-o", str(out))
    assert done.exit_code == 0, done.stderr
    assert "value = 0.1\n" in out.read_text(encoding="utf-8")


def test_output_dash_writes_the_file_to_stdout(tmp_path: Path, base: Path) -> None:
    table = nbs_variants(tmp_path)["utf-8"]
    done = run(
        "--no-builtin", "--data", str(base), "import", str(table), "-o", "-",
        "--url", NBS_URL, "--date", "2025",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    data = tomllib.loads(done.stdout)
    assert {(f["region"], f["year"]): f["value"] for f in data["fact"]} == EXPECTED
    assert "wrote 4 facts" in done.stderr and "standard output" in done.stderr


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (
            ["beijing", "rd_intensity", "140", "2020", "exact"],
            "rd_intensity (%) must be within 0-100",
        ),
        (["beijing", "gdp", "1", "1066", "exact"], "year 1066 is before 1900"),
        (["beijing", "gdp", "1", "2020", "sure"], "confidence 'sure' is not one of"),
    ],
)
def test_implausible_rows_are_named_by_their_place_in_the_table(
    tmp_path: Path, base: Path, cells: list[str], message: str
) -> None:
    header = ["region", "metric", "value", "year", "confidence", "source"]
    table = tmp_path / "t.csv"
    table.write_text(csv_text([header, [*cells, "test-source"]]), encoding="utf-8")
    out = tmp_path / "t.toml"
    done = run("--no-builtin", "--data", str(base), "import", str(table), "-o", str(out))
    assert done.exit_code == 4
    assert f"{table}:2: " in done.stderr and message in done.stderr
    assert not out.exists()


def test_xlsx_percentages_read_as_shown(tmp_path: Path, base: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["指标：R&D经费投入强度(%)"])
    sheet.append(["地区", "2024年"])
    sheet.append(["上海市", 0.0425])  # synthetic; the sheet shows it as 4.25%
    sheet["B3"].number_format = "0.00%"
    sheet.append(["数据来源：国家统计局"])
    table = tmp_path / "rd.xlsx"
    book.save(table)
    out = tmp_path / "rd.toml"
    done = run(
        "--no-builtin", "--data", str(base), "import", str(table), "-o", str(out),
        "--url", NBS_URL, "--date", "2025",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert facts_of(out)[("shanghai", 2024)]["value"] == 4.25
    assert "note" not in facts_of(out)[("shanghai", 2024)]
