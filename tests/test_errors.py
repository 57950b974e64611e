"""Exit codes and messages: usage errors, unknown names, path problems, full streams, and
unexpected errors, each with innov's own one-line message."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers import BROKEN_BASE, INNOV, MINI_ONLY

from .conftest import run


def test_unknown_region_exits_3_with_a_suggestion_on_stderr() -> None:
    result = run(*MINI_ONLY, "show", "jingjinjj")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "unknown region 'jingjinjj'" in result.stderr
    assert "did you mean 'jingjinji'" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_metric_exits_3() -> None:
    result = run(*MINI_ONLY, "rank", "--by", "gpd")
    assert result.exit_code == 3
    assert "did you mean 'gdp'" in result.stderr


def test_bad_usage_exits_2() -> None:
    assert run(*MINI_ONLY, "rank", "--top", "zero").exit_code == 2
    assert run(*MINI_ONLY, "rank", "--top", "0").exit_code == 2
    assert run(*MINI_ONLY, "rank", "--kind", "galaxy").exit_code == 2
    assert run(*MINI_ONLY, "compare", "jjj").exit_code == 2
    assert run("rnk").exit_code == 2
    both = run(*MINI_ONLY, "rank", "--json", "--format", "csv")
    assert both.exit_code == 2 and both.stdout == ""
    assert "different formats" in both.stderr
    assert run(*MINI_ONLY, "rank", "--json", "--format", "json").exit_code == 0


def test_empty_result_is_still_exit_0() -> None:
    result = run(*MINI_ONLY, "rank", "--country", "FR", "--json")
    assert result.exit_code == 0
    assert result.json() == []


needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")


@needs_dev_full
@pytest.mark.parametrize(
    "args", [["rank", "--json"], ["--help"], ["schema"], ["list"], ["export"]], ids=" ".join
)
def test_a_full_stdout_is_exit_4_with_innovs_own_message(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*INNOV, *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120
        )
    assert done.returncode == 4
    assert "internal error" not in done.stderr
    assert "innov: error: cannot write the output: No space left on device" in done.stderr
    assert "Exception ignored" not in done.stderr


@needs_dev_full
def test_a_full_stdout_and_stderr_still_give_exit_4() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([*INNOV, "rank", "--json"], stdout=full, stderr=full, timeout=120)
    assert done.returncode == 4


def test_a_300_character_database_name_is_exit_4(tmp_path: Path) -> None:
    target = tmp_path / ("a" * 300 + ".db")
    result = run("export", "--format", "sqlite", str(target))
    assert result.exit_code == 4
    assert "File name too long" in result.stderr and "internal error" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("suffix", [".db", ".csv", ".json"])
def test_a_file_in_the_path_is_exit_4_for_every_format(tmp_path: Path, suffix: str) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("export", str(blocker / f"out{suffix}"))
    assert result.exit_code == 4
    assert "Not a directory" in result.stderr


def test_import_and_export_give_one_exit_code_for_one_path_problem(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("region,metric,value,year,source\nbeijing,gdp,1,2020,cgtn-2025-12-22\n")
    missing = tmp_path / "nowhere" / "out.toml"
    imported = run("import", str(table), "-o", str(missing))
    exported = run("export", str(tmp_path / "nowhere" / "out.csv"))
    assert imported.exit_code == exported.exit_code == 4
    assert "does not exist" in imported.stderr and "does not exist" in exported.stderr


def test_many_unknown_names_are_summarised(tmp_path: Path) -> None:
    # Each unknown name gets a "did you mean" search over every known name, which is not what
    # this test checks: names more than twice as long as any known one are rejected by that
    # search at once (on its length), so 5,000 of them stay quick.
    padding = "-" + "x" * 180
    rows = "".join(f"nowhere-{n}{padding},gdp,1,2020,cgtn-2025-12-22\n" for n in range(5000))
    table = tmp_path / "many.csv"
    table.write_text("region,metric,value,year,source\n" + rows, encoding="utf-8")
    result = run("import", str(table), "-o", str(tmp_path / "out.toml"))
    assert result.exit_code == 3
    assert "and 4,990 more" in result.stderr
    assert len(result.stderr) < 5000


def test_a_bad_path_is_exit_4_whether_read_or_written(tmp_path: Path) -> None:
    """A missing folder to write into, like a missing file to read, is exit 4."""
    missing_read = run("--no-builtin", "--data", str(tmp_path / "nope.toml"), "list")
    data = ("--no-builtin", "--data", str(BROKEN_BASE))
    missing_folder = run(*data, "export", str(tmp_path / "nope" / "facts.csv"))
    a_directory = run(*data, "export", str(tmp_path))
    to_file = run(*data, "rank", "--by", "gdp_test", "-o", str(tmp_path / "nope" / "r.csv"))
    assert {missing_read.exit_code, missing_folder.exit_code, a_directory.exit_code} == {4}
    assert to_file.exit_code == 4
    assert "folder" in missing_folder.stderr and missing_folder.stdout == ""
    # A name no file system accepts: 4 too, read (--data, import) or written.
    bad_name = "bad\x00name.csv"
    assert run(*data, "import", bad_name, "-o", str(tmp_path / "x.toml")).exit_code == 4
    assert run(*data, "export", bad_name).exit_code == 4


def test_an_unexpected_error_is_one_line_and_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    import innov_cli.commands.list
    import innov_cli.commands.rank

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("secret-token-123 is not a ranking")

    monkeypatch.setattr(innov_cli.commands.rank, "rank_regions", broken)
    result = run("--no-builtin", "--data", str(BROKEN_BASE), "rank", "--by", "gdp_test")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "innov: internal error: ValueError: secret-token-123 is not a ranking"
    )
    assert "Traceback" not in result.stderr
    assert "╭" not in result.stderr  # no Rich panel
    assert "locals" not in result.stderr

    debug = run("--debug", "--no-builtin", "--data", str(BROKEN_BASE), "rank", "--by", "gdp_test")
    assert debug.exit_code == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert "╭" not in debug.stderr  # the plain traceback, never Rich's


@pytest.mark.parametrize(
    "args",
    [
        ("search", "bay", "--limit", "-1"),
        ("rank", "--top", "0"),
        ("rank", "--year", "2204"),
        ("rank", "--edition", "99"),
    ],
)
def test_numeric_options_are_checked(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("innov: error: ") and "hint: see 'innov " in result.stderr


def test_year_filters_take_whole_years_in_range() -> None:
    for args in (("coverage", "--by", "gdp"), ("export",)):
        result = run(*args, "--year", "2022,10")
        assert result.exit_code == 2 and result.stdout == ""
        assert "--year takes whole years such as 2023, got '10'" in result.stderr
        assert "hint: e.g. innov " in result.stderr


def test_click_errors_use_innovs_style() -> None:
    for args in (("rank", "--bogus"), ("frobnicate",), ("show",), ("rank", "--top", "x")):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr.startswith("innov: error: "), result.stderr
        assert "Usage:" not in result.stderr and "hint: see 'innov" in result.stderr
