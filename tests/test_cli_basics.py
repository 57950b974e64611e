"""innov 0.1 behaviour on a small, real fixture: exit codes, JSON contracts, messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from innov_cli import __version__

from .conftest import run

MINI = str(Path(__file__).parent / "data" / "mini.toml")
BASE = ("--no-builtin", "--data", MINI)


def test_version_prints_the_package_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"innov {__version__}"


def test_default_rank_is_clusters_by_gdp_with_missing_values_last() -> None:
    result = run(*BASE, "rank", "--json")
    assert result.exit_code == 0
    rows = result.json()
    assert [r["id"] for r in rows] == ["jingjinji", "chengdu-chongqing"]
    assert rows[0]["rank"] == 1 and rows[0]["value"] == 11500 and rows[0]["unit"] == "CNY bn"
    assert {r["year"] for r in rows} == {2024}
    every = run(*BASE, "rank", "--all", "--json").json()
    assert [r["id"] for r in every] == ["jingjinji", "chengdu-chongqing", "gba", "yrd"]
    # Unknown values are absent (null), never zero.
    assert every[2]["value"] is None and every[2]["rank"] is None


def test_preferred_fact_is_exact_over_derived() -> None:
    rows = run(*BASE, "rank", "--json").json()
    assert rows[0]["source"] == "cgtn-2025-12-22"
    shown = run(*BASE, "show", "jingjinji", "--json").json()
    values = sorted(f["value"] for f in shown["facts"] if f["metric"] == "gdp")
    assert values == [11500, 11539.43]  # the other figure stays visible
    assert [f["preferred"] for f in shown["facts"] if f["value"] == 11539.43] == [False]


@pytest.mark.parametrize("name", ["jjj", "JJJ", "京津冀", "Jing-Jin-Ji", "jingjinji"])
def test_ids_names_and_aliases_resolve_case_insensitively(name: str) -> None:
    result = run(*BASE, "show", name, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["id"] == "jingjinji"


def test_unknown_region_exits_3_with_a_suggestion_on_stderr() -> None:
    result = run(*BASE, "show", "jingjinjj")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "unknown region 'jingjinjj'" in result.stderr
    assert "did you mean 'jingjinji'" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_metric_exits_3() -> None:
    result = run(*BASE, "rank", "--by", "gpd")
    assert result.exit_code == 3
    assert "did you mean 'gdp'" in result.stderr


def test_bad_usage_exits_2() -> None:
    assert run(*BASE, "rank", "--top", "zero").exit_code == 2
    assert run(*BASE, "rank", "--top", "0").exit_code == 2
    assert run(*BASE, "rank", "--kind", "galaxy").exit_code == 2
    assert run(*BASE, "compare", "jjj").exit_code == 2
    assert run("rnk").exit_code == 2
    both = run(*BASE, "rank", "--json", "--format", "csv")
    assert both.exit_code == 2 and both.stdout == ""
    assert "different formats" in both.stderr
    assert run(*BASE, "rank", "--json", "--format", "json").exit_code == 0


def test_empty_result_is_still_exit_0() -> None:
    result = run(*BASE, "rank", "--country", "FR", "--json")
    assert result.exit_code == 0
    assert result.json() == []


def test_compare_json_carries_ids_and_values_per_metric() -> None:
    result = run(*BASE, "compare", "jjj", "chengdu-chongqing", "--json")
    assert result.exit_code == 0
    data = result.json()
    assert data["ids"] == ["jingjinji", "chengdu-chongqing"]
    gdp = next(m for m in data["metrics"] if m["metric"] == "gdp")
    assert gdp["values"]["jingjinji"]["value"] == 11500
    assert gdp["leaders"] == ["jingjinji"]


def test_list_json_is_every_region() -> None:
    rows = run(*BASE, "list", "--json").json()
    assert sorted(r["id"] for r in rows) == ["chengdu-chongqing", "gba", "jingjinji", "yrd"]


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "markdown"])
def test_every_query_command_speaks_every_format(fmt: str) -> None:
    for command in (["rank"], ["compare", "jjj", "gba"], ["show", "jjj"], ["list"], ["metrics"]):
        result = run(*BASE, *command, "--format", fmt)
        assert result.exit_code == 0, (command, result.stderr)
        assert result.stdout.strip()


def test_csv_has_a_header_and_one_row_per_region() -> None:
    lines = run(*BASE, "rank", "--all", "--format", "csv").stdout.splitlines()
    assert lines[0].startswith("rank,id,name")
    assert len(lines) == 1 + 4


def test_layered_file_replaces_a_fact_with_the_same_key(write: object) -> None:
    override = write(  # type: ignore[operator]
        """
