"""`innov rank`: the default ranking, ties, missing values, kinds, years, editions, published
ranks, and hints instead of dead ends."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import MINI_ONLY

from .conftest import run


def test_default_rank_is_clusters_by_gdp_with_missing_values_last() -> None:
    result = run(*MINI_ONLY, "rank", "--json")
    assert result.exit_code == 0
    rows = result.json()
    assert [r["id"] for r in rows] == ["jingjinji", "chengdu-chongqing"]
    assert rows[0]["rank"] == 1 and rows[0]["value"] == 11500 and rows[0]["unit"] == "CNY bn"
    assert {r["year"] for r in rows} == {2024}
    every = run(*MINI_ONLY, "rank", "--all", "--json").json()
    assert [r["id"] for r in every] == ["jingjinji", "chengdu-chongqing", "gba", "yrd"]
    # Unknown values are absent (null), never zero.
    assert every[2]["value"] is None and every[2]["rank"] is None


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


NI_2025_TOP_TEN = [
    "beijing", "shanghai", "new-york", "boston", "nanjing",
    "guangzhou", "san-francisco-bay-area", "wuhan", "baltimore-washington", "hangzhou",
]  # fmt: skip


def test_science_cities_latest_edition_is_the_published_top_ten() -> None:
    result = run("rank", "--by", "nature_index_rank", "--kind", "city", "--top", "10", "--json")
    assert result.exit_code == 0, result.stderr
    rows = result.json()
    assert [r["id"] for r in rows] == NI_2025_TOP_TEN
    assert [r["rank"] for r in rows] == list(range(1, 11))
    assert {r["year"] for r in rows} == {2024}
    assert {r["edition"] for r in rows} == {2025}
    assert sum(r["country"] == "CN" for r in rows) == 6


def test_science_cities_table_counts_countries() -> None:
    result = run("rank", "--by", "nature_index_rank", "--kind", "city", "--top", "10")
    assert result.exit_code == 0
    assert "China 6, United States 4" in result.stdout
    assert result.stdout.index("Beijing") < result.stdout.index("Shanghai")


def test_edition_and_year_pick_the_same_table() -> None:
    by_year = run("rank", "--by", "nature_index_rank", "--kind", "city", "--year", "2022", "--json")
    by_edition = run(
        "rank", "--by", "nature_index_rank", "--kind", "city", "--edition", "2023", "--json"
    )
    assert by_year.exit_code == 0 and by_edition.exit_code == 0
    assert by_year.json() == by_edition.json()
    assert by_year.json()[1]["id"] == "new-york"  # 2023 edition: New York 2nd


def test_default_rank_lists_the_clusters_by_gdp() -> None:
    rows = run("rank", "--json").json()
    ids = [r["id"] for r in rows]
    # Several clusters, all of one year: no year mixed in silently.
    assert {"jingjinji", "yrd"} <= set(ids) and len(rows) >= 3
    assert len({r["year"] for r in rows}) == 1
    assert rows == sorted(rows, key=lambda r: -r["value"])
    assert all(r["unit"] == "CNY bn" for r in rows)
    assert "gba" in {r["id"] for r in run("rank", "--all", "--json").json()}


def test_provinces_rank_the_newest_year_and_say_so() -> None:
    result = run("rank", "--by", "rd_intensity", "--kind", "province", "--json")
    rows = result.json()
    assert rows and {r["year"] for r in rows} == {2024}
    table = " ".join(run("rank", "--by", "rd_intensity", "--kind", "province").stdout.split())
    assert "R&D intensity (%), province regions, 2024" in table
    assert f"{len(rows)} of 33 province regions have a 2024 value" in table
    # Where some regions have a figure only for an earlier year, the note says how to see them.
    gdp = run("rank", "--by", "gdp", "--kind", "province", "--json").json()
    (year,) = {r["year"] for r in gdp}
    table = " ".join(run("rank", "--by", "gdp", "--kind", "province").stdout.split())
    assert f"GDP (CNY bn), province regions, {year}" in table
    assert f"{len(gdp)} of 33 province regions have a {year} value" in table
    assert "--latest-each" in table


def test_published_ranks_survive_filters() -> None:
    args = ("rank", "--by", "nature-index", "--kind", "city")
    china = run(*args, "--country", "CN", "--json").json()
    hefei = next(r for r in china if r["id"] == "hefei")
    assert hefei["rank"] == 12 and hefei["position"] < 12
    top = run(*args, "--country", "CN", "--top", "3", "--json").json()
    assert [r["position"] for r in top] == [1, 2, 3]


def test_country_counts_are_of_the_published_top_ten() -> None:
    table = " ".join(
        run("rank", "--by", "nature-index", "--kind", "city", "--top", "3").stdout.split()
    )
    assert "Top 10 by country: China 6, United States" in table


def test_rank_bars_do_not_rescale_with_the_rows_shown() -> None:
    def bar(*extra: str) -> str:
        out = run("rank", "--by", "wipo", "--kind", "st-cluster", *extra).stdout
        line = next(x for x in out.splitlines() if "Shenzhen" in x)
        return line.rstrip().split("   ")[-1].strip()

    assert bar() == bar("--country", "CN") == bar("--top", "3")
    assert "█" in bar()


def test_an_edition_year_given_as_data_year_gets_a_hint() -> None:
    result = run("rank", "--by", "nature-index", "--year", "2025")
    assert "--edition 2025" in result.stdout and "--year 2024" in result.stdout
    machine = run("rank", "--by", "nature-index", "--year", "2025", "--json")
    assert machine.json() == []
    assert "hint: " in machine.stderr and "--edition 2025" in machine.stderr


def test_a_ranking_of_another_kind_gets_a_hint() -> None:
    result = run("rank", "--by", "wipo", "--kind", "city", "--json")
    assert result.json() == []
    assert "--kind st-cluster" in result.stderr


def test_a_partial_top_ten_says_which_places_are_missing(write: Any) -> None:
    """A published ranking whose top 10 innov knows only in part says so under the count by
    country, so that "China 3" is not read as the whole top 10."""
    ranks = "".join(
        f'[[fact]]\nregion = "{region}"\nmetric = "nature_index_rank"\nvalue = {rank}\n'
        f'year = 2023\nsource = "cgtn-2025-12-22"\nconfidence = "exact"\n\n'
        for region, rank in (("jingjinji", 1), ("yrd", 2), ("gba", 4))
    )
    layer = write(f"schema_version = 1\n\n{ranks}")
    partial = run(*MINI_ONLY, "--data", str(layer), "rank", "--by", "nature_index_rank")
    assert partial.exit_code == 0, partial.stderr
    text = " ".join(partial.stdout.split())
    assert "Top 10 by country, of the places innov's sources give: China 3;" in text
    assert "places 3, 5, 6, 7, 8, 9, 10 are not in them" in text
    whole = run("rank", "--by", "nature_index_rank", "--year", "2024")
    assert "Top 10 by country: " in " ".join(whole.stdout.split())
    assert "are not in them" not in whole.stdout
