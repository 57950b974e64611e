"""`innov import`: tables (tidy exports, NBS data-portal tables, other wide tables) into a
knowledge-base file that layers with `--data`.

The direction of travel: read each input (file or standard input) -> rows of text cells ->
classify (tidy, or wide with years across) -> resolve regions, metric, unit and source against
the loaded knowledge base -> facts with exact decimal values -> TOML text, validated like any
knowledge-base file before anything is written.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple, cast

from innov_cli.commands.import_numbers import NumberProblem, parse_number
from innov_cli.errors import InvalidKnowledgeBase, InvalidTable, NotFound, UsageProblem
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import (
    CONFIDENCES,
    FLAGS,
    QUALIFIERS,
    RELEASES,
    TIERS,
    Confidence,
    Fact,
    Metric,
    Qualifier,
    Region,
    Source,
)
from innov_cli.view.model import Msg, msg

# Published unit -> (innov unit, exact factor). Only exact conversions; anything else is an
# error, never a guess.
UNITS: dict[str, tuple[str, Decimal]] = {
    "亿元": ("CNY bn", Decimal("0.1")),
    "万元": ("CNY bn", Decimal("0.00001")),
    "万亿元": ("CNY bn", Decimal("1000")),
    "亿美元": ("USD bn", Decimal("0.1")),
    "万人": ("million people", Decimal("0.01")),
    "人": ("million people", Decimal("0.000001")),
    "%": ("%", Decimal(1)),
    "个": ("count", Decimal(1)),
    "项": ("count", Decimal(1)),
    "件": ("count", Decimal(1)),
}

# NBS indicator names (as the data portal spells them, parentheses made ASCII) -> metric ids.
NBS_METRICS: dict[str, str] = {
    "地区生产总值": "gdp",
    "国内生产总值": "gdp",
    "年末常住人口": "population",
    "常住人口": "population",
    "研究与试验发展(R&D)经费支出": "rd_expenditure",
    "研究与试验发展(R&D)经费": "rd_expenditure",
    "研究与试验发展经费支出": "rd_expenditure",
    "R&D经费支出": "rd_expenditure",
    "R&D经费": "rd_expenditure",
    "研究与试验发展(R&D)经费投入强度": "rd_intensity",
    "研究与试验发展经费投入强度": "rd_intensity",
    "R&D经费投入强度": "rd_intensity",
    "地区生产总值增长率": "gdp_growth_real",
}

NBS_NAME = "国家统计局"
NBS_PUBLISHER = "National Bureau of Statistics of China (国家统计局)"

# Cells that mean "no figure" in published tables: absent, never zero.
_YEAR = re.compile(r"^(\d{4})\s*年?$")
_INDICATOR = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_META = re.compile(r"^\s*([^:：]{1,12})\s*[:：]\s*(.*)$")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_SLUG_PART = re.compile(r"[^a-z0-9]+")
TIDY_COLUMNS = ("region", "metric", "value", "year")
_BOM = b"\xef\xbb\xbf"
_SHOWN = 10  # at most this many bad cells are listed in one message
MAX_TABLE_BYTES = 64 * 1024 * 1024
_FOOTERS = ("注", "数据来源", "资料来源", "来源", "说明", "备注", "Note", "Source")


@dataclass(frozen=True)
class SourceOptions:
    """How the imported facts are cited: an existing source id, or parts of a new one."""

    source: str | None = None
    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    tier: str | None = None

    @property
    def builds(self) -> bool:
        return any((self.publisher, self.title, self.url, self.date, self.tier))


@dataclass(frozen=True)
class ImportOptions:
    """What the command line adds to the tables themselves."""

    metric: str | None = None
    unit: str | None = None
    region_column: str | None = None
    source: SourceOptions = dataclasses.field(default_factory=SourceOptions)
    # Read 1.234,5 and 1 234,5 (decimal comma) instead of 1,234.5.
    decimal_comma: bool = False
    # A new metric declared on the command line (with --metric ID and --unit).
    name: str | None = None
    name_zh: str | None = None
    better: str | None = None
    # The text encoding of CSV inputs, instead of innov's rule.
    encoding: str | None = None


class Table(NamedTuple):
    """One input as rows of text cells (CSV, XLSX) or as records (JSON, JSON Lines)."""

    label: str
    rows: list[list[str]]
    records: list[dict[str, Any]] | None = None
    # The text encoding, where the summary should say it (not UTF-8, or UTF-8 by the rule).
    encoding: str | None = None


class NewFact(NamedTuple):
    """A fact about to be written; `value` keeps the exact decimal."""

    region: str
    metric: str
    value: Decimal
    year: int
    source: str
    confidence: str = "exact"
    edition: int | None = None
    qualifier: str | None = None
    note: str | None = None
    origin: str = ""  # where it came from, for messages: "f.csv:12"
    fractional: bool = False  # written as a float (`14000.0`): stays one in TOML
    # Which statistic it is, where a row says more than its source (export's columns):
    # (field, value) pairs in the order they are written.
    provenance: tuple[tuple[str, str | tuple[str, ...]], ...] = ()


class ImportResult(NamedTuple):
    """What `import` produced: the file's text and a summary of what it holds."""

    text: str
    facts: int
    regions: list[str]
    metrics: list[str]
    sources: list[str]
    years: list[int]
    # Each input read in an encoding the summary should name: (label, encoding).
    encodings: tuple[tuple[str, str], ...] = ()


# -- reading --------------------------------------------------------------------------------


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
        return Table(label, _xlsx_rows(label, data))
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


# A workbook member inflating more than this many times its stored size is refused: ordinary
# sheets compress 5-20x; a decompression bomb, thousands of times.
MAX_XLSX_RATIO = 200


