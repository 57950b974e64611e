"""Figures that follow from sourced ones, computed when asked, with their working.

A derived figure is a fact with `confidence = "derived"`, its formula in words, and the facts it
came from, by the rules each metric states in the data (kb/rules.py): a figure converted to yuan
at a sourced exchange rate, a cluster's total from its members (only when every member has a
figure for that year; otherwise the members without one are named), per-capita GDP, R&D
intensity from spending and output, and shares of the national total. The one preference rule ranks
`derived` last, so a derived figure fills a gap or sits beside a published one as a check.
Derived figures are never exported: `export` gives the sourced facts only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Fact, Region, Source

if TYPE_CHECKING:
    from innov_cli.kb.rules import Operand, Rule

# Not a publication: a derived figure's sources are those of the facts in its working.
DERIVED_SOURCE = Source(
    id="innov-derived",
    publisher="innov",
    title="Computed by innov from the sourced figures in derived_from",
    date="",
    url="",
    tier="secondary",
)

# The rules themselves are in the data (each metric's `sums_over_members` and `derive`; see
# kb/rules.py). A cluster tagged "partial-members" covers only parts of its members and is no
# sum of them; a region tagged "separate-statistics" (Hong Kong, Macao) compiles its accounts
# under its own system, so the mainland's census benchmark does not apply to its figures.
PARTIAL = "partial-members"
SEPARATE = "separate-statistics"
SUMMED_KINDS = ("cluster", "area")
DEFAULT_DIGITS = 6


class Derivation(NamedTuple):
    formula: str
    inputs: tuple[Fact, ...]
    missing: tuple[str, ...] = ()  # members without a figure (the total is then absent)
    # Set when nothing was derived because the inputs sit on different bases (a first
    # release beside a figure revised after a census): the bases found, in input order.
    bases: tuple[str | None, ...] = ()


def with_derived(kb: KnowledgeBase, only: Collection[str] | None = None) -> KnowledgeBase:
    """The knowledge base plus every figure the rules can derive that is not published; with
    `only`, just the figures of those metrics and of what they are derived from (a ranking of
    one metric derives no others).

    What is derived from a knowledge base read from (or written to) the warm cache is kept
    beside it, sealed like it: deriving every metric costs `show` or `compare` more than
    loading the knowledge base does, and the result is the same until the inputs or the code
    change, which change the cache's key."""
    wanted = frozenset(kb.metrics if only is None else only)
    if wanted <= kb.derived_for:
        return kb  # it holds them already (a ranking's slice of the cache: kb/slices.py)
    result = _kept_or_derived(kb, only)
    if result is not kb:
        result.derived_for = kb.derived_for | wanted
    return result


def _kept_or_derived(kb: KnowledgeBase, only: Collection[str] | None) -> KnowledgeBase:
    part = _part_name(only)
    if kb.cache_key is None or part is None:
        return _derived(kb, only)
    from innov_cli.kb import cache

    kept = from_store(kb, cache.read_part(kb.cache_key, part))
    if kept is not None:
        return kept
    result = _derived(kb, only)
    stored = to_store(kb, result)
    if stored is not None:
        cache.write_part(kb.cache_key, part, stored)
    return result


def _part_name(only: Collection[str] | None) -> str | None:
    """The name the figures derived for `only` are kept under: the metric ids themselves, so
    that two sets never share one (None when they would not make a plain file name)."""
    if only is None:
        return "derived"
    name = "derived-" + "+".join(sorted(only))
    return name if is_plain_name(name) else None


def is_plain_name(name: str) -> bool:
    """Whether `name` may name a file kept beside the cache: lowercase ASCII letters, digits,
    `_`, `+` and `-`, at most 120 of them. (A set, not a regular expression: compiling one
    costs every start that imports this module more than all the checks it would make.)"""
    return 0 < len(name) <= 120 and set(name) <= _PLAIN_CHARACTERS


_PLAIN_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_+-")


def to_store(kb: KnowledgeBase, result: KnowledgeBase) -> dict[str, list[Any]] | None:
    """What `with_derived` added to `kb`, as marshal values: the new facts' rows, and each
    working with its inputs as positions among all the facts (None if an input is not one
    of them, which would be a bug: then nothing is kept)."""
    position = {id(fact): n for n, fact in enumerate(result.facts)}

    def entry(key: tuple[Any, ...], d: Derivation) -> tuple[Any, ...]:
        return (key, d.formula, tuple(position[id(f)] for f in d.inputs), d.missing, d.bases)

    try:
        return {
            "facts": [tuple(fact) for fact in result.facts[len(kb.facts) :]],
            "derivations": [entry(k, d) for k, d in result.derivations.items()],
            "gaps": [entry(k, d) for k, d in result.gaps.items()],
        }
    except KeyError:
        return None


