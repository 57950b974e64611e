"""The validated, layered knowledge base: one frozen object with lookups."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Any

from innov_cli.errors import NotFound
from innov_cli.kb.records import FLAGS, Fact, Metric, Region, Source
from innov_cli.messages import Msg, msg

# A source without a tier (a user's file written before tiers) ranks with secondary ones.
TIER_ORDER = {"primary": 0, "official-media": 1, "secondary": 2, None: 2}


def normalise(text: str) -> str:
    """Lookup key: case-insensitive, Unicode-normalised (NFC: a composed "é" and "e" plus a
    combining accent are one name), with spaces, underscores and dashes made equal."""
    out = text.strip().casefold()
    if not out.isascii():
        import unicodedata  # a C extension: only non-ASCII text loads it (ids never do)

        if not unicodedata.is_normalized("NFC", out):
            out = unicodedata.normalize("NFC", out)
    for ch in " _–—":
        out = out.replace(ch, "-")
    return out


# How precise a figure is, best first: as published, then rounded, estimated or derived by
# innov, then a bound (">3,000" never beats 3,207.47).
PRECISION_EXACT, PRECISION_ROUNDED, PRECISION_BOUND = 0, 1, 2
# Within one producer, the newest vintage is the one the series is on ("as now revised").
RELEASE_ORDER = {"revised": 0, "final": 1, "first": 2, None: 2}
_BOUND_FLAGS = {">": "lower-bound", ">=": "lower-bound", "<": "upper-bound", "<=": "upper-bound"}
# (precision, release rank, tier, derived, -date): smaller is preferred.
PreferenceKey = tuple[int, int, int, int, int]


def date_order(date: str) -> int:
    """A publication date as a number that sorts the newest first when ascending: minus
    YYYYMMDD, a missing month or day counting as 00 ("2025" is older than "2025-09-30")."""
    digits = date.replace("-", "")
    if not digits.isdigit():
        return 0
    return -int(digits.ljust(8, "0")[:8])


def preference_key(
    fact: Fact, sources: dict[str, Source], tier: str | None = None
) -> PreferenceKey:
    """Sort key of the one preference rule; `tier` overrides the source's (a derived figure's
    is its inputs' weakest). `KnowledgeBase.preferred` compares releases only within a
    producer."""
    source = sources.get(fact.source)
    if tier is None:
        tier = source.tier if source else None
    return (
        precision_of(fact, flags_of(fact, source)),
        RELEASE_ORDER[inherited(fact, source, "release")],
        TIER_ORDER.get(tier, 2),
        int(fact.confidence == "derived"),
        date_order(source.date if source else ""),
    )


def inherited(fact: Fact, source: Source | None, field: str) -> Any:
    """A provenance field (producer, release, release_date, revision, basis): the fact's own,
    else its source's (which states it for all its facts)."""
    own = getattr(fact, field)
    return own if own else getattr(source, field) if source is not None else None


def flags_of(fact: Fact, source: Source | None) -> tuple[str, ...]:
    """A figure's status flags: its own and its source's, plus what its qualifier, release and
    confidence already say (one vocabulary: a ">" is a lower bound, "~" is rounded, a revised
    release is revised, an approximate figure without a stated reason is estimated)."""
    flags: set[str] = set(fact.flags)
    if source is not None:
        flags.update(source.flags)
    if fact.qualifier in _BOUND_FLAGS:
        flags.add(_BOUND_FLAGS[fact.qualifier])
    elif fact.qualifier == "~":
        flags.add("rounded")
    if inherited(fact, source, "release") == "revised":
        flags.add("revised")
    if fact.confidence == "approximate" and not flags & {
        "rounded",
        "estimated",
        "lower-bound",
        "upper-bound",
    }:
        flags.add("estimated")
    return tuple(f for f in FLAGS if f in flags)


def precision_of(fact: Fact, flags: tuple[str, ...]) -> int:
    """PRECISION_EXACT, _ROUNDED or _BOUND: the first part of the preference rule. A derived
    figure is an estimate: better than a bound, never better than an exact published one."""
    if fact.confidence == "derived":
        return PRECISION_ROUNDED
    if "lower-bound" in flags or "upper-bound" in flags:
        return PRECISION_BOUND
    if "rounded" in flags or "estimated" in flags or fact.confidence == "approximate":
        return PRECISION_ROUNDED
    return PRECISION_EXACT


