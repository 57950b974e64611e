"""Reading one input (a file or standard input) as a table: CSV by a stated encoding rule,
JSON and JSON Lines as records, .xlsx through `workbook.py`; the input-size limit."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from innov_cli.errors import InvalidTable, UsageProblem
from innov_cli.view.model import msg

_BOM = b"\xef\xbb\xbf"
# Inputs (and what a workbook inflates to) are refused beyond this: innov holds an input's
# bytes (its rows and facts are streamed).
MAX_TABLE_BYTES = 64 * 1024 * 1024
# At most this many bad cells (or names) are listed in one message: one readable line.
SHOWN = 10


class CsvRows:
    """The rows of a CSV input, read afresh from its bytes on every pass: a large table is
    never held as rows (each pass decodes a buffer at a time)."""

    def __init__(self, label: str, data: bytes, encoding: str | None, used: str) -> None:
        self.label, self.data, self.encoding, self.used = label, data, encoding, used
        self.delimiter = (
            "\t"
            if label.lower().endswith(".tsv") or data[:2] in (b"\xff\xfe", b"\xfe\xff")
            else ","
        )

    def __iter__(self) -> Iterator[list[str]]:
        lines = _text_lines(self.data, self.encoding, self.used)
        try:
            for row in csv.reader(lines, delimiter=self.delimiter):
                yield [_undefused(cell.strip()) for cell in row]
        except csv.Error as exc:
            raise InvalidTable(
                msg("error.not_a_readable_csv_table", a0=self.label, a1=exc)
            ) from None

    def __bool__(self) -> bool:
        return next(iter(self), None) is not None


class Table(NamedTuple):
    """One input as rows of text cells (CSV, XLSX) or as records (JSON, JSON Lines)."""

    label: str
    rows: Iterable[list[str]]
    records: list[dict[str, Any]] | None = None
    # The text encoding, where the summary should say it (not UTF-8, or UTF-8 by the rule).
    encoding: str | None = None


def read_input(name: str) -> tuple[str, bytes]:
    """The label and bytes of one input: a file, or standard input for `-`."""
    if name == "-":
        # One byte past the limit is enough for parse_table to refuse an endless stream.
        return "<stdin>", _read_capped(sys.stdin.buffer)
    path = Path(name)
    try:
        if path.is_dir():
            raise InvalidTable(msg("error.cannot_read_it_is_a", a0=name))
        with path.open("rb") as handle:  # a device or FIFO too: stop past the limit
            return name, _read_capped(handle)
    except FileNotFoundError:
        raise InvalidTable(msg("error.cannot_read_no_such_file", a0=name)) from None
    except PermissionError:
        raise InvalidTable(msg("error.cannot_read_permission_denied", a0=name)) from None
    except OSError as exc:
        raise InvalidTable(msg("error.cannot_read", a0=name, a1=exc.strerror or exc)) from None
    except ValueError:  # a NUL byte in the name: exit 4, as for a file that cannot be written
        raise InvalidTable(msg("error.cannot_read_a_r_not", a0=name)) from None


def _read_capped(handle: BinaryIO) -> bytes:
    """At most one byte past the limit. A regular file is read at its size: `read(limit)`
    would first reserve the whole 64 MiB limit, whatever the file's size."""
    try:
        size = os.fstat(handle.fileno()).st_size
        regular = stat.S_ISREG(os.fstat(handle.fileno()).st_mode)
    except (OSError, ValueError):  # no file descriptor (a test's stream)
        size, regular = 0, False
    if regular:
        return handle.read(min(size, MAX_TABLE_BYTES) + 1)
    buffer = bytearray()
    while len(buffer) <= MAX_TABLE_BYTES:
        piece = handle.read(min(1 << 20, MAX_TABLE_BYTES + 1 - len(buffer)))
        if not piece:
            break
        buffer += piece
    return bytes(buffer)


def parse_table(label: str, data: bytes, encoding: str | None = None) -> Table:
    """Rows or records of one input, by its file name's ending or (stdin) its first bytes."""
    if len(data) > MAX_TABLE_BYTES:
        limit = MAX_TABLE_BYTES // (1024 * 1024)
        raise InvalidTable(
            msg("error.a_bytes_the_limit_is", a0=label, a1=f"{len(data):,}", a2=limit)
        )
    kind = _kind(label, data)
    if kind == "xlsx":
        # Only .xlsx input needs the workbook reader (and openpyxl).
        from innov_cli.commands.importing.workbook import xlsx_rows

        return Table(label, xlsx_rows(label, data))
    if kind in ("json", "jsonl"):
        text, used, ambiguous = decode_table(label, data, encoding)
        read_as = used if ambiguous or used != "utf-8" else None
        read = _json_records if kind == "json" else _jsonl_records
        return Table(label, [], read(label, text), read_as)
    used, ambiguous = table_encoding(label, data, encoding)
    read_as = used if ambiguous or used != "utf-8" else None
    # Rows are read when a pass over the table asks for them: never all held at once.
    return Table(label, CsvRows(label, data, encoding, used), None, read_as)