def _check_workbook(label: str, data: bytes) -> None:
    """Refuse a workbook before parsing it when what it would inflate to is over the input
    limit, when a member is compressed suspiciously well, encrypted, or compressed in a way
    the reader does not know: the 64 MiB limit applies to what is decompressed."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InvalidTable(
            f"{label}: not a readable .xlsx workbook ({exc})",
            hint="an encrypted workbook must be saved without a password first",
            words=msg("error.not_a_readable_xlsx_workbook", a0=label, a1=exc),
            hint_words=msg("error.an_encrypted_workbook_must_be"),
        ) from None
    total = sum(m.file_size for m in members)
    if total > MAX_TABLE_BYTES:
        limit = MAX_TABLE_BYTES // (1024 * 1024)
        raise InvalidTable(
            f"{label}: the workbook inflates to {total:,} bytes; the limit is {limit} MiB",
            words=msg("error.the_workbook_inflates_to_a", a0=label, a1=f"{total:,}", a2=limit),
        )
    for member in members:
        if member.flag_bits & 0x1:
            raise InvalidTable(
                f"{label}: the workbook is encrypted ({member.filename})",
                words=msg("error.the_workbook_is_encrypted", a0=label, a1=member.filename),
            )
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise InvalidTable(
                f"{label}: {member.filename} uses an unsupported compression "
                f"(method {member.compress_type})",
                words=msg(
                    "error.uses_an_unsupported_compression_method",
                    a0=label,
                    a1=member.filename,
                    a2=member.compress_type,
                ),
            )
        stored = max(member.compress_size, 1)
        if member.file_size / stored > MAX_XLSX_RATIO and member.file_size > 1024 * 1024:
            raise InvalidTable(
                f"{label}: {member.filename} inflates {member.file_size // stored:,} times "
                "its stored size: refused as a decompression bomb",
                words=msg(
                    "error.inflates_a_times_its_stored",
                    a0=label,
                    a1=member.filename,
                    a2=f"{member.file_size // stored:,}",
                ),
            )


def _xlsx_rows(label: str, data: bytes) -> list[list[str]]:
    try:
        import openpyxl  # optional: only .xlsx input needs it
    except ImportError:
        raise UsageProblem(
            f"{label}: reading .xlsx needs openpyxl",
            hint="pip install openpyxl (or, in innov's project folder: pip install -e '.[xlsx]')",
            words=msg("error.reading_xlsx_needs_openpyxl", a0=label),
            hint_words=msg("error.pip_install_openpyxl_or_in"),
        ) from None
    _check_workbook(label, data)
    try:
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            rows: list[list[str]] = []
            uncached: list[str] = []
            sheet, written = values.worksheets[0], formulas.worksheets[0]
            for shown, source in zip(sheet.iter_rows(), written.iter_rows(), strict=False):
                rows.append([_xlsx_cell(cell) for cell in shown])
                for cell, formula in zip(shown, source, strict=False):
                    text = getattr(formula, "value", None)
                    empty = getattr(cell, "value", None) is None
                    if empty and isinstance(text, str) and text.startswith("="):
                        uncached.append(str(getattr(formula, "coordinate", "?")))
        finally:
            values.close()
            formulas.close()
    except (InvalidTable, UsageProblem):
        raise
    except MemoryError:
        raise InvalidTable(
            f"{label}: the workbook is too large to read",
            words=msg("error.the_workbook_is_too_large", a0=label),
        ) from None
    except Exception as exc:  # malformed or hostile XML, damaged deflate, odd parts
        reason = f"{type(exc).__name__}: {exc}"[:200]
        raise InvalidTable(
            f"{label}: not a readable .xlsx workbook ({reason})",
            words=msg("error.not_a_readable_xlsx_workbook", a0=label, a1=reason),
        ) from None
    if uncached:
        shown_cells = ", ".join(uncached[:_SHOWN]) + (
            f" … and {len(uncached) - _SHOWN:,} more" if len(uncached) > _SHOWN else ""
        )
        raise InvalidTable(
            f"{label}: formula cells without a stored value: {shown_cells}",
            hint="open the workbook in Excel or LibreOffice and save it, so that the values "
            "are stored with the formulas; nothing was written",
            words=msg("error.formula_cells_without_a_stored", a0=label, a1=shown_cells),
            hint_words=msg("error.open_the_workbook_in_excel"),
        )
    return rows


def _xlsx_cell(cell: object) -> str:
    """A cell as the sheet shows it: a percentage-formatted 0.0658 reads 6.58 (the figure
    published in %), exactly."""
    value = getattr(cell, "value", None)
    shown_as = str(getattr(cell, "number_format", "") or "")
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in shown_as:
        percent = (Decimal(repr(value)) * 100).normalize()
        return format(percent, "f")
    return _cell_text(value)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # Excel stores every number as a double: 2024.0 is 2024
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value).strip()


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


# -- values and units -----------------------------------------------------------------------


def conversion(unit: str, metric: Metric) -> Decimal:
    """The exact factor from a published unit to the metric's unit; an error when unknown."""
    unit = unit.strip()
    if unit == metric.unit:
        return Decimal(1)
    known = UNITS.get(unit)
    if known is None:
        raise InvalidTable(
            f"cannot convert unit {unit!r} to {metric.unit!r} (metric {metric.id})",
            hint="known units: " + ", ".join(UNITS) + f", or the metric's own {metric.unit!r}",
            words=msg("error.cannot_convert_unit_a_r", a0=unit, a1=metric.unit, a2=metric.id),
            hint_words=msg("error.known_units_or_the_metric", a0=", ".join(UNITS), a1=metric.unit),
        )
    target, factor = known
    if target != metric.unit:
        raise InvalidTable(
            f"unit {unit!r} converts to {target!r}, but metric {metric.id} is in {metric.unit!r}",
            hint="check --metric and --unit",
            words=msg(
                "error.unit_a_r_converts_to", a0=unit, a1=target, a2=metric.id, a3=metric.unit
            ),
            hint_words=msg("error.check_metric_and_unit"),
        )
    return factor


def decimal_text(value: Decimal, *, fractional: bool = False) -> str:
    """The value as a TOML number, without exponent or float noise (`3200.05`)."""
    text = format(value, "f")
    if fractional and "." not in text:
        text += ".0"  # "1e+16" or "14000.0" stays a float, as it was written
    return text


def _published_note(value: Decimal, unit: str, metric: Metric) -> str | None:
    if unit == metric.unit:
        return None
    return f"published as {decimal_text(value)} {unit}, converted to {metric.unit}"


