"""Which statistic a figure is: the preference rule, producers and releases, series and breaks,
growth, the default year."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import MINI_ONLY

from .conftest import run


def test_preferred_fact_is_exact_over_derived() -> None:
    rows = run(*MINI_ONLY, "rank", "--json").json()
    assert rows[0]["source"] == "cgtn-2025-12-22"
    shown = run(*MINI_ONLY, "show", "jingjinji", "--json").json()
    values = sorted(f["value"] for f in shown["facts"] if f["metric"] == "gdp")
    assert values == [11500, 11539.43]  # the other figure stays visible
    assert [f["preferred"] for f in shown["facts"] if f["value"] == 11539.43] == [False]


def test_a_year_only_source_date_is_not_newer_than_a_full_date() -> None:
    """A year-only date, "2025" (some day in 2025), is not preferred over "2025-09-30"
    because "2025" sorts after it as a string; "2025-09" sits between "2025" and "2025-09-30".
    """
    from innov_cli.kb.knowledge_base import KnowledgeBase
    from innov_cli.kb.records import Fact, Source

    def source(ident: str, date: str) -> Source:
        return Source(ident, "P", "T", date, "https://example.org/", "primary")

    sources = {s.id: s for s in (source("year", "2025"), source("month", "2025-09"))}
    sources["day"] = source("day", "2025-09-30")
    facts = tuple(Fact("a", "m", 1, 2024, ident, "exact") for ident in ("year", "month", "day"))
    kb = KnowledgeBase(regions={}, metrics={}, sources=sources, facts=facts)
    assert kb.preferred(facts).source == "day"
    assert kb.preferred(facts[:2]).source == "month"


# Two producers, outlets that reprint one of them, a first release, a census revision.
BASE = """
[[source]]
id = "bureau-2021"
publisher = "Testland Bureau of Statistics"
title = "Communique 2020"
date = "2021-03-01"
url = "https://stats.testland.example/2020"
tier = "primary"
producer = "Testland Bureau of Statistics"
release = "first"

[[source]]
id = "paper-2022"
publisher = "Testland Daily"
title = "Economy grew in 2021"
date = "2022-01-20"
url = "https://daily.testland.example/2021"
tier = "official-media"
producer = "Testland Bureau of Statistics"
release = "first"

[[source]]
id = "bureau-2023"
publisher = "Testland Bureau of Statistics"
title = "Communique 2022"
date = "2023-03-01"
url = "https://stats.testland.example/2022"
tier = "primary"
producer = "Testland Bureau of Statistics"
release = "first"

[[source]]
id = "bureau-2025"
publisher = "Testland Bureau of Statistics"
title = "Communique 2024, with 2023 revised after the census"
date = "2025-03-01"
url = "https://stats.testland.example/2024"
tier = "primary"
producer = "Testland Bureau of Statistics"
release = "first"

[[source]]
id = "blog-2025"
publisher = "Some Blog"
title = "Testland tops 5,000"
date = "2025-04-01"
url = "https://blog.example/testland"
tier = "secondary"
producer = "Testland Bureau of Statistics"
release = "first"

[[source]]
id = "agency-2024"
publisher = "Other Agency"
title = "Estimates"
date = "2024-06-01"
url = "https://agency.example/estimates"
tier = "primary"
producer = "Other Agency"
release = "final"

[[metric]]
id = "gdp"
name = "GDP"
unit = "CNY bn"

[[metric]]
id = "gdp_growth_real"
name = "Real GDP growth"
unit = "%"
minimum = -100.0

[[region]]
id = "testland"
name = "Testland"
kinds = ["province"]
country = "CN"

[[fact]]
region = "testland"
metric = "gdp"
value = 4000
year = 2020
source = "bureau-2021"
confidence = "exact"

[[fact]]
region = "testland"
metric = "gdp"
value = 4200
year = 2021
source = "paper-2022"
confidence = "exact"

[[fact]]
region = "testland"
metric = "gdp"
value = 4400
year = 2022
source = "bureau-2023"
confidence = "exact"

[[fact]]
region = "testland"
metric = "gdp"
value = 4500
year = 2023
source = "bureau-2023"
confidence = "exact"

[[fact]]
region = "testland"
metric = "gdp"
value = 4800
year = 2023
source = "bureau-2025"
confidence = "exact"
release = "revised"
revision = "fifth economic census"
basis = "fifth economic census"

[[fact]]
region = "testland"
metric = "gdp"
value = 5100
year = 2024
source = "bureau-2025"
confidence = "exact"
basis = "fifth economic census"
flags = ["provisional"]

[[fact]]
region = "testland"
metric = "gdp"
value = 5000
year = 2024
qualifier = ">"
source = "blog-2025"
confidence = "approximate"

