"""Quantities as articles write them, in English and Chinese: "11.5 trillion yuan", "over 30%",
"200+", "$1.6 trillion", "nine", "11.5万亿元", "超过30%", "三十一个".

Each quantity keeps the precision it was written with (`step`: the place of its last digit,
scaled), so a claim is judged at its own precision, never at a global tolerance.
"""

from __future__ import annotations

import re
from typing import NamedTuple

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5,
    "6th": 6, "7th": 7, "8th": 8, "9th": 9, "10th": 10,
}  # fmt: skip
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}  # fmt: skip
CN_NUMERAL = "[零〇一二两三四五六七八九十百]+"

SCALES = {
    "trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6,
    "thousand": 1e3, "万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3,
}  # fmt: skip

# Words before (or after) a figure that make it a bound or an approximation.
QUALIFIERS = {
    "more than": ">", "over": ">", "above": ">", "exceeding": ">", "in excess of": ">",
    "at least": ">=", "no less than": ">=", "nearly": "~", "almost": "~", "about": "~",
    "around": "~", "roughly": "~", "approximately": "~", "some": "~", "close to": "~",
    "less than": "<", "under": "<", "below": "<", "fewer than": "<", "up to": "<=",
    "超过": ">", "超": ">", "逾": ">", "突破": ">", "以上": ">", "多": ">", "余": ">", "+": ">",
    "近": "~", "约": "~", "大约": "~", "接近": "~", "将近": "~", "不足": "<", "不到": "<",
}  # fmt: skip

_EN_QUALIFIER = (
    r"(?P<qual>more\s+than|in\s+excess\s+of|at\s+least|no\s+less\s+than|fewer\s+than|"
    r"less\s+than|close\s+to|up\s+to|over|above|exceeding|nearly|almost|about|around|roughly|"
    r"approximately|some|under|below)"
)
_EN_NUMBER = (
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
    + r")"
)
EN_QUANTITY = re.compile(
    rf"(?:\b{_EN_QUALIFIER}\s+)?"
    r"(?P<cur>US\$|HK\$|MOP\$|\$|¥|(?:RMB|CNY|USD|HKD)\s?)?"
    rf"(?<![\w.,]){_EN_NUMBER}(?![\w])(?!,\d)(?!\.\d)"
    r"(?P<plus>\+)?"
    r"(?:\s*(?P<scale>trillion|billion|million|thousand|tn|bn)\b)?"
    r"(?:\s*(?P<unit>%|percent\b|per\s+cent\b|(?:Chinese\s+)?yuan\b|renminbi\b|RMB\b|"
    r"US\s+dollars\b|Hong\s+Kong\s+dollars\b|dollars\b|patacas\b|people\b|residents\b|"
    r"inhabitants\b|persons\b))?",
    re.IGNORECASE,
)
ZH_QUANTITY = re.compile(
    r"(?P<qual>超过|大约|接近|将近|不足|不到|突破|超|逾|近|约)?"
    rf"(?P<num>\d+(?:\.\d+)?|{CN_NUMERAL})"
    r"(?P<scale>万亿|亿|万|千)?"
    r"(?P<more>多|余)?"
    r"(?P<unit>美元|港元|澳门元|元|％|%|人)?"
    r"(?P<after>以上)?"
)


class Quantity(NamedTuple):
    """A figure as written: its value (scaled: 11.5 trillion = 11.5e12), the place of its last
    digit (scaled), what it counts, and the bound or approximation the words put on it."""

    value: float
    step: float
    kind: str  # "money", "percent", "people" or "count"
    currency: str | None  # "CNY", "USD", "HKD", "MOP" for money
    qualifier: str | None
    start: int
    end: int
    digits: bool  # written in digits (a number word is weaker evidence of a claim)
    text: str