# -- classifying and reading tables ---------------------------------------------------------


def _is_tidy(table: Table) -> bool:
    if table.records is not None:
        return True
    header = next((r for r in table.rows if any(r)), [])
    names = {c.strip().lower() for c in header}
    return all(c in names for c in TIDY_COLUMNS)


class WideTable(NamedTuple):
    """A table with regions down and years across, plus what its own lines say."""

    label: str
    meta: dict[str, str]  # 数据库, 指标, 时间, 数据来源, 注 ... as written
    years: list[tuple[int, int]]  # (column index, year)
    region_column: int
    rows: list[tuple[int, list[str]]]  # (row number, cells)
    notes: tuple[str, ...] = ()  # every 注： line, in order: they reach the facts they concern


def read_wide(table: Table, region_column: str | None) -> WideTable:
    """Find the header row (the first with year columns), the meta lines and the data rows."""
    meta: dict[str, str] = {}
    notes: list[str] = []
    header_at: int | None = None
    for index, row in enumerate(table.rows):
        cells = [c for c in row if c]
        if not cells:
            continue
        if any(_YEAR.match(c) for c in row[1:]):
            header_at = index
            break
        if not _META.match(",".join(cells)) and "标题" not in meta:
            # A title line above the table: `各地区工业机器人密度（台/万人）`.
            meta["标题"] = " ".join(cells).strip()
            continue
        _add_meta(meta, cells, notes)
    if header_at is None:
        raise InvalidTable(
            f"{table.label}: no header row with years across (such as `地区,2024年,2023年`)",
            hint="tidy tables need the columns region, metric, value, year",
            words=msg("error.no_header_row_with_years", a0=table.label),
            hint_words=msg("error.tidy_tables_need_the_columns"),
        )
    header = table.rows[header_at]
    column = _region_column(table.label, header, region_column)
    years = [
        (i, int(m.group(1))) for i, c in enumerate(header) if i != column and (m := _YEAR.match(c))
    ]
    rows: list[tuple[int, list[str]]] = []
    in_footer = False
    for index in range(header_at + 1, len(table.rows)):
        row = table.rows[index]
        cells = [c for c in row if c]
        if not cells:
            continue
        # Footers (注：..., 数据来源：国家统计局) end the data, even when a note's commas split
        # it over several cells; every line after the first footer belongs to the footer.
        found = _META.match(cells[0])
        if in_footer or (found and _is_footer(found.group(1))):
            in_footer = True
            _add_meta(meta, cells, notes)
            continue
        name = row[column] if column < len(row) else ""
        if not name:
            raise InvalidTable(
                f"{table.label}:{index + 1}: a row without a region name",
                words=msg("error.a_row_without_a_region", a0=table.label, a1=index + 1),
            )
        rows.append((index + 1, row))
    return WideTable(table.label, meta, years, column, rows, tuple(notes))


def _is_footer(key: str) -> bool:
    return key.strip().startswith(_FOOTERS)


def _add_meta(meta: dict[str, str], cells: list[str], notes: list[str] | None = None) -> None:
    found = _META.match(",".join(cells))
    if found:
        key, text = found.group(1).strip(), found.group(2).strip()
        meta.setdefault(key, text)
        if notes is not None and key in ("注", "备注", "说明", "Note") and text:
            notes.append(text)


def _region_column(label: str, header: list[str], wanted: str | None) -> int:
    if wanted is None:
        return 0
    if wanted.isdigit() and 0 < int(wanted) <= len(header):
        return int(wanted) - 1
    for index, name in enumerate(header):
        if name.casefold() == wanted.strip().casefold():
            return index
    raise UsageProblem(
        f"{label}: no column {wanted!r} in the header row",
        hint="columns: " + ", ".join(repr(h) for h in header if h),
        words=msg("error.no_column_a_r_in", a0=label, a1=wanted),
        hint_words=msg("error.columns", a0=", ".join(repr(h) for h in header if h)),
    )


def indicator(meta: dict[str, str]) -> tuple[str | None, str | None]:
    """The indicator's name and unit from an NBS `指标：地区生产总值(亿元)` line, else from a
    title line `各地区工业机器人密度（台/万人）` (full-width brackets read as ASCII)."""
    text = meta.get("指标") or meta.get("标题")
    if not text:
        return None, None
    text = text.replace("（", "(").replace("）", ")").strip()
    found = _INDICATOR.match(text)
    if found and found.group(2).strip():
        return found.group(1).strip(), found.group(2).strip()
    return text, None


def indicator_key(name: str) -> str:
    """An indicator name as innov compares them: ASCII brackets, no spaces, lower case, and
    without a leading 各地区 ("each region's")."""
    key = name.replace("（", "(").replace("）", ")").replace(" ", "").replace("\u3000", "")
    return key.removeprefix("各地区").casefold()


def _metric_for(kb: KnowledgeBase, name: str | None, options: ImportOptions, label: str) -> Metric:
    if options.metric:
        return kb.metric(options.metric)
    if name:
        known = {indicator_key(k): v for k, v in NBS_METRICS.items()}
        metric_id = known.get(indicator_key(name))
        if metric_id is None:
            by_zh = {indicator_key(m.name_zh): m.id for m in kb.metrics.values() if m.name_zh}
            metric_id = by_zh.get(indicator_key(name))
        if metric_id is not None and metric_id in kb.metrics:
            return kb.metric(metric_id)
        raise UsageProblem(
            f"{label}: innov does not know the indicator {name!r}: give --metric ID (a new id "
            "with --unit declares a new metric)",
            hint="`innov metrics` lists the metrics",
            words=msg("error.innov_does_not_know_the", a0=label, a1=name),
            hint_words=msg("error.innov_metrics_lists_the_metrics"),
        )
    raise UsageProblem(
        f"{label}: --metric is required for a table without an NBS 指标 line",
        hint="e.g. --metric gdp --unit 亿元",
        words=msg("error.metric_is_required_for_a", a0=label),
        hint_words=msg("error.e_g_metric_gdp_unit"),
    )


