"""Sharp edges (issue 12, items 1, 2, 4 and 8): every output contract kept, text that copies."""

from __future__ import annotations

import csv
import io

import pytest

from .conftest import run


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


@pytest.mark.parametrize(
    "args",
    [
        ("search", "bay", "--limit", "-1"),
        ("rank", "--top", "0"),
        ("rank", "--year", "2204"),
        ("rank", "--edition", "99"),
        ("coverage", "--by", "gdp", "--year", "10"),
    ],
)
def test_numeric_options_are_checked(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("innov: error: ") and "hint: see 'innov " in result.stderr


def test_click_errors_use_innovs_style() -> None:
    for args in (("rank", "--bogus"), ("frobnicate",), ("show",), ("rank", "--top", "x")):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr.startswith("innov: error: "), result.stderr
        assert "Usage:" not in result.stderr and "hint: see 'innov" in result.stderr


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


def test_help_lists_each_summary_whole() -> None:
    listing = " ".join(run("--help").stdout.split("Commands:")[1].split())
    assert "Compare regions metric by metric, side by side, each row's leader marked." in listing
    assert "..." not in listing


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
