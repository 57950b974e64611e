"""`innov validate`: valid files, path problems, encodings, limits, and the JSON report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from innov_cli.kb.layers import builtin_path
from innov_cli.kb.reading import MAX_FILE_BYTES
from tests.helpers import BROKEN_BASE

from .conftest import run

PROBLEM_KEYS = {"file", "line", "column", "entity", "field", "message", "hint"}


def innov(
    *args: str, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """innov in a real process: for inputs that could crash or hang the interpreter."""
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "innov_cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=env,
    )


def test_the_builtin_knowledge_base_is_valid() -> None:
    result = run("validate", str(builtin_path()))
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert "valid" in result.stderr


def test_a_valid_file_exits_0_and_says_so() -> None:
    result = run("--no-builtin", "validate", str(BROKEN_BASE))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip() == f"{BROKEN_BASE}: valid"


def test_json_for_a_valid_file_is_an_empty_list() -> None:
    result = run("--no-builtin", "validate", "--json", str(BROKEN_BASE))
    assert result.exit_code == 0
    assert result.json() == []


def test_an_empty_file_is_valid_and_adds_nothing(write: Any) -> None:
    path = write("", "empty.toml")
    result = run("validate", str(path))
    assert result.exit_code == 0
    assert f"{path}: empty file: valid, adds nothing" in result.stderr


def test_a_comments_only_file_is_valid_and_adds_nothing(write: Any) -> None:
    path = write("# my figures, to come\n\n", "later.toml")
    result = run("--no-builtin", "validate", str(path))
    assert result.exit_code == 0
    assert f"{path}: valid, but adds nothing (no entries)" in result.stderr


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BROKEN_BASE.read_bytes())
    assert run("--no-builtin", "validate", str(path)).exit_code == 0
    result = run("--no-builtin", "--data", str(path), "rank", "--by", "gdp_test", "--json")
    assert result.exit_code == 0
    assert [r["id"] for r in result.json()] == ["alpha", "beta"]


def test_columns_after_a_byte_order_mark_count_from_the_first_character(tmp_path: Path) -> None:
    # Editors do not count the BOM, so neither may the column.
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbfname = Beijing\n")
    result = run("--no-builtin", "validate", str(path))
    assert f"{path}:1:8: TOML syntax error: Invalid value" in result.stdout


def test_a_schema_directive_on_the_first_line_is_only_a_comment(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text("#:schema ./regions.schema.json\n" + BROKEN_BASE.read_text(encoding="utf-8"))
    result = run("--no-builtin", "validate", str(path))
    assert result.exit_code == 0, result.stdout
    assert result.stderr.strip() == f"{path}: valid"


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    result = run("validate", str(path))
    assert result.exit_code == 4
    assert f"{path}: no such file" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_directory(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.exit_code == 4
    assert f"{tmp_path}: is a directory, not a knowledge-base file" in result.stdout


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: chmod 000 does not stop root reading a file",
)
def test_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.toml"
    path.write_text(BROKEN_BASE.read_text(encoding="utf-8"))
    path.chmod(0)
    try:
        result = run("validate", str(path))
        assert result.exit_code == 4
        assert f"{path}: permission denied: the file cannot be read" in result.stdout
        data_result = run("--data", str(path), "list")
        assert data_result.exit_code == 4
        assert "permission denied" in data_result.stderr
    finally:
        path.chmod(0o644)


def test_path_problems_go_through_data_too(tmp_path: Path) -> None:
    for path, message in ((tmp_path / "nope.toml", "no such file"), (tmp_path, "is a directory")):
        result = run("--data", str(path), "rank")
        assert result.exit_code == 4
        assert f"{path}: {message}" in result.stderr
        assert result.stdout == ""


def test_every_file_is_reported_and_one_bad_file_makes_exit_4(tmp_path: Path) -> None:
    broken = Path(__file__).parent / "broken"
    missing = tmp_path / "missing.toml"
    result = run(
        "--no-builtin",
        "validate",
        str(BROKEN_BASE),
        str(broken / "unknown_key.toml"),
        str(missing),
        str(broken / "not_utf8.toml"),
    )
    assert result.exit_code == 4
    assert f"{BROKEN_BASE}: valid" in result.stderr
    assert "unknown key 'bettr'" in result.stdout
    assert f"{missing}: no such file" in result.stdout
    assert "not valid UTF-8" in result.stdout
    assert "innov: 3 problems found" in result.stderr


def test_json_problems_are_objects_with_every_key(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    unknown = Path(__file__).parent / "broken" / "unknown_key.toml"
    result = run("--no-builtin", "validate", "--json", str(unknown), str(missing))
    assert result.exit_code == 4
    problems = result.json()
    assert all(set(p) == PROBLEM_KEYS for p in problems)
    assert problems[0] == {
        "file": str(unknown),
        "line": problems[0]["line"],
        "column": 1,
        "entity": "[[metric]] #1 (id='gdp_test')",
        "field": "bettr",
        "message": "unknown key 'bettr'",
        "hint": "did you mean 'better'?",
    }
    assert problems[1] == {
        "file": str(missing),
        "line": None,
        "column": None,
        "entity": None,
        "field": None,
        "message": "no such file",
        "hint": None,
    }


def test_json_carries_exact_text_and_stdout_stays_json(tmp_path: Path) -> None:
    path = tmp_path / "esc.toml"
    path.write_text(
        '[[region]]\nid = "a"\nname = "A"\nkinds = ["\\u001b[31mred"]\ncountry = "CN"\n'
    )
    result = run("--no-builtin", "validate", "--json", str(path))
    problems = result.json()
    assert "\x1b" not in result.stdout  # JSON escapes it...
    assert "'\\x1b[31mred'" in problems[0]["message"]  # ...and the repr in the message shows it


def test_a_file_that_reaches_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:  # sparse: the size is real, the disk use is not
        handle.truncate(MAX_FILE_BYTES + 1)
    result = run("validate", str(path))
    assert result.exit_code == 4
    assert f"{path}: is {MAX_FILE_BYTES + 1:,} bytes; the limit is 64 MiB" in result.stdout


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a = " + "[" * 100_000, "nesting is too deep to be a knowledge base"),
        ("a = " + "{b = " * 50_000, "nesting is too deep to be a knowledge base"),
        ("a = " + "[" * 33 + "]" * 33, "nesting depth 34 exceeds the limit of 32"),
    ],
    ids=["100k-open-brackets", "50k-inline-tables", "just-over-the-limit"],
)
def test_absurd_nesting_gets_a_clear_limit_not_a_recursion_error(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(text)
    result = innov("--no-builtin", "validate", str(path))  # a crash would kill a real process
    assert result.returncode == 4
    assert f"{path}: {message}" in result.stdout
    assert "RecursionError" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_a_syntax_error_on_a_very_long_line_does_not_print_the_line(tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    path.write_text("a = [" + "1, " * 300_000 + "x]\n")
    result = run("--no-builtin", "validate", str(path))
    assert result.exit_code == 4
    assert f"{path}:1:" in result.stdout
    assert len(result.stdout) < 500


def test_a_large_valid_file_loads(tmp_path: Path) -> None:
    # Thousands of entries: slow would be a bug, but correctness is what this checks.
    lines = [BROKEN_BASE.read_text(encoding="utf-8")]
    for n in range(3000):
        lines.append(
            f'[[region]]\nid = "r{n}"\nname = "Region {n}"\nkinds = ["city"]\ncountry = "CN"\n'
        )
    path = tmp_path / "big.toml"
    path.write_text("\n".join(lines))
    result = run("--no-builtin", "--data", str(path), "list", "--json")
    assert result.exit_code == 0
    assert len(result.json()) == 3002


def test_a_file_name_cannot_drive_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "evil\x1b[2J.toml"
    path.write_text("name = Beijing\n")
    result = run("--no-builtin", "validate", str(path))
    assert result.exit_code == 4
    assert "\x1b" not in result.stdout + result.stderr
    assert "evil\\x1b[2J.toml:1:8:" in result.stdout


def test_validate_needs_a_path() -> None:
    result = run("validate")
    assert result.exit_code == 2


def test_validate_layers_a_file_over_data_files_too(tmp_path: Path) -> None:
    base = tmp_path / "base.toml"
    base.write_text(
        '[[region]]\nid = "my-city"\nname = "My City"\nkinds = ["city"]\ncountry = "CN"\n',
        encoding="utf-8",
    )
    child = tmp_path / "child.toml"
    child.write_text(
        '[[region]]\nid = "my-park"\nname = "My Park"\nkinds = ["platform"]\ncountry = "CN"\n'
        'parent = "my-city"\n',
        encoding="utf-8",
    )
    alone = run("validate", str(child))
    assert alone.exit_code == 4 and "unknown region 'my-city'" in alone.stdout
    layered = run("--data", str(base), "validate", str(child))
    assert layered.exit_code == 0, layered.stdout + layered.stderr


def test_a_path_with_a_nul_byte_is_a_clear_error() -> None:
    checked = run("validate", "bad\x00name.toml")
    assert checked.exit_code == 4 and "not a valid file name" in checked.stdout
    loaded = run("--data", "bad\x00name.toml", "rank")
    assert loaded.exit_code == 4 and "not a valid file name" in loaded.stderr
    # A bad path is exit 4 whether read or written.
    exported = run("export", "--format", "csv", "out\x00.csv")
    assert exported.exit_code == 4 and "not a valid file name" in exported.stderr


def test_validate_json_with_a_non_utf8_file_name_is_valid_utf8(tmp_path: Path) -> None:
    """The name's undecodable bytes are written as \\xNN escapes."""
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