def _stated_unit(tables: Sequence[Table], options: ImportOptions) -> tuple[str | None, str | None]:
    """The unit the tables state for their figures (a wide table's 指标 or title line, or a
    tidy table's one unit column value; None when they state none, or several), and a wide
    table's indicator name."""
    units: set[str] = set()
    names: list[str] = []
    for table in tables:
        if _is_tidy(table):
            rows = table.records
            if rows is None:
                header = [c.strip().lower() for c in next(r for r in table.rows if any(r))]
                rows = [dict(zip(header, r, strict=False)) for r in table.rows if any(r)][1:]
            units.update(u for r in rows if (u := _text(r.get("unit"))))
        else:
            try:
                name, unit = indicator(read_wide(table, options.region_column).meta)
            except (InvalidTable, UsageProblem):
                continue
            units.add(unit or "")
            if name:
                names.append(name.removeprefix("各地区"))
    units.discard("")
    stated = units.pop() if len(units) == 1 else None
    return options.unit or stated, names[0] if names else None


def declared_metric(
    kb: KnowledgeBase,
    options: ImportOptions,
    labels: str,
    unit: str | None = None,
    stated_name: str | None = None,
) -> Metric | None:
    """A new metric the command line declares (--metric NEW_ID, with --name, --name-zh and
    --better; its unit from --unit or the tables' own), or None when --metric names a known
    one (or none is given)."""
    from innov_cli.kb.checks import METRIC_ID
    from innov_cli.kb.records import BETTERS

    if not options.metric:
        return None
    try:
        kb.metric(options.metric)
        return None
    except NotFound:
        pass
    metric_id = options.metric.strip()
    if not unit:
        raise UsageProblem(
            f"unknown metric {metric_id!r}: to declare a new metric, give its --unit (and "
            "optionally --name, --name-zh, --better), or a table that states its unit",
            hint="`innov metrics` lists the known ones",
            words=msg("error.unknown_metric_a_r_to", a0=metric_id),
            hint_words=msg("error.innov_metrics_lists_the_known"),
        )
    if not METRIC_ID.fullmatch(metric_id):
        raise UsageProblem(
            f"a new metric id is lowercase snake_case such as 'robot_density', got {metric_id!r}",
            words=msg("error.a_new_metric_id_is", a0=metric_id),
        )
    better = (options.better or "higher").strip()
    if better not in BETTERS:
        raise UsageProblem(
            f"--better must be one of {', '.join(BETTERS)}, got {better!r}",
            words=msg("error.better_must_be_one_of", a0=", ".join(BETTERS), a1=better),
        )
    unit = unit.strip()
    # A unit innov converts (亿元 -> CNY bn) gives the metric innov's unit; any other is kept.
    unit = UNITS[unit][0] if unit in UNITS else unit
    return Metric(
        metric_id,
        options.name or metric_id.replace("_", " ").capitalize(),
        unit,
        better,  # type: ignore[arg-type]
        description=f"Declared by innov import from {labels}.",
        # The table's own indicator name, where it is Chinese (工业机器人密度).
        name_zh=options.name_zh or (stated_name if _has_cjk(stated_name) else None),
    )


def _has_cjk(text: str | None) -> bool:
    return bool(text) and any("\u4e00" <= c <= "\u9fff" for c in text or "")


def _unit_for(table_unit: str | None, options: ImportOptions, label: str) -> str:
    given = options.unit.strip() if options.unit else None
    if table_unit and given and table_unit != given:
        raise UsageProblem(
            f"{label}: the table says its unit is {table_unit!r}, but --unit says {given!r}",
            words=msg("error.the_table_says_its_unit", a0=label, a1=table_unit, a2=given),
        )
    unit = table_unit or given
    if not unit:
        raise UsageProblem(
            f"{label}: --unit is required: the table does not state its unit",
            hint="e.g. --unit 亿元, or the metric's own unit such as 'CNY bn'",
            words=msg("error.unit_is_required_the_table", a0=label),
            hint_words=msg("error.e_g_unit_or_the"),
        )
    return unit


# -- sources --------------------------------------------------------------------------------


class SourceChoice(NamedTuple):
    """The source a table's facts cite: an existing id, or a new record to write."""

    id: str | None  # None: tidy rows name their own
    new: Source | None = None


