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


# The commands that draw a chart (--format svg or png) and those with an HTML report.
CHART_COMMANDS = ("rank", "compare", "trend")
HTML_COMMANDS = ("rank", "compare", "show", "trend", "check")
# Citation formats, for the sources behind figures.
CITATION_COMMANDS = ("sources",)


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
