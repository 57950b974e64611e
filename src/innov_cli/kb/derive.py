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
    deriver = _Deriver(kb, wanted)
    deriver.sums(additive)
    deriver.ratios(ratios)
    deriver.shares(shares)
    if not deriver.derivations:
        return kb
    sources = {**kb.sources, DERIVED_SOURCE.id: DERIVED_SOURCE}
    facts = (*kb.facts, *deriver.new)
    return KnowledgeBase(kb.regions, kb.metrics, sources, facts, deriver.derivations)


Key = tuple[str, str, int]


class _Deriver:
    """The derivations of one knowledge base: the plain figures they may use, indexed by
    (region, metric, year), and what has been derived (or why not) so far."""

    def __init__(self, kb: KnowledgeBase, wanted: set[str]) -> None:
        self.kb = kb
        self.index: dict[Key, list[Fact]] = defaultdict(list)
        for metric in wanted:
            for fact in kb.facts_for_metric(metric):
                # Only plain figures enter a sum or ratio: ">30" or "~12,000" cannot.
                if fact.qualifier is None:
                    self.index[(fact.region, fact.metric, fact.year)].append(fact)
        # A metric is basis-sensitive when any of its figures names a basis (GDP after a
        # census revision, say); population, which no census revision rebased here, is not.
        self.sensitive = {
            m for m in wanted if any(kb.basis_of(f) is not None for f in kb.facts_for_metric(m))
        }
        self.derivations: dict[tuple[str, str, int, str], Derivation] = {}
        self.new: list[Fact] = []

    def best(self, region: str, metric: str, year: int) -> Fact | None:
        facts = self.index.get((region, metric, year))
        return self.input_of(facts) if facts else None

    def input_of(self, facts: list[Fact]) -> Fact:
        """The figure a computation uses: the preferred one among those not rounded or
        estimated when there are such (a sum of exact members' figures, not a published
        "11.5 trillion"), so that a ratio never shows digits its input did not have."""
        if len(facts) == 1:
            return facts[0]  # the common case: nothing to choose
        precise = [f for f in facts if not {"rounded", "estimated"} & set(self.kb.flags_of(f))]
        return self.kb.preferred(precise or facts)

    def on_one_basis(self, keys: list[Key]) -> tuple[Fact, ...] | None:
        """The inputs (one per key, all present) on one basis: each key's preferred figure
        when their bases agree, else each key's preferred figure of a basis every key has
        (the preferred numerator's first); None when the keys share no basis."""
        kb, index, sensitive = self.kb, self.index, self.sensitive
        present = [f for f in (self.best(*key) for key in keys) if f is not None]
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
            self.input_of([f for f in index[key] if kb.basis_of(f) == basis])
            if key[1] in sensitive
            else self.input_of(index[key])
            for key in keys
        )

    def mismatch(self, formula: str, keys: list[Key], target: Key) -> None:
        """Record why a figure was not derived: its inputs sit on different bases."""
        inputs = tuple(f for f in (self.best(*key) for key in keys) if f is not None)
        bases = tuple(self.kb.basis_of(f) for f in inputs)
        region, metric, year = target
        self.derivations[(region, metric, year, "bases")] = Derivation(formula, inputs, bases=bases)

    def add(self, target: Key, value: float, derivation: Derivation, digits: int = 6) -> None:
        # Added even beside a published figure: that one is preferred, and `show` states the
        # difference (a free check on the data).
        region, metric, year = target
        if metric not in self.kb.metrics:
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
        self.new.append(fact)
        self.index[target].append(fact)
        self.derivations[fact.key] = derivation

    def sums(self, additive: Iterable[str]) -> None:
        """Cluster totals, from every member's figure of one year on one basis. A cluster that
        covers only parts of its members (tag "partial-members") is no sum of them."""
        summable = [
            r
            for r in self.kb.regions.values()
            if "cluster" in r.kinds and r.members and PARTIAL not in r.tags
        ]
        for cluster in summable:
            for metric in additive:
                members = set(cluster.members)
                years = sorted({y for (r, m, y) in self.index if m == metric and r in members})
                for year in years:
                    self._sum(cluster.id, cluster.members, metric, year)

    def _sum(self, cluster: str, members: tuple[str, ...], metric: str, year: int) -> None:
        parts = [self.best(member, metric, year) for member in members]
        if any(p is None for p in parts):
            missing = tuple(m for m, p in zip(members, parts, strict=True) if p is None)
            present = tuple(p for p in parts if p is not None)
            self.derivations[(cluster, metric, year, "missing")] = Derivation(
                "sum of members", present, missing
            )
            return
        keys = [(m, metric, year) for m in members]
        found = self.on_one_basis(keys)
        if found is None:
            self.mismatch("sum of members", keys, (cluster, metric, year))
            return
        total = sum(p.value for p in found)
        self.add((cluster, metric, year), total, Derivation(_sum_words(found), found))

    def ratios(self, rules: Iterable[tuple[str, str, str, float, str, int]]) -> None:
        for top, bottom, result, factor, words, digits in rules:
            for region, _, year in [k for k in self.index if k[1] == top]:
                if (region, bottom, year) in self.index:
                    keys = [(region, top, year), (region, bottom, year)]
                    self._divide(keys, (region, result, year), words, factor, digits)

    def shares(self, rules: Iterable[tuple[str, str]]) -> None:
        for metric, share in rules:
            for region, _, year in [k for k in self.index if k[1] == metric and k[0] != NATION]:
                if (NATION, metric, year) in self.index and self.kb.regions[region].country == "CN":
                    keys = [(region, metric, year), (NATION, metric, year)]
                    formula = f"{metric} / China's {metric} × 100"
                    self._divide(keys, (region, share, year), formula, 100.0, SHARE_DIGITS)

    def _divide(
        self, keys: list[Key], target: Key, formula: str, factor: float, digits: int
    ) -> None:
        pair = self.on_one_basis(keys)
        if pair is None:
            self.mismatch(formula, keys, target)
            return
        a, b = pair
        if b.value:
            self.add(target, a.value / b.value * factor, Derivation(formula, (a, b)), digits)


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
