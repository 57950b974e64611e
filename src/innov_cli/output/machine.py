"""JSON, JSON Lines, CSV and Markdown, written with the standard library (never via Rich)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, TextIO

from innov_cli.output.sanitize import compiled, json_safe, visible
from innov_cli.view.model import Bar, Cell, TableView


def write_json(data: Any, out: TextIO, *, ascii_only: bool = False) -> None:
    """Pretty JSON; `ascii_only` escapes every non-ASCII character (\\uXXXX) for a stream
    that cannot carry UTF-8: the same data, still valid JSON."""
    if ascii_only:
        out.write(json_safe(json.dumps(data, ensure_ascii=True, indent=2)) + "\n")
        return
    out.write(json_safe(_pretty(data)) + "\n")


_SCALARS = (str, int, float, bool, type(None))


def _pretty(data: Any) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=2)`, byte for byte, but several times
    faster for a list of flat rows (every result list).

    With `indent` the json module falls back to its pure-Python encoder, which dominated
    `rank --json` on large knowledge bases; the C encoder is used when the item separator
    carries the newline and indent instead.
    """
    flat_rows = (
        isinstance(data, list)
        and data
        and all(
            isinstance(row, dict) and row and all(isinstance(v, _SCALARS) for v in row.values())
            for row in data
        )
    )
    if not flat_rows:
        return json.dumps(data, ensure_ascii=False, indent=2)
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": ")).encode
    rows = ("{\n    " + encode(row)[1:-1] + "\n  }" for row in data)
    return "[\n  " + ",\n  ".join(rows) + "\n]"


def write_jsonl(
    records: Sequence[dict[str, Any]], out: TextIO, *, ascii_only: bool = False
) -> None:
    for record in records:
        out.write(json_safe(json.dumps(record, ensure_ascii=ascii_only)) + "\n")


def write_csv(
    records: Sequence[dict[str, Any]],
    out: TextIO,
    columns: Sequence[str],
    *,
    header: bool = True,
    bom: bool = False,
) -> None:
    """RFC 4180 CSV that is safe to open: see `csv_cell`. `header`: the header row first;
    `bom` starts the text with a UTF-8 byte-order mark, which Excel needs to read UTF-8 (other
    readers skip it)."""
    if bom:
        out.write("\ufeff")
    if header:
        out.write(_csv_row([_csv_text(c) for c in columns]))
    for record in records:
        out.write(_csv_row([csv_cell(record.get(c)) for c in columns]))


# Text a spreadsheet would take for a formula (or, for tab and CR, mangle) when it starts a
# cell: such cells get a leading apostrophe, which spreadsheets show as text (OWASP's advice
# against CSV injection). `innov import` drops the apostrophe again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Characters that make a field need quotes. The csv module leaves a lone carriage return
# unquoted when the line terminator is "\n", which splits the row for many readers.
_NEEDS_QUOTES = frozenset(',"\r\n')
# The control characters the other formats escape, except line breaks, which a quoted CSV
# field carries as they are (a multi-line note stays one cell).
_CSV_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def csv_cell(value: Any) -> str:
    """One CSV field: numbers as they are (a negative number stays a number), text with its
    control characters escaped and a formula-like start defused, quoted when needed."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):  # bool is an int: True/False, as the csv module writes
        return str(value)
    if isinstance(value, (list, tuple)):
        # Items joined with ";"; a record inside (a derived figure's inputs) as JSON, which a
        # script can parse, never Python's repr.
        value = ";".join(
            json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else str(v)
            for v in value
        )
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    return _csv_text(str(value))


def _csv_text(text: str) -> str:
    text = compiled(_CSV_CONTROL).sub(_escape_control, text)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    if _NEEDS_QUOTES.isdisjoint(text):
        return text
    return '"' + text.replace('"', '""') + '"'


def _escape_control(found: re.Match[str]) -> str:
    return visible(found.group())


def _csv_row(cells: list[str]) -> str:
    if cells == [""]:
        return '""\n'  # a lone empty field, quoted so that the row is not an empty line
    return ",".join(cells) + "\n"


def write_markdown(views: Sequence[TableView], out: TextIO, language: str = "en") -> None:
    """GitHub-flavoured pipe tables, worded in `language`; bars are left out (pictures are
    not data)."""
    from innov_cli.view.wording import speaking  # Markdown only: JSON and CSV never word

    with speaking(language):
        _write_markdown(views, out)


def _write_markdown(views: Sequence[TableView], out: TextIO) -> None:
    for number, view in enumerate(views):
        if number:
            out.write("\n")
        if view.title:
            out.write(f"### {_md(view.title)}\n\n")
        keep = [i for i, c in enumerate(view.columns) if not c.bar]
        headers = [_md(view.columns[i].header) or " " for i in keep]
        align = {"left": ":---", "right": "---:", "center": ":---:"}
        out.write("| " + " | ".join(headers) + " |\n")
        out.write("| " + " | ".join(align[view.columns[i].justify] for i in keep) + " |\n")
        for row in view.rows:
            cells = [row[i] for i in keep]
            out.write("| " + " | ".join(_md(c) for c in cells) + " |\n")
        for note in view.notes:
            out.write(f"\n{_md(note)}\n")


def _md(cell: Cell | None) -> str:
    if cell is None or isinstance(cell, Bar):
        return ""
    from innov_cli.view.wording import say

    return visible(say(cell)).replace("|", "\\|").replace("\n", " ")
