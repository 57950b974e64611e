"""Figures as people read them: thousands separators, units, years and editions, bar lengths."""

from __future__ import annotations

from innov_cli.kb.records import Fact
from innov_cli.view.model import Figure, Mark

_CONFIDENCE_MARKS = {"exact": (), "approximate": (Mark.APPROXIMATE,), "derived": (Mark.DERIVED,)}


def format_number(value: float) -> str:
    """Thousands separators, no invented precision: 11500 -> 11,500; 4984.31 -> 4,984.31."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6f}".rstrip("0").rstrip(".")


def format_value(fact: Fact, unit: str) -> str:
    """A figure with its qualifier and unit: >30%, #3, 11,500 CNY bn."""
    number = format_number(fact.value)
    prefix = fact.qualifier or ""
    if unit == "rank":
        return f"{prefix}#{number}"
    if unit == "%":
        return f"{prefix}{number}%"
    if unit == "count":
        return f"{prefix}{number}"
    return f"{prefix}{number} {unit}"


def confidence_marks(fact: Fact) -> tuple[Mark, ...]:
    """≈ for an approximate figure, † for a derived one, nothing for an exact one."""
    return _CONFIDENCE_MARKS[fact.confidence]


def figure(fact: Fact, unit: str, *extra: Mark) -> Figure:
    """A figure cell: the formatted value with its confidence marks (and any others)."""
    return Figure(format_value(fact, unit), (*extra, *confidence_marks(fact)), fact.source)


def value_range(values: list[float]) -> tuple[float, float]:
    """The (top, low) of the values that bars are drawn against; computed once per table,
    because doing it per row made `rank` quadratic in the number of regions."""
    return (max(values), min(values)) if values else (0.0, 0.0)


def bar_fraction(value: float, span: tuple[float, float], better: str) -> float:
    """A bar's length (0..1) within `span` (from `value_range`); longer always means better,
    so for a ranking position (lower is better) #1 gets the longest bar."""
    top, low = span
    if better == "lower":
        return (top - value + 1) / (top - low + 1)
    return max(value / top, 0.0) if top > 0 else 0.0


def year_label(fact: Fact, *, bracketed: bool = False) -> str:
    """The year a figure describes, with a ranking's edition when that differs:
    "2024 (ed. 2025)", or "(2024, ed. 2025)" after a value."""
    if fact.edition is not None and fact.edition != fact.year:
        text = (
            f"{fact.year}, ed. {fact.edition}" if bracketed else f"{fact.year} (ed. {fact.edition})"
        )
    else:
        text = str(fact.year)
    return f"({text})" if bracketed else text


def year_span(years: list[int]) -> str:
    if not years:
        return "—"
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
