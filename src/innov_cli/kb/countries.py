"""Country names for the ISO codes the knowledge base uses (for per-country counts)."""

from __future__ import annotations

NAMES = {
    "AU": "Australia", "CA": "Canada", "CH": "Switzerland", "CN": "China", "DE": "Germany",
    "FR": "France", "GB": "United Kingdom", "IL": "Israel", "IN": "India", "IT": "Italy",
    "JP": "Japan", "KR": "South Korea", "NL": "Netherlands", "SE": "Sweden", "SG": "Singapore",
    "TW": "Taiwan", "US": "United States",
}  # fmt: skip
NAMES_ZH = {
    "AU": "澳大利亚", "CA": "加拿大", "CH": "瑞士", "CN": "中国", "DE": "德国", "FR": "法国",
    "GB": "英国", "IL": "以色列", "IN": "印度", "IT": "意大利", "JP": "日本", "KR": "韩国",
    "NL": "荷兰", "SE": "瑞典", "SG": "新加坡", "TW": "中国台湾", "US": "美国",
}  # fmt: skip


def country_name(code: str) -> str:
    """The English name of a country code, or the code itself when it is not listed."""
    return NAMES.get(code.upper(), code.upper())


def country_name_zh(code: str) -> str | None:
    """The Chinese name of a country code, or None when it is not listed."""
    return NAMES_ZH.get(code.upper())


def country_code(text: str) -> str:
    """A country code from a code or an English name (case-insensitive)."""
    upper = text.strip().upper()
    for code, name in NAMES.items():
        if upper in (code, name.upper()):
            return code
    return upper
