"""`innov sources`: the citations behind the figures."""

from __future__ import annotations

from collections import Counter
from typing import Any, NamedTuple

from innov_cli.errors import NotFound
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Source
from innov_cli.view.model import Cell, Column, Output, TableView, msg


class SourceUse(NamedTuple):
    source: Source
    facts: int


class SourceRecord(NamedTuple):
    """One citation (README "JSON contract": `innov sources`)."""

    id: str
    publisher: str
    title: str
    date: str
    url: str
    note: str | None
    facts: int

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def list_sources(kb: KnowledgeBase, name: str | None = None) -> list[SourceUse]:
    """Every citation, one source by its id, or those behind a region's facts and profile;
    newest first."""
    if name is None:
        facts = list(kb.facts)
        wanted = set(kb.sources)
    elif name in kb.sources:
        facts = [f for f in kb.facts if f.source == name]
        wanted = {name}
    else:
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
    counts = Counter(f.source for f in facts)
    uses = [SourceUse(kb.sources[s], counts.get(s, 0)) for s in wanted if s in kb.sources]
    uses.sort(key=lambda u: u.source.id)
    uses.sort(key=lambda u: u.source.date, reverse=True)
    return uses


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
        )._asdict()
        for u in uses
    ]
    rows: list[list[Cell]] = [
        [u.source.id, u.source.publisher, u.source.title, u.source.date, u.source.url, str(u.facts)]
        for u in uses
    ]
    view = TableView(
        [
            Column(msg("header.id"), whole=True, key="id"),
            Column(msg("header.publisher"), key="publisher"),
            Column(msg("header.title"), key="title"),
            Column(msg("header.date"), key="date"),
            Column(msg("header.url"), key="url"),
            Column(msg("header.facts"), "right", key="facts"),
        ],
        rows,
        title=msg("title.sources", count=len(uses)),
        stack_when_narrow=True,
    )
    return Output(records, records, [view], columns=SourceRecord._fields)