[[fact]]
region = "chengdu-chongqing"
metric = "gdp"
value = 8701
year = 2024
source = "asiacity-chengdu-chongqing"
confidence = "exact"
"""
    )
    rows = run(*BASE, "--data", str(override), "rank", "--json").json()
    assert next(r for r in rows if r["id"] == "chengdu-chongqing")["value"] == 8701


def test_innov_data_env_layers_like_data(write: object) -> None:
    result = run("--no-builtin", "rank", "--json", env={"INNOV_DATA": MINI})
    assert result.exit_code == 0
    assert result.json()[0]["id"] == "jingjinji"


def test_table_output_is_plain_when_not_a_terminal() -> None:
    result = run(*BASE, "rank")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "Beijing-Tianjin-Hebei" in result.stdout


def test_table_fits_columns_without_losing_values() -> None:
    result = run(*BASE, "rank", env={"COLUMNS": "40"})
    assert result.exit_code == 0
    assert all(len(line) <= 40 for line in result.stdout.splitlines())
    assert "11,500 CNY bn" in result.stdout  # a value is never split over lines
    squashed = "".join(result.stdout.split())
    assert "8,700CNYbn" in squashed
    assert "\u2026" not in result.stdout  # folded, never truncated with an ellipsis


def test_force_color_colours_and_no_color_wins() -> None:
    forced = run(*BASE, "rank", env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout
    both = run(*BASE, "rank", env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert "\x1b[" not in both.stdout


def test_csv_of_an_empty_result_still_has_its_header() -> None:
    result = run(*BASE, "rank", "--country", "FR", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "rank,id,name,country,metric,value,unit,qualifier,year,edition,confidence,source,"
        "position,tier,name_zh,formula,derived_from,sources_differ"
    ]


def test_fields_picks_columns_and_rejects_unknown_ones() -> None:
    result = run(*BASE, "rank", "--json", "--fields", "id,value")
    assert result.exit_code == 0
    assert result.json()[0] == {"id": "jingjinji", "value": 11500}
    bad = run(*BASE, "rank", "--format", "csv", "--fields", "id,valeu")
    assert bad.exit_code == 2
    assert bad.stdout == ""
    assert "unknown field 'valeu'" in bad.stderr and "did you mean 'value'" in bad.stderr


TIES = """
[[source]]
id = "s"
publisher = "P"
title = "T"
date = "2025"
url = "https://example.org"
tier = "primary"

[[metric]]
id = "score"
name = "Score"
unit = "count"

[[metric]]
id = "place"
name = "Place"
unit = "rank"
better = "lower"

[[region]]
id = "a"
name = "A"
kinds = ["city"]
country = "CN"

[[region]]
id = "b"
name = "B"
kinds = ["city", "province"]
country = "US"

[[region]]
id = "c"
name = "C"
kinds = ["city"]
country = "CN"

[[region]]
id = "d"
name = "D"
kinds = ["city"]
country = "JP"

[[fact]]
region = "a"
metric = "score"
value = 5
year = 2024
source = "s"
confidence = "exact"

[[fact]]
region = "b"
metric = "score"
value = 5
year = 2024
source = "s"
confidence = "exact"

