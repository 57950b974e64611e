"""Reading one input (a file or standard input) as a table: CSV by a stated encoding rule,
JSON and JSON Lines as records, .xlsx through `workbook.py`; the input-size limit."""

from __future__ import annotations

import csv
import io
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from innov_cli.errors import InvalidTable, UsageProblem
from innov_cli.view.model import msg

_BOM = b"\xef\xbb\xbf"
# Inputs (and what a workbook inflates to) are refused beyond this: innov reads them whole.
MAX_TABLE_BYTES = 64 * 1024 * 1024
# At most this many bad cells (or names) are listed in one message: one readable line.
SHOWN = 10


class Table(NamedTuple):
    """One input as rows of text cells (CSV, XLSX) or as records (JSON, JSON Lines)."""

    label: str
    rows: list[list[str]]
    records: list[dict[str, Any]] | None = None
    # The text encoding, where the summary should say it (not UTF-8, or UTF-8 by the rule).
    encoding: str | None = None


def read_input(name: str) -> tuple[str, bytes]:
    """The label and bytes of one input: a file, or standard input for `-`."""
    if name == "-":
        # One byte past the limit is enough for parse_table to refuse an endless stream.
        return "<stdin>", sys.stdin.buffer.read(MAX_TABLE_BYTES + 1)
    path = Path(name)
    try:
        if path.is_dir():
            raise InvalidTable(
                f"cannot read {name}: it is a directory",
                words=msg("error.cannot_read_it_is_a", a0=name),
            )
        with path.open("rb") as handle:  # a device or FIFO too: stop past the limit
            return name, handle.read(MAX_TABLE_BYTES + 1)
    except FileNotFoundError:
        raise InvalidTable(
            f"cannot read {name}: no such file",
            words=msg("error.cannot_read_no_such_file", a0=name),
        ) from None
    except PermissionError:
        raise InvalidTable(
            f"cannot read {name}: permission denied",
            words=msg("error.cannot_read_permission_denied", a0=name),
        ) from None
    except OSError as exc:
        raise InvalidTable(
            f"cannot read {name}: {exc.strerror or exc}",
            words=msg("error.cannot_read", a0=name, a1=exc.strerror or exc),
        ) from None
    except ValueError:  # a NUL byte in the name: exit 4, as for a file that cannot be written
        raise InvalidTable(
            f"cannot read {name!r}: not a valid file name",
            words=msg("error.cannot_read_a_r_not", a0=name),
        ) from None


def parse_table(label: str, data: bytes, encoding: str | None = None) -> Table:
    """Rows or records of one input, by its file name's ending or (stdin) its first bytes."""
    if len(data) > MAX_TABLE_BYTES:
        limit = MAX_TABLE_BYTES // (1024 * 1024)
        raise InvalidTable(
            f"{label}: {len(data):,} bytes; the limit is {limit} MiB",
            words=msg("error.a_bytes_the_limit_is", a0=label, a1=f"{len(data):,}", a2=limit),
        )
    kind = _kind(label, data)
    if kind == "xlsx":
        # Only .xlsx input needs the workbook reader (and openpyxl).
        from innov_cli.commands.importing.workbook import xlsx_rows

        return Table(label, xlsx_rows(label, data))
    text, used, ambiguous = decode_table(label, data, encoding)
    read_as = used if ambiguous or used != "utf-8" else None
    if kind == "json":
        return Table(label, [], _json_records(label, text), read_as)
    if kind == "jsonl":
        return Table(label, [], _jsonl_records(label, text), read_as)
    delimiter = (
        "\t" if label.lower().endswith(".tsv") or data[:2] in (b"\xff\xfe", b"\xfe\xff") else ","
    )
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        # Equal cells share one string (units, metrics, sources repeat on every row of a tidy
        # table): a large table then costs a fraction of the memory.
        seen: dict[str, str] = {}
        rows = [
            [seen.setdefault(c := _undefused(cell.strip()), c) for cell in row] for row in reader
        ]
    except csv.Error as exc:
        raise InvalidTable(
            f"{label}: not a readable CSV table ({exc})",
            words=msg("error.not_a_readable_csv_table", a0=label, a1=exc),
        ) from None
    return Table(label, rows, None, read_as)


