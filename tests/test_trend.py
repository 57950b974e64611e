"""`innov trend`: series never crossed by a claimed change, gaps for missing years, related
clusters, and a published ranking's climb."""

from __future__ import annotations

import itertools

from .conftest import run


def test_hangzhou_trend_climbs_19_16_13_10() -> None:
    result = run("trend", "hangzhou", "--by", "nature_index_rank", "--json")
    assert result.exit_code == 0
    points = result.json()["series"][0]["points"]
    assert [p["value"] for p in points] == [19, 16, 13, 10]
    table = run("trend", "hangzhou")
    assert "#19 → #16 → #13 → #10" in table.stdout


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
