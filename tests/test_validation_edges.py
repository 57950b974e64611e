"""Issue 12, items 6 and 6b: validation says everything at once, and rejects up front what
would break later stages."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from .conftest import run

BASE = Path(__file__).parent / "broken" / "_base.toml"
NEXT_YEAR = dt.date.today().year + 1


def layered(tmp_path: Path, extra: str, name: str = "kb.toml") -> Path:
    path = tmp_path / name
    path.write_text(BASE.read_text(encoding="utf-8") + "\n" + extra, encoding="utf-8")
    return path


def validate(path: Path) -> list[dict[str, Any]]:
    result = run("validate", "--json", str(path))
    assert result.exit_code in (0, 4), result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def messages(path: Path) -> list[str]:
    return [f"{p['line']}: {p['field']}: {p['message']}" for p in validate(path)]


def test_type_errors_and_reference_errors_in_one_run(tmp_path: Path) -> None:
    """Item 6: a type error, a misspelt metric and a misspelt parent: three problems."""
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
    """Item 6: the entry with the type error is reported once, not again as 'unknown'."""
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
    """Item 6: years before 1900 or after next year (from today's date) are rejected."""
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
    """Item 6: a figure for next year (a forecast, a ranking's edition) is plausible."""
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
    """Item 6b: ±1.7e308 with better = "lower" (crashed rank and trend) and 10**30 (broke the
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
    """Item 6b: ids, countries and dates are matched whole; URLs are one token."""
    found = validate(layered(tmp_path, entry))
    assert [p["field"] for p in found] == [field], found


def test_parent_and_member_cycles_are_rejected(tmp_path: Path) -> None:
    """Item 6b: a → b → a, by parent, by members, or mixed, is reported once."""
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
    """Item 6b: "Café" written composed (NFC) and decomposed (NFD) is one name; a lookup
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
    """Item 6b: strategy_year is a plausible year too."""
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


def test_an_endless_device_is_read_only_up_to_the_limit() -> None:
    """Item 6b: /dev/zero stops at the size limit instead of filling memory."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("needs /dev/zero")
    done = subprocess.run(
        [sys.executable, "-m", "innov_cli", "--no-builtin", "--data", "/dev/zero", "list"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 4
    assert "/dev/zero: is more than 64 MiB, the limit" in done.stderr


def test_import_of_an_endless_device_stops_at_the_limit(tmp_path: Path) -> None:
    """Item 6b: the same limit for `innov import`, which read /dev/zero until memory ran out."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("needs /dev/zero")
    done = subprocess.run(
        [sys.executable, "-m", "innov_cli", "import", "/dev/zero", "-o", str(tmp_path / "z.toml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 4 and "the limit is 64 MiB" in done.stderr
    assert not (tmp_path / "z.toml").exists()


def test_a_fifo_is_read_with_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 6b: a FIFO (what `--data <(...)` gives) has no size to check: the limit applies
    while reading."""
    from innov_cli.kb import reading

    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1024 * 1024)
    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)

    def feed() -> None:
        try:
            with open(fifo, "wb") as out:
                for _ in range(64):
                    out.write(b"#" * 65536 + b"\n")
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed)
    writer.start()
    result = run("--no-builtin", "--data", str(fifo), "list")
    writer.join(timeout=30)
    assert result.exit_code == 4
    assert "is more than 1 MiB, the limit" in result.stderr


def test_validate_json_with_a_non_utf8_file_name_is_valid_utf8(tmp_path: Path) -> None:
    """Item 6b: the name's undecodable bytes are written as \\xNN escapes."""
    name = os.fsencode(str(tmp_path)) + b"/caf\xe9.toml"
    with open(name, "wb") as out:
        out.write(b'[[region]]\nid = "x"\n')
    done = subprocess.run(
        [sys.executable, "-m", "innov_cli", "validate", "--json", os.fsdecode(name)],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 4
    problems = json.loads(done.stdout.decode("utf-8"))  # strict: raises on invalid UTF-8
    assert problems and problems[0]["file"].endswith("caf\\xe9.toml")


def test_a_fifo_is_read_once_and_answers(tmp_path: Path) -> None:
    """`--data <(...)` gives a FIFO, which can be read only once: the cache key and the parse
    must both come from that one read (a second read would wait for a writer for ever)."""
    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)
    text = (Path(__file__).parent / "data" / "mini.toml").read_bytes()

    def feed() -> None:
        with open(fifo, "wb") as out:
            out.write(text)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "innov_cli", "--no-builtin", "--data", str(fifo), "rank", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["id"] == "jingjinji"
