"""Citations for reference managers: CSL-JSON (Zotero, Pandoc, citeproc) and BibTeX."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from innov_cli.kb.records import Source
from innov_cli.output.sanitize import json_safe

# A publisher's statistical release reads best as a report; a news organisation's as an article.
_CSL_TYPE = {"primary": "report", "official-media": "article-newspaper", "secondary": "webpage"}
_BIB_TYPE = {"primary": "techreport", "official-media": "online", "secondary": "online"}


def _date_parts(date: str) -> list[list[int]]:
    return [[int(part) for part in date.split("-")]]


def _note(source: Source) -> str | None:
    parts = []
    if source.via:
        parts.append(f"Read via a copy: {source.via}")
    if source.tier:
        parts.append(f"Source tier (innov): {source.tier}")
    return ". ".join(parts) or None


def csl_json(sources: Sequence[Source]) -> str:
    """A CSL-JSON array: every item has id, type, title, URL and issued."""
    items = []
    for source in sources:
        item: dict[str, object] = {
            "id": source.id,
            "type": _CSL_TYPE.get(source.tier or "secondary", "webpage"),
            "title": source.title,
            "publisher": source.publisher,
            # An organisation as author: CSL's literal name keeps it whole.
            "author": [{"literal": source.publisher}],
            "issued": {"date-parts": _date_parts(source.date)},
            "URL": source.url,
        }
        if source.accessed:
            item["accessed"] = {"date-parts": _date_parts(source.accessed)}
        note = _note(source)
        if note:
            item["note"] = note
        items.append(item)
    return json_safe(json.dumps(items, ensure_ascii=False, indent=2)) + "\n"


_BIB_SPECIAL = re.compile(r"([&%$#_{}])")


def _bib(text: str) -> str:
    """A BibTeX field value: special characters escaped, braces balanced, one line."""
    text = " ".join(text.replace("\\", "\\textbackslash{}").split())
    text = _BIB_SPECIAL.sub(r"\\\1", text).replace("~", "\\textasciitilde{}")
    return text.replace("^", "\\textasciicircum{}")


def bibtex(sources: Sequence[Source]) -> str:
    """One BibTeX entry per source (biblatex-friendly `@online`/`@techreport`)."""
    entries = []
    for source in sources:
        fields = [
            ("title", f"{{{_bib(source.title)}}}"),
            ("author", f"{{{_bib(source.publisher)}}}"),
            ("institution" if source.tier == "primary" else "organization", _bib(source.publisher)),
            ("year", source.date[:4]),
        ]
        if len(source.date) >= 7:
            fields.append(("month", str(int(source.date[5:7]))))
        if len(source.date) == 10:
            fields.append(("date", source.date))
        fields.append(("url", source.url))
        if source.accessed:
            fields.append(("urldate", source.accessed))
        note = _note(source)
        if note:
            fields.append(("note", _bib(note)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        kind = _BIB_TYPE.get(source.tier or "secondary", "online")
        entries.append(f"@{kind}{{{source.id},\n{body}\n}}\n")
    return "\n".join(entries)
