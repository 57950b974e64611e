"""Rules of the house that keep it easy to live in: layers, self-describing commands."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from innov_cli.cli.app import app, command_group, command_name, commands_with
from tests.conftest import run

SRC = Path(__file__).resolve().parent.parent / "src" / "innov_cli"

# A sample invocation of each command that declares a chart or an HTML report: a command that
# declares one must be listed here, so the declaration is proved by running it.
SAMPLES = {
    "rank": [],
    "compare": ["jingjinji", "yrd"],
    "trend": ["beijing", "--by", "gdp"],
    "show": ["beijing"],
    "check": ["Jing-Jin-Ji's GDP reached 11.5 trillion yuan in 2024."],
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_knowledge_base_layer_imports_nothing_from_views_or_the_cli() -> None:
    for path in sorted((SRC / "kb").glob("*.py")):
        wrong = {m for m in _imports(path) if m.startswith(("innov_cli.view", "innov_cli.cli"))}
        assert not wrong, f"{path.name} imports {wrong}"


def test_the_check_core_knows_nothing_of_the_cli() -> None:
    for path in sorted((SRC / "check").glob("*.py")):
        wrong = {m for m in _imports(path) if m.startswith(("innov_cli.cli", "typer", "rich"))}
        assert not wrong, f"{path.name} imports {wrong}"


def test_the_lists_of_commands_by_output_are_read_off_the_registered_commands() -> None:
    assert set(commands_with("html")) == set(SAMPLES)
    assert set(commands_with("chart")) <= set(commands_with("html"))
    assert commands_with("citations") == ["sources"]
    refused = run("list", "--format", "svg")
    assert refused.exit_code == 2
    assert ", ".join(f"innov {c}" for c in commands_with("chart")) in refused.stderr


@pytest.mark.parametrize("command", sorted(SAMPLES))
def test_every_command_that_declares_an_html_report_writes_one(
    command: str, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    done = run(command, *SAMPLES[command], "--format", "html", "-o", str(out))
    assert done.exit_code == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_building_the_command_group_leaves_the_app_as_registered() -> None:
    before = list(app.registered_commands)
    group = command_group()
    assert list(app.registered_commands) == before
    assert group.list_commands(None) == [command_name(info) for info in before]


def test_no_module_is_longer_than_a_reader_holds_in_mind() -> None:
    long = {
        str(path.relative_to(SRC)): lines
        for path in SRC.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert not long, f"modules over 500 lines: {long}"
