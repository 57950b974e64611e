"""Rows more than one command emits: a fact (`export`, `show`, the Python API) and a region
(`list`, `show`). Apart from `shared` so that `rank` and other commands never define them.
"""

# Annotations are evaluated, not postponed: see kb/records.py.

from typing import Any, NamedTuple

from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Fact, Region


class FactRecord(NamedTuple):
    """One fact, one row: export's contract (README "JSON contract")."""

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

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def fact_record(fact: Fact, kb: KnowledgeBase) -> FactRecord:
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