def _body(data: bytes, encoding: str | None) -> bytes:
    """The bytes the text is decoded from: without a UTF-8 byte-order mark that decided the
    encoding (a named encoding keeps it, and the text loses its first U+FEFF instead)."""
    return data[3:] if encoding is None and data.startswith(_BOM) else data


def _text_lines(data: bytes, encoding: str | None, used: str) -> Iterator[str]:
    """The lines of an input already checked to be `used`, decoded a buffer at a time."""
    raw = io.BytesIO(data)  # shares the bytes: no copy
    if encoding is None and data.startswith(_BOM):
        raw.seek(len(_BOM))
    lines = iter(io.TextIOWrapper(raw, encoding=used, newline=""))
    first = next(lines, None)
    if first is None:
        return
    yield first.removeprefix("\ufeff") if encoding is not None else first
    yield from lines


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
            msg("error.the_old_xls_format_is", a0=label), hint=msg("error.save_it_as_xlsx_or")
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
    read it (see `table_encoding` for the rule)."""
    used, ambiguous = table_encoding(label, data, encoding)
    text = _decoded(label, _body(data, encoding), used)
    return (text.removeprefix("\ufeff") if encoding is not None else text), used, ambiguous


def table_encoding(label: str, data: bytes, encoding: str | None = None) -> tuple[str, bool]:
    """The encoding an input is read in, and whether another encoding would also have read
    it; an error when it is none. The rule: `encoding` when given; a UTF-8 or UTF-16
    byte-order mark decides; else UTF-8 and GB18030 (GBK's superset, what Chinese Excel and
    the NBS portal write) are both tried, and when both read the bytes, the reading with more
    ordinary text (ASCII, common Chinese characters and punctuation) wins, UTF-8 on a tie: GBK
    text that happens to be valid UTF-8 reads as rare characters in UTF-8. No reading is kept:
    the caller decodes once, in the encoding chosen."""
    if encoding is not None:
        _decoded(label, data, encoding)
        return encoding, False
    if data.startswith(_BOM):
        _decoded(label, data[3:], "utf-8")
        return "utf-8", False
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        _decoded(label, data, "utf-16")
        return "utf-16", False
    if data.isascii():
        return "utf-8", False
    shares = {name: _ordinary_share(data, name) for name in ("utf-8", "gb18030")}
    readable = {name: share for name, share in shares.items() if share is not None}
    if not readable:
        raise InvalidTable(
            msg("error.the_text_is_neither_utf", a0=label), hint=msg("error.save_the_table_as_utf")
        )
    if len(readable) == 1:
        return next(iter(readable)), False
    # max keeps the first (UTF-8) on a tie.
    return max(readable, key=lambda name: readable[name]), True


def _decoded(label: str, data: bytes, encoding: str) -> str:
    """The bytes read in one encoding, or why they cannot be (exit 2 for a name Python does not
    know, exit 4 for bytes that are not that encoding)."""
    try:
        return data.decode(encoding)
    except LookupError:
        raise UsageProblem(
            msg("error.unknown_encoding_a_r", a0=encoding), hint=msg("error.e_g_utf_gb_utf")
        ) from None
    except UnicodeDecodeError as exc:
        raise InvalidTable(
            msg("error.not_valid_byte", a0=label, a1=encoding, a2=exc.start),
            hint=msg("error.try_encoding_gb"),
        ) from None


# Runs of the characters ordinary tables use: ASCII, the common CJK ideographs
# (U+4E00-U+9FFF), CJK punctuation and full-width forms.
_ORDINARY = re.compile("[\x00-\x7f\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]+")
_SHARE_CHUNK = 1024 * 1024


def _ordinary_share(data: bytes, encoding: str) -> float | None:
    """The share of the text's characters that ordinary tables use, when `data` is read in
    `encoding` (None when it cannot be): decoded a megabyte at a time, so that weighing two
    encodings never holds two copies of a large table's text."""
    decoder = codecs.getincrementaldecoder(encoding)()
    view = memoryview(data)
    common = total = 0
    try:
        for start in range(0, len(data), _SHARE_CHUNK):
            end = start + _SHARE_CHUNK
            text = decoder.decode(view[start:end], final=end >= len(data))
            common += sum(m.end() - m.start() for m in _ORDINARY.finditer(text))
            total += len(text)
    except UnicodeDecodeError:
        return None
    return common / total if total else 0.0


def _json_records(label: str, text: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise InvalidTable(
            msg("error.not_valid_json", a0=label, a1=exc.lineno, a2=exc.msg)
        ) from None
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InvalidTable(
            msg("error.expected_a_json_array_of", a0=label),
            hint=msg("error.as_innov_export_format_json"),
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
                msg("error.not_valid_json", a0=label, a1=number, a2=exc.msg)
            ) from None
        if not isinstance(record, dict):
            raise InvalidTable(msg("error.expected_one_json_object_per", a0=label, a1=number))
        records.append(record)
    return records
