"""`innov sources`: the citations behind the figures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from innov_cli.commands.listing import Field, list_output
from innov_cli.errors import NotFound
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Fact, Source
from innov_cli.view.model import Cell, Output, msg


class SourceUse(NamedTuple):
    source: Source
    facts: int


class SourceRecord(NamedTuple):
    """One citation (docs/json-contract.md: `innov sources`)."""

    id: str
    publisher: str
    title: str
    date: str
    url: str
    note: str | None
    facts: int
    tier: str | None
    via: str | None
    accessed: str | None

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def list_sources(kb: KnowledgeBase, names: Sequence[str] | str | None = None) -> list[SourceUse]:
    """Every citation, or those named: each name a source id, or a region (the sources
    behind its facts and profile); newest first."""
    if isinstance(names, str):
        names = [names]
    if not names:
        facts = list(kb.facts)
        wanted = set(kb.sources)
    else:
        facts, wanted = [], set()
        for name in names:
            more, ids = _sources_of(kb, name)
            facts += more
            wanted |= ids
    counts = Counter(f.source for f in facts)
    uses = [SourceUse(kb.sources[s], counts.get(s, 0)) for s in wanted if s in kb.sources]
    uses.sort(key=lambda u: u.source.id)
    uses.sort(key=lambda u: u.source.date, reverse=True)
    return uses


def _sources_of(kb: KnowledgeBase, name: str) -> tuple[list[Fact], set[str]]:
    if name in kb.sources:
        return [f for f in kb.facts if f.source == name], {name}
    try:
        region = kb.resolve(name)
    except NotFound as exc:
        raise NotFound(
            msg("error.unknown_region_or_source", name=name), hint=exc.hint_words
        ) from None
    facts = kb.facts_for_region(region.id)
    wanted = {f.source for f in facts}
    wanted |= {
        s for s in (region.strategy_source, region.focus_source, region.membership_source) if s
    }
    return facts, wanted


def _source_record(use: SourceUse) -> dict[str, Any]:
    """The source's own fields and how many facts cite it, in the contract's order."""
    fields = {**use.source._asdict(), "facts": use.facts}
    return {name: fields[name] for name in SourceRecord._fields}


def sources_view(uses: list[SourceUse]) -> Output:
    records = [_source_record(u) for u in uses]
    refs = [u.source for u in uses]
    return list_output(
        uses,
        records,
        (
            Field("id", "header.id", lambda u: u.source.id, whole=True),
            Field("publisher", "header.publisher", lambda u: u.source.publisher),
            Field("title", "header.title", lambda u: u.source.title),
            Field("date", "header.date", lambda u: u.source.date),
            Field("tier", "header.tier", _tier_cell),
            Field("url", "header.url", lambda u: u.source.url),
            Field("via", "header.via", lambda u: u.source.via or "—"),
            Field("facts", "header.facts", lambda u: str(u.facts), "right"),
        ),
        title=msg("title.sources", count=len(uses)),
        record_fields=SourceRecord._fields,
        stack_when_narrow=True,
        sources=refs,
    )


def _tier_cell(use: SourceUse) -> Cell:
    return msg(f"tier.{use.source.tier}") if use.source.tier else "—"
