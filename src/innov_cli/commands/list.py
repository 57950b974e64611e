"""`innov list`: the regions, with ids, names, kinds and countries."""

from __future__ import annotations

from innov_cli.commands.listing import Field, list_output
from innov_cli.commands.rows import RegionRecord, region_record
from innov_cli.commands.shared import check_kind, kinds_text
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Region
from innov_cli.view.model import Output, msg


def list_regions(kb: KnowledgeBase, kind: str | None = None) -> list[Region]:
    """Every region (of a kind), sorted by id."""
    kind = check_kind(kind)
    return sorted(
        (r for r in kb.regions.values() if kind is None or kind in r.kinds), key=lambda r: r.id
    )


def list_view(regions: list[Region], kb: KnowledgeBase) -> Output:
    records = [region_record(r, kb)._asdict() for r in regions]
    return list_output(
        records,
        records,
        (
            Field("id", "header.id", lambda r: r["id"], whole=True),
            Field("name", "header.name", lambda r: r["name"]),
            Field("name_zh", "header.chinese", lambda r: r["name_zh"] or ""),
            Field("kinds", "header.kind", lambda r: kinds_text(r["kinds"])),
            Field("country", "header.country", lambda r: r["country"]),
            Field("facts", "header.facts", lambda r: str(r["facts"]), "right", whole=True),
        ),
        title=msg("title.regions", count=len(regions)),
        record_fields=RegionRecord._fields,
    )
