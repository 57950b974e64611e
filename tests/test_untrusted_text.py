"""Text from a data file is data: markup, escapes and narrow terminals cannot change the output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from tests.hostile_kb import ALIAS, HOSTILE, NAME, NAME_ZH, NOTE, TITLE, URL

from .conftest import run

# What a terminal would act on: ESC, BEL, CR, the C1 CSI, a bidi override.
ACTIVE = ("\x1b", "\x07", "\r", "\x9b", "\u202e")


TABLE_COMMANDS = [
    ["show", "alpha"],
    ["rank", "--by", "m_one"],
    ["list"],
    ["sources"],
    ["metrics"],
    ["search", "alpha"],
    ["trend", "alpha"],
    ["compare", "alpha", "beta"],
]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE, encoding="utf-8")
    return path


def innov(data: Path, *args: str) -> Any:
    return run("--no-builtin", "--data", str(data), *args)


def squeeze(text: str) -> str:
    return "".join(text.split())


def test_the_hostile_file_is_valid(hostile: Path) -> None:
    # Markup and control characters are legal text: innov must show them, not reject them.
    assert run("--no-builtin", "validate", str(hostile)).exit_code == 0


@pytest.mark.parametrize("args", TABLE_COMMANDS, ids=lambda a: " ".join(a))
def test_tables_print_markup_literally_and_neutralise_escapes(
    hostile: Path, args: list[str]
) -> None:
    result = innov(hostile, *args)
    assert result.exit_code == 0, result.stderr
    for char in ACTIVE:
        assert char not in result.stdout
    shown = {
        "sources": "[bold]Publisher[/bold]",
        "metrics": "[red]Metric[/red]",
        "trend": "[red]Metric[/red]",
    }
    assert shown.get(args[0], "[bold]Alpha[/bold]") in result.stdout


def test_show_prints_every_kind_of_hostile_text_visibly(hostile: Path) -> None:
    out = innov(hostile, "show", "alpha").stdout
    assert "[bold]Alpha[/bold] \\x1b]8;;http://evil\\x07click\\x1b]8;;\\x07" in out
    assert "[/x] unmatched close tag" in out
    assert "\\x1b[31mred\\x1b[0m" in out
    assert "bidi\\u202eevil" in out
    assert "c1\\x9b2J" in out
    assert "note with [i]markup[/i]" in out


def test_sources_print_link_markup_literally(hostile: Path) -> None:
    out = innov(hostile, "sources").stdout
    assert "[bold]Publisher[/bold]" in out
    assert TITLE in out


def test_markdown_neutralises_escapes_too(hostile: Path) -> None:
    out = innov(hostile, "show", "alpha", "--format", "markdown").stdout
    for char in ACTIVE:
        assert char not in out
    assert "\\x1b]8;;http://evil" in out


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_carries_the_exact_string_escaped(hostile: Path, fmt: str) -> None:
    result = innov(hostile, "list", "--format", fmt)
    for char in ACTIVE:
        assert char not in result.stdout  # escaped in the text...
    records = (
        result.json() if fmt == "json" else [json.loads(x) for x in result.stdout.splitlines()]
    )
    alpha = next(r for r in records if r["id"] == "alpha")
    assert alpha["name"] == NAME  # ...and exact once parsed


def test_show_json_keeps_the_note_exactly(hostile: Path) -> None:
    data = innov(hostile, "show", "alpha", "--json").json()

    def strings(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return [value] if isinstance(value, str) else []

    assert NOTE in strings(data)
    assert NAME in strings(data)


@pytest.mark.parametrize("width", [40, 30, 60])
@pytest.mark.parametrize("args", TABLE_COMMANDS, ids=lambda a: " ".join(a))
def test_narrow_terminals_never_overflow(hostile: Path, args: list[str], width: int) -> None:
    result = run("--no-builtin", "--data", str(hostile), *args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    for line in result.stdout.splitlines():
        assert cell_len(line) <= width, line


def test_narrow_terminals_never_drop_a_value(hostile: Path) -> None:
    env = {"COLUMNS": "40"}
    show = squeeze(run("--no-builtin", "--data", str(hostile), "show", "alpha", env=env).stdout)
    for value in (
        "[bold]Alpha[/bold] \\x1b]8;;http://evil\\x07click\\x1b]8;;\\x07",
        NAME_ZH,
        ALIAS,
        "12,345,678,901",
        "note with [i]markup[/i]",
        "src-a",
        "unmarked figures are exact",  # confidence: a mark by the value, explained once
    ):
        assert squeeze(value) in show, value
    sources = squeeze(run("--no-builtin", "--data", str(hostile), "sources", env=env).stdout)
    for value in (URL, TITLE, "[bold]Publisher[/bold]", "2024"):
        assert squeeze(value) in sources, value
    ranked = squeeze(
        run("--no-builtin", "--data", str(hostile), "rank", "--by", "m_one", env=env).stdout
    )
    assert "12,345,678,901" in ranked