[[fact]]
region = "c"
metric = "score"
value = 3
year = 2023
source = "s"
confidence = "exact"

[[fact]]
region = "a"
metric = "place"
value = 2
year = 2024
source = "s"
confidence = "exact"

[[fact]]
region = "b"
metric = "place"
value = 1
year = 2024
source = "s"
confidence = "exact"

[[fact]]
region = "c"
metric = "place"
value = 1
year = 2023
source = "s"
confidence = "exact"
"""


@pytest.fixture
def ties(write: object) -> str:
    """A small knowledge base with a tie, a missing value and two years."""
    return str(write(TIES))  # type: ignore[operator]


def test_ties_share_a_rank_and_missing_values_come_last(ties: str) -> None:
    path = ties

    args = ("--no-builtin", "--data", path, "rank", "--by", "score", "--kind", "city")
    rows = run(*args, "--latest-each", "--all", "--json")
    assert [(r["id"], r["rank"]) for r in rows.json()] == [
        ("a", 1),
        ("b", 1),
        ("c", 3),
        ("d", None),
    ]
    # One year by default (2024, which two regions share): c's 2023 figure is not mixed in.
    rows = run(*args, "--json")
    assert [(r["id"], r["rank"], r["year"]) for r in rows.json()] == [
        ("a", 1, 2024),
        ("b", 1, 2024),
    ]


def test_by_without_kind_ranks_only_regions_with_the_metric(ties: str) -> None:
    path = ties

    rows = run("--no-builtin", "--data", path, "rank", "--by", "score", "--all", "--json").json()
    assert [r["id"] for r in rows] == ["a", "b", "c"]


def test_kind_matches_any_of_a_regions_kinds(ties: str) -> None:
    path = ties

    rows = run(
        "--no-builtin", "--data", path, "rank", "--by", "score", "--kind", "province", "--json"
    )
    assert [r["id"] for r in rows.json()] == ["b"]


def test_mixed_years_are_reported_under_the_table(ties: str) -> None:
    path = ties

    result = run("--no-builtin", "--data", path, "rank", "--by", "score")
    assert "Score, 2024" in result.stdout
    assert "2 of 3 regions have a 2024 value; 1 more have values for other years" in " ".join(
        result.stdout.split()
    )
    mixed = run("--no-builtin", "--data", path, "rank", "--by", "score", "--latest-each")
    assert "Score, each region's latest year" in mixed.stdout
    assert "years 2023, 2024 are mixed" in " ".join(mixed.stdout.split())


def test_lower_is_better_sorts_ascending_within_the_latest_edition(ties: str) -> None:
    path = ties

    rows = run("--no-builtin", "--data", path, "rank", "--by", "place", "--json").json()
    assert [(r["id"], r["rank"], r["year"]) for r in rows] == [("b", 1, 2024), ("a", 2, 2024)]
    older = run("--no-builtin", "--data", path, "rank", "--by", "place", "--year", "2023", "--json")
    assert [r["id"] for r in older.json()] == ["c"]


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "innov_cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"innov {__version__}"


def test_pictures_degrade_to_ascii_in_a_c_locale() -> None:
    env = {"LANG": "C", "LC_ALL": None, "LC_CTYPE": None}
    result = run("trend", "hangzhou", "--by", "nature_index_rank", env=env)  # type: ignore[arg-type]
    assert result.exit_code == 0
    assert result.stdout.isascii(), [c for c in result.stdout if not c.isascii()]
    assert "#16 -> #13 -> #10" in result.stdout
    assert "#" * 10 in result.stdout  # the bar, in ASCII
    compare = run("compare", "jjj", "gba", env=env)  # type: ignore[arg-type]
    assert "^ " in compare.stdout  # the leader mark


def test_pictures_never_reach_machine_formats() -> None:
    for fmt in ("json", "jsonl", "csv", "markdown"):
        out = run("rank", "--format", fmt).stdout
        assert "█" not in out and "#####" not in out
