"""Country names for the ISO codes the knowledge base uses (for per-country counts)."""

from __future__ import annotations

NAMES = {
    "AU": "Australia", "CA": "Canada", "CH": "Switzerland", "CN": "China", "DE": "Germany",
    "FR": "France", "GB": "United Kingdom", "IL": "Israel", "IN": "India", "IT": "Italy",
    "JP": "Japan", "KR": "South Korea", "NL": "Netherlands", "SE": "Sweden", "SG": "Singapore",
    "TW": "Taiwan", "US": "United States",
}  # fmt: skip


def country_name(code: str) -> str:
    """The English name of a country code, or the code itself when it is not listed."""
    return NAMES.get(code.upper(), code.upper())


def country_code(text: str) -> str:
    """A country code from a code or an English name (case-insensitive)."""
    upper = text.strip().upper()
    for code, name in NAMES.items():
        if upper in (code, name.upper()):
            return code
    return upper
