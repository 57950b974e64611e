"""`innov sources`: the citations behind the figures."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from innov_cli.errors import NotFound
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Fact, Source
from innov_cli.view.model import Cell, Column, Output, SourceRef, TableView, msg


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
            f"unknown region or source {name!r}",
            hint=exc.hint,
            words=msg("error.unknown_region_or_source", name=name),
            hint_words=exc.hint_words,
        ) from None
    facts = kb.facts_for_region(region.id)
    wanted = {f.source for f in facts}
    wanted |= {
        s for s in (region.strategy_source, region.focus_source, region.membership_source) if s
    }
    return facts, wanted


def sources_view(uses: list[SourceUse]) -> Output:
    records = [
        SourceRecord(
            u.source.id,
            u.source.publisher,
            u.source.title,
            u.source.date,
            u.source.url,
            u.source.note,
            u.facts,
            u.source.tier,
            u.source.via,
            u.source.accessed,
        )._asdict()
        for u in uses
    ]
    rows: list[list[Cell]] = [
        [
            u.source.id,
            u.source.publisher,
            u.source.title,
            u.source.date,
            msg(f"tier.{u.source.tier}") if u.source.tier else "—",
            u.source.url,
            u.source.via or "—",
            str(u.facts),
        ]
        for u in uses
    ]
    view = TableView(
        [
            Column(msg("header.id"), whole=True, key="id"),
            Column(msg("header.publisher"), key="publisher"),
            Column(msg("header.title"), key="title"),
            Column(msg("header.date"), key="date"),
            Column(msg("header.tier"), key="tier"),
            Column(msg("header.url"), key="url"),
            Column(msg("header.via"), key="via"),
            Column(msg("header.facts"), "right", key="facts"),
        ],
        rows,
        title=msg("title.sources", count=len(uses)),
        stack_when_narrow=True,
    )
    refs = [
        SourceRef(
            u.source.id,
            u.source.publisher,
            u.source.title,
            u.source.date,
            u.source.url,
            u.source.tier,
            u.source.via,
            u.source.accessed,
            u.source.note,
        )
        for u in uses
    ]
    return Output(records, records, [view], columns=SourceRecord._fields, sources=refs)