def chinese_numeral(text: str) -> int | None:
    """一 → 1, 十四 → 14, 三十一 → 31, 两百 → 200 (up to 999); None when it is not one."""
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def _step_of(numeral: str) -> float:
    """The place of the last digit written: "11.5" → 0.1, "13" → 1, "1,200" → 1."""
    if "." in numeral:
        return 10.0 ** -len(numeral.split(".")[1])
    return 1.0


def _currency(cur: str | None, unit: str | None) -> str | None:
    text = " ".join(p for p in (cur, unit) if p).casefold()
    if not text:
        return None
    if "hk" in text or "hong kong" in text or "港元" in text:
        return "HKD"
    if "mop" in text or "pataca" in text or "澳门元" in text:
        return "MOP"
    if "$" in text or "dollar" in text or "usd" in text or "美元" in text:
        return "USD"
    if any(w in text for w in ("yuan", "rmb", "cny", "renminbi", "¥", "元")):
        return "CNY"
    return None


def _kind(unit: str | None, currency: str | None) -> str:
    if currency is not None:
        return "money"
    if unit and " ".join(unit.casefold().split()) in ("%", "％", "percent", "per cent"):
        return "percent"
    if unit and unit.casefold() in ("人", "people", "residents", "inhabitants", "persons"):
        return "people"
    return "count"


def english_quantities(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for m in EN_QUANTITY.finditer(text):
        numeral = m["num"]
        word = numeral.casefold() in WORD_NUMBERS
        value = float(WORD_NUMBERS[numeral.casefold()]) if word else float(numeral.replace(",", ""))
        scale = SCALES[m["scale"].casefold()] if m["scale"] else 1.0
        currency = _currency(m["cur"], m["unit"])
        qualifier = QUALIFIERS[" ".join(m["qual"].casefold().split())] if m["qual"] else None
        if m["plus"]:
            qualifier = ">"
        step = (1.0 if word else _step_of(numeral)) * scale
        start = m.start("qual") if m["qual"] else m.start("cur") if m["cur"] else m.start("num")
        found.append(
            Quantity(
                value * scale,
                step,
                _kind(m["unit"], currency),
                currency,
                qualifier,
                start,
                m.end(),
                not word,
                m.group(0).strip(),
            )
        )
    return found


def chinese_quantities(text: str) -> list[Quantity]:
    found: list[Quantity] = []
    for m in ZH_QUANTITY.finditer(text):
        numeral = m["num"]
        if numeral[0].isdigit():
            value: float | None = float(numeral)
            step = _step_of(numeral)
        else:
            whole = chinese_numeral(numeral)
            value = float(whole) if whole is not None else None
            step = 1.0
        if value is None:
            continue
        scale = SCALES[m["scale"]] if m["scale"] else 1.0
        qualifier = QUALIFIERS.get(m["qual"] or m["more"] or m["after"] or "")
        currency = _currency(None, m["unit"])
        found.append(
            Quantity(
                value * scale,
                step * scale,
                _kind(m["unit"], currency),
                currency,
                qualifier,
                m.start(),
                m.end(),
                numeral[0].isdigit(),
                m.group(0),
            )
        )
    return found


def unit_kind(unit: str) -> tuple[str, str | None]:
    """What a metric's unit measures: ("money", currency), ("percent", None), ("people", None),
    ("rank", None) or ("count", None)."""
    words = unit.casefold().split()
    if words and words[0] in ("cny", "usd", "hkd", "mop"):
        return "money", words[0].upper()
    if "%" in unit:
        return "percent", None
    if "people" in words:
        return "people", None
    if unit == "rank":
        return "rank", None
    return "count", None


def unit_factor(unit: str) -> float:
    """How many of a figure's own units (yuan, people) one of the metric's unit holds:
    1e9 for "CNY bn", 1e6 for "million people", else 1."""
    kind, _ = unit_kind(unit)
    words = unit.casefold()
    if kind == "money" and words.endswith(" bn"):
        return 1e9
    if kind == "people" and words.startswith("million"):
        return 1e6
    return 1.0
