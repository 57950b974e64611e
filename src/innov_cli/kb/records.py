"""The knowledge base's record types.

NamedTuples: immutable, hashable and cheap to define, which matters because every command
imports them (a frozen dataclass of 16 fields costs a warm start several times more to define).
The validating loader checks files against frozen dataclasses with the same fields, types and
defaults, built from these in `kb/document.py` only when a file is parsed; the cache path
rebuilds records straight from rows without them.
"""

# Annotations are evaluated, not postponed (no `from __future__ import annotations`): with
# postponed ones, typing.NamedTuple compiles every field's annotation string at each start.

from typing import Literal, NamedTuple, get_args

# Each vocabulary is stated once, as a Literal for the type checker; its tuple (what validation
# and the schema enumerate) is read from it.

Kind = Literal["country", "cluster", "province", "city", "st-cluster", "platform", "area"]
KINDS: tuple[str, ...] = get_args(Kind)
Confidence = Literal["exact", "approximate", "derived"]
CONFIDENCES: tuple[str, ...] = get_args(Confidence)
# "none": neither direction is better (land area, population): no leader, no up/down mark.
Better = Literal["higher", "lower", "none"]
BETTERS: tuple[str, ...] = get_args(Better)
# What kind of number a metric holds; decides its format and its default valid range.
ValueType = Literal["amount", "percent", "count", "rank"]
# Where a metric sits in a comparison, in this order.
Group = Literal["economy", "rd", "rankings", "institutions", "other"]
GROUPS: tuple[str, ...] = get_args(Group)
_VALUE_TYPE_BY_UNIT = {"rank": "rank", "%": "percent", "count": "count"}
# Who stands behind a figure: the body that produced it, an established news organisation, or
# anyone else (encyclopaedias, mirrors, aggregators, blogs, AI-written summaries).
Tier = Literal["primary", "official-media", "secondary"]
TIERS: tuple[str, ...] = get_args(Tier)
Qualifier = Literal[">", ">=", "<", "<=", "~"]
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
# Which vintage of a statistic a figure is: first published (preliminary), final, or revised
# later (after a census, say). ALFRED keeps every vintage; so does innov.
Release = Literal["first", "final", "revised"]
RELEASES: tuple[str, ...] = get_args(Release)
# Status flags, after SDMX OBS_STATUS and Eurostat's flags: one small fixed vocabulary.
# Bounds are also written as a qualifier (">" is lower-bound); the two must agree.
Flag = Literal[
    "provisional", "estimated", "revised", "break", "lower-bound", "upper-bound", "rounded"
]
FLAGS: tuple[str, ...] = get_args(Flag)


class Source(NamedTuple):
    """A citation: who published what, when, and where to read it."""

    id: str
    publisher: str
    title: str
    date: str
    url: str
    tier: Tier
    note: str | None = None
    # The copy the figures were actually read from (repost, mirror, archive, summary), when
    # that is not the original publication named above.
    via: str | None = None
    # When the page was read: YYYY, YYYY-MM or YYYY-MM-DD (citation managers show it).
    accessed: str | None = None
    # Which statistic it is (a fact's own fields override its source's): the body that compiled
    # it (not the outlet that printed it), the vintage, when that vintage came out, why it was
    # revised, and the benchmark it is on ("fifth economic census") where that changed.
    producer: str | None = None
    release: Release | None = None
    release_date: str | None = None
    revision: str | None = None
    basis: str | None = None
    flags: tuple[Flag, ...] = ()


class Metric(NamedTuple):
    """Something a region can be measured or ranked by."""

    id: str
    name: str
    unit: str
    better: Better = "higher"
    description: str | None = None
    # For rankings named after their publication year: edition = data year + offset.
    edition_offset: int | None = None
    # Shorter spellings accepted by --by, e.g. "nature-index" for nature_index_rank.
    aliases: tuple[str, ...] = ()
    name_zh: str | None = None
    value_type: ValueType | None = None
    minimum: float | None = None
    maximum: float | None = None
    group: Group | None = None
    # Shown wherever the metric is shown, e.g. a change of method between editions.
    caveat: str | None = None
    # One series for all its figures, whoever reported them (a ranking's own name).
    series: str | None = None
    # Years from which the publisher's method changed: no trend line joins across them.
    method_changes: tuple[int, ...] = ()
    # Derivation rules (kb/rules.py reads them): a total over a cluster's members; formulas
    # such as "gdp / population", scaled by derive_factor and rounded to derive_digits.
    sums_over_members: bool = False
    derive: tuple[str, ...] = ()
    derive_factor: float = 1.0
    derive_digits: int | None = None

    @property
    def kind(self) -> str:
        """amount, percent, count or rank: as declared, else as its unit implies."""
        return self.value_type or _VALUE_TYPE_BY_UNIT.get(self.unit, "amount")

    @property
    def is_ranking(self) -> bool:
        return self.kind == "rank"

    @property
    def valid_range(self) -> tuple[float | None, float | None]:
        """The (minimum, maximum) values may take: as declared, else by the value's kind
        (amounts, counts and percentages are not negative; percentages at most 100; ranks
        from 1)."""
        low, high = {"percent": (0.0, 100.0), "rank": (1.0, None)}.get(self.kind, (0.0, None))
        return (
            self.minimum if self.minimum is not None else low,
            self.maximum if self.maximum is not None else high,
        )

    @property
    def section(self) -> str:
        return self.group or ("rankings" if self.is_ranking else "other")


class Region(NamedTuple):
    """A cluster, province, city, WIPO cluster, platform or country."""

    id: str
    name: str
    kinds: tuple[Kind, ...]
    country: str
    name_zh: str | None = None
    aliases: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    parent: str | None = None
    strategy_year: int | None = None
    strategy_source: str | None = None
    focus: tuple[str, ...] = ()
    focus_source: str | None = None
    note: str | None = None
    # Source id that establishes the region's membership of its parent or cluster.
    membership_source: str | None = None
    # Regions easily confused with this one (a city and the WIPO cluster around it).
    related: tuple[str, ...] = ()
    # Designations such as "yrd-central-area" (the 27 cities of the YRD plan's central area).
    tags: tuple[str, ...] = ()


class Fact(NamedTuple):
    """One sourced figure: a region's value for a metric in the year it describes."""

    region: str
    metric: str
    value: int | float
    year: int
    source: str
    confidence: Confidence
    unit: str | None = None
    edition: int | None = None
    qualifier: Qualifier | None = None
    note: str | None = None
    # Figures join into one trend line only within a series; by default a series is the
    # source's publisher. Name one when a publisher runs several, or several publish one.
    series: str | None = None
    # Which statistic it is (a fact's own fields override its source's): the body that compiled
    # it (not the outlet that printed it), the vintage, when that vintage came out, why it was
    # revised, and the benchmark it is on ("fifth economic census") where that changed.
    producer: str | None = None
    release: Release | None = None
    release_date: str | None = None
    revision: str | None = None
    basis: str | None = None
    flags: tuple[Flag, ...] = ()

    @property
    def key(self) -> tuple[str, str, int, str]:
        """Identity used when layering files: a later file replaces the same key."""
        return (self.region, self.metric, self.year, self.source)
