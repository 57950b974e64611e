"""Derived figures: cluster totals from every member, their working shown, never exported, and
the same whether one metric or all are derived."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .conftest import run


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


RULES_KB = """
[[source]]
id = "office-2025"
publisher = "Statistics Office"
title = "Yearbook"
date = "2025"
url = "https://stats.example.org/yearbook"
tier = "primary"

[[metric]]
id = "gdp"
name = "GDP"
unit = "CNY bn"
sums_over_members = true
derive = ["gdp_hkd * fx_hkd_cny"]
derive_digits = 1

[[metric]]
id = "gdp_hkd"
name = "GDP (HK dollars)"
unit = "HKD bn"

[[metric]]
id = "fx_usd_cny"
name = "Yuan per US dollar"
unit = "CNY per USD"
better = "none"

[[metric]]
id = "fx_usd_hkd"
name = "HK dollars per US dollar"
unit = "HKD per USD"
better = "none"

[[metric]]
id = "fx_hkd_cny"
name = "Yuan per HK dollar"
unit = "CNY per HKD"
better = "none"
derive = ["china:fx_usd_cny / fx_usd_hkd"]
derive_digits = 4

[[region]]
id = "china"
name = "China"
kinds = ["country"]
country = "CN"

[[region]]
id = "bay"
name = "Bay"
kinds = ["cluster"]
country = "CN"
members = ["city-a", "city-b", "sar"]

[[region]]
id = "delta"
name = "Delta"
kinds = ["area"]
country = "CN"
members = ["city-a", "city-b"]

[[region]]
id = "city-a"
name = "City A"
kinds = ["city"]
country = "CN"

[[region]]
id = "city-b"
name = "City B"
kinds = ["city"]
country = "CN"

[[region]]
id = "sar"
name = "SAR"
kinds = ["city"]
country = "CN"
tags = ["separate-statistics"]
"""


def _fact(region: str, metric: str, value: float, extra: str = "") -> str:
    return (
        f'\n[[fact]]\nregion = "{region}"\nmetric = "{metric}"\nvalue = {value}\nyear = 2024\n'
        f'source = "office-2025"\nconfidence = "exact"\n{extra}'
    )


def test_a_sum_across_currencies_converts_by_sourced_rates_and_shows_them(
    write: Callable[..., Path],
) -> None:
    census = 'basis = "fifth economic census"\n'
    text = (
        RULES_KB
        + _fact("delta", "gdp", 1000, census)
        + _fact("sar", "gdp_hkd", 300)
        + _fact("china", "fx_usd_cny", 7.2)
        + _fact("sar", "fx_usd_hkd", 7.8)
    )
    path = write(text)
    shown = run("--no-builtin", "--data", str(path), "show", "bay", "--json").json()
    (gdp,) = [f for f in shown["facts"] if f["metric"] == "gdp"]
    # The delta's published total stands in for its two cities (neither has a figure); the
    # SAR's HK-dollar figure is converted at the cross rate 7.2 / 7.8 = 0.9231 yuan, and its
    # lack of a census basis does not block the sum: the benchmark is the mainland's.
    assert gdp["confidence"] == "derived"
    assert gdp["value"] == 1000 + round(300 * 0.9231, 1)
    assert gdp["formula"] == "sum of members: delta + sar"
    sar = run("--no-builtin", "--data", str(path), "show", "sar", "--json").json()["facts"]
    (converted,) = [f for f in sar if f["metric"] == "gdp"]
    assert converted["formula"] == "gdp_hkd × fx_hkd_cny"
    used = {d["metric"]: d for d in converted["derived_from"]}
    assert set(used) == {"gdp_hkd", "fx_hkd_cny"}
    # The rate is innov's cross rate: its item names the publications beneath it.
    assert used["fx_hkd_cny"]["source"] == "innov-derived"
    assert used["fx_hkd_cny"]["sources"] == ["office-2025"]
    (rate,) = [f for f in sar if f["metric"] == "fx_hkd_cny"]
    assert rate["value"] == 0.9231
    assert {d["source"] for d in rate["derived_from"]} == {"office-2025"}


def test_a_cluster_with_a_member_missing_derives_nothing_and_names_it(
    write: Callable[..., Path],
) -> None:
    text = RULES_KB + _fact("delta", "gdp", 1000) + _fact("bay", "gdp_hkd", 1)
    path = write(text)
    shown = run("--no-builtin", "--data", str(path), "show", "bay", "--json").json()
    assert not [f for f in shown["facts"] if f["metric"] == "gdp"]
    table = " ".join(run("--no-builtin", "--data", str(path), "show", "bay").stdout.split())
    assert "no total derived for 2024, no figure for sar" in table


def test_a_malformed_or_circular_rule_is_a_validation_error(write: Callable[..., Path]) -> None:
    bad = RULES_KB.replace('derive = ["gdp_hkd * fx_hkd_cny"]', 'derive = ["gdp_hkd plus 2"]')
    result = run("--no-builtin", "validate", str(write(bad)))
    assert result.exit_code == 4
    assert "'gdp_hkd plus 2' is not 'a / b' or 'a * b' over metric ids" in result.stdout
    loop = RULES_KB.replace('unit = "HKD bn"\n', 'unit = "HKD bn"\nderive = ["gdp / fx_hkd_cny"]\n')
    result = run("--no-builtin", "validate", str(write(loop)))
    assert result.exit_code == 4
    assert "derivation cycle: gdp is derived from gdp_hkd is derived from gdp" in result.stdout
    unknown = RULES_KB.replace('"china:fx_usd_cny', '"chna:fx_usd_cny')
    result = run("--no-builtin", "validate", str(write(unknown)))
    assert result.exit_code == 4 and "unknown region 'chna'" in result.stdout
