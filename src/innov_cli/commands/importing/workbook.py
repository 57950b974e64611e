"""Reading .xlsx workbooks: checked before parsing (size when inflated, compression ratio,
encryption), the first sheet's cells as they are shown, formulas without stored values
refused."""

from __future__ import annotations

import io
from decimal import Decimal

from innov_cli.commands.importing.tables import MAX_TABLE_BYTES, SHOWN
from innov_cli.errors import InvalidTable, UsageProblem
from innov_cli.view.model import msg

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
            msg("error.not_a_readable_xlsx_workbook", a0=label, a1=exc),
            hint=msg("error.an_encrypted_workbook_must_be"),
        ) from None
    total = sum(m.file_size for m in members)
    if total > MAX_TABLE_BYTES:
        limit = MAX_TABLE_BYTES // (1024 * 1024)
        raise InvalidTable(
            msg("error.the_workbook_inflates_to_a", a0=label, a1=f"{total:,}", a2=limit)
        )
    for member in members:
        if member.flag_bits & 0x1:
            raise InvalidTable(msg("error.the_workbook_is_encrypted", a0=label, a1=member.filename))
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise InvalidTable(
                msg(
                    "error.uses_an_unsupported_compression_method",
                    a0=label,
                    a1=member.filename,
                    a2=member.compress_type,
                )
            )
        stored = max(member.compress_size, 1)
        if member.file_size / stored > MAX_XLSX_RATIO and member.file_size > 1024 * 1024:
            raise InvalidTable(
                msg(
                    "error.inflates_a_times_its_stored",
                    a0=label,
                    a1=member.filename,
                    a2=f"{member.file_size // stored:,}",
                )
            )


def xlsx_rows(label: str, data: bytes) -> list[list[str]]:
    try:
        import openpyxl  # optional: only .xlsx input needs it
    except ImportError:
        raise UsageProblem(
            msg("error.reading_xlsx_needs_openpyxl", a0=label),
            hint=msg("error.pip_install_openpyxl_or_in"),
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
        raise InvalidTable(msg("error.the_workbook_is_too_large", a0=label)) from None
    except Exception as exc:  # malformed or hostile XML, damaged deflate, odd parts
        reason = f"{type(exc).__name__}: {exc}"[:200]
        raise InvalidTable(msg("error.not_a_readable_xlsx_workbook", a0=label, a1=reason)) from None
    if uncached:
        shown_cells = ", ".join(uncached[:SHOWN]) + (
            f" … and {len(uncached) - SHOWN:,} more" if len(uncached) > SHOWN else ""
        )
        raise InvalidTable(
            msg("error.formula_cells_without_a_stored", a0=label, a1=shown_cells),
            hint=msg("error.open_the_workbook_in_excel"),
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
