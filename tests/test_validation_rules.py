"""Validation rules: everything reported at once, and implausible years, extreme values, broken
ids and URLs, cycles and duplicate names rejected up front."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import BROKEN_BASE

from .conftest import run


def test_a_url_needs_a_host(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[source]]\nid = "s"\npublisher = "P"\ntitle = "T"\ndate = "2024"\n'
        'url = "https://"\ntier = "primary"\n',
        encoding="utf-8",
    )
    result = run("validate", str(bad))
    assert result.exit_code == 4
    assert "needs a host" in result.stdout + result.stderr


NEXT_YEAR = dt.date.today().year + 1


def layered(tmp_path: Path, extra: str, name: str = "kb.toml") -> Path:
    path = tmp_path / name
    path.write_text(BROKEN_BASE.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    return path


def validate(path: Path) -> list[dict[str, Any]]:
    result = run("validate", "--json", str(path))
    assert result.exit_code in (0, 4), result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def messages(path: Path) -> list[str]:
    return [f"{p['line']}: {p['field']}: {p['message']}" for p in validate(path)]


def test_type_errors_and_reference_errors_in_one_run(tmp_path: Path) -> None:
    """A type error, a misspelt metric and a misspelt parent: three problems."""
    path = layered(
        tmp_path,
        """
[[region]]
id = "gamma"
name = "Gamma"
kinds = ["city"]
country = "CN"
parent = "alpah"

[[fact]]
region = "alpha"
metric = "gdp_tset"
value = 1
year = 2023
source = "stat-office"
confidence = "exact"

[[fact]]
region = "beta"
metric = "gdp_test"
value = "12"
year = 2022
source = "stat-office"
confidence = "exact"
""",
    )
    found = validate(path)
    fields = sorted((p["field"], p["message"]) for p in found)
    assert fields == [
        ("metric", "unknown metric 'gdp_tset'"),
        ("parent", "unknown region 'alpah'"),
        ("value", "expected a number, got '12'"),
    ]
    # Each is located in the file, the valid entries after a broken one too.
    lines = {p["field"]: p["line"] for p in found}
    text = path.read_text(encoding="utf-8").splitlines()
    assert text[lines["parent"] - 1].startswith("parent = ")
    assert text[lines["metric"] - 1].startswith("metric = ")
    assert text[lines["value"] - 1].startswith("value = ")
    summary = run("validate", str(path))
    assert summary.stderr.endswith("innov: 3 problems found\n")


def test_a_reference_to_a_broken_entry_is_not_also_unknown(tmp_path: Path) -> None:
    """The entry with the type error is reported once, not again as 'unknown'."""
    path = layered(
        tmp_path,
        """
[[region]]
id = "gamma"
name = "Gamma"
kinds = "city"
country = "CN"