def choose_source(
    kb: KnowledgeBase,
    options: SourceOptions,
    *,
    label: str,
    publisher_line: str | None,
    default_title: str | None,
    metric: Metric | None,
    required: bool,
) -> SourceChoice:
    """Apply the rule: --source ID cites an existing source; --publisher/--title/--url/--date/
    --tier (or the table's own 数据来源 line with the rest given) build a new one."""
    if options.source and not options.builds:
        if options.source not in kb.sources:
            from innov_cli.commands.shared import suggest

            names = {s: s for s in kb.sources}
            raise NotFound(
                f"unknown source {options.source!r}",
                hint=suggest(options.source, names, "innov sources")
                + " (or give --publisher, --title, --url, --date and --tier to add one)",
                words=msg("error.unknown_source_a_r", a0=options.source),
                hint_words=msg(
                    "error.or_give_publisher_title_url",
                    a0=suggest(options.source, names, "innov sources"),
                ),
            )
        return SourceChoice(options.source)
    if not options.builds and not publisher_line:
        if required:
            raise UsageProblem(
                f"{label}: the facts need a source: give --source ID (an existing source), or "
                "--publisher, --title, --url, --date and --tier",
                hint="`innov sources` lists the existing ones",
                words=msg("error.the_facts_need_a_source", a0=label),
                hint_words=msg("error.innov_sources_lists_the_existing"),
            )
        return SourceChoice(None)
    from_nbs = bool(publisher_line) and NBS_NAME in (publisher_line or "")
    publisher = options.publisher or (NBS_PUBLISHER if from_nbs else publisher_line)
    title = options.title or default_title
    tier = options.tier or ("primary" if from_nbs and not options.publisher else None)
    given = {
        "--publisher": publisher,
        "--title": title,
        "--url": options.url,
        "--date": options.date,
        "--tier": tier,
    }
    missing = [name for name, value in given.items() if not value]
    if missing:
        said = f" (the table names its publisher: {publisher_line})" if publisher_line else ""
        raise UsageProblem(
            f"{label}: the new source needs {', '.join(missing)}{said}",
            hint="or cite an existing source with --source ID",
            words=msg("error.the_new_source_needs", a0=label, a1=", ".join(missing), a2=said),
            hint_words=msg("error.or_cite_an_existing_source"),
        )
    assert publisher and title and options.url and options.date and tier  # for mypy
    if tier not in TIERS:
        raise UsageProblem(
            f"unknown tier {tier!r}",
            hint="valid tiers: " + ", ".join(TIERS),
            words=msg("error.unknown_tier_a_r", a0=tier),
            hint_words=msg("error.valid_tiers", a0=", ".join(TIERS)),
        )
    if not _DATE.match(options.date):
        raise UsageProblem(
            f"--date must be YYYY, YYYY-MM or YYYY-MM-DD, got {options.date!r}",
            words=msg("error.date_must_be_yyyy_yyyy", a0=options.date),
        )
    if not options.url.startswith(("https://", "http://")):
        raise UsageProblem(
            f"--url must be an http(s) URL, got {options.url!r}",
            words=msg("error.url_must_be_an_http", a0=options.url),
        )
    source_id = options.source
    if source_id is None:
        stem = "nbs" if from_nbs else _slug(publisher) or "imported"
        what = metric.id.replace("_", "-") if metric else "facts"
        source_id = f"{stem[:40].strip('-')}-{what}-{options.date}"
    elif source_id in kb.sources:
        raise UsageProblem(
            f"source {source_id!r} already exists",
            hint="leave out --publisher/--title/--url/--date/--tier to cite it, or pick a new id",
            words=msg("error.source_a_r_already_exists", a0=source_id),
            hint_words=msg("error.leave_out_publisher_title_url"),
        )
    if not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", source_id):
        raise UsageProblem(
            f"source ids are lowercase slugs such as 'nbs-2024', got {source_id!r}",
            words=msg("error.source_ids_are_lowercase_slugs", a0=source_id),
        )
    # The table's 数据来源 line names who compiled the figures: the source's producer.
    producer = "National Bureau of Statistics of China" if from_nbs else publisher_line
    return SourceChoice(
        source_id,
        Source(
            source_id,
            publisher,
            title,
            options.date,
            options.url,
            tier=tier,  # type: ignore[arg-type]
            producer=producer or None,
        ),
    )


def _slug(text: str) -> str:
    return _SLUG_PART.sub("-", text.casefold()).strip("-")


# -- the import -----------------------------------------------------------------------------