class KnowledgeBase:
    """Regions, metrics, sources and facts after validation and layering.

    The lookup indexes are built on first use: a command that ranks one metric never pays for
    the name index, and one that shows one region never groups every fact by metric.
    (A plain class, not a dataclass: defining one costs every start more than the rest of
    this module.)
    """

    def __init__(
        self,
        regions: dict[str, Region],
        metrics: dict[str, Metric],
        sources: dict[str, Source],
        facts: tuple[Fact, ...],
        derivations: dict[tuple[str, str, int, str], Any] | None = None,
        gaps: dict[tuple[str, str, int], Any] | None = None,
    ) -> None:
        self.regions = regions
        self.metrics = metrics
        self.sources = sources
        self.facts = facts
        # The working of derived figures (kb/derive.py), keyed like facts; empty when loaded.
        self.derivations: dict[tuple[str, str, int, str], Any] = derivations or {}
        # Figures the rules could not derive, by (region, metric, year), and why: members
        # without a figure, or inputs on different bases (`show` says which).
        self.gaps: dict[tuple[str, str, int], Any] = gaps or {}
        # The key of the warm cache this knowledge base is exactly the content of (kb/cache.py),
        # under which what is derived from it can be kept too; None for any other, such as
        # one filtered by tier or with derived figures added.
        self.cache_key: str | None = None
        # The metrics whose derived figures (kb/derive.py) it holds already, so that deriving
        # them again returns it as it is: a ranking's slice of the cache (kb/slices.py).
        self.derived_for: frozenset[str] = frozenset()

    def __eq__(self, other: object) -> bool:
        """Equal when they hold the same records (a cached load equals a parsed one)."""
        if not isinstance(other, KnowledgeBase):
            return NotImplemented
        mine = (self.regions, self.metrics, self.sources, self.facts, self.derivations, self.gaps)
        return mine == (
            other.regions,
            other.metrics,
            other.sources,
            other.facts,
            other.derivations,
            other.gaps,
        )

    __hash__ = None  # type: ignore[assignment]  # equal by content, and dicts are unhashable

    def __repr__(self) -> str:
        return (
            f"KnowledgeBase({len(self.regions)} regions, {len(self.metrics)} metrics, "
            f"{len(self.sources)} sources, {len(self.facts)} facts)"
        )

    @cached_property
    def _names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for region in self.regions.values():
            for label in (region.id, region.name, region.name_zh, *region.aliases):
                if label:
                    names.setdefault(normalise(label), region.id)
        return names

    @cached_property
    def _by_region(self) -> dict[str, list[Fact]]:
        return _grouped(self.facts, [fact.region for fact in self.facts])

    @cached_property
    def _by_metric(self) -> dict[str, list[Fact]]:
        return _grouped(self.facts, [fact.metric for fact in self.facts])

    def with_facts(
        self,
        facts: Sequence[Fact],
        sources: dict[str, Source],
        derivations: dict[tuple[str, str, int, str], Any],
        gaps: dict[tuple[str, str, int], Any],
    ) -> KnowledgeBase:
        """This knowledge base plus some facts (derived ones, with their sources, working and
        gaps). The fact indexes already built carry over, extended by the new facts: adding a
        ranking's few derived figures need not group every fact again."""
        kb = KnowledgeBase(
            self.regions, self.metrics, sources, (*self.facts, *facts), derivations, gaps
        )
        for index, keys in (
            ("_by_metric", [fact.metric for fact in facts]),
            ("_by_region", [fact.region for fact in facts]),
        ):
            built: dict[str, list[Fact]] | None = self.__dict__.get(index)
            if built is not None:
                groups = {key: list(group) for key, group in built.items()}
                kb.__dict__[index] = _grouped(facts, keys, groups)
        return kb

    @cached_property
    def _parents(self) -> dict[str, list[str]]:
        # Who lists each region as a member: one pass, so parents_of stays O(1) in loops.
        parents: dict[str, list[str]] = {}
        for region in self.regions.values():
            for member in region.members:
                parents.setdefault(member, []).append(region.id)
        return parents

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        children: dict[str, list[str]] = {}
        for region in self.regions.values():
            if region.parent:
                children.setdefault(region.parent, []).append(region.id)
        return children

    @cached_property
    def _preferred_by_key(self) -> dict[tuple[str, str, int], Fact]:
        groups: dict[tuple[str, str, int], list[Fact]] = {}
        for fact in self.facts:
            groups.setdefault((fact.region, fact.metric, fact.year), []).append(fact)
        return {key: self.preferred(group) for key, group in groups.items()}

    @cached_property
    def _source_order(self) -> dict[tuple[object, ...], PreferenceKey]:
        # preference_key per (confidence, source), filled in as facts are compared: computing
        # it once per fact dominated ranking a large knowledge base.
        return {}

    # -- lookups -----------------------------------------------------------------------------

    def resolve(self, text: str) -> Region:
        """The region an id, English or Chinese name, or alias names (case-insensitive)."""
        region_id = self._names.get(normalise(text))
        if region_id is None:
            raise NotFound(
                msg("error.unknown_region", name=text),
                hint=suggestion(text, self._names, "innov list"),
            )
        return self.regions[region_id]

    def metric(self, text: str) -> Metric:
        """The metric with this id (case-insensitive; dashes and underscores are equal)."""
        names = {normalise(m): m for m in self.metrics}
        for metric in self.metrics.values():
            names.update((normalise(alias), metric.id) for alias in metric.aliases)
        key = normalise(text)
        if key in names:
            return self.metrics[names[key]]
        raise NotFound(
            msg("error.unknown_metric", name=text), hint=suggestion(text, names, "innov metrics")
        )

    def facts_for_region(self, region_id: str) -> list[Fact]:
        return self._by_region.get(region_id, [])

    def facts_for_metric(self, metric_id: str) -> list[Fact]:
        return self._by_metric.get(metric_id, [])

    def parents_of(self, region_id: str) -> list[str]:
        """Regions that list this one as a member, plus its declared parent."""
        found = list(self._parents.get(region_id, ()))
        parent = self.regions[region_id].parent
        if parent and parent not in found:
            found.insert(0, parent)
        return found

    def children_of(self, region_id: str) -> list[str]:
        """Declared members plus regions naming this one as their parent."""
        region = self.regions[region_id]
        found = list(region.members)
        found += [r for r in self._children.get(region_id, ()) if r not in found]
        return found

    def preferred(self, facts: Iterable[Fact]) -> Fact:
        """The fact to show when several describe the same region, metric and year, by the
        one preference rule: an exact figure beats a rounded, estimated or derived one, and
        all beat a bound; among one producer's figures a revised release beats the final one,
        which beats the first; then the better source tier (a derived figure has its inputs'
        weakest); then a published figure before a derived one; then the newest publication.
        (docs/data-guide.md and `innov metrics --help` say the same in words.)"""
        group: list[Fact] = list(facts)
        if len(group) == 1:
            return group[0]  # the common case, and no key to compute
        keys = [self._preference(f) for f in group]
        producers = [self.producer_of(f) for f in group]
        best_release: dict[str, int] = {}
        for key, producer in zip(keys, producers, strict=True):
            best_release[producer] = min(best_release.get(producer, 9), key[1])

        def rank(n: int) -> PreferenceKey:
            precision, release, tier, derived, date = keys[n]
            # Releases compete only within one producer: an older vintage is dominated.
            return (precision, int(release > best_release[producers[n]]), tier, derived, date)

        return group[min(range(len(group)), key=rank)]

    def is_preferred(self, fact: Fact) -> bool:
        """Whether `fact` is the one figure shown for its region, metric and year."""
        return self._preferred_by_key.get((fact.region, fact.metric, fact.year)) is fact

    def related_of(self, region_id: str) -> list[str]:
        """Regions easily confused with this one, whichever side names the link."""
        found = list(self.regions[region_id].related)
        found += [
            r.id for r in self.regions.values() if region_id in r.related and r.id not in found
        ]
        return [r for r in found if r in self.regions]

    def tier_of(self, fact: Fact) -> str | None:
        """The tier of the source behind a fact; for a derived figure, the weakest tier among
        the facts it was computed from."""
        working = self.derivations.get(fact.key)
        if working is not None:
            tiers = [self.tier_of(f) for f in working.inputs]
            return max(tiers, key=lambda t: TIER_ORDER.get(t, 2)) if tiers else None
        source = self.sources.get(fact.source)
        return source.tier if source else None

    def series_of(self, fact: Fact) -> str:
        """The series a figure belongs to: its own, its metric's, else its producer's (so that
        one bureau's figures form one series whichever outlet printed them)."""
        if fact.series:
            return fact.series
        metric = self.metrics.get(fact.metric)
        if metric is not None and metric.series:
            return metric.series
        return self.producer_of(fact)

    def producer_of(self, fact: Fact) -> str:
        """Who compiled a figure: the fact's producer, its source's, else (a file written
        before producers) the first organisation its source's publisher names."""
        source = self.sources.get(fact.source)
        stated: str | None = inherited(fact, source, "producer")
        if stated:
            return stated
        if source is None:
            return fact.source
        return source.publisher.split(",")[0].split(" (")[0].strip()

    def release_of(self, fact: Fact) -> str | None:
        """first, final or revised: the fact's own release, else its source's."""
        release: str | None = inherited(fact, self.sources.get(fact.source), "release")
        return release

    def release_date_of(self, fact: Fact) -> str | None:
        """When the figure's release came out: as stated, else its source's date."""
        source = self.sources.get(fact.source)
        stated: str | None = inherited(fact, source, "release_date")
        return stated or (source.date if source and source.date else None)

    def revision_of(self, fact: Fact) -> str | None:
        revision: str | None = inherited(fact, self.sources.get(fact.source), "revision")
        return revision

    def basis_of(self, fact: Fact) -> str | None:
        """The benchmark a figure is on where it changed ("fifth economic census"), as the
        data states it. None: as originally compiled. A routine revision (a statistics
        office's annual update) changes no basis: only a stated one, such as a census
        revision, breaks a trend."""
        basis: str | None = inherited(fact, self.sources.get(fact.source), "basis")
        return basis

    def flags_of(self, fact: Fact) -> tuple[str, ...]:
        """The figure's status flags, in the vocabulary's order (see `flags_of`)."""
        return flags_of(fact, self.sources.get(fact.source))

    def at_tier(self, tier: str) -> KnowledgeBase:
        """The same knowledge base with only the facts whose source is of `tier` or better."""
        limit = TIER_ORDER[tier]
        facts = tuple(f for f in self.facts if TIER_ORDER.get(self.tier_of(f), 2) <= limit)
        return KnowledgeBase(self.regions, self.metrics, self.sources, facts)

    def _preference(self, fact: Fact) -> PreferenceKey:
        if fact.confidence == "derived":  # one stand-in source, inputs of any tier
            return preference_key(fact, self.sources, self.tier_of(fact))
        order = self._source_order
        key = (fact.confidence, fact.source, fact.qualifier, fact.flags, fact.release)
        if key not in order:
            order[key] = preference_key(fact, self.sources)
        return order[key]


def _grouped(
    facts: Iterable[Fact], keys: Iterable[str], groups: dict[str, list[Fact]] | None = None
) -> dict[str, list[Fact]]:
    """Facts by their keys (one key a fact, given in the facts' order), each group in the
    facts' order; added to `groups` when given."""
    grouped: dict[str, list[Fact]] = {} if groups is None else groups
    for key, fact in zip(keys, facts, strict=True):
        grouped.setdefault(key, []).append(fact)
    return grouped


def suggestion(text: str, names: dict[str, str], listing: str) -> Msg:
    """A "did you mean" hint, or where to find valid names (worded by the view layer)."""
    import difflib  # only on the error path: keeps it off every start-up

    close = difflib.get_close_matches(normalise(text), list(names), n=3, cutoff=0.6)
    if close:
        ids = list(dict.fromkeys(names[c] for c in close))
        return msg("error.did_you_mean", ids=ids)
    return msg("error.see_listing", listing=listing)
