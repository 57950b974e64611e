"""Narrow output encodings: ASCII streams and the C locale get valid output, not a crash."""

from __future__ import annotations

import json

from tests.helpers import innov_process


def test_ascii_stdout_gets_valid_ascii_json() -> None:
    done = innov_process("rank", "--json", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii()
    rows = json.loads(done.stdout)
    assert rows and any(r["name_zh"] for r in rows)  # Chinese names survive, escaped


def test_ascii_stdout_jsonl_and_tables_do_not_crash() -> None:
    lines = innov_process("show", "gba", "--format", "jsonl", env={"PYTHONIOENCODING": "ascii"})
    assert lines.returncode == 0 and all(json.loads(line) for line in lines.stdout.splitlines())
    table = innov_process("--lang", "zh", "rank", env={"PYTHONIOENCODING": "ascii"})
    assert table.returncode == 0 and table.stdout.isascii() and "2024" in table.stdout


def test_c_locale_without_utf8_mode_lists_regions() -> None:
    done = innov_process("list", env={"LC_ALL": "C", "PYTHONUTF8": "0", "LANG": "C"})
    assert done.returncode == 0, done.stderr
    assert "internal error" not in done.stderr and "beijing" in done.stdout
