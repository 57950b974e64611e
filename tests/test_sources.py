"""Sources: tiers, secondary figures marked, citations (CSL JSON, BibTeX), `innov sources`."""

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


def test_sources_json_contract_and_region_filter() -> None:
    every = run("sources", "--json").json()
    assert every and set(every[0]) >= {"id", "publisher", "title", "date", "url"}
    mine = run("sources", "jingjinji", "--json").json()
    assert 0 < len(mine) < len(every)
