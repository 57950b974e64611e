"""The register of places: provinces, cities, members, tags, and names that resolve to them."""

from __future__ import annotations

import pytest

from tests.helpers import MINI_ONLY

from .conftest import run


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


@pytest.mark.parametrize("name", ["jjj", "JJJ", "京津冀", "Jing-Jin-Ji", "jingjinji"])
def test_ids_names_and_aliases_resolve_case_insensitively(name: str) -> None:
    result = run(*MINI_ONLY, "show", name, "--json")
    assert result.exit_code == 0, result.stderr
    assert result.json()["id"] == "jingjinji"


def test_list_json_is_every_region() -> None:
    rows = run(*MINI_ONLY, "list", "--json").json()
    assert sorted(r["id"] for r in rows) == ["chengdu-chongqing", "gba", "jingjinji", "yrd"]
