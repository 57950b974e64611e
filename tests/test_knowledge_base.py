"""The built-in knowledge base: integrity rules and the published figures the story needs."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.layers import builtin_path, layers_for, load_knowledge_base

from .conftest import run


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(layers_for([]), use_cache=False)


# -- integrity ------------------------------------------------------------------------------------


def test_builtin_file_validates() -> None:
    result = run("--no-builtin", "validate", str(builtin_path()))
    assert result.exit_code == 0, result.stdout + result.stderr


def test_every_source_is_used_and_every_reference_resolves(kb: KnowledgeBase) -> None:
    used = {f.source for f in kb.facts}
    used |= {
        s
        for r in kb.regions.values()
        for s in (r.strategy_source, r.focus_source, r.membership_source)
        if s
    }
    assert set(kb.sources) == used, f"unused sources: {set(kb.sources) - used}"
    for fact in kb.facts:
        assert fact.region in kb.regions and fact.metric in kb.metrics
        assert fact.source in kb.sources


def test_every_source_is_citable(kb: KnowledgeBase) -> None:
    for source in kb.sources.values():
        assert source.publisher and source.title and source.date
        assert source.url.startswith(("http://", "https://")), source.id


def test_percentages_within_0_to_100_and_ranks_positive(kb: KnowledgeBase) -> None:
    for fact in kb.facts:
        metric = kb.metrics[fact.metric]
        unit = metric.unit
        if unit == "%":
            # Shares and intensities lie in 0-100; a growth rate may fall (its minimum says so).
            low, high = metric.valid_range
            assert (0 if low is None else low) <= fact.value <= (100 if high is None else high)
        if unit == "rank":
            assert fact.value >= 1 and float(fact.value).is_integer(), fact


def test_ranks_unique_within_an_edition(kb: KnowledgeBase) -> None:
    for metric in (m for m in kb.metrics.values() if m.unit == "rank"):
        # Two sources may give one region's rank; two regions may not share one.
        seen: dict[tuple[int, float], set[str]] = {}
        for fact in kb.facts_for_metric(metric.id):
            if fact.confidence != "derived":
                seen.setdefault((fact.year, fact.value), set()).add(fact.region)
        duplicates = [key for key, regions in seen.items() if len(regions) > 1]
        assert not duplicates, (metric.id, duplicates)


def test_derived_figures_say_how(kb: KnowledgeBase) -> None:
    for fact in kb.facts:
        if fact.confidence == "derived":
            assert fact.note, fact


def test_no_zero_placeholders(kb: KnowledgeBase) -> None:
    for fact in kb.facts:
        assert fact.value != 0 or kb.metrics[fact.metric].unit in ("% change",), fact


# -- the seed article's figures --------------------------------------------------------------------


def _values(kb: KnowledgeBase, region: str, metric: str) -> list[tuple[float, str | None]]:
    return [(f.value, f.qualifier) for f in kb.facts_for_region(region) if f.metric == metric]


def test_seed_article_figures_present(kb: KnowledgeBase) -> None:
    assert (14, None) in _values(kb, "jingjinji", "innovation_platforms")
    assert (7, None) in _values(kb, "jingjinji", "advanced_manufacturing_clusters")
    gdp_2024 = [f for f in kb.facts_for_region("jingjinji") if f.metric == "gdp" and f.year == 2024]
    assert 11500 in [f.value for f in gdp_2024]
    assert (30, ">") in _values(kb, "yrd", "high_tech_enterprise_share_national")
    assert (200, ">") in _values(kb, "yrd", "academic_partners")
    assert (600, ">") in _values(kb, "yrd", "corporate_partners")
    assert (31, None) in _values(kb, "gba", "joint_laboratories")
    assert (9, None) in _values(kb, "gba", "major_infrastructure_projects")


def test_disagreeing_sources_both_kept(kb: KnowledgeBase) -> None:
    # Hubei's 2021 GDP: the bureau's 50,012.94 yi yuan and a report's "5.01 trillion".
    values = sorted(
        f.value for f in kb.facts if (f.region, f.metric, f.year) == ("hubei", "gdp", 2021)
    )
    assert 5001.294 in values and 5010 in values


# -- Nature Index Science Cities -------------------------------------------------------------------

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


def test_hangzhou_trend_climbs_19_16_13_10() -> None:
    result = run("trend", "hangzhou", "--by", "nature_index_rank", "--json")
    assert result.exit_code == 0
    points = result.json()["series"][0]["points"]
    assert [p["value"] for p in points] == [19, 16, 13, 10]
    table = run("trend", "hangzhou")
    assert "#19 → #16 → #13 → #10" in table.stdout


# -- commands on the real data ---------------------------------------------------------------------


def test_default_rank_lists_the_clusters_by_gdp() -> None:
    rows = run("rank", "--json").json()
    ids = [r["id"] for r in rows]
    # Several clusters, all of one year: no year mixed in silently.
    assert {"jingjinji", "yrd"} <= set(ids) and len(rows) >= 3
    assert len({r["year"] for r in rows}) == 1
    assert rows == sorted(rows, key=lambda r: -r["value"])
    assert all(r["unit"] == "CNY bn" for r in rows)
    assert "gba" in {r["id"] for r in run("rank", "--all", "--json").json()}


def test_show_jingjinji_lists_figures_with_sources() -> None:
    result = run("show", "jingjinji", "--json")
    assert result.exit_code == 0
    data = result.json()
    assert set(data["members"]) >= {"beijing", "tianjin", "hebei"}
    assert data["facts"] and all(f["source"] and f["year"] for f in data["facts"])
    table = run("show", "jingjinji").stdout
    assert "11,500 CNY bn" in table and "cgtn" in table


def test_compare_jingjinji_gba_marks_leaders_and_sectors() -> None:
    result = run("compare", "jingjinji", "gba", "--json")
    assert result.exit_code == 0
    data = result.json()
    assert data["ids"] == ["jingjinji", "gba"]
    assert "aerospace" in data["focus"]["jingjinji"]
    assert "artificial intelligence" in data["focus"]["gba"]
    assert any(m["leaders"] for m in data["metrics"])


def test_sources_json_contract_and_region_filter() -> None:
    every = run("sources", "--json").json()
    assert every and set(every[0]) >= {"id", "publisher", "title", "date", "url"}
    mine = run("sources", "jingjinji", "--json").json()
    assert 0 < len(mine) < len(every)


def test_export_csv_loads_into_sqlite_one_row_per_fact(tmp_path: Path, kb: KnowledgeBase) -> None:
    result = run("export", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(kb.facts)
    assert set(rows[0]) >= {
        "region",
        "metric",
        "value",
        "unit",
        "year",
        "source",
        "confidence",
        "qualifier",
        "note",
    }
    connection = sqlite3.connect(tmp_path / "csv.db")
    columns = list(rows[0])
    connection.execute(f"CREATE TABLE facts ({', '.join(columns)})")
    connection.executemany(
        f"INSERT INTO facts VALUES ({', '.join('?' for _ in columns)})",
        [tuple(r[c] for c in columns) for r in rows],
    )
    assert connection.execute("SELECT count(*) FROM facts").fetchone()[0] == len(kb.facts)


def test_export_keeps_qualifiers(kb: KnowledgeBase) -> None:
    rows = [r for r in run("export", "--format", "jsonl").stdout.splitlines() if '">"' in r]
    assert rows, "'more than' figures must keep their qualifier in exports"


def test_sqlite_export_matches_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    assert run("export", "--format", "sqlite", str(path)).exit_code == 0
    jsonl = run("export", "--format", "jsonl").stdout.splitlines()
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT count(*) FROM facts").fetchone()[0] == len(jsonl)
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"regions", "metrics", "sources", "facts"} <= tables
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []


def test_search_finds_by_sector_and_chinese_name() -> None:
    assert run("search", "integrated circuits", "--json").json()[0]["id"] == "yrd"
    assert run("search", "大湾区", "--json").json()[0]["id"] == "gba"


def test_wipo_cluster_is_not_the_gba() -> None:
    shown = run("show", "shenzhen-hong-kong-guangzhou", "--json").json()
    assert shown["id"] != "gba" and "st-cluster" in shown["kinds"]
    trend = run("trend", "shenzhen-hong-kong-guangzhou", "--by", "wipo_cluster_rank", "--json")
    assert any("2025" in note for note in trend.json()["notes"])


def test_final_figure_preferred_over_preliminary_one() -> None:
    # Both exact: the more recent source (the final communique, Sep 2025) wins over the
    # preliminary release (Jan 2025), and the preliminary figure stays visible.
    facts = run("show", "china", "--json").json()["facts"]
    intensity = {
        f["value"]: f["preferred"]
        for f in facts
        if f["metric"] == "rd_intensity" and f["year"] == 2024
    }
    assert intensity == {2.69: True, 2.68: False}
