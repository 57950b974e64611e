"""Output format names (kept tiny: the CLI imports this at start-up)."""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"


class Language(str, Enum):
    """The language tables, notes and messages are worded in (machine output never changes)."""

    zh = "zh"
    en = "en"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    sqlite = "sqlite"
