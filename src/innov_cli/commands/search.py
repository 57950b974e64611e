"""`innov search`: regions by name, alias, sector, platform or note, best match first."""

from __future__ import annotations

from typing import Any, NamedTuple

from innov_cli.commands.shared import platforms_of
from innov_cli.errors import UsageProblem
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Region
from innov_cli.view.model import Cell, Column, Output, TableView, msg


class SearchHit(NamedTuple):
    region: Region
    score: int
    matched: str  # which field matched
    text: str  # the text that matched


class SearchRecord(NamedTuple):
    """One match (README "JSON contract": `innov search`)."""

    id: str
    name: str
    kinds: list[str]
    matched: str
    text: str
    score: int

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def search_regions(kb: KnowledgeBase, text: str, limit: int | None = None) -> list[SearchHit]:
    """Regions whose names, aliases, focus sectors, platforms or notes match, best first."""
    query = text.strip().casefold()
    if not query:
        raise UsageProblem("search needs some text", hint='e.g. innov search "integrated circuits"')
    words = query.split()
    hits: list[SearchHit] = []
    for region in kb.regions.values():
        best: SearchHit | None = None
        fields: list[tuple[str, str, int]] = [("id", region.id, 100), ("name", region.name, 90)]
        if region.name_zh:
            fields.append(("name_zh", region.name_zh, 90))
        fields += [("alias", a, 85) for a in region.aliases]
        fields += [("focus", f, 70) for f in region.focus]
        fields += [("platform", p.name, 50) for p in platforms_of(kb, region.id)]
        if region.note:
            fields.append(("note", region.note, 30))
        for field_name, value, weight in fields:
            folded = value.casefold()
            if folded == query:
                score = weight + 20
            elif query in folded:
                score = weight + (10 if folded.startswith(query) else 0)
            elif all(w in folded for w in words):
                score = weight - 10
            else:
                continue
            if best is None or score > best.score:
                best = SearchHit(region, score, field_name, value)
        if best is not None:
            hits.append(best)
    hits.sort(key=lambda h: (-h.score, h.region.id))
    return hits[:limit] if limit else hits


def search_view(hits: list[SearchHit]) -> Output:
    records = [
        SearchRecord(
            h.region.id, h.region.name, list(h.region.kinds), h.matched, h.text, h.score
        )._asdict()
        for h in hits
    ]
    rows: list[list[Cell]] = [
        [h.region.id, h.region.name, ", ".join(h.region.kinds), f"{h.matched}: {h.text}"]
        for h in hits
    ]
    view = TableView(
        [
            Column(msg("header.id"), whole=True, key="id"),
            Column(msg("header.name"), key="name"),
            Column(msg("header.kind"), key="kinds"),
            Column(msg("header.matched"), key="text"),
        ],
        rows,
        title=msg("title.matches", count=len(hits)),
    )
    return Output(records, records, [view], columns=SearchRecord._fields)
