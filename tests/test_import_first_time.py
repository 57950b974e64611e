"""`innov import` that works the first time and never misreads a number: new metrics declared on
the command line, NBS header lines, notes and flags kept, exact numbers or a refusal, bounded
workbooks, encodings decided by a stated rule, --dry-run."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
import tomli as tomllib

from innov_cli.commands.importing.numbers import NumberProblem, parse_number

from .conftest import run

URL = "https://www.stats.gov.cn/example"


def _facts(path: Path) -> dict[tuple[str, int], dict[str, Any]]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {(f["region"], f["year"]): f for f in data.get("fact", [])}


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


ROBOTS = """各地区工业机器人密度（台/万人）
地区,2023年,2022年
北京,120,110
上海,"1,250",980
注：2023年数据为初步数。
数据来源：国家统计局
"""

RD = """数据库：分省年度数据
指标：研究与试验发展(R&D)经费投入强度(%)
地区,2023年,2022年
北京市,6.73,6.83
上海市,4.34,4.44
数据来源：国家统计局
"""


def test_a_titled_table_with_a_new_metric_imports_in_one_command(tmp_path: Path) -> None:
    table = _write(tmp_path, "robots.csv", ROBOTS)
    out = tmp_path / "robots.toml"
    done = run(
        "import", str(table), "-o", str(out), "--metric", "robot_density",
        "--url", URL, "--date", "2025-03",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    (metric,) = data["metric"]
    assert (metric["id"], metric["unit"]) == ("robot_density", "台/万人")
    assert metric["name_zh"] == "工业机器人密度"
    (source,) = data["source"]
    assert source["title"] == "各地区工业机器人密度（台/万人）"
    assert source["producer"] == "National Bureau of Statistics of China"
    facts = _facts(out)
    assert facts[("shanghai", 2023)]["value"] == 1250
    # The table's note reaches the facts it is about, and its 初步数 flags them provisional.
    assert facts[("beijing", 2023)]["flags"] == ["provisional"]
    assert "注：2023年数据为初步数。" in facts[("beijing", 2023)]["note"]
    assert "flags" not in facts[("beijing", 2022)] and "note" not in facts[("beijing", 2022)]
    ranked = run("--data", str(out), "rank", "--by", "robot_density", "--kind", "province")
    assert ranked.exit_code == 0 and "Shanghai" in ranked.stdout


def test_the_nbs_long_indicator_name_is_known(tmp_path: Path) -> None:
    table = _write(tmp_path, "rd.csv", RD)
    out = tmp_path / "rd.toml"
    done = run("import", str(table), "-o", str(out), "--url", URL, "--date", "2025-03")
    assert done.exit_code == 0, done.stderr
    facts = _facts(out)
    assert facts[("beijing", 2023)]["metric"] == "rd_intensity"
    assert facts[("beijing", 2023)]["value"] == 6.73


def test_a_new_metric_needs_a_unit_and_a_valid_id(tmp_path: Path) -> None:
    table = _write(tmp_path, "t.csv", "地区,2023年\n北京,5\n")
    out = tmp_path / "o.toml"
    no_unit = run("import", str(table), "-o", str(out), "--metric", "widgets")
    assert no_unit.exit_code == 2 and "give its --unit" in no_unit.stderr
    bad_id = run("import", str(table), "-o", str(out), "--metric", "Widget Count", "--unit", "个")
    assert bad_id.exit_code in (2, 3) and not out.exists()


def test_a_tidy_table_declares_its_metric_with_the_unit_column(tmp_path: Path) -> None:
    rows = (
        "region,metric,value,unit,year,source\n"
        "beijing,robot_density,120,台/万人,2023,cgtn-2025-12-22\n"
    )
    table = _write(tmp_path, "tidy.csv", rows)
    out = tmp_path / "tidy.toml"
    done = run("import", str(table), "-o", str(out), "--metric", "robot_density")
    assert done.exit_code == 0, done.stderr
    assert tomllib.loads(out.read_text(encoding="utf-8"))["metric"][0]["unit"] == "台/万人"


def test_a_tidy_table_without_metric_or_source_columns_needs_only_url_and_date(
    tmp_path: Path,
) -> None:
    table = _write(tmp_path, "robots.csv", "region,year,value\nbeijing,2023,30\nshanghai,2023,25\n")
    out = tmp_path / "robots.toml"
    done = run(
        "import", str(table), "-o", str(out), "--metric", "robot_density", "--unit", "台/万人",
        "--url", "https://www.ifr.org/robots", "--date", "2024-05-01",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    assert {(f["region"], f["year"], f["value"]) for f in data["fact"]} == {
        ("beijing", 2023, 30),
        ("shanghai", 2023, 25),
    }
    (source,) = data["source"]
    assert source["publisher"] == "ifr.org" and source["tier"] == "secondary"
    assert "Assumed by innov import" in source["note"]
    # The declared metric holds what was given, not every default of the format.
    assert set(data["metric"][0]) == {"id", "name", "unit", "description"}


# -- numbers read exactly or refused -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "comma", "expected"),
    [
        ("1,234.5", False, "1234.5"),
        ("1 234.5", False, "1234.5"),
        ("1,234", False, "1234"),
        ("1.234,5", True, "1234.5"),
        ("1 234,5", True, "1234.5"),
        ("12,34", True, "12.34"),
        ("１２３．４", False, "123.4"),
        ("-3", False, "-3"),
    ],
)
def test_numbers_valid_in_one_convention_are_read_exactly(
    text: str, comma: bool, expected: str
) -> None:
    assert str(parse_number(text, decimal_comma=comma)) == expected


@pytest.mark.parametrize("text", ["1.234,5", "1 234,5", "12,34", "1,5", "1e-999", "1e16", "12x"])
def test_ambiguous_or_impossible_numbers_are_refused(text: str) -> None:
    with pytest.raises(NumberProblem):
        parse_number(text)


@pytest.mark.parametrize("cell", ["--", "…", "—", ""])
def test_published_no_figure_marks_are_missing_values(cell: str) -> None:
    assert parse_number(cell) is None


def test_an_ambiguous_cell_stops_the_import_naming_its_place(tmp_path: Path) -> None:
    table = _write(tmp_path, "t.csv", '地区,2023年\n北京,"12,34"\n')
    out = tmp_path / "o.toml"
    done = run("import", str(table), "-o", str(out), "--metric", "gdp", "--unit", "亿元",
               "--source", "cgtn-2025-12-22")  # fmt: skip
    assert done.exit_code == 4 and not out.exists()
    assert f"{table}:2:2: 2023: '12,34' is ambiguous" in done.stderr
    assert "12.34 with a decimal comma or 1234 with a thousands comma" in done.stderr
    comma = run("import", str(table), "-o", str(out), "--metric", "gdp", "--unit", "亿元",
                "--source", "cgtn-2025-12-22", "--decimal-comma")  # fmt: skip
    assert comma.exit_code == 0, comma.stderr
    assert _facts(out)[("beijing", 2023)]["value"] == 1.234  # 12.34 亿元 = 1.234 CNY bn


# -- workbooks --------------------------------------------------------------------------------


def test_formula_cells_without_a_stored_value_stop_the_import(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["地区", "2024年", "2023年"])
    sheet.append(["北京", "=1+2", 3])  # openpyxl stores formulas without values
    path = tmp_path / "f.xlsx"
    book.save(path)
    out = tmp_path / "o.toml"
    done = run("import", str(path), "-o", str(out), "--metric", "gdp", "--unit", "亿元",
               "--source", "cgtn-2025-12-22")  # fmt: skip
    assert done.exit_code == 4 and not out.exists()
    assert "formula cells without a stored value: B2" in done.stderr


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (_zip({"xl/worksheets/sheet1.xml": b"0" * (70 * 1024 * 1024)}), "the limit is 64 MiB"),
        (_zip({"xl/worksheets/sheet1.xml": b" " * (8 * 1024 * 1024)}), "decompression bomb"),
        (b"PK\x03\x04 damaged", "not a readable .xlsx workbook"),
        (_zip({"[Content_Types].xml": b"<Types><unclosed></Types>"}), "not a readable .xlsx"),
    ],
    ids=["inflates-past-limit", "ratio", "damaged", "malformed-xml"],
)
def test_hostile_or_broken_workbooks_are_exit_4(
    tmp_path: Path, content: bytes, message: str
) -> None:
    pytest.importorskip("openpyxl")
    path = tmp_path / "w.xlsx"
    path.write_bytes(content)
    done = run("import", str(path), "-o", str(tmp_path / "o.toml"), "--metric", "gdp",
               "--unit", "亿元", "--source", "cgtn-2025-12-22")  # fmt: skip
    assert done.exit_code == 4
    assert message in done.stderr and "internal error" not in done.stderr


# -- encodings ---------------------------------------------------------------------------------

# 同位元 in GBK is also valid UTF-8 (as three Latin/Greek letters): the rule must read GBK.
AMBIGUOUS = "同位元 (count)\nregion,2023\nbeijing,5\n"


def test_gbk_text_that_is_also_valid_utf8_is_read_as_gbk_and_said(tmp_path: Path) -> None:
    data = AMBIGUOUS.encode("gbk")
    data.decode("utf-8")  # the premise: it decodes both ways
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    out = tmp_path / "o.toml"
    done = run("import", str(path), "-o", str(out), "--metric", "ambiguous_count",
               "--source", "cgtn-2025-12-22")  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert f"read {path} as gb18030" in done.stderr
    (metric,) = tomllib.loads(out.read_text(encoding="utf-8"))["metric"]
    assert metric["name_zh"] == "同位元"  # the table's own indicator name, read right
    forced = run("import", str(path), "-o", str(out), "--force", "--metric", "ambiguous_count",
                 "--source", "cgtn-2025-12-22", "--encoding", "utf-8")  # fmt: skip
    assert forced.exit_code == 0, forced.stderr
    assert "read " not in forced.stderr


# -- what is written -----------------------------------------------------------------------------


def test_dry_run_writes_nothing_and_shows_what_would_be_written(tmp_path: Path) -> None:
    table = _write(tmp_path, "robots.csv", ROBOTS)
    out = tmp_path / "robots.toml"
    done = run(
        "import", str(table), "-o", str(out), "--dry-run", "--metric", "robot_density",
        "--url", URL, "--date", "2025-03",
    )  # fmt: skip
    assert done.exit_code == 0, done.stderr
    assert not out.exists()
    shown = tomllib.loads(done.stdout)
    assert shown["metric"][0]["id"] == "robot_density" and len(shown["fact"]) == 4
    assert "dry run" in done.stderr


def test_the_output_holds_only_what_its_facts_need(tmp_path: Path) -> None:
    table = _write(tmp_path, "rd.csv", RD)
    out = tmp_path / "rd.toml"
    assert (
        run("import", str(table), "-o", str(out), "--url", URL, "--date", "2025-03").exit_code == 0
    )
    data = tomllib.loads(out.read_text(encoding="utf-8"))
    # Only the new source: built-in regions, metrics and their sources are not copied.
    assert [s["id"] for s in data["source"]] == [data["fact"][0]["source"]]
    assert "region" not in data and "metric" not in data
    assert run("validate", str(out)).exit_code == 0


def test_the_same_fact_twice_is_named_with_both_rows_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    rows = "region,year,value\nbeijing,2023,30\nshanghai,2023,25\nbeijing,2023,31\n"
    table = _write(tmp_path, "twice.csv", rows)
    out = tmp_path / "twice.toml"
    done = run(
        "import", str(table), "-o", str(out), "--metric", "robot_density", "--unit", "台/万人",
        "--url", "https://www.ifr.org/robots", "--date", "2024-05-01",
    )  # fmt: skip
    assert done.exit_code == 4 and done.stdout == ""
    assert "beijing/robot_density/2023 from source ifr-org-robot-density-2024-05-01 " in (
        done.stderr
    )
    assert f"({table}:2 and {table}:4)" in done.stderr
    assert not out.exists()