[[fact]]
region = "testland"
metric = "gdp_growth_real"
value = 5.0
year = 2024
source = "bureau-2025"
confidence = "exact"
"""


@pytest.fixture
def testland(write: Callable[..., Path]) -> Path:
    return write(BASE)


def _export(path: Path) -> list[dict[str, Any]]:
    result = run("--no-builtin", "--data", str(path), "export", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def _preferred(rows: list[dict[str, Any]], year: int) -> dict[str, Any]:
    (row,) = [r for r in rows if r["metric"] == "gdp" and r["year"] == year and r["preferred"]]
    return row


def test_an_exact_figure_beats_a_bound_of_the_same_key(testland: Path) -> None:
    row = _preferred(_export(testland), 2024)
    assert row["value"] == 5100 and row["qualifier"] is None


def test_within_one_producer_the_revised_release_is_preferred(testland: Path) -> None:
    row = _preferred(_export(testland), 2023)
    assert (row["value"], row["release"], row["basis"]) == (
        4800,
        "revised",
        "fifth economic census",
    )
    assert "revised" in row["flags"]  # the release implies the flag: one vocabulary


def test_every_key_has_exactly_one_preferred_fact(testland: Path) -> None:
    rows = _export(testland)
    preferred = Counter((r["region"], r["metric"], r["year"]) for r in rows if r["preferred"])
    keys = {(r["region"], r["metric"], r["year"]) for r in rows}
    assert set(preferred) == keys and set(preferred.values()) == {1}


def test_a_bound_carries_its_flag_and_the_producer_is_not_the_outlet(testland: Path) -> None:
    (bound,) = [r for r in _export(testland) if r["qualifier"] == ">"]
    assert bound["flags"] == ["lower-bound"]
    assert bound["producer"] == "Testland Bureau of Statistics"


def test_across_producers_the_better_tier_then_the_newest_wins(
    write: Callable[..., Path],
) -> None:
    other = BASE + (
        '\n[[fact]]\nregion = "testland"\nmetric = "gdp"\nvalue = 4410\nyear = 2022\n'
        'source = "agency-2024"\nconfidence = "exact"\n'
    )
    row = _preferred(_export(write(other)), 2022)
    # Both primary: the newer publication (2024) beats the bureau's of 2023; a "final"
    # release of another producer does not outrank by its release alone.
    assert row["source"] == "agency-2024"


def _trend(path: Path) -> dict[str, Any]:
    result = run("--no-builtin", "--data", str(path), "trend", "testland", "--by", "gdp", "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    (series,) = document["series"]
    assert isinstance(series, dict)
    return series


def test_a_change_of_outlet_for_one_producer_is_no_break(testland: Path) -> None:
    points = {p["year"]: p for p in _trend(testland)["points"]}
    assert points[2021]["break"] is False and points[2021]["change"] == "up"
    assert points[2022]["break"] is False


def test_a_census_revision_is_a_break_of_basis_and_no_growth_crosses_it(testland: Path) -> None:
    series = _trend(testland)
    points = {p["year"]: p for p in series["points"]}
    assert points[2023]["break"] is True and points[2023]["break_reason"] == "basis"
    assert points[2023]["growth"] is None and points[2023]["change"] is None
    # 2023 (revised) to 2024 are one basis: innov's nominal growth there, and the producer's
    # real growth beside it, each labelled.
    assert points[2024]["break"] is False and points[2024]["growth"] == 6.25
    assert points[2024]["real_growth"] == 5.0
    assert series["cagr"] == {"from": 2023, "to": 2024, "percent": 6.25}


def test_growth_is_never_computed_from_a_first_release_to_a_revised_basis(
    write: Callable[..., Path],
) -> None:
    # Without the revised 2023 figure, 2023 (first release) -> 2024 (census basis) breaks.
    text = BASE.replace(
        'value = 4800\nyear = 2023\nsource = "bureau-2025"',
        'value = 4800\nyear = 2019\nsource = "bureau-2025"',
    )
    points = {p["year"]: p for p in _trend(write(text))["points"]}
    assert points[2024]["break"] is True and points[2024]["growth"] is None
    shown = run(
        "--no-builtin", "--data", str(write(text, "t.toml")), "trend", "testland", "--by", "gdp"
    )
    assert "new basis" in shown.stdout and "+13" not in shown.stdout


def test_a_change_of_producer_is_a_break(write: Callable[..., Path]) -> None:
    text = BASE.replace(
        'value = 4400\nyear = 2022\nsource = "bureau-2023"',
        'value = 4400\nyear = 2022\nsource = "agency-2024"',
    )
    points = {p["year"]: p for p in _trend(write(text))["points"]}
    assert points[2022]["break_reason"] == "producer"
    assert points[2023]["break_reason"] == "producer"


def test_a_year_only_a_handful_have_is_not_the_default(write: Callable[..., Path]) -> None:
    regions = "".join(
        f'\n[[region]]\nid = "r{n}"\nname = "Region {n}"\nkinds = ["province"]\ncountry = "CN"\n'
        for n in range(6)
    )
    facts = "".join(
        f'\n[[fact]]\nregion = "r{n}"\nmetric = "gdp"\nvalue = {100 + n}\nyear = {year}\n'
        f'source = "bureau-2025"\nconfidence = "exact"\n'
        for n in range(6)
        for year in ((2024, 2025) if n < 2 else (2024,))
    )
    path = write(BASE + regions + facts)
    result = run("--no-builtin", "--data", str(path), "rank", "--by", "gdp", "--kind", "province")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].endswith("2024")
    assert "Ranked year 2024" in " ".join(result.stdout.split())
    ranked = run("--no-builtin", "--data", str(path), "rank", "--by", "gdp", "--json").json()
    assert {r["year"] for r in ranked} == {2024}


def test_flags_must_agree_with_the_qualifier(write: Callable[..., Path]) -> None:
    bad = BASE.replace(
        'qualifier = ">"\nsource = "blog-2025"',
        'qualifier = ">"\nflags = ["upper-bound"]\nsource = "blog-2025"',
    )
    result = run("validate", str(write(bad)))
    assert result.exit_code == 4
    assert "contradicts qualifier" in result.stdout + result.stderr


def test_a_revised_release_must_say_why(write: Callable[..., Path]) -> None:
    bad = BASE.replace(
        'release = "revised"\nrevision = "fifth economic census"\n', 'release = "revised"\n'
    )
    result = run("validate", str(write(bad)))
    assert result.exit_code == 4
    assert "needs a revision" in result.stdout + result.stderr


@pytest.fixture(scope="module")
def exported() -> list[dict[str, Any]]:
    result = run("export", "--format", "jsonl")
    assert result.exit_code == 0
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_every_built_in_fact_names_its_producer_and_release(
    exported: list[dict[str, Any]],
) -> None:
    assert exported
    keys = {"producer", "release", "release_date", "revision", "basis", "flags", "preferred"}
    assert all(keys <= set(row) for row in exported)
    assert all(
        row["producer"] and row["release"] in ("first", "final", "revised") for row in exported
    )


def test_every_built_in_key_has_one_preferred_fact_and_no_bound_beats_an_exact_one(
    exported: list[dict[str, Any]],
) -> None:
    by_key: dict[tuple[object, ...], list[dict[str, Any]]] = {}
    for row in exported:
        by_key.setdefault((row["region"], row["metric"], row["year"]), []).append(row)
    for key, rows in by_key.items():
        chosen = [r for r in rows if r["preferred"]]
        assert len(chosen) == 1, key
        flags = chosen[0]["flags"]
        assert isinstance(flags, list)
        exact = [r for r in rows if r["confidence"] == "exact" and not r["qualifier"]]
        if exact and ("lower-bound" in flags or "upper-bound" in flags):
            pytest.fail(f"a bound is preferred over an exact figure for {key}")


def test_no_built_in_fact_rests_on_an_ai_written_summary() -> None:
    sources = run("sources", "--json").json()
    cited = [s for s in sources if s["facts"]]
    for source in cited:
        text = " ".join(str(source.get(k) or "") for k in ("publisher", "title", "url", "via"))
        assert "reportify.ai" not in text, source["id"]
        note = str(source.get("note") or "").lower()
        assert "ai-written summary of" not in note or "removed" in note, source["id"]


@pytest.mark.parametrize(
    "region", ["jingjinji", "yrd", "gba", "beijing", "guangdong", "hebei", "shanghai"]
)
def test_a_pointer_to_sources_differ_has_a_note_to_point_at(region: str) -> None:
    shown = " ".join(run("show", region).stdout.split())
    if "see 'Sources differ'" in shown:
        assert "Sources differ:" in shown


def test_a_ratio_of_inputs_on_different_bases_is_not_derived_and_says_so(
    write: Callable[..., Path],
) -> None:
    text = BASE + (
        '\n[[metric]]\nid = "rd_expenditure"\nname = "R&D expenditure"\nunit = "CNY bn"\n'
        '\n[[metric]]\nid = "rd_intensity"\nname = "R&D intensity"\nunit = "%"\n'
        'derive = ["rd_expenditure / gdp"]\nderive_factor = 100\nderive_digits = 2\n'
        '\n[[fact]]\nregion = "testland"\nmetric = "rd_expenditure"\nvalue = 100\nyear = 2022\n'
        'source = "bureau-2025"\nconfidence = "exact"\nbasis = "fifth economic census"\n'
        '\n[[fact]]\nregion = "testland"\nmetric = "rd_expenditure"\nvalue = 110\nyear = 2024\n'
        'source = "bureau-2025"\nconfidence = "exact"\nbasis = "fifth economic census"\n'
    )
    path = write(text)
    shown = run("--no-builtin", "--data", str(path), "show", "testland", "--json").json()
    intensity = {f["year"]: f for f in shown["facts"] if f["metric"] == "rd_intensity"}
    # 2024: R&D and GDP are both on the census basis, so the intensity is derived; 2022: the
    # R&D figure is revised and GDP first-release, so it is not, and the notes say why.
    assert 2024 in intensity and 2022 not in intensity
    table = " ".join(run("--no-builtin", "--data", str(path), "show", "testland").stdout.split())
    assert "R&D intensity: not derived for 2022: its inputs sit on different bases" in table