class _Collector:
    """Facts, new sources and every problem found, so that one run reports all of them."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.facts: dict[tuple[str, str, int, str], NewFact] = {}
        self.new_sources: dict[str, tuple[Source, str]] = {}
        self.unknown_regions: dict[str, str | None] = {}
        self.bad_cells: list[str] = []
        self.duplicates: list[str] = []
        self._resolved: dict[str, Region | None] = {}

    def region(self, name: str) -> Region | None:
        if name not in self._resolved:
            try:
                self._resolved[name] = self.kb.resolve(name)
            except NotFound as exc:
                self._resolved[name] = None
                self.unknown_regions.setdefault(name, exc.hint)
        return self._resolved[name]

    def source(self, choice: SourceChoice, label: str) -> None:
        if choice.new is None or choice.id is None:
            return
        earlier = self.new_sources.get(choice.id)
        if earlier is not None and earlier[0] != choice.new:
            raise UsageProblem(
                f"{earlier[1]} and {label} would share source {choice.id!r} with different details",
                hint="give --title (and the other details) for both, or import them separately",
                words=msg("error.and_would_share_source_a", a0=earlier[1], a1=label, a2=choice.id),
                hint_words=msg("error.give_title_and_the_other"),
            )
        self.new_sources.setdefault(choice.id, (choice.new, label))

    def add(self, fact: NewFact) -> None:
        from innov_cli.kb.checks import implausible, plausible_years, year_problem

        years = plausible_years()
        wrong = year_problem("year", fact.year, years)
        if wrong is None and fact.edition is not None:
            wrong = year_problem("edition", fact.edition, years)
        if wrong:
            self.bad_cells.append(f"{fact.origin}: {wrong}")
            return
        problem = implausible(float(fact.value), self.kb.metrics[fact.metric])
        if problem:
            self.bad_cells.append(f"{fact.origin}: {fact.year}: {problem}")
            return
        key = (fact.region, fact.metric, fact.year, fact.source)
        earlier = self.facts.get(key)
        if earlier is not None:
            self.duplicates.append(
                f"{fact.region}/{fact.metric}/{fact.year} from source {fact.source} "
                f"({earlier.origin} and {fact.origin})"
            )
            return
        self.facts[key] = fact


def import_wide(collector: _Collector, table: Table, options: ImportOptions) -> None:
    """An NBS data-portal table or another wide table: regions down, years across."""
    kb = collector.kb
    wide = read_wide(table, options.region_column)
    name, table_unit = indicator(wide.meta)
    metric = _metric_for(kb, name, options, table.label)
    unit = _unit_for(table_unit, options, table.label)
    factor = conversion(unit, metric)
    # The table's own words: "分省年度数据：地区生产总值(亿元)".
    default_title = (
        "：".join(wide.meta[k] for k in ("数据库", "指标") if wide.meta.get(k))
        or wide.meta.get("标题")
        or None
    )
    choice = choose_source(
        kb,
        options.source,
        label=table.label,
        publisher_line=wide.meta.get("数据来源"),
        default_title=default_title,
        metric=metric,
        required=True,
    )
    collector.source(choice, table.label)
    assert choice.id is not None
    for number, row in wide.rows:
        region = collector.region(row[wide.region_column])
        for column, year in wide.years:
            text = row[column] if column < len(row) else ""
            try:
                published = parse_number(text, decimal_comma=options.decimal_comma)
            except NumberProblem as exc:
                collector.bad_cells.append(f"{table.label}:{number}:{column + 1}: {year}: {exc}")
                continue
            if published is None or region is None:
                continue
            said = [n for n in wide.notes if _concerns(n, year)]
            note = "; ".join(
                [
                    *filter(None, [_published_note(published, unit, metric)]),
                    *(f"注：{n}" for n in said),
                ]
            )
            provisional = any(any(w in n for w in _PROVISIONAL_WORDS) for n in said)
            collector.add(
                NewFact(
                    region.id,
                    metric.id,
                    published * factor,
                    year,
                    choice.id,
                    note=note or None,
                    origin=f"{table.label}:{number}",
                    fractional=_is_fractional(text),
                    provenance=(("flags", ("provisional",)),) if provisional else (),
                )
            )


# Words of a table's note that mark figures as provisional (初步数: preliminary figures; 预计:
# estimates made before the year's data were complete).
_PROVISIONAL_WORDS = ("初步", "预计", "preliminary", "provisional")


def _concerns(note: str, year: int) -> bool:
    """Whether a table's note is about a year's figures: it names that year, or no year."""
    years = {int(y) for y in re.findall(r"(?<!\d)(\d{4})\s*年?", note)}
    return not years or year in years


def import_tidy(collector: _Collector, table: Table, options: ImportOptions) -> None:
    """One fact per row with `export`'s columns (CSV, JSON or JSON Lines)."""
    kb = collector.kb
    if table.records is not None:
        records: Iterable[tuple[int, dict[str, Any]]] = enumerate(table.records, start=1)
    else:
        rows = table.rows
        start = next(i for i, r in enumerate(rows) if any(r))
        header = [c.strip().lower() for c in rows[start]]
        # One row's dict at a time: a list of them would hold the table a second time.
        records = (
            (i + 1, dict(zip(header, rows[i], strict=False)))
            for i in range(start + 1, len(rows))
            if any(rows[i])
        )
    fallback: SourceChoice | None = None
    unknown_metrics: dict[str, str | None] = {}
    unknown_sources: dict[str, str | None] = {}
    for number, record in records:
        where = f"{table.label}:{number}"
        missing = [c for c in TIDY_COLUMNS if _text(record.get(c)) == ""]
        if missing:
            collector.bad_cells.append(f"{where}: no {', '.join(missing)}")
            continue
        region = collector.region(_text(record["region"]))
        metric_name = _text(record["metric"])
        try:
            metric = kb.metric(metric_name)
        except NotFound as exc:
            unknown_metrics.setdefault(metric_name, exc.hint)
            continue
        source_id = _text(record.get("source"))
        if not source_id:
            if fallback is None:
                fallback = choose_source(
                    kb,
                    options.source,
                    label=table.label,
                    publisher_line=None,
                    default_title=None,
                    metric=None,
                    required=True,
                )
                collector.source(fallback, table.label)
            assert fallback.id is not None
            source_id = fallback.id
        elif source_id not in kb.sources and source_id not in collector.new_sources:
            unknown_sources.setdefault(source_id, None)
            continue
        try:
            published = _number(record["value"], options.decimal_comma)
            year = _whole(record["year"])
            edition = _whole(record.get("edition")) if _text(record.get("edition")) else None
        except ValueError as exc:
            collector.bad_cells.append(f"{where}: {exc}")
            continue
        if published is None:
            collector.bad_cells.append(f"{where}: no value")
            continue
        unit = _text(record.get("unit")) or metric.unit
        factor = conversion(unit, metric)
        qualifier = _text(record.get("qualifier")) or None
        confidence = _text(record.get("confidence")) or "exact"
        if confidence not in CONFIDENCES:
            collector.bad_cells.append(
                f"{where}: confidence {confidence!r} is not one of {', '.join(CONFIDENCES)}"
            )
            continue
        if qualifier is not None and qualifier not in QUALIFIERS:
            collector.bad_cells.append(
                f"{where}: qualifier {qualifier!r} is not one of {' '.join(QUALIFIERS)}"
            )
            continue
        note = _text(record.get("note")) or None
        published_note = _published_note(published, unit, metric)
        if published_note:
            note = f"{note}; {published_note}" if note else published_note
        source = kb.sources.get(source_id) or collector.new_sources.get(source_id, (None,))[0]
        try:
            provenance = _provenance(record, source, qualifier, confidence)
        except ValueError as exc:
            collector.bad_cells.append(f"{where}: {exc}")
            continue
        if region is None:
            continue
        collector.add(
            NewFact(
                region.id,
                metric.id,
                published * factor,
                year,
                source_id,
                confidence,
                edition,
                qualifier,
                note,
                where,
                _is_fractional(record["value"]),
                provenance,
            )
        )
    if unknown_metrics:
        raise NotFound(
            f"{table.label}: unknown metric(s): " + _listed(unknown_metrics),
            hint="`innov metrics` lists the metrics",
            words=msg("error.unknown_metric_s", a0=table.label, a1=_listed(unknown_metrics)),
            hint_words=msg("error.innov_metrics_lists_the_metrics"),
        )
    if unknown_sources:
        raise NotFound(
            f"{table.label}: unknown source(s): " + _listed(unknown_sources),
            hint="add them with --data FILE, or see `innov sources`",
            words=msg("error.unknown_source_s", a0=table.label, a1=_listed(unknown_sources)),
            hint_words=msg("error.add_them_with_data_file"),
        )


