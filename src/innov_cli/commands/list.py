"""`innov list`: the regions, with ids, names, kinds and countries."""

from __future__ import annotations

from innov_cli.commands.rows import RegionRecord, region_record
from innov_cli.commands.shared import check_kind, kinds_text
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Region
from innov_cli.view.model import Cell, Column, Output, TableView, msg


def list_regions(kb: KnowledgeBase, kind: str | None = None) -> list[Region]:
    """Every region (of a kind), sorted by id."""
    kind = check_kind(kind)
    return sorted(
        (r for r in kb.regions.values() if kind is None or kind in r.kinds), key=lambda r: r.id
    )


def list_view(regions: list[Region], kb: KnowledgeBase) -> Output:
    records = [region_record(r, kb)._asdict() for r in regions]
    rows: list[list[Cell]] = [
        [
            r["id"],
            r["name"],
            r["name_zh"] or "",
            kinds_text(r["kinds"]),
            r["country"],
            str(r["facts"]),
        ]
        for r in records
    ]
    view = TableView(
        [
            Column(msg("header.id"), whole=True, key="id"),
            Column(msg("header.name"), key="name"),
            Column(msg("header.chinese"), key="name_zh"),
            Column(msg("header.kind"), key="kinds"),
            Column(msg("header.country"), key="country"),
            Column(msg("header.facts"), "right", whole=True, key="facts"),
        ],
        rows,
        title=msg("title.regions", count=len(regions)),
    )
    return Output(records, records, [view], columns=RegionRecord._fields)
