"""Output formats and tables: every command speaks every format, --fields, piped and narrow
tables, pictures that degrade to ASCII, and JSON written exactly as json.dumps would."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import MINI_ONLY

from .conftest import run


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv", "markdown"])
def test_every_query_command_speaks_every_format(fmt: str) -> None:
    for command in (["rank"], ["compare", "jjj", "gba"], ["show", "jjj"], ["list"], ["metrics"]):
        result = run(*MINI_ONLY, *command, "--format", fmt)
        assert result.exit_code == 0, (command, result.stderr)
        assert result.stdout.strip()


def test_table_fits_columns_without_losing_values() -> None:
    result = run(*MINI_ONLY, "rank", env={"COLUMNS": "40"})
    assert result.exit_code == 0
    assert all(len(line) <= 40 for line in result.stdout.splitlines())
    assert "11,500 CNY bn" in result.stdout  # a value is never split over lines
    squashed = "".join(result.stdout.split())
    assert "8,700CNYbn" in squashed
    assert "\u2026" not in result.stdout  # folded, never truncated with an ellipsis


def test_fields_picks_columns_and_rejects_unknown_ones() -> None:
    result = run(*MINI_ONLY, "rank", "--json", "--fields", "id,value")
    assert result.exit_code == 0
    assert result.json()[0] == {"id": "jingjinji", "value": 11500}
    bad = run(*MINI_ONLY, "rank", "--format", "csv", "--fields", "id,valeu")
    assert bad.exit_code == 2
    assert bad.stdout == ""
    assert "unknown field 'valeu'" in bad.stderr and "did you mean 'value'" in bad.stderr


def test_pictures_degrade_to_ascii_in_a_c_locale() -> None:
    env = {"LANG": "C", "LC_ALL": None, "LC_CTYPE": None}
    result = run("trend", "hangzhou", "--by", "nature_index_rank", env=env)  # type: ignore[arg-type]
    assert result.exit_code == 0
    assert result.stdout.isascii(), [c for c in result.stdout if not c.isascii()]
    assert "#16 -> #13 -> #10" in result.stdout
    assert "#" * 10 in result.stdout  # the bar, in ASCII
    compare = run("compare", "jjj", "gba", env=env)  # type: ignore[arg-type]
    assert "^ " in compare.stdout  # the leader mark


def test_pictures_never_reach_machine_formats() -> None:
    for fmt in ("json", "jsonl", "csv", "markdown"):
        out = run("rank", "--format", fmt).stdout
        assert "█" not in out and "#####" not in out


_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
)


_ROW = st.dictionaries(st.text(), _SCALAR, max_size=6)


_JSON = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.lists(_ROW, max_size=5), st.lists(_JSON, max_size=4), _JSON))
def test_fast_json_path_equals_json_dumps_byte_for_byte(data: Any) -> None:
    """`_pretty` (the C-encoder shortcut for lists of flat rows) writes exactly what
    json.dumps(..., ensure_ascii=False, indent=2) writes, for rows and for anything else."""
    from innov_cli.output.machine import _pretty

    assert _pretty(data) == json.dumps(data, ensure_ascii=False, indent=2)


@pytest.mark.parametrize(
    "args",
    [
        ("compare", "jjj", "gba"),
        ("show", "gba"),
        ("trend", "hangzhou"),
        ("rank",),
    ],
)
def test_fields_work_for_every_command_and_format(args: tuple[str, ...]) -> None:
    for fmt in ("csv", "jsonl", "json", "table", "markdown"):
        result = run(*args, "--fields", "metric,value", "--format", fmt)
        assert result.exit_code == 0, (fmt, result.stderr)
    rows = list(
        csv.DictReader(io.StringIO(run(*args, "--fields", "value,metric", "-f", "csv").stdout))
    )
    assert rows and list(rows[0]) == ["value", "metric"]
    table = run(*args, "--fields", "value,metric").stdout.splitlines()
    header = next(line for line in table if line.split()[:2] == ["value", "metric"])
    assert header.split() == ["value", "metric"]


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
def test_an_unknown_field_is_a_usage_error_in_every_format(fmt: str) -> None:
    result = run("compare", "jjj", "gba", "--fields", "metric,valu", "--format", fmt)
    assert result.exit_code == 2 and result.stdout == ""
    assert "unknown field 'valu'" in result.stderr and "did you mean 'value'" in result.stderr


def test_no_line_ends_in_spaces() -> None:
    for args in (("rank",), ("compare", "jjj", "gba"), ("show", "gba"), ("trend", "hangzhou")):
        for tty in ("0", "1"):
            out = run(*args, env={"COLUMNS": "80", "TTY_COMPATIBLE": tty}).stdout
            assert all(line == line.rstrip() for line in out.splitlines()), (args, tty)


def test_piped_tables_are_plain_and_no_header_drops_the_header() -> None:
    piped = run("rank", env={"TTY_COMPATIBLE": "0"}).stdout
    assert "─" not in piped and "Region" in piped
    shown = run("rank", env={"TTY_COMPATIBLE": "1"}).stdout
    assert "─" in shown
    rows = run("rank", "--no-header", env={"TTY_COMPATIBLE": "0"}).stdout.splitlines()
    assert rows and rows[0].split()[0] == "1"
    assert not any("Region" in line or "have a 2024 value" in line for line in rows)
    lines = run("rank", "--no-header", "--format", "csv").stdout.splitlines()
    assert lines[0].startswith("1,")


def test_names_wrap_at_hyphens_not_mid_word() -> None:
    out = run("rank", env={"COLUMNS": "80", "TTY_COMPATIBLE": "1"}).stdout
    assert "Beijing-Tianjin-He\n" not in out and "Beijing-Tianjin-Hebei" in out


def test_ascii_marks_do_not_look_like_the_about_qualifier() -> None:
    out = run(
        "rank",
        "--by",
        "population",
        "--kind",
        "cluster",
        "--latest-each",
        env={"LANG": "C", "LC_ALL": None, "LC_CTYPE": None},  # type: ignore[dict-item]
    ).stdout
    assert out.isascii() and "(a)" in out and "(s)" in out