def _provenance(
    record: dict[str, Any], source: Source | None, qualifier: str | None, confidence: str
) -> tuple[tuple[str, str | tuple[str, ...]], ...]:
    """Producer, release, release date, revision, basis and flags that a row (an `export`
    row, say) gives beyond what its source already says; an unknown release or flag is an
    error. Flags that the qualifier, release, confidence or source imply are not repeated."""
    given = {
        key: _text(record.get(key))
        for key in ("producer", "release", "release_date", "revision", "basis")
    }
    if given["release"] and given["release"] not in RELEASES:
        raise ValueError(f"release {given['release']!r} is not one of {', '.join(RELEASES)}")
    raw = record.get("flags")
    flags = [f.strip() for f in (raw if isinstance(raw, list) else _text(raw).split(";"))]
    flags = [f for f in flags if f]
    unknown = [f for f in flags if f not in FLAGS]
    if unknown:
        raise ValueError(f"flag {unknown[0]!r} is not one of {', '.join(FLAGS)}")
    own_release = given["release"] or None
    # What the source already says, as every command reads it (commands/rows.py), for a fact
    # with nothing of its own: a row repeats it only where it says more.
    from innov_cli.commands.rows import provenance_fields

    sources = {source.id: source} if source is not None else {}
    plain = Fact(
        "",
        "",
        0,
        0,
        source.id if source is not None else "",
        cast(Confidence, confidence),
        qualifier=cast(Qualifier | None, qualifier),
    )
    *said, implied_flags = provenance_fields(plain, KnowledgeBase({}, {}, sources, ()))
    inherited = dict(zip(given, said, strict=True)) if source is not None else {}
    out: list[tuple[str, str | tuple[str, ...]]] = [
        (key, value) for key, value in given.items() if value and value != inherited.get(key)
    ]
    # The flags the qualifier, confidence, source and (own) release already imply.
    implied = set(implied_flags) | ({"revised"} if own_release == "revised" else set())
    own = tuple(f for f in FLAGS if f in flags and f not in implied)
    if own:
        out.append(("flags", own))
    return tuple(out)


def _text(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _number(value: object, decimal_comma: bool = False) -> Decimal | None:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, (int, Decimal)):
        # A JSON number: written in one convention already; its magnitude is still checked.
        return parse_number(str(value))
    try:
        return parse_number(_text(value), decimal_comma=decimal_comma)
    except NumberProblem as exc:
        raise ValueError(f"value {exc}") from None


def _is_fractional(value: object) -> bool:
    """Whether a number was written as a float (`14000.0`, `1e+16`): it stays one."""
    if isinstance(value, Decimal):
        return True
    return isinstance(value, str) and any(c in value for c in ".eE")


