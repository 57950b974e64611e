"""The JSON Schema of the knowledge-base format, generated from the record types."""

from __future__ import annotations

import json

from innov_cli import __version__

SCHEMA_ID = "https://innov.invalid/schema/regions.schema.json"


def knowledge_base_schema() -> dict[str, object]:
    from pydantic import TypeAdapter

    from innov_cli.records import Document

    schema: dict[str, object] = TypeAdapter(Document).json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "innov knowledge base",
        "description": f"Format of innov {__version__.split('.')[0]}.x knowledge-base TOML files.",
        **schema,
    }
    return schema


def schema_text() -> str:
    """The schema as stable, pretty-printed JSON (the committed docs/ copy must match it)."""
    return json.dumps(knowledge_base_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
