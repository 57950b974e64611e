"""The help text is the reference: every command documented, the README never drifts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import typer.main

from innov_cli import __version__
from innov_cli.cli import app

from .conftest import run

ROOT = Path(__file__).resolve().parents[1]


def _update_readme_module() -> object:
    spec = importlib.util.spec_from_file_location(
        "update_readme", ROOT / "scripts" / "update_readme.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_summary_and_examples(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    summary = lines[2].strip()
    assert summary.endswith(".") and lines[3] == "", "the summary must fit on one line"
    assert "Examples:" in result.stdout
    assert f"innov {command}" in result.stdout.split("Examples:")[1]


def test_readme_lists_every_command() -> None:
    module = _update_readme_module()
    assert sorted(module.COMMANDS) == COMMANDS  # type: ignore[attr-defined]


def test_readme_command_reference_matches_help() -> None:
    module = _update_readme_module()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    fresh = module.updated_readme(readme, sample=False)  # type: ignore[attr-defined]
    assert fresh == readme, "README.md is out of date: run `python scripts/update_readme.py`"


def test_changelog_names_the_current_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {__version__}" in changelog
    assert run("--version").stdout.strip() == f"innov {__version__}"


def test_readme_quick_start_has_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start")[1].split("\n## ")[0]
    blocks = [b for b in quick.split("```sh")[1:]]
    commands = [b.split("```")[0].strip() for b in blocks]
    assert len(commands) == 2
    assert commands[0].endswith("innov rank")
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def test_readme_sample_session_still_runs() -> None:
    module = _update_readme_module()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for args in module.SAMPLES:  # type: ignore[attr-defined]
        assert "$ innov " + " ".join(args) in readme
        assert run(*args).exit_code == 0
