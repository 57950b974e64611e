"""Rows more than one command emits: a fact (`export`, `show`, the Python API) and a region
(`list`, `show`). Apart from `shared` so that `rank` and other commands never define them.
"""

# Annotations are evaluated, not postponed: see kb/records.py.

from typing import Any, NamedTuple

from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Fact, Region


class FactRecord(NamedTuple):
    """One fact, one row: export's contract (docs/json-contract.md)."""

    region: str
    metric: str
    value: float
    unit: str | None
    year: int
    edition: int | None
    source: str
    confidence: str
    qualifier: str | None
    note: str | None
    tier: str | None
    # Whether this is the figure every command shows for its region, metric and year (the
    # one preference rule); exactly one fact per key is preferred.
    preferred: bool
    # Which statistic it is: who compiled it, which vintage, and its status flags.
    producer: str
    release: str | None
    release_date: str | None
    revision: str | None
    basis: str | None
    flags: list[str]

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def provenance_fields(
    fact: Fact, kb: KnowledgeBase
) -> tuple[str, str | None, str | None, str | None, str | None, list[str]]:
    """producer, release, release_date, revision, basis and flags, as every record gives them."""
    return (
        kb.producer_of(fact),
        kb.release_of(fact),
        kb.release_date_of(fact),
        kb.revision_of(fact),
        kb.basis_of(fact),
        list(kb.flags_of(fact)),
    )


def fact_record(fact: Fact, kb: KnowledgeBase, preferred: bool | None = None) -> FactRecord:
    """A fact as one row; `preferred` as the caller knows it, else by the preference rule."""
    metric = kb.metrics.get(fact.metric)
    return FactRecord(
        fact.region,
        fact.metric,
        fact.value,
        fact.unit or (metric.unit if metric else None),
        fact.year,
        fact.edition,
        fact.source,
        fact.confidence,
        fact.qualifier,
        fact.note,
        kb.tier_of(fact),
        kb.is_preferred(fact) if preferred is None else preferred,
        *provenance_fields(fact, kb),
    )


class RegionRecord(NamedTuple):
    """A region as `list` prints it (and the head of `show`'s document)."""

    id: str
    name: str
    name_zh: str | None
    kinds: list[str]
    country: str
    parent: str | None
    members: list[str]
    aliases: list[str]
    facts: int  # how many figures the knowledge base has for it (0: none yet)

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def region_record(region: Region, kb: KnowledgeBase) -> RegionRecord:
    return RegionRecord(
        region.id,
        region.name,
        region.name_zh,
        list(region.kinds),
        region.country,
        region.parent,
        list(region.members),
        list(region.aliases),
        len(kb.facts_for_region(region.id)),
    )
