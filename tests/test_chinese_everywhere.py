"""Chinese beyond tables: options after the command, charts and the HTML report in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def _chart(*args: str) -> str:
    result = run(*args, "--format", "svg")
    if result.exit_code == 2 and "matplotlib" in result.stderr:
        pytest.skip("charts need matplotlib")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_chinese_chart_has_chinese_title_and_names() -> None:
    chinese = _chart("--lang", "zh", "rank")
    english = _chart("rank")
    assert chinese != english
    assert "<title>地区生产总值（CNY bn），城市群，2024年</title>" in chinese
    assert "长江三角洲" in chinese and "Yangtze River Delta" not in chinese
    assert "<title>GDP (CNY bn), cluster regions, 2024</title>" in english


def test_the_html_report_in_chinese_says_so() -> None:
    page = run("--lang", "zh", "rank", "--format", "html")
    assert page.exit_code == 0, page.stderr
    assert '<html lang="zh-Hans">' in page.stdout
    assert '<h2 id="sources">来源' in page.stdout
    assert '<html lang="en">' in run("rank", "--format", "html").stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["rank", "--top", "abc"], "不是有效的整数"),
        (["rank", "--bogus"], "没有这个选项：--bogus"),
        (["nosuchcmd"], "没有命令"),
        (["show"], "缺少参数"),
        (["rank", "x", "y"], "多余的参数"),
        (["show", "nosuch"], "未知地区"),
    ],
)
@pytest.mark.parametrize("where", ["before", "after"])
def test_usage_errors_answer_in_chinese(args: list[str], words: str, where: str) -> None:
    line = ["--lang", "zh", *args] if where == "before" else [*args, "--lang", "zh"]
    if where == "after" and args == ["nosuchcmd"]:
        line = ["--lang", "zh", *args]
    done = run(*line)
    assert done.exit_code in (2, 3) and done.stdout == ""
    assert done.stderr.startswith("innov：错误：") and words in done.stderr
    assert "提示：" in done.stderr


# -- lines that break where a reader would -----------------------------------------------------

EVERY_COMMAND = [
    ["rank"],
    ["rank", "--by", "gdp", "--kind", "province"],
    ["compare", "jingjinji", "yrd", "gba"],
    ["show", "gba"],
    ["trend", "beijing", "--by", "gdp"],
    ["list", "--kind", "cluster"],
    ["metrics"],
    ["sources", "gba"],
    ["coverage", "--by", "gdp", "--kind", "cluster"],
    ["search", "AI"],
]
# Pieces a broken number leaves behind: a figure cut after a thousands comma, a
# bracketed year cut open ("（20" / "24年）"), a unit torn from its figure's digits.
_SPLIT = [
    r"(?:^|[^\d.])\d{1,3}(?:,\d{3})*,$",  # "11," of "11,500" (not "86.4397," ending a clause)
    r"[（(]\d{1,3}$",
    r"^\d{1,3}年?[)）]",
    r"^,\d",
]


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("args", EVERY_COMMAND, ids=" ".join)
def test_no_number_is_split_across_lines(args: list[str], language: str, width: int) -> None:
    import re

    result = run("--lang", language, *args, env={"COLUMNS": str(width), "TTY_COMPATIBLE": "1"})
    assert result.exit_code == 0, result.stderr
    for line in result.stdout.splitlines():
        # Each cell of a table line: runs of text separated by two or more spaces.
        for cell in re.split(r"\s{2,}", line.strip()):
            for pattern in _SPLIT:
                assert not re.search(pattern, cell), (pattern, cell, line)


# -- every message in Chinese ----------------------------------------------------------------------


def test_every_raise_site_has_a_wording_key() -> None:
    """An error innov raises carries `words=` (and `hint_words=` with a hint), so that
    --lang zh can word it; a test in test_i18n checks every key has Chinese."""
    import ast

    root = Path(__file__).resolve().parents[1] / "src" / "innov_cli"
    errors = {"UsageProblem", "NotFound", "InvalidTable", "UnusableFile"}
    missing = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            if getattr(node.exc.func, "id", None) not in errors:
                continue
            given = {k.arg for k in node.exc.keywords}
            if "words" not in given or ("hint" in given and "hint_words" not in given):
                missing.append(f"{path.relative_to(root)}:{node.lineno}")
    assert missing == []


ERROR_PATHS = [
    ["rank", "--top", "abc"],
    ["rank", "--top", "0"],
    ["rank", "--by", "nosuch"],
    ["rank", "--kind", "nosuch"],
    ["rank", "--latest-each", "--year", "2023"],
    ["show", "nosuch"],
    ["compare", "gba"],
    ["compare", "gba", "gba"],
    ["trend", "nosuch"],
    ["search", " "],
    ["search", "x", "--in", "nowhere"],
    ["export", "--year", "last"],
    ["export", "--format", "jsonl", "out.db"],
    ["export", "--bom", "--format", "json"],
    ["export", "/nonexistent-folder/out.csv"],
    ["export", "--format", "sqlite"],
    ["import", "nosuch.csv", "-o", "out.toml"],
    ["import", "nosuch.csv"],
    ["rank", "--bogus"],
    ["nosuchcommand"],
    ["show"],
]


@pytest.mark.parametrize("args", ERROR_PATHS, ids=" ".join)
def test_every_error_path_answers_in_chinese(args: list[str], tmp_path: Path) -> None:
    done = run("--lang", "zh", *args)
    assert done.exit_code in (2, 3, 4), done.stderr
    assert done.stdout == ""
    first = done.stderr.splitlines()[0]
    assert not first.isascii(), first
    assert first.startswith("innov：错误：")


def test_help_lists_every_command_summary_in_chinese() -> None:
    shown = run("--lang", "zh", "--help")
    assert shown.exit_code == 0
    listing = shown.stdout.split("Commands:")[1].splitlines()
    summaries = [line.split(None, 1)[1] for line in listing if line.startswith("  ")]
    assert summaries and all(not s.isascii() for s in summaries)
