"""Figures that follow from sourced ones, computed when asked, with their working.

A derived figure is a fact with `confidence = "derived"`, its formula in words, and the facts it
came from: a cluster's total from its members (only when every member has a figure for that
year; otherwise the members without one are named), per-capita GDP, R&D intensity from
spending and output, and shares of the national total. The one preference rule ranks
`derived` last, so a derived figure fills a gap or sits beside a published one as a check.
Derived figures are never exported: `export` gives the sourced facts only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any, NamedTuple

from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Fact, Source

# Not a publication: a derived figure's sources are those of the facts in its working.
DERIVED_SOURCE = Source(
    id="innov-derived",
    publisher="innov",
    title="Computed by innov from the sourced figures in derived_from",
    date="",
    url="",
    tier="secondary",
)

# Metrics that add up over a cluster's members (totals, not rates).
ADDITIVE = ("gdp", "population", "rd_expenditure")
# result = numerator / denominator × factor (CNY bn / million people = 1,000 CNY per person),
# rounded to the digits the published figures of that metric carry (no invented precision).
RATIOS = (
    ("gdp", "population", "gdp_per_capita", 1000.0, "GDP / population", 0),
    ("rd_expenditure", "gdp", "rd_intensity", 100.0, "R&D expenditure / GDP × 100", 2),
    ("rd_expenditure", "population", "rd_expenditure_per_capita", 1000.0, "R&D / population", 0),
)
SHARE_DIGITS = 2
# Shares of the national total.
SHARES = (("gdp", "gdp_share_national"), ("rd_expenditure", "rd_share_national"))
NATION = "china"
PARTIAL = "partial-members"


class Derivation(NamedTuple):
    formula: str
    inputs: tuple[Fact, ...]
    missing: tuple[str, ...] = ()  # members without a figure (the total is then absent)
    # Set when nothing was derived because the inputs sit on different bases (a first
    # release beside a figure revised after a census): the bases found, in input order.
    bases: tuple[str | None, ...] = ()


def with_derived(kb: KnowledgeBase, only: Collection[str] | None = None) -> KnowledgeBase:
    """The knowledge base plus every figure the rules can derive that is not published; with
    `only`, just the figures of those metrics (a ranking of one metric derives no others)."""
    additive, ratios, shares = _rules_for(only)
    if not (additive or ratios or shares):
        return kb
    wanted = {*additive, *(r[0] for r in ratios), *(r[1] for r in ratios), *(s[0] for s in shares)}
    index: dict[tuple[str, str, int], list[Fact]] = defaultdict(list)
    for metric in wanted:
        for fact in kb.facts_for_metric(metric):
            # Only plain figures enter a sum or ratio: ">30" or "~12,000" cannot.
            if fact.qualifier is None:
                index[(fact.region, fact.metric, fact.year)].append(fact)
    derivations: dict[tuple[str, str, int, str], Derivation] = {}
    new: list[Fact] = []

    def best(region: str, metric: str, year: int) -> Fact | None:
        facts = index.get((region, metric, year))
        return kb.preferred(facts) if facts else None

    # A metric is basis-sensitive when any of its figures names a basis (GDP after a census
    # revision, say); population, which no census revision rebased here, is not.
    sensitive = {
        m for m in wanted if any(kb.basis_of(f) is not None for f in kb.facts_for_metric(m))
    }

    def on_one_basis(keys: list[tuple[str, str, int]]) -> tuple[Fact, ...] | None:
        """The inputs (one per key, all present) on one basis: each key's preferred figure
        when their bases agree, else each key's preferred figure of a basis every key has
        (the preferred numerator's first); None when the keys share no basis."""
        facts = [best(*key) for key in keys]
        present = [f for f in facts if f is not None]
        checked = [f for f in present if f.metric in sensitive]
        if len({kb.basis_of(f) for f in checked}) <= 1:
            return tuple(present)
        shared: set[str | None] | None = None
        for key in keys:
            if key[1] in sensitive:
                bases = {kb.basis_of(f) for f in index[key]}
                shared = bases if shared is None else shared & bases
        if not shared:
            return None
        first = kb.basis_of(checked[0])
        basis = first if first in shared else sorted(shared, key=lambda b: b or "")[0]
        return tuple(
            kb.preferred([f for f in index[key] if kb.basis_of(f) == basis])
            if key[1] in sensitive
            else kb.preferred(index[key])
            for key in keys
        )

    def mismatch(
        formula: str, keys: list[tuple[str, str, int]], target: tuple[str, str, int]
    ) -> None:
        """Record why a figure was not derived: its inputs sit on different bases."""
        inputs = tuple(f for f in (best(*key) for key in keys) if f is not None)
        bases = tuple(kb.basis_of(f) for f in inputs)
        region, metric, year = target
        derivations[(region, metric, year, "bases")] = Derivation(formula, inputs, bases=bases)

    def add(
        region: str, metric: str, year: int, value: float, derivation: Derivation, digits: int = 6
    ) -> None:
        # Added even beside a published figure: that one is preferred, and `show` states the
        # difference (a free check on the data).
        if metric not in kb.metrics:
            return
        fact = Fact(
            region=region,
            metric=metric,
            value=round(value, digits) if digits else round(value),
            year=year,
            source=DERIVED_SOURCE.id,
            confidence="derived",
            note=derivation.formula,
        )
        new.append(fact)
        index[(region, metric, year)].append(fact)
        derivations[fact.key] = derivation

    # A cluster that covers only parts of its members (tag "partial-members") is no sum of them.
    summable = (
        r
        for r in kb.regions.values()
        if "cluster" in r.kinds and r.members and PARTIAL not in r.tags
    )
    for cluster in summable:
        for metric in additive:
            years = sorted({y for (r, m, y) in index if m == metric and r in cluster.members})
            for year in years:
                parts = [best(member, metric, year) for member in cluster.members]
                present = tuple(p for p in parts if p is not None)
                if len(present) < len(parts):
                    missing = tuple(
                        m for m, p in zip(cluster.members, parts, strict=True) if p is None
                    )
                    derivations[(cluster.id, metric, year, "missing")] = Derivation(
                        "sum of members", present, missing
                    )
                    continue
                keys = [(m, metric, year) for m in cluster.members]
                found = on_one_basis(keys)
                if found is None:
                    mismatch("sum of members", keys, (cluster.id, metric, year))
                    continue
                present = found
                total = sum(p.value for p in present)
                add(cluster.id, metric, year, total, Derivation(_sum_words(present), present))
    for top, bottom, result, factor, words, digits in ratios:
        for region, _, year in [k for k in index if k[1] == top]:
            if (region, bottom, year) not in index:
                continue
            keys = [(region, top, year), (region, bottom, year)]
            pair = on_one_basis(keys)
            if pair is None:
                mismatch(words, keys, (region, result, year))
                continue
            a, b = pair
            if b.value:
                value = a.value / b.value * factor
                add(region, result, year, value, Derivation(words, (a, b)), digits)
    for metric, share in shares:
        for region, _, year in [k for k in index if k[1] == metric and k[0] != NATION]:
            if (NATION, metric, year) not in index or kb.regions[region].country != "CN":
                continue
            keys = [(region, metric, year), (NATION, metric, year)]
            pair = on_one_basis(keys)
            if pair is None:
                mismatch(f"{metric} / China's {metric} × 100", keys, (region, share, year))
                continue
            a, b = pair
            if b.value:
                formula = f"{metric} / China's {metric} × 100"
                value = a.value / b.value * 100
                add(region, share, year, value, Derivation(formula, (a, b)), SHARE_DIGITS)
    if not derivations:
        return kb
    sources = {**kb.sources, DERIVED_SOURCE.id: DERIVED_SOURCE}
    return KnowledgeBase(kb.regions, kb.metrics, sources, (*kb.facts, *new), derivations)


def _rules_for(
    only: Collection[str] | None,
) -> tuple[tuple[str, ...], tuple[Any, ...], tuple[tuple[str, str], ...]]:
    """The rules that give the metrics in `only` (all rules for None), with the cluster sums
    their inputs need: a ratio or share of a cluster divides its derived totals."""
    if only is None:
        return ADDITIVE, RATIOS, SHARES
    ratios = tuple(r for r in RATIOS if r[2] in only)
    shares = tuple(s for s in SHARES if s[1] in only)
    inputs = {*only, *(r[0] for r in ratios), *(r[1] for r in ratios), *(s[0] for s in shares)}
    return tuple(m for m in ADDITIVE if m in inputs), ratios, shares


def _sum_words(parts: Iterable[Fact]) -> str:
    return "sum of members: " + " + ".join(p.region for p in parts)


def basis_mismatch(
    kb: KnowledgeBase, region: str, metric: str, year: int
) -> tuple[str | None, ...]:
    """The bases of the inputs, where a figure was not derived because they differ."""
    found = kb.derivations.get((region, metric, year, "bases"))
    return found.bases if isinstance(found, Derivation) else ()


def missing_members(kb: KnowledgeBase, region: str, metric: str, year: int) -> tuple[str, ...]:
    """Members without a figure, where a cluster total could not be derived."""
    found = kb.derivations.get((region, metric, year, "missing"))
    return found.missing if isinstance(found, Derivation) else ()