def from_store(kb: KnowledgeBase, stored: Any) -> KnowledgeBase | None:
    """`kb` with what `to_store` kept, or None when there is nothing usable."""
    from innov_cli.kb.cache import plausible, records

    try:
        if not (stored["facts"] or stored["derivations"] or stored["gaps"]):
            return kb  # the rules derived nothing from these inputs
        new = records(Fact, stored["facts"])
        facts = (*kb.facts, *new)
        count = len(facts)

        def entry(item: tuple[Any, ...]) -> tuple[Any, Derivation]:
            key, formula, inputs, missing, bases = item
            if not all(type(n) is int and 0 <= n < count for n in inputs):
                raise ValueError("an input outside the facts")
            return key, Derivation(formula, tuple(facts[n] for n in inputs), missing, bases)

        derivations = dict(map(entry, stored["derivations"]))
        gaps = dict(map(entry, stored["gaps"]))
        if not plausible(new):
            return None
    except (KeyError, IndexError, TypeError, ValueError):
        return None
    sources = {**kb.sources, DERIVED_SOURCE.id: DERIVED_SOURCE}
    return kb.with_facts(new, sources, derivations, gaps)


def _derived(kb: KnowledgeBase, only: Collection[str] | None) -> KnowledgeBase:
    # Imported here: a warm start that finds its figures kept (see `with_derived`) reads no rule.
    from innov_cli.kb.rules import in_order, rules_of

    all_rules = rules_of(kb.metrics.values())
    wanted = in_order(kb.metrics, all_rules, kb.metrics if only is None else only)
    derived = {r.target for r in all_rules} | {m for m in wanted if kb.metrics[m].sums_over_members}
    if not derived & set(wanted):
        return kb
    deriver = _Deriver(kb, set(wanted))
    by_target: dict[str, list[Rule]] = defaultdict(list)
    for rule in all_rules:
        by_target[rule.target].append(rule)
    for metric in wanted:  # inputs before results: a member's yuan figure before the sum
        for rule in by_target.get(metric, ()):
            deriver.apply(rule)
        if kb.metrics[metric].sums_over_members:
            deriver.sums(metric)
    if not deriver.derivations and not deriver.gaps:
        return kb
    sources = {**kb.sources, DERIVED_SOURCE.id: DERIVED_SOURCE}
    return kb.with_facts(deriver.new, sources, deriver.derivations, deriver.gaps)


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
        self.separate = {r.id for r in kb.regions.values() if SEPARATE in r.tags}
        self.derivations: dict[tuple[str, str, int, str], Derivation] = {}
        self.gaps: dict[Key, Derivation] = {}  # what was not derived, and why
        self.new: list[Fact] = []
        self.chosen: dict[Key, Fact | None] = {}  # `best`'s answers, until a key gains a figure

    def best(self, region: str, metric: str, year: int) -> Fact | None:
        # Asked for again and again (a member's figure by every group it is in, by each step
        # of a sum), and choosing among several figures is the costly part of deriving.
        key = (region, metric, year)
        if key not in self.chosen:
            facts = self.index.get(key)
            self.chosen[key] = self.input_of(facts) if facts else None
        return self.chosen[key]

    def input_of(self, facts: list[Fact]) -> Fact:
        """The figure a computation uses: the preferred one among those not rounded or
        estimated when there are such (a sum of exact members' figures, not a published
        "11.5 trillion"), so that a ratio never shows digits its input did not have."""
        if len(facts) == 1:
            return facts[0]  # the common case: nothing to choose
        precise = [f for f in facts if not {"rounded", "estimated"} & set(self.kb.flags_of(f))]
        return self.kb.preferred(precise or facts)

    def benchmarked(self, key: Key) -> bool:
        """Whether a key's figures are on the mainland's benchmark, which a census revision
        moves (not those of a region with its own statistical system)."""
        return key[1] in self.sensitive and key[0] not in self.separate

    def on_one_basis(self, keys: list[Key]) -> tuple[Fact, ...] | None:
        """The inputs (one per key, all present) on one basis: each key's preferred figure
        when their bases agree, else each key's preferred figure of a basis every key has
        (the preferred numerator's first); None when the keys share no basis."""
        kb, index = self.kb, self.index
        present = [f for f in (self.best(*key) for key in keys) if f is not None]
        checked = [f for f, key in zip(present, keys, strict=False) if self.benchmarked(key)]
        if len({kb.basis_of(f) for f in checked}) <= 1:
            return tuple(present)
        shared: set[str | None] | None = None
        for key in keys:
            if self.benchmarked(key):
                bases = {kb.basis_of(f) for f in index[key]}
                shared = bases if shared is None else shared & bases
        if not shared:
            return None
        first = kb.basis_of(checked[0])
        basis = first if first in shared else sorted(shared, key=lambda b: b or "")[0]
        return tuple(
            self.input_of([f for f in index[key] if kb.basis_of(f) == basis])
            if self.benchmarked(key)
            else self.input_of(index[key])
            for key in keys
        )

    def mismatch(self, formula: str, keys: list[Key], target: Key) -> None:
        """Record why a figure was not derived: its inputs sit on different bases."""
        inputs = tuple(f for f in (self.best(*key) for key in keys) if f is not None)
        bases = tuple(self.kb.basis_of(f) for f in inputs)
        self.gaps[target] = Derivation(formula, inputs, bases=bases)

    def add(
        self,
        target: Key,
        value: float,
        derivation: Derivation,
        digits: int | None,
        note: str | None = None,
    ) -> None:
        # Added even beside a published figure: that one is preferred, and `show` states the
        # difference (a free check on the data).
        region, metric, year = target
        if metric not in self.kb.metrics:
            return
        places = DEFAULT_DIGITS if digits is None else digits
        # A figure computed from inputs on a stated basis is on that basis too (a basis-free
        # input, such as population, does not change it).
        inputs = (f for f in derivation.inputs if f.region not in self.separate)
        bases = {self.kb.basis_of(f) for f in inputs} - {None}
        fact = Fact(
            region=region,
            metric=metric,
            value=round(value, places) if places else round(value),
            year=year,
            source=DERIVED_SOURCE.id,
            confidence="derived",
            note=note or derivation.formula,
            basis=bases.pop() if len(bases) == 1 else None,
        )
        self.new.append(fact)
        self.index[target].append(fact)
        self.chosen.pop(target, None)
        self.derivations[fact.key] = derivation

    def sums(self, metric: str) -> None:
        """Totals of clusters (and statistical areas), from every member's figure of one
        year on one basis; smaller groups first, so that a group inside a larger one (the
        Pearl River Delta's nine cities inside the Greater Bay Area) can stand in for its
        members there."""
        summable = sorted(
            (
                r
                for r in self.kb.regions.values()
                if r.members and PARTIAL not in r.tags and set(SUMMED_KINDS) & set(r.kinds)
            ),
            key=lambda r: len(r.members),
        )
        # The years each region has a figure in. A smaller group's total, derived on the way,
        # adds no year: it has one only where all its members (members here too) have one.
        years_of: dict[str, set[int]] = defaultdict(set)
        for region, of, year in self.index:
            if of == metric:
                years_of[region].add(year)
        for group in summable:
            members = set(group.members)
            parts = [r for r in summable if r is not group and set(r.members) < members]
            inside = members | {r.id for r in parts}
            years = sorted(set().union(*(years_of.get(r, ()) for r in inside)))
            for year in years:
                self._sum(group.id, group.members, parts, metric, year)

    def _sum(
        self, group: str, members: tuple[str, ...], parts: list[Region], metric: str, year: int
    ) -> None:
        chosen = _with_parts(members, parts, lambda r: self.best(r, metric, year) is not None)
        found = [self.best(member, metric, year) for member in chosen]
        if any(p is None for p in found):
            missing = tuple(m for m, p in zip(chosen, found, strict=True) if p is None)
            present = tuple(p for p in found if p is not None)
            self.gaps[(group, metric, year)] = Derivation("sum of members", present, missing)
            return
        keys = [(m, metric, year) for m in chosen]
        inputs = self.on_one_basis(keys)
        if inputs is None:
            self.mismatch("sum of members", keys, (group, metric, year))
            return
        total = sum(p.value for p in inputs)
        self.add((group, metric, year), total, Derivation(_sum_words(inputs), inputs), None)

    def apply(self, rule: Rule) -> None:
        """A formula, for every region and year that has both its operands."""
        fixed = rule.fixed
        free = rule.right if fixed is rule.left else rule.left
        for region, _, year in [k for k in self.index if k[1] == free.metric]:
            if fixed is None:
                keys = [(region, rule.left.metric, year), (region, rule.right.metric, year)]
            else:
                other = self._fixed_region(fixed, region)
                if other is None:
                    continue
                pair = {fixed: (other, fixed.metric, year), free: (region, free.metric, year)}
                keys = [pair[rule.left], pair[rule.right]]
            if all(key in self.index for key in keys):
                self._compute(rule, keys, (region, rule.target, year))

    def _fixed_region(self, operand: Operand, region: str) -> str | None:
        """The region a fixed operand names, for a figure of `region`: the nation's total
        counts only the mainland, so a share of it is for mainland regions only."""
        from innov_cli.kb.rules import NATION, NATIONAL

        if operand.region != NATIONAL:
            return operand.region if operand.region != region else None
        place = self.kb.regions.get(region)
        if region == NATION or place is None or place.country != "CN" or region in self.separate:
            return None
        return NATION

    def _compute(self, rule: Rule, keys: list[Key], target: Key) -> None:
        pair = self.on_one_basis(keys)
        if pair is None:
            self.mismatch(rule.words, keys, target)
            return
        a, b = pair
        if rule.operator == "*":
            value = a.value * b.value * rule.factor
        elif b.value:
            value = a.value / b.value * rule.factor
        else:
            return
        # The note shows the figures used, with their units (the rate a sum across currencies
        # was converted at, say); the formula stays the rule's words.
        operator = " × " if rule.operator == "*" else " / "
        shown = operator.join(self._amount(f, target[0]) for f in (a, b))
        note = f"{rule.words}: {shown}"
        self.add(target, value, Derivation(rule.words, (a, b)), rule.digits, note)

    def _amount(self, fact: Fact, region: str) -> str:
        """A figure as a derived note shows it: value and unit, and its region when that is
        not the derived figure's own (China's rate in Hong Kong's cross rate)."""
        metric = self.kb.metrics.get(fact.metric)
        unit = metric.unit if metric is not None else ""
        where = f"{fact.region} " if fact.region != region else ""
        return f"{where}{fact.value:,} {unit}".strip()


