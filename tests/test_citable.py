"""Figures a journalist can cite: tiers, copies, citations, a register of places, coverage."""

from __future__ import annotations

import json
import re

from .conftest import run


def test_every_source_has_a_tier_and_tiers_reach_every_fact() -> None:
    sources = run("sources", "--json").json()
    assert sources and all(s["tier"] in ("primary", "official-media", "secondary") for s in sources)
    rows = run("export", "--format", "json").json()
    assert all(r["tier"] in ("primary", "official-media", "secondary") for r in rows)
    tiers = {s["id"]: s["tier"] for s in sources}
    assert all(r["tier"] == tiers[r["source"]] for r in rows)


def test_tier_option_keeps_only_facts_from_good_enough_sources() -> None:
    rows = run("--tier", "primary", "export", "--format", "json").json()
    assert rows and {r["tier"] for r in rows} == {"primary"}
    media = run("--tier", "official-media", "export", "--format", "json").json()
    assert {r["tier"] for r in media} == {"primary", "official-media"}
    ranked = run("--tier", "primary", "rank", "--by", "gdp", "--kind", "province", "--json")
    assert all(r["tier"] == "primary" for r in ranked.json())


def test_secondary_figures_are_marked_where_they_are_judged() -> None:
    table = run("rank", "--by", "population", "--kind", "cluster", "--latest-each").stdout
    assert "§" in table and "best source is secondary" in " ".join(table.split())
    show = " ".join(run("show", "gba").stdout.split())
    assert "§" in show and "best source is secondary" in show


def test_csl_json_citations_for_a_region() -> None:
    items = json.loads(run("sources", "gba", "--format", "csl-json").stdout)
    assert items
    for item in items:
        assert {"id", "type", "title", "URL", "issued"} <= set(item)
        assert item["issued"]["date-parts"][0][0] >= 1900
    ids = {s["id"] for s in run("sources", "gba", "--json").json()}
    assert {i["id"] for i in items} == ids


def test_bibtex_has_one_entry_per_source() -> None:
    text = run("sources", "gba", "--format", "bibtex").stdout
    entries = re.findall(r"^@(\w+)\{([^,]+),", text, re.M)
    ids = [s["id"] for s in run("sources", "gba", "--json").json()]
    assert sorted(e[1] for e in entries) == sorted(ids)
    assert text.count("url = {") == len(ids)


def test_citation_formats_are_for_sources_only() -> None:
    result = run("rank", "--format", "bibtex")
    assert result.exit_code == 2 and result.stdout == ""
    assert "innov sources" in result.stderr


def test_register_of_places() -> None:
    provinces = run("list", "--kind", "province", "--json").json()
    assert len(provinces) == 33
    by_id = {p["id"]: p for p in provinces}
    assert by_id["beijing"]["name_zh"] == "北京市" and "北京" in by_id["beijing"]["aliases"]
    assert by_id["inner-mongolia"]["name_zh"] == "内蒙古自治区"
    assert "内蒙古" in by_id["inner-mongolia"]["aliases"]
    cities = {c["id"]: c for c in run("list", "--kind", "city", "--json").json()}
    hebei = [c for c in cities.values() if c["parent"] == "hebei"]
    assert len(hebei) == 11
    yrd = [c for c in cities.values() if c["parent"] in ("jiangsu", "zhejiang", "anhui")]
    assert len(yrd) == 40
    gba = run("show", "gba", "--json").json()
    assert len(gba["members"]) == 11
    jjj = run("show", "jingjinji", "--json").json()
    assert {"shijiazhuang", "baoding", "beijing", "tianjin"} <= set(jjj["member_cities"])


def test_yrd_central_area_has_27_cities() -> None:
    regions = run("show", "yrd", "--json").json()["member_cities"]
    tagged = 0
    for region_id in regions:
        if "yrd-central-area" in run("show", region_id, "--json").json()["tags"]:
            tagged += 1
    assert tagged == 27


def test_a_region_without_figures_says_so() -> None:
    show = run("show", "qinhuangdao")
    assert show.exit_code == 0
    assert "No figures recorded for this region yet" in " ".join(show.stdout.split())


def test_coverage_counts_agree_with_export() -> None:
    cells = run("coverage", "--by", "rd_intensity", "--kind", "province", "--json").json()
    provinces = {p["id"] for p in run("list", "--kind", "province", "--json").json()}
    facts = run("export", "--format", "json").json()
    for year in {c["year"] for c in cells}:
        filled = {c["region"] for c in cells if c["year"] == year and c["filled"]}
        exported = {
            f["region"]
            for f in facts
            if f["metric"] == "rd_intensity" and f["year"] == year and f["region"] in provinces
        }
        assert filled == exported, year
    table = " ".join(run("coverage", "--by", "rd_intensity", "--kind", "province").stdout.split())
    latest = max(c["year"] for c in cells)
    count = len({c["region"] for c in cells if c["year"] == latest and c["filled"]})
    assert f"R&D intensity, province regions: {count} of 33 have a {latest} value." in table


def test_coverage_without_by_lists_metrics_in_their_newest_year() -> None:
    cells = run("coverage", "--kind", "province", "--json").json()
    assert {c["region"] for c in cells} >= {"beijing", "guangdong"}
    gdp = [c for c in cells if c["metric"] == "gdp"]
    assert len({c["year"] for c in gdp}) == 1


def test_coverage_of_clusters_is_the_core_panel_with_derived_figures() -> None:
    cells = run("coverage", "--kind", "cluster", "--json").json()
    assert {c["metric"] for c in cells} == {
        "gdp", "population", "rd_expenditure", "rd_intensity", "gdp_per_capita",
        "rd_expenditure_per_capita",
    }  # fmt: skip
    assert {c["year"] for c in cells} == {2020, 2021, 2022, 2023, 2024}
    assert len(cells) == 5 * 6 * 5
    # Jing-Jin-Ji's 2021 GDP is innov's sum of its three members: filled, marked derived.
    (jjj,) = [
        c for c in cells if (c["region"], c["metric"], c["year"]) == ("jingjinji", "gdp", 2021)
    ]
    assert jjj["filled"] and jjj["confidence"] == "derived"
    shown = run("coverage", "--kind", "cluster").stdout
    assert "The panel:" in shown and " D " in shown
