"""`innov compare`: figures per metric, shared years, leaders, grouping and the wide layout."""

from __future__ import annotations

from tests.helpers import MINI_ONLY

from .conftest import run


def test_compare_json_carries_ids_and_values_per_metric() -> None:
    result = run(*MINI_ONLY, "compare", "jjj", "chengdu-chongqing", "--json")
    assert result.exit_code == 0
    data = result.json()
    assert data["ids"] == ["jingjinji", "chengdu-chongqing"]
    gdp = next(m for m in data["metrics"] if m["metric"] == "gdp")
    assert gdp["values"]["jingjinji"]["value"] == 11500
    assert gdp["leaders"] == ["jingjinji"]


def test_compare_jingjinji_gba_marks_leaders_and_sectors() -> None:
    result = run("compare", "jingjinji", "gba", "--json")
    assert result.exit_code == 0
    data = result.json()
    assert data["ids"] == ["jingjinji", "gba"]
    assert "aerospace" in data["focus"]["jingjinji"]
    assert "artificial intelligence" in data["focus"]["gba"]
    assert any(m["leaders"] for m in data["metrics"])


def test_compare_figures_equal_rank_figures_for_the_same_year() -> None:
    compared = run("compare", "jingjinji", "gba", "--json").json()
    checked = 0
    for metric in compared["metrics"]:
        for region, value in metric["values"].items():
            if value is None:
                continue
            ranked = run(
                "rank", "--by", metric["metric"], "--year", str(value["year"]), "--json"
            ).json()
            row = next(r for r in ranked if r["id"] == region)
            assert (row["value"], row["source"]) == (value["value"], value["source"])
            checked += 1
    assert checked > 10


def test_compare_rows_share_a_year_or_say_they_do_not() -> None:
    compared = run("compare", "jingjinji", "yrd", "gba", "--json").json()
    for metric in compared["metrics"]:
        years = {v["year"] for v in metric["values"].values() if v}
        if metric["year"] is None:
            assert metric["years_differ"] and len(years) > 1
        else:
            assert years == {metric["year"]} and not metric["years_differ"]
    gdp = next(m for m in compared["metrics"] if m["metric"] == "gdp")
    assert gdp["year"] is not None and len([v for v in gdp["values"].values() if v]) >= 2


def test_compare_has_no_leader_where_bigger_is_not_better() -> None:
    compared = run("compare", "jingjinji", "gba", "--json").json()
    for metric in compared["metrics"]:
        if metric["metric"] in ("land_area", "population"):
            assert metric["better"] == "none" and metric["leaders"] == []


def test_compare_rows_are_grouped_economy_first() -> None:
    compared = run("compare", "jingjinji", "yrd", "gba", "--json").json()
    groups = [m["group"] for m in compared["metrics"]]
    order = ["economy", "rd", "rankings", "institutions", "other"]
    assert groups == sorted(groups, key=order.index)
    assert compared["metrics"][0]["metric"] == "gdp"


def test_compare_wide_for_spreadsheets_and_articles() -> None:
    csv_text = run("compare", "jingjinji", "gba", "--wide", "--format", "csv").stdout
    assert csv_text.splitlines()[0] == "group,metric,name,unit,year,jingjinji,gba"
    markdown = run("compare", "jingjinji", "gba", "--wide", "--format", "markdown").stdout
    assert "| GDP |" in markdown and "[1]" in markdown
    assert "\n[1] " in markdown and "http" in markdown.split("\n[1] ")[1].splitlines()[0]


def test_a_row_of_figures_on_different_bases_says_so() -> None:
    # Jing-Jin-Ji's 2023 GDP per head divides a sum of census-revised figures; the Greater Bay
    # Area's a sum of first releases: the gap is partly the revision, and the table says so.
    shown = " ".join(run("compare", "jingjinji", "gba").stdout.split())
    assert (
        "GDP per capita 2023: Beijing-Tianjin-Hebei (Jing-Jin-Ji) on the fifth economic census "
        "basis, "
        "the others as first published" in shown
    )
