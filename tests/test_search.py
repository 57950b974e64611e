"""`innov search`: sectors, synonyms, Chinese words, whole-word matching and what is searched."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import run


def _search(text: str) -> list[dict[str, Any]]:
    result = run("search", text, "--json")
    assert result.exit_code == 0
    found: list[dict[str, Any]] = result.json()
    return found


def _regions(text: str) -> list[str]:
    return [hit["id"] for hit in _search(text) if hit["type"] == "region"]


def test_search_chinese_sector_finds_yrd() -> None:
    hits = _search("集成电路")
    assert hits[0]["id"] == "yrd"
    assert (hits[0]["matched"], hits[0]["text"]) == ("focus", "集成电路")


@pytest.mark.parametrize("text", ["人工智能", "AI", "ai", "artificial intelligence"])
def test_search_ai_finds_gba_and_no_region_merely_containing_the_letters(text: str) -> None:
    assert _regions(text) == ["gba"]


def test_short_words_match_whole_words_only() -> None:
    # "ai" is inside Britain, Huairou, Qianhai, Shanghai: none of them is about AI.
    import re

    hits = _search("AI")
    assert hits
    for hit in hits:
        assert hit["text"] == "artificial intelligence" or re.search(r"\bAI\b", hit["text"])


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("chips", "yrd"),
        ("semiconductors", "yrd"),
        ("芯片", "yrd"),
        ("biotech", "yrd"),
        ("生物医药", "yrd"),
        ("航空航天", "jingjinji"),
        ("先进制造", "jingjinji"),
        ("绿色能源", "gba"),
    ],
)
def test_search_synonyms_and_chinese_sectors(text: str, region: str) -> None:
    assert _regions(text)[0] == region


def test_search_a_direct_match_ranks_above_a_synonym() -> None:
    direct = _search("integrated circuits")[0]
    synonym = _search("chips")[0]
    assert direct["id"] == synonym["id"] == "yrd"
    assert direct["score"] > synonym["score"]


def test_search_finds_metrics_and_sources_only_when_asked() -> None:
    hits = _search("研发投入强度")
    assert (hits[0]["type"], hits[0]["id"]) == ("metric", "rd_intensity")
    assert not any(h["type"] == "source" for h in _search("Nature Index"))
    found = run("search", "Nature Index", "--in", "sources", "--json").json()
    assert found and all(h["type"] == "source" for h in found)


def test_search_ai_finds_the_greater_bay_area_and_no_source() -> None:
    for text in ("AI", "人工智能"):
        hits = _search(text)
        assert hits[0]["id"] == "gba"
        assert not any(h["type"] == "source" for h in hits)


def test_search_sets_plurals_aside() -> None:
    singular = [h["id"] for h in _search("national key laboratory")]
    plural = [h["id"] for h in _search("national key laboratories")]
    assert singular == plural and "national_key_laboratories" in singular


def test_search_longer_words_still_match_inside_names() -> None:
    assert "shanghai" in _regions("shang")


def test_search_finds_by_sector_and_chinese_name() -> None:
    assert run("search", "integrated circuits", "--json").json()[0]["id"] == "yrd"
    assert run("search", "大湾区", "--json").json()[0]["id"] == "gba"
