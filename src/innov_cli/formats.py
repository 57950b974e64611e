"""Output format names (kept tiny: the CLI imports this at start-up)."""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    markdown = "markdown"
    svg = "svg"
    png = "png"
    html = "html"
    csl_json = "csl-json"
    bibtex = "bibtex"


# Which commands draw a chart, write an HTML report or citations is declared where each is
# registered (cli/options.py `Traits`), not listed here.


class Language(str, Enum):
    """The language tables, notes and messages are worded in (machine output never changes)."""

    zh = "zh"
    en = "en"


class TierChoice(str, Enum):
    """The least a source must be for its facts to count (--tier)."""

    primary = "primary"
    official_media = "official-media"


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    sqlite = "sqlite"
