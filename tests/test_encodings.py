"""Narrow output encodings: ASCII streams and the C locale get valid output, not a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys

INNOV = [sys.executable, "-m", "innov_cli"]


def _innov(
    *args: str, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    """innov in its own process, as a shell runs it (real streams, real encodings)."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [*INNOV, *args],
        capture_output="stdout" not in kwargs,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        **kwargs,
    )


def test_ascii_stdout_gets_valid_ascii_json() -> None:
    done = _innov("rank", "--json", env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii()
    rows = json.loads(done.stdout)
    assert rows and any(r["name_zh"] for r in rows)  # Chinese names survive, escaped


def test_ascii_stdout_jsonl_and_tables_do_not_crash() -> None:
    lines = _innov("show", "gba", "--format", "jsonl", env={"PYTHONIOENCODING": "ascii"})
    assert lines.returncode == 0 and all(json.loads(line) for line in lines.stdout.splitlines())
    table = _innov("--lang", "zh", "rank", env={"PYTHONIOENCODING": "ascii"})
    assert table.returncode == 0 and table.stdout.isascii() and "2024" in table.stdout


def test_c_locale_without_utf8_mode_lists_regions() -> None:
    done = _innov("list", env={"LC_ALL": "C", "PYTHONUTF8": "0", "LANG": "C"})
    assert done.returncode == 0, done.stderr
    assert "internal error" not in done.stderr and "beijing" in done.stdout