[[fact]]
region = "gamma"
metric = "gdp_test"
value = 1
year = 2023
source = "stat-office"
confidence = "exact"
""",
    )
    assert [p["field"] for p in validate(path)] == ["kinds"]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("year = 2204", "year: year 2204 is after next year, {next}"),
        ("year = 1850", "year: year 1850 is before 1900"),
        ("year = {next_plus}", "year: year {next_plus} is after next year, {next}"),
    ],
)
def test_implausible_years_are_rejected_with_their_location(
    tmp_path: Path, extra: str, expected: str
) -> None:
    """Years before 1900 or after next year (from today's date) are rejected."""
    extra = extra.format(next_plus=NEXT_YEAR + 1)
    path = layered(
        tmp_path,
        f"""
[[fact]]
region = "beta"
metric = "rd_share"
value = 1
{extra}
source = "stat-office"
confidence = "exact"
""",
    )
    line = path.read_text(encoding="utf-8").splitlines().index(extra) + 1
    wanted = expected.format(next=NEXT_YEAR, next_plus=NEXT_YEAR + 1)
    assert messages(path) == [f"{line}: {wanted}"]


def test_next_year_itself_is_accepted(tmp_path: Path) -> None:
    """A figure for next year (a forecast, a ranking's edition) is plausible."""
    path = layered(
        tmp_path,
        f"""
[[fact]]
region = "beta"
metric = "rd_share"
value = 1
year = {NEXT_YEAR}
source = "stat-office"
confidence = "exact"
""",
    )
    assert validate(path) == []


def test_extreme_values_are_rejected_before_they_break_the_table(tmp_path: Path) -> None:
    """±1.7e308 with better = "lower" (crashed rank and trend) and 10**30 (broke the
    SQLite export) are rejected at load, with their location."""
    path = layered(
        tmp_path,
        """
[[metric]]
id = "cost"
name = "Cost"
unit = "USD bn"
better = "lower"
minimum = -1e309

[[fact]]
region = "alpha"
metric = "cost"
value = 1.7e308
year = 2023
source = "stat-office"
confidence = "exact"

[[fact]]
region = "beta"
metric = "cost"
value = -1.7e308
year = 2023
source = "stat-office"
confidence = "exact"

[[fact]]
region = "beta"
metric = "gdp_test"
value = 1_000_000_000_000_000_000_000_000_000_000
year = 2022
source = "stat-office"
confidence = "exact"
""",
    )
    found = messages(path)
    assert len(found) == 3
    assert all("beyond ±1e15" in m and ": value: " in m for m in found)
    ranked = run("--no-builtin", "--data", str(path), "rank", "--by", "cost")
    assert ranked.exit_code == 4 and "Traceback" not in ranked.stderr
    assert "beyond ±1e15" in ranked.stderr


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ('[[region]]\nid = "gamma\\n"\nname = "G"\nkinds = ["city"]\ncountry = "CN"\n', "id"),
        ('[[region]]\nid = "gamma"\nname = "G"\nkinds = ["city"]\ncountry = "CN\\n"\n', "country"),
        (
            '[[source]]\nid = "s2"\npublisher = "P"\ntitle = "T"\ndate = "2024\\n"\n'
            'url = "https://example.org/"\ntier = "primary"\n',
            "date",
        ),
        (
            '[[source]]\nid = "s2"\npublisher = "P"\ntitle = "T"\ndate = "2024"\n'
            'url = "https://example.org/a\\nb"\ntier = "primary"\n',
            "url",
        ),
        (
            '[[source]]\nid = "s2"\npublisher = "P"\ntitle = "T"\ndate = "2024"\n'
            'url = "https://example.org/"\nvia = "https://mirror.example/a b"\n'
            'tier = "primary"\n',
            "via",
        ),
        ('[[metric]]\nid = "m_x\\n"\nname = "M"\nunit = "count"\n', "id"),
    ],
)
def test_trailing_newlines_and_broken_urls_are_rejected(
    tmp_path: Path, entry: str, field: str
) -> None:
    """Ids, countries and dates are matched whole; URLs are one token."""
    found = validate(layered(tmp_path, entry))
    assert [p["field"] for p in found] == [field], found


def test_parent_and_member_cycles_are_rejected(tmp_path: Path) -> None:
    """A cycle (a → b → a), by parent, by members, or mixed, is reported once."""
    regions = """
[[region]]
id = "ca"
name = "CA"
kinds = ["cluster"]
country = "CN"
parent = "cb"

[[region]]
id = "cb"
name = "CB"
kinds = ["cluster"]
country = "CN"
parent = "ca"

[[region]]
id = "ma"
name = "MA"
kinds = ["cluster"]
country = "CN"
members = ["mb"]

[[region]]
id = "mb"
name = "MB"
kinds = ["cluster"]
country = "CN"
members = ["mc"]

[[region]]
id = "mc"
name = "MC"
kinds = ["city"]
country = "CN"
parent = "mb"
members = ["ma"]

[[region]]
id = "fine"
name = "Fine"
kinds = ["city"]
country = "CN"
parent = "ma"
"""
    found = validate(layered(tmp_path, regions))
    cycles = sorted(p["message"] for p in found)
    assert cycles == [
        "parent/member cycle: ca contains cb contains ca",
        "parent/member cycle: ma contains mb contains mc contains ma",
    ]


def test_names_differing_only_by_unicode_normalisation_are_duplicates(tmp_path: Path) -> None:
    """The name "Café" written composed (NFC) and decomposed (NFD) is one name; a lookup
    typed either way finds it."""
    composed, decomposed = "Caf\u00e9", "Cafe\u0301"
    regions = f"""
[[region]]
id = "gamma"
name = "{composed}"
kinds = ["city"]
country = "FR"

[[region]]
id = "delta"
name = "{decomposed}"
kinds = ["city"]
country = "FR"
"""
    found = validate(layered(tmp_path, regions))
    assert [p["message"] for p in found] == [f"{decomposed!r} already names region 'gamma'"]
    alone = layered(tmp_path, regions.split('[[region]]\nid = "delta"')[0], "one.toml")
    shown = run("--no-builtin", "--data", str(alone), "show", decomposed, "--json")
    assert shown.exit_code == 0 and shown.json()["id"] == "gamma"


def test_strategy_year_has_a_range(tmp_path: Path) -> None:
    """`strategy_year` is a plausible year too."""
    path = layered(
        tmp_path,
        """
[[region]]
id = "gamma"
name = "G"
kinds = ["city"]
country = "CN"
strategy_year = 20014
strategy_source = "stat-office"
""",
    )
    assert messages(path)[0].endswith("strategy_year: strategy_year 20014 is after next year, "
                                      f"{NEXT_YEAR}")  # fmt: skip
