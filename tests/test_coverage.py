"""`innov coverage`: counts that agree with the export, newest years, the core panel of clusters."""

from __future__ import annotations

from .conftest import run


def test_coverage_counts_agree_with_export() -> None:
    cells = run("coverage", "--by", "rd_intensity", "--kind", "province", "--json").json()
    provinces = {p["id"] for p in run("list", "--kind", "province", "--json").json()}
    facts = run("export", "--format", "json").json()
    for year in {c["year"] for c in cells}:
        # A derived cell (Hong Kong's intensity from its converted R&D and GDP) is not exported.
        filled = {
            c["region"]
            for c in cells
            if c["year"] == year and c["filled"] and c["confidence"] != "derived"
        }
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


def test_coverage_of_a_metric_no_region_of_the_kind_has_says_so() -> None:
    result = run("coverage", "--kind", "platform", "--by", "invention_patents_granted")
    assert result.exit_code == 0, result.stderr
    shown = " ".join(result.stdout.split())
    assert "No platform region has a figure for Invention patents granted." in shown
    assert run("coverage", "--kind", "platform", "--by", "gdp_hkd", "--json").json() == []
