"""Colour: only on a terminal, FORCE_COLOR and NO_COLOR honoured, machine formats never coloured."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import MINI_ONLY
from tests.hostile_kb import HOSTILE

from .conftest import run


def test_table_output_is_plain_when_not_a_terminal() -> None:
    result = run(*MINI_ONLY, "rank")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert "Beijing-Tianjin-Hebei" in result.stdout


def test_force_color_colours_and_no_color_wins() -> None:
    forced = run(*MINI_ONLY, "rank", env={"NO_COLOR": "", "FORCE_COLOR": "1"})
    assert "\x1b[" in forced.stdout
    both = run(*MINI_ONLY, "rank", env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert "\x1b[" not in both.stdout


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def subprocess_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(extra)
    return env


def piped(data: Path, *args: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "innov_cli", "--no-builtin", "--data", str(data), *args],
        capture_output=True,
        text=True,
        env=subprocess_env(**env),
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def on_a_terminal(data: Path, *args: str, **env: str) -> str:
    """Run innov with stdout on a pseudo-terminal and return what it wrote there."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "innov_cli", "--no-builtin", "--data", str(data), *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=subprocess_env(COLUMNS="100", **env),
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=30) == 0
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_no_colour_when_piped(hostile: Path) -> None:
    assert "\x1b[" not in piped(hostile, "rank", "--by", "m_one")


def test_force_color_colours_a_pipe(hostile: Path) -> None:
    assert "\x1b[" in piped(hostile, "rank", "--by", "m_one", FORCE_COLOR="1")


def test_no_color_wins_over_force_color(hostile: Path) -> None:
    assert "\x1b[" not in piped(hostile, "rank", "--by", "m_one", FORCE_COLOR="1", NO_COLOR="1")


def test_json_is_never_coloured(hostile: Path) -> None:
    out = piped(hostile, "rank", "--by", "m_one", "--json", FORCE_COLOR="1")
    assert "\x1b" not in out
    assert json.loads(out)


def test_a_terminal_gets_colour(hostile: Path) -> None:
    out = on_a_terminal(hostile, "rank", "--by", "m_one")
    assert "\x1b[" in out
    # The data's own escape sequence is still shown, not obeyed.
    assert "\\x1b]8;;http://evil" in out


def test_no_color_on_a_terminal(hostile: Path) -> None:
    assert "\x1b[" not in on_a_terminal(hostile, "rank", "--by", "m_one", NO_COLOR="1")
    assert "\x1b[" not in on_a_terminal(hostile, "--no-color", "rank", "--by", "m_one")
