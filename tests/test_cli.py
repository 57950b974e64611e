"""The command line itself: the version, `python -m`, help, and global options after the command."""

from __future__ import annotations

from pathlib import Path

import pytest

from innov_cli import __version__
from innov_cli.cli.guard import hoist_global_options

from .conftest import run


def test_lang_after_the_command_works_like_before_it() -> None:
    after = run("rank", "--lang", "zh")
    before = run("--lang", "zh", "rank")
    assert after.exit_code == 0, after.stderr
    assert after.stdout == before.stdout and "城市群" in after.stdout


def test_data_and_no_builtin_after_the_command(tmp_path: Path) -> None:
    mini = Path(__file__).parent / "data" / "mini.toml"
    after = run("list", "--no-builtin", "--data", str(mini), "--json")
    before = run("--no-builtin", "--data", str(mini), "list", "--json")
    assert after.exit_code == 0, after.stderr
    assert after.json() == before.json()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["rank", "--lang", "zh", "--top", "3"], ["--lang", "zh", "rank", "--top", "3"]),
        (["rank", "--lang=zh"], ["--lang=zh", "rank"]),
        (["show", "x", "--", "--lang"], ["show", "x", "--", "--lang"]),
        # import's own --tier stays with import; --data moves with its value.
        (["import", "t.csv", "--tier", "primary", "--data", "d.toml"],
         ["--data", "d.toml", "import", "t.csv", "--tier", "primary"]),
    ],
)  # fmt: skip
def test_which_options_move(args: list[str], expected: list[str]) -> None:
    assert hoist_global_options(args, {"rank", "show", "import"}) == expected


def test_version_prints_the_package_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"innov {__version__}"


def test_python_dash_m_runs_the_cli() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "innov_cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"innov {__version__}"


def test_help_lists_each_summary_whole() -> None:
    listing = " ".join(run("--help").stdout.split("Commands:")[1].split())
    assert "Compare regions metric by metric, side by side, each row's leader marked." in listing
    assert "..." not in listing