def _with_parts(
    members: tuple[str, ...], parts: list[Region], has_figure: Callable[[str], bool]
) -> tuple[str, ...]:
    """The members to sum: each member itself, except that where members lack a figure, a
    part with a figure that covers them (a group of members) stands in for its members."""
    chosen = list(members)
    for part in sorted(parts, key=lambda r: -len(r.members)):
        inside = set(part.members)
        if not inside <= set(chosen) or all(has_figure(m) for m in inside):
            continue
        if has_figure(part.id):
            at = min(chosen.index(m) for m in inside)
            chosen = [m for m in chosen if m not in inside]
            chosen.insert(at, part.id)
    return tuple(chosen)


def _sum_words(parts: Iterable[Fact]) -> str:
    return "sum of members: " + " + ".join(p.region for p in parts)


def basis_mismatch(
    kb: KnowledgeBase, region: str, metric: str, year: int
) -> tuple[str | None, ...]:
    """The bases of the inputs, where a figure was not derived because they differ."""
    found = kb.gaps.get((region, metric, year))
    return found.bases if found is not None else ()


def missing_members(kb: KnowledgeBase, region: str, metric: str, year: int) -> tuple[str, ...]:
    """Members without a figure, where a cluster total could not be derived."""
    found = kb.gaps.get((region, metric, year))
    return found.missing if found is not None else ()


def sourced_inputs(kb: KnowledgeBase, facts: Iterable[Fact]) -> list[Fact]:
    """The published facts behind derived ones, through every level of working (the Fed's
    rates behind a Hong Kong figure converted at a derived cross rate, behind a GBA sum), so
    that a derived figure cites every source it rests on, never innov."""
    found: list[Fact] = []
    pending = list(facts)
    seen: set[tuple[str, str, int, str]] = set()
    while pending:
        fact = pending.pop(0)
        if fact.key in seen:
            continue
        seen.add(fact.key)
        working = kb.derivations.get(fact.key) if fact.source == DERIVED_SOURCE.id else None
        if working is not None:
            pending.extend(working.inputs)
        else:
            found.append(fact)
    return found
