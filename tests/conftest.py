"""Test isolation: no colour, a wide terminal, a private cache, no user data from the shell."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from innov_cli.cli import app


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    for name in (
        "FORCE_COLOR",
        "GITHUB_ACTIONS",
        "PY_COLORS",
        "INNOV_DATA",
        "INNOV_NO_CACHE",
        "INNOV_DEBUG",
        "TTY_COMPATIBLE",
        "INNOV_LANG",
        "LC_ALL",
        "LC_MESSAGES",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("_TYPER_FORCE_DISABLE_TERMINAL", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    yield


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def run(*args: str, env: dict[str, str] | None = None) -> Run:
    """Invoke innov in-process, as a shell would (stdout and stderr kept apart)."""
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def write(tmp_path: Path) -> Any:
    """Write a TOML file in a temporary folder and return its path."""

    def _write(text: str, name: str = "kb.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write
