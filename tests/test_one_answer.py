"""One answer per question: one year rule, published ranks kept, hints instead of dead ends."""

from __future__ import annotations

import itertools

from .conftest import run


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


def test_trend_never_claims_a_change_across_two_series() -> None:
    data = run("trend", "jingjinji", "--by", "rd_intensity", "--json").json()
    points = data["series"][0]["points"]
    for before, after in itertools.pairwise(points):
        if before["series"] != after["series"]:
            assert after["break"] is True and after["change"] is None
        else:
            assert after["break"] is False
    assert any(p["break"] for p in points)
    table = " ".join(run("trend", "jingjinji", "--by", "rd_intensity").stdout.split())
    assert "series break:" in table and "▼" not in table


def test_trend_shows_missing_years_as_gaps() -> None:
    data = run("trend", "jingjinji", "--by", "rd_intensity", "--json").json()
    missing = data["series"][0]["missing_years"]
    assert missing == sorted(missing) and missing
    assert f"{missing[0]}–{missing[-1]}" in run("trend", "jingjinji", "--by", "rd_intensity").stdout


def test_trend_and_show_name_the_related_wipo_cluster() -> None:
    trend = " ".join(run("trend", "hangzhou").stdout.split())
    assert "hangzhou-cluster" in trend
    assert any(
        "hangzhou-cluster" in note for note in run("trend", "hangzhou", "--json").json()["notes"]
    )


def test_derived_cluster_figures_carry_their_working() -> None:
    compared = run("compare", "jingjinji", "yrd", "gba", "--json").json()
    derived = [
        (m["metric"], region, v)
        for m in compared["metrics"]
        for region, v in m["values"].items()
        if v and v["confidence"] == "derived" and v["formula"]
    ]
    assert derived, "the members allow some derived figures"
    for _, _, value in derived:
        assert value["derived_from"] and all(d["source"] for d in value["derived_from"])
    table = run("compare", "jingjinji", "yrd", "gba").stdout
    assert "†" in table


def test_a_cluster_total_is_derived_only_from_every_member() -> None:
    shown = " ".join(run("show", "jingjinji").stdout.split())
    # The published total is preferred; the sum of the members is stated beside it.
    assert "Derived for comparison (sum of members: beijing + tianjin + hebei)" in shown
    # Where a member has no figure, nothing is summed and the gap is named.
    incomplete = " ".join(run("show", "gba").stdout.split())
    assert "no total derived for 2024, no figure for" in incomplete
    rows = run("show", "jingjinji", "--json").json()["facts"]
    sums = [f for f in rows if f["formula"] and f["formula"].startswith("sum of members")]
    assert sums
    # 2024: the Beijing government's own total (11.5 trillion) is preferred; the sum of the
    # members' figures is stated beside it as a check.
    gdp_2024 = [f for f in rows if (f["metric"], f["year"]) == ("gdp", 2024)]
    (preferred,) = [f for f in gdp_2024 if f["preferred"]]
    assert preferred["confidence"] != "derived" and preferred["value"] == 11500
    assert any(f["confidence"] == "derived" for f in gdp_2024)


def test_derived_figures_are_never_exported() -> None:
    rows = run("export", "--format", "json").json()
    assert all(r["source"] != "innov-derived" for r in rows)


def test_deriving_one_metric_gives_what_deriving_all_gives() -> None:
    """`rank` derives only the metric it ranks; its figures must be those of the full rules."""
    from innov_cli.kb.derive import with_derived
    from innov_cli.kb.layers import layers, load_knowledge_base

    kb = load_knowledge_base(layers([], builtin=True))
    everything = with_derived(kb)
    for metric in kb.metrics:
        alone = with_derived(kb, {metric})
        assert sorted(alone.facts_for_metric(metric)) == sorted(everything.facts_for_metric(metric))
        derived = {f.key for f in alone.facts_for_metric(metric) if f.source == "innov-derived"}
        assert {k: alone.derivations[k] for k in derived} == {
            k: everything.derivations[k] for k in derived
        }
