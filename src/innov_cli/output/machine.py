"""JSON, JSON Lines, CSV and Markdown, written with the standard library (never via Rich)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import Any, TextIO

from innov_cli.output.sanitize import json_safe, visible
from innov_cli.view.model import Bar, Cell, TableView
from innov_cli.view.wording import say, speaking


def write_json(data: Any, out: TextIO) -> None:
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


def write_jsonl(records: Sequence[dict[str, Any]], out: TextIO) -> None:
    for record in records:
        out.write(json_safe(json.dumps(record, ensure_ascii=False)) + "\n")


def write_csv(
    records: Sequence[dict[str, Any]], out: TextIO, columns: Sequence[str], *, header: bool = True
) -> None:
    writer = csv.writer(out, lineterminator="\n")
    if header:
        writer.writerow(columns)
    for record in records:
        writer.writerow([_csv_cell(record.get(c)) for c in columns])


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_markdown(views: Sequence[TableView], out: TextIO, language: str = "en") -> None:
    """GitHub-flavoured pipe tables, worded in `language`; bars are left out (pictures are
    not data)."""
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
    return visible(say(cell)).replace("|", "\\|").replace("\n", " ")