def _undefused(cell: str) -> str:
    """A CSV cell as it was before export defused it: `'=1+2` (text a spreadsheet would take
    for a formula, written with an apostrophe) is `=1+2` again."""
    from innov_cli.output.machine import FORMULA_STARTS

    if cell.startswith("'") and cell[1:2] and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _kind(label: str, data: bytes) -> str:
    lower = label.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if lower.endswith(".xls"):
        raise InvalidTable(
            f"{label}: the old .xls format is not supported",
            hint="save it as .xlsx or CSV",
            words=msg("error.the_old_xls_format_is", a0=label),
            hint_words=msg("error.save_it_as_xlsx_or"),
        )
    if lower.endswith(".json"):
        return "json"
    if lower.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lower.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    start = data.removeprefix(_BOM).lstrip()[:1]
    if start == b"[":
        return "json"
    if start == b"{":
        return "jsonl"
    return "csv"


def decode_table(label: str, data: bytes, encoding: str | None = None) -> tuple[str, str, bool]:
    """The text, the encoding it was read in, and whether another encoding would also have
    read it. The rule: `encoding` when given; a UTF-8 or UTF-16 byte-order mark decides; else
    UTF-8 and GB18030 (GBK's superset, what Chinese Excel and the NBS portal write) are both
    tried, and when both read the bytes, the reading with more ordinary text (ASCII, common
    Chinese characters and punctuation) wins, UTF-8 on a tie: GBK text that happens to be valid
    UTF-8 reads as rare characters in UTF-8."""
    if encoding is not None:
        return _decoded(label, data, encoding).removeprefix("\ufeff"), encoding, False
    if data.startswith(_BOM):
        return _decoded(label, data[3:], "utf-8"), "utf-8", False
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _decoded(label, data, "utf-16"), "utf-16", False
    readings: list[tuple[str, str]] = []
    for name in ("utf-8", "gb18030"):
        try:
            readings.append((data.decode(name), name))
        except UnicodeDecodeError:
            continue
    if not readings:
        raise InvalidTable(
            f"{label}: the text is neither UTF-8 nor GB18030/GBK",
            hint="save the table as UTF-8 CSV, or name its encoding with --encoding",
            words=msg("error.the_text_is_neither_utf", a0=label),
            hint_words=msg("error.save_the_table_as_utf"),
        )
    if len(readings) == 1 or data.isascii():
        return readings[0][0], readings[0][1], False
    best = max(readings, key=lambda r: _ordinary(r[0]))  # max keeps the first (UTF-8) on a tie
    return best[0], best[1], True


def _decoded(label: str, data: bytes, encoding: str) -> str:
    """The bytes read in one encoding, or why they cannot be (exit 2 for a name Python does not
    know, exit 4 for bytes that are not that encoding)."""
    try:
        return data.decode(encoding)
    except LookupError:
        raise UsageProblem(
            f"unknown encoding {encoding!r}",
            hint="e.g. utf-8, gb18030, utf-16",
            words=msg("error.unknown_encoding_a_r", a0=encoding),
            hint_words=msg("error.e_g_utf_gb_utf"),
        ) from None
    except UnicodeDecodeError as exc:
        raise InvalidTable(
            f"{label}: not valid {encoding} (byte {exc.start})",
            hint="try --encoding gb18030",
            words=msg("error.not_valid_byte", a0=label, a1=encoding, a2=exc.start),
            hint_words=msg("error.try_encoding_gb"),
        ) from None


def _ordinary(text: str) -> float:
    """The share of a text's characters that ordinary tables use: ASCII, the common CJK
    ideographs (U+4E00-U+9FFF), CJK punctuation and full-width forms."""
    if not text:
        return 0.0
    common = sum(
        1
        for c in text
        if c.isascii()
        or "\u4e00" <= c <= "\u9fff"
        or "\u3000" <= c <= "\u303f"
        or "\uff00" <= c <= "\uffef"
    )
    return common / len(text)


def _json_records(label: str, text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InvalidTable(
            f"{label}:{exc.lineno}: not valid JSON: {exc.msg}",
            words=msg("error.not_valid_json", a0=label, a1=exc.lineno, a2=exc.msg),
        ) from None
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InvalidTable(
            f"{label}: expected a JSON array of objects",
            hint="as `innov export --format json`",
            words=msg("error.expected_a_json_array_of", a0=label),
            hint_words=msg("error.as_innov_export_format_json"),
        )
    return data


def _jsonl_records(label: str, text: str) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise InvalidTable(
                f"{label}:{number}: not valid JSON: {exc.msg}",
                words=msg("error.not_valid_json", a0=label, a1=number, a2=exc.msg),
            ) from None
        if not isinstance(record, dict):
            raise InvalidTable(
                f"{label}:{number}: expected one JSON object per line",
                words=msg("error.expected_one_json_object_per", a0=label, a1=number),
            )
        records.append(record)
    return records
