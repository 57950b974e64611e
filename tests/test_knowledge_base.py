"""The built-in knowledge base: integrity rules and the published figures the story needs."""

from __future__ import annotations

import pytest

from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.layers import builtin_path, layers_for, load_knowledge_base

from .conftest import run


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base(layers_for([]), use_cache=False)


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
        if f["metric"] == "rd_intensity" and f["year"] == 2024 and f["confidence"] != "derived"
    }
    assert intensity == {2.69: True, 2.68: False}
