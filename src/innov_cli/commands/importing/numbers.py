"""Numbers in imported cells: read exactly when their grouping is valid for one convention, and
refused otherwise, never guessed.

`1,234.5` and `1 234.5` (thousands by comma or space, decimal point) are read as they stand;
`1.234,5` and `1 234,5` (decimal comma) only with `--decimal-comma`, which then reads every cell
that way. A value both conventions could read differently, or neither can (`12,34`, `1,5`,
`1.234,5` without the option), stops the import with both readings. Full-width digits and signs
are read; a magnitude innov cannot store (beyond ±1e15, or so small a float would make it 0) is
refused, never rounded.

Units convert only by exact factors (亿元 -> CNY bn is 0.1); an unknown unit is an error.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from innov_cli.errors import InvalidTable
from innov_cli.kb.records import Metric
from innov_cli.kb.writing import decimal_text
from innov_cli.view.model import msg

# Cells that publish "no figure": counted as missing, never as 0.
MISSING = {"", "..", "...", "…", "-", "--", "—", "——", "–", "na", "n/a", "null", "none"}
# Full-width digits, signs and separators (Chinese spreadsheets) as ASCII.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋　", "0123456789.,-+ ")
_SPACES = "\u00a0\u2009\u202f "  # no-break, thin and narrow no-break spaces, space
_PLAIN = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")
_POINT_GROUPED = re.compile(r"[+-]?\d{1,3}([, ]\d{3})+(\.\d+)?")
_COMMA_DECIMAL = re.compile(r"[+-]?\d+(,\d+)?")
_COMMA_GROUPED = re.compile(r"[+-]?\d{1,3}([. ]\d{3})+(,\d+)?")
# Beyond this magnitude no figure innov describes exists (the validation limit); below the
# smallest, a TOML float would read the value back as 0.
LARGEST = Decimal("1e15")
SMALLEST = Decimal("1e-300")


class NumberProblem(ValueError):
    """A cell that is not a number, or not one the conventions read the same way."""


def parse_number(text: str, *, decimal_comma: bool = False) -> Decimal | None:
    """An exact number from a cell; None for a published "no figure"; NumberProblem when the
    cell is not a number, is ambiguous, or is out of range."""
    cleaned = text.translate(_FULL_WIDTH).strip()
    if cleaned.casefold() in MISSING:
        return None
    for space in _SPACES:
        cleaned = cleaned.replace(space, " ")
    number = _read(cleaned, decimal_comma)
    if number is None:
        raise NumberProblem(_why(text, cleaned, decimal_comma))
    if not number.is_finite():
        raise NumberProblem(f"{text!r} is not a finite number")
    if abs(number) > LARGEST:
        raise NumberProblem(f"{text!r} is beyond ±1e15, the largest magnitude innov accepts")
    if number and abs(number) < SMALLEST:
        raise NumberProblem(f"{text!r} is too small to store (it would read back as 0)")
    return number


def _read(cleaned: str, decimal_comma: bool) -> Decimal | None:
    """The number in one convention, or None when the text is not valid in it."""
    if decimal_comma:
        if _COMMA_DECIMAL.fullmatch(cleaned):
            return _decimal(cleaned.replace(",", "."))
        if _COMMA_GROUPED.fullmatch(cleaned):
            return _decimal(cleaned.replace(".", "").replace(" ", "").replace(",", "."))
        if _PLAIN.fullmatch(cleaned) and "." not in cleaned:
            return _decimal(cleaned)
        return None
    if _PLAIN.fullmatch(cleaned):
        return _decimal(cleaned)
    if _POINT_GROUPED.fullmatch(cleaned):
        return _decimal(cleaned.replace(",", "").replace(" ", ""))
    return None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _why(text: str, cleaned: str, decimal_comma: bool) -> str:
    """The message for a cell that is not read: its readings in each convention."""
    point = _read(cleaned, decimal_comma=False)
    comma = _read(cleaned, decimal_comma=True)
    if decimal_comma and point is not None:
        return f"{text!r} is not a decimal-comma number (without --decimal-comma it reads {point})"
    if not decimal_comma and comma is not None:
        thousands = _decimal(re.sub(r"[, ]", "", cleaned)) if "." not in cleaned else None
        readings = f"{comma} with a decimal comma" + (
            f" or {thousands} with a thousands comma" if thousands is not None else ""
        )
        return (
            f"{text!r} is ambiguous: it reads {readings}, and its grouping is not valid for a "
            "decimal point (give --decimal-comma if the table uses decimal commas, or correct "
            "the cell)"
        )
    return f"{text!r} is not a number"


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


def conversion(unit: str, metric: Metric) -> Decimal:
    """The exact factor from a published unit to the metric's unit; an error when unknown."""
    unit = unit.strip()
    if unit == metric.unit:
        return Decimal(1)
    known = UNITS.get(unit)
    if known is None:
        raise InvalidTable(
            msg("error.cannot_convert_unit_a_r", a0=unit, a1=metric.unit, a2=metric.id),
            hint=msg("error.known_units_or_the_metric", a0=", ".join(UNITS), a1=metric.unit),
        )
    target, factor = known
    if target != metric.unit:
        raise InvalidTable(
            msg("error.unit_a_r_converts_to", a0=unit, a1=target, a2=metric.id, a3=metric.unit),
            hint=msg("error.check_metric_and_unit"),
        )
    return factor


def published_note(value: Decimal, unit: str, metric: Metric) -> str | None:
    """The note a converted figure carries: what was published, in which unit."""
    if unit == metric.unit:
        return None
    return f"published as {decimal_text(value)} {unit}, converted to {metric.unit}"


def text_of(value: object) -> str:
    """A cell or JSON value as stripped text ("" for nothing)."""
    if value is None:
        return ""
    return str(value).strip()


def number_of(value: object, decimal_comma: bool = False) -> Decimal | None:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, (int, Decimal)):
        # A JSON number: written in one convention already; its magnitude is still checked.
        return parse_number(str(value))
    try:
        return parse_number(text_of(value), decimal_comma=decimal_comma)
    except NumberProblem as exc:
        raise ValueError(f"value {exc}") from None


def is_fractional(value: object) -> bool:
    """Whether a number was written as a float (`14000.0`, `1e+16`): it stays one."""
    if isinstance(value, Decimal):
        return True
    return isinstance(value, str) and any(c in value for c in ".eE")


def whole_number(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = text_of(value)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a year") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValueError(f"{text!r} is not a whole number")
    return int(number)
