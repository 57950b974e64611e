"""Derived figures: cluster totals from every member, their working shown, never exported, and
the same whether one metric or all are derived."""

from __future__ import annotations

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