def _whole(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = _text(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a year") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(f"{text!r} is not a whole number")
    return int(number)


def _listed(names: Mapping[str, str | None]) -> str:
    """The names (with "did you mean" where there is one), at most _SHOWN of them: a table of
    200,000 unknown names gives one readable line, not megabytes of stderr."""
    shown = [
        repr(name) + (f" ({hint})" if hint and hint.startswith("did you mean") else "")
        for name, hint in list(names.items())[:_SHOWN]
    ]
    more = len(names) - len(shown)
    return ", ".join(shown) + (f" … and {more:,} more" if more > 0 else "")


def import_tables(
    kb: KnowledgeBase,
    tables: Sequence[Table],
    options: ImportOptions,
    builtin: KnowledgeBase | None = None,
) -> ImportResult:
    """Every table's facts as one knowledge-base file's text, or an error that names every
    unknown region, bad cell and duplicate. Nothing here writes a file."""
    unit, stated_name = _stated_unit(tables, options)
    new_metric = declared_metric(kb, options, ", ".join(t.label for t in tables), unit, stated_name)
    if new_metric is not None:
        kb = KnowledgeBase(
            kb.regions, {**kb.metrics, new_metric.id: new_metric}, kb.sources, kb.facts
        )
    collector = _Collector(kb)
    for table in tables:
        if not table.rows and not table.records:
            raise InvalidTable(
                f"{table.label}: the table is empty",
                words=msg("error.the_table_is_empty", a0=table.label),
            )
        if _is_tidy(table):
            import_tidy(collector, table, options)
        else:
            import_wide(collector, table, options)
    if collector.unknown_regions:
        count = len(collector.unknown_regions)
        raise NotFound(
            f"{count} unknown region name{'s' if count != 1 else ''}: "
            + _listed(collector.unknown_regions),
            hint="correct them, or add the regions (with these names as aliases) in a --data "
            "file; `innov list` shows the known ones. Nothing was written.",
            words=msg(
                "error.unknown_region_name",
                a0=count,
                a1=_listed(collector.unknown_regions),
            ),
            hint_words=msg("error.correct_them_or_add_the"),
        )
    if collector.bad_cells:
        shown = collector.bad_cells[:_SHOWN]
        more = len(collector.bad_cells) - len(shown)
        raise InvalidTable(
            "; ".join(shown) + (f"; and {more} more" if more else ""),
            hint="a missing figure may be left empty or written '..'. Nothing was written.",
            words=msg(
                "error.bad_cells", a0="; ".join(shown), a1=f"; and {more} more" if more else ""
            ),
            hint_words=msg("error.a_missing_figure_may_be"),
        )
    if collector.duplicates:
        raise InvalidTable(
            "the same fact twice: " + "; ".join(collector.duplicates[:_SHOWN]),
            hint="each region, metric, year and source once. Nothing was written.",
            words=msg("error.the_same_fact_twice", a0="; ".join(collector.duplicates[:_SHOWN])),
            hint_words=msg("error.each_region_metric_year_and"),
        )
    if not collector.facts:
        raise InvalidTable(
            "the tables hold no figures",
            hint="every value cell is empty. Nothing was written.",
            words=msg("error.the_tables_hold_no_figures"),
            hint_words=msg("error.every_value_cell_is_empty"),
        )
    facts = sorted(collector.facts.values(), key=lambda f: (f.region, f.metric, f.year, f.source))
    new_sources = {sid: source for sid, (source, _) in collector.new_sources.items()}
    text = knowledge_base_text(kb, facts, new_sources, [t.label for t in tables], builtin)
    return ImportResult(
        text,
        len(facts),
        sorted({f.region for f in facts}),
        sorted({f.metric for f in facts}),
        sorted({f.source for f in facts}),
        sorted({f.year for f in facts}),
        tuple((t.label, t.encoding) for t in tables if t.encoding),
    )


# -- writing --------------------------------------------------------------------------------


def knowledge_base_text(
    kb: KnowledgeBase,
    facts: Sequence[NewFact],
    new_sources: dict[str, Source],
    labels: Sequence[str],
    builtin: KnowledgeBase | None = None,
) -> str:
    """The file: the facts plus the sources, metrics and regions they need (and what those
    refer to), except records the built-in knowledge base already holds as they are: the file
    layers over it, and a copy would override later corrections to the built-in records.
    Without `builtin` (an import run with --no-builtin) everything is copied, so that the file
    loads on its own."""

    def own(record: Source | Metric | Region, table: dict[str, Any]) -> bool:
        return builtin is None or table.get(record.id) != record

    region_ids = _region_closure(kb, {f.region for f in facts})
    regions = [
        r
        for r in kb.regions.values()
        if r.id in region_ids and own(r, builtin.regions if builtin else {})
    ]
    source_ids = {f.source for f in facts}
    for region in regions:
        source_ids.update(
            s for s in (region.strategy_source, region.focus_source, region.membership_source) if s
        )
    sources = [*new_sources.values()]
    sources += [
        s
        for s in kb.sources.values()
        if s.id in source_ids
        and s.id not in new_sources
        and own(s, builtin.sources if builtin else {})
    ]
    metric_ids = {f.metric for f in facts}
    metrics = [
        m
        for m in kb.metrics.values()
        if m.id in metric_ids and own(m, builtin.metrics if builtin else {})
    ]
    lines = [
        f"# Written by `innov import` from {', '.join(labels)}.",
        "# It layers over the knowledge base it was imported against (innov --data FILE):"
        if builtin is not None
        else "# Sources, metrics and regions are copied, so this file also loads on its own",
        "# records the built-in knowledge base holds are not copied."
        if builtin is not None
        else "# (innov --no-builtin --data FILE).",
        "schema_version = 1",
    ]
    for table, records in (("source", sources), ("metric", metrics), ("region", regions)):
        for record in records:
            lines += ["", f"[[{table}]]", *_fields(record)]
    for fact in facts:
        lines += ["", "[[fact]]"]
        lines.append(f"region = {_toml_string(fact.region)}")
        lines.append(f"metric = {_toml_string(fact.metric)}")
        lines.append(f"value = {decimal_text(fact.value, fractional=fact.fractional)}")
        lines.append(f"year = {fact.year}")
        if fact.edition is not None:
            lines.append(f"edition = {fact.edition}")
        lines.append(f"source = {_toml_string(fact.source)}")
        lines.append(f"confidence = {_toml_string(fact.confidence)}")
        if fact.qualifier is not None:
            lines.append(f"qualifier = {_toml_string(fact.qualifier)}")
        for key, value in fact.provenance:
            shown = (
                "[" + ", ".join(_toml_string(v) for v in value) + "]"
                if isinstance(value, tuple)
                else _toml_string(value)
            )
            lines.append(f"{key} = {shown}")
        if fact.note is not None:
            lines.append(f"note = {_toml_string(fact.note)}")
    return "\n".join(lines) + "\n"


def _region_closure(kb: KnowledgeBase, start: Iterable[str]) -> set[str]:
    """The regions plus those they name (parent, members), transitively."""
    found: set[str] = set()
    frontier = list(start)
    while frontier:
        region_id = frontier.pop()
        if region_id in found or region_id not in kb.regions:
            continue
        found.add(region_id)
        region = kb.regions[region_id]
        frontier += [*region.members, *region.related, *([region.parent] if region.parent else [])]
    return found


def _fields(record: Source | Metric | Region) -> list[str]:
    lines = []
    for name, value in record._asdict().items():
        if value is None or value == ():
            continue
        lines.append(f"{name} = {_toml_value(value)}")
    return lines


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)  # 0.5, 1e+16, inf: all TOML
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{_toml_string(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + ", ".join(pairs) + " }"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")  # pragma: no cover


def _toml_string(text: str) -> str:
    # JSON's string escapes are valid TOML basic-string escapes; TOML also forbids a raw DEL.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def check_written_text(text: str, label: str, *, over_builtin: bool = False) -> None:
    """Validate the file as `innov validate` would, before it is written (a safety net):
    layered over the built-in file when it was written to layer over it."""
    from innov_cli.kb.layers import Layer, build_knowledge_base, layers_for
    from innov_cli.kb.reading import read_bytes

    below = layers_for([], builtin=True) if over_builtin else []
    contents = [read_bytes(layer.path, layer.label) for layer in below]
    _, problems = build_knowledge_base(
        [*below, Layer(Path(label), label)], [*contents, text.encode("utf-8")]
    )
    if problems:
        raise InvalidKnowledgeBase(problems)


def write_output(text: str, path: Path, *, force: bool) -> None:
    """Atomically, and never over an existing file without --force."""
    from innov_cli.output.atomic import write_atomically

    refuse_existing(path, force=force)

    def produce(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8")
        refuse_existing(path, force=force)  # it may have appeared meanwhile

    write_atomically(path, produce)


def refuse_existing(path: Path, *, force: bool) -> None:
    """Never replace a file without --force; say early when the path cannot be written."""
    from innov_cli.output.atomic import check_output_path

    # The same check as every other output (exit 4 for the same problem everywhere).
    info = check_output_path(path)
    if not force and (info is not None or path.is_symlink()):
        raise UsageProblem(
            f"{path} already exists",
            hint="add --force to replace it, or choose another -o path",
            words=msg("error.already_exists", a0=path),
            hint_words=msg("error.add_force_to_replace_it"),
        )


def import_summary(result: ImportResult, output: Path | None) -> Msg:
    """What was written, for stderr."""
    return msg(
        "import.done",
        facts=result.facts,
        regions=len(result.regions),
        metrics=result.metrics,
        years=result.years,
        path=str(output or "standard output"),
    )


def run_import(
    kb: KnowledgeBase,
    names: Sequence[str],
    output: Path | None,
    options: ImportOptions,
    builtin: KnowledgeBase | None = None,
) -> ImportResult:
    """Read, convert, check and (unless `output` is None) write: the whole `innov import`."""
    if list(names).count("-") > 1:
        raise UsageProblem(
            "standard input (-) can be read once", words=msg("error.standard_input_can_be_read")
        )
    # The tables are dropped once converted: the check below then has their memory.
    result = import_tables(
        kb,
        [parse_table(*read_input(name), encoding=options.encoding) for name in names],
        options,
        builtin,
    )
    label = "<stdout>" if output is None else f"{output} (not written)"
    check_written_text(result.text, label, over_builtin=builtin is not None)
    return result
