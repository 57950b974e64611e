"""Figures as people read them: thousands separators, units, years and editions, bar lengths."""

from __future__ import annotations

from innov_cli.kb.records import Fact
from innov_cli.view.model import Mark, Named

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


# Units as Chinese readers expect them: (unit, factor), the value multiplied exactly (Decimal,
# from the figure as written) by the factor. 1 CNY bn = 10 亿元, 1 million people = 100 万人.
# Money stays in 亿 throughout (115,000亿元, not 11.5万亿元) so that a column compares like with
# like. Units not listed (a data file's own) are shown as written.
UNITS_ZH: dict[str, tuple[str, int]] = {
    "CNY bn": ("亿元", 10),
    "USD bn": ("亿美元", 10),
    "HKD bn": ("亿港元", 10),
    "CNY": ("元", 1),
    "million people": ("万人", 100),
    "km2": ("平方公里", 1),
    "per 10,000 residents": ("件/万人", 1),
    "articles": ("篇", 1),
    "Share": ("份额", 1),
    "% change": ("%（变化）", 1),
    "% of world": ("%（占全球）", 1),
}


def unit_names(unit: str) -> Named:
    """A unit's name in English and Chinese (for titles such as "GDP (亿元)")."""
    chinese = UNITS_ZH.get(unit)
    return Named(unit, chinese[0] if chinese else _UNIT_NAMES_ZH.get(unit))


# Units shown bare beside figures ("#3", "45", "8%") still need a name in the metrics table.
_UNIT_NAMES_ZH = {"count": "个数", "rank": "名次"}


def exact_number(value: float, factor: int = 1) -> str:
    """`value * factor` computed exactly from the figure as written, with thousands separators:
    (11500, 10) -> 115,000; (4984.31, 10) -> 49,843.1; (1.5, 100) -> 150."""
    from decimal import Decimal  # only Chinese units need it: kept off other starts

    product = Decimal(repr(value)) * factor if isinstance(value, float) else Decimal(value) * factor
    text = f"{product:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_value_zh(fact: Fact, unit: str) -> str:
    """A figure in the units Chinese readers expect: >140,000亿元, 第3名, 8,700万人."""
    prefix = fact.qualifier or ""
    if unit == "rank":
        return f"{prefix}第{exact_number(fact.value)}名"
    if unit in ("%", "count"):
        return format_value(fact, unit)
    if unit not in UNITS_ZH:
        return format_value(fact, unit)
    name, factor = UNITS_ZH[unit]
    return f"{prefix}{exact_number(fact.value, factor)}{name}"


def confidence_marks(fact: Fact) -> tuple[Mark, ...]:
    """≈ for an approximate figure, † for a derived one, nothing for an exact one. A figure
    quoted exactly but rounded or estimated by its producer ("11.5 trillion yuan", flagged
    `rounded`) is ≈ too: a reader must never take it for an exact count."""
    if fact.confidence == "exact" and ("rounded" in fact.flags or "estimated" in fact.flags):
        return (Mark.APPROXIMATE,)
    return _CONFIDENCE_MARKS[fact.confidence]


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


def year_label_zh(fact: Fact, *, bracketed: bool = False) -> str:
    """`year_label` in Chinese: "2024（2025年版）", or "（2024年，2025年版）" after a value."""
    if fact.edition is not None and fact.edition != fact.year:
        text = (
            f"{fact.year}年，{fact.edition}年版"
            if bracketed
            else f"{fact.year}（{fact.edition}年版）"
        )
    else:
        text = f"{fact.year}年" if bracketed else str(fact.year)
    return f"（{text}）" if bracketed else text


def year_span(years: list[int]) -> str:
    if not years:
        return "—"
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
