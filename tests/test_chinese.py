"""Chinese output (`--lang zh`): catalogs complete and fresh, scripts never notice, units
converted exactly, tables aligned, errors, charts and the HTML report in Chinese."""

from __future__ import annotations

import importlib.util
import string
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from innov_cli.view import wording
from tests.helpers import ROOT

from .conftest import run


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


def test_every_raise_site_has_a_wording_key() -> None:
    """An error innov raises is worded by a key (`msg(...)`), and so is its hint: worded once,
    in English and Chinese; a test in test_i18n checks every key has Chinese."""
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
            worded = [*node.exc.args, *(k.value for k in node.exc.keywords)]
            if not node.exc.args or not all(_is_msg(value) for value in worded):
                missing.append(f"{path.relative_to(root)}:{node.lineno}")
    assert missing == []


def _is_msg(node: object) -> bool:
    """A `msg(...)`, a function that returns one, or another error's words."""
    import ast

    if isinstance(node, ast.Attribute):
        return node.attr in {"words", "hint_words"}
    return isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"msg", "suggestion"}


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


PO = ROOT / "src" / "innov_cli" / "locale" / "zh" / "LC_MESSAGES" / "innov.po"


def _compiler() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "compile_catalogs", ROOT / "scripts" / "compile_catalogs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


COMPILER = _compiler()


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _wants_words(english: str) -> bool:
    """Messages with letters need translating; "▲", "{text}" or ", " may stay as they are."""
    return any(ch.isalpha() for ch in string.Formatter().vformat(english, (), _Blank()))


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


def untranslated(texts: dict[str, Any]) -> list[str]:
    """What in `texts` (a wording.TEXTS) a Chinese reader would see in English."""
    translated = {
        e.msgid: e.msgstr
        for e in COMPILER.read_po(PO)
        if e.msgctxt is None and e.msgstr and not e.fuzzy
    }
    problems = []
    msgids = set(COMPILER.wording_msgids())
    for key, template in texts.items():
        if callable(template):
            # A template function words its fragments with `_()`; one that does not is English.
            if "_" not in template.__code__.co_names:
                problems.append(f"{key}: the function words nothing through _()")
        else:
            msgids.add(template)
    for english in sorted(msgids):
        if not _wants_words(english):
            continue
        if english not in translated:
            problems.append(f"no Chinese for {english!r}")
        elif _fields(translated[english]) != _fields(english):
            problems.append(f"placeholders differ in the Chinese for {english!r}")
    return problems


def test_every_message_has_a_chinese_translation() -> None:
    assert untranslated(wording.TEXTS) == []


def test_the_catalog_test_fails_for_a_message_added_without_translation() -> None:
    texts = {**wording.TEXTS, "note.new": "A brand-new note.", "title.new": lambda p: "New"}
    assert untranslated(texts) == [
        "title.new: the function words nothing through _()",
        "no Chinese for 'A brand-new note.'",
    ]


def test_compiled_catalogs_are_not_stale() -> None:
    catalogs = COMPILER.catalogs()
    assert PO in catalogs
    for po in catalogs:
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} missing: run scripts/compile_catalogs.py"
        assert mo.read_bytes() == COMPILER.mo_bytes(COMPILER.read_po(po)), (
            f"{mo} is stale: run scripts/compile_catalogs.py"
        )


def test_compiled_catalog_reads_back_with_the_standard_library() -> None:
    import gettext

    with PO.with_suffix(".mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    assert catalog.gettext("Region") == "地区"
    assert catalog.pgettext("metric", "gdp") == "地区生产总值"


def test_every_built_in_metric_has_a_chinese_name() -> None:
    from innov_cli.commands.shared import metric_names
    from innov_cli.kb.layers import layers, load_knowledge_base

    kb = load_knowledge_base(layers([], builtin=True), use_cache=False)
    missing = [m.id for m in kb.metrics.values() if metric_names(m).zh is None]
    assert missing == [], "add them to innov.po (msgctxt metric) or give the metric name_zh"


def _chinese(result: Any) -> bool:
    return "地区生产总值" in result.stdout


@pytest.mark.parametrize(
    ("env", "args", "chinese"),
    [
        ({}, (), False),
        ({"LANG": "zh_CN.UTF-8"}, (), True),
        ({"LANG": "zh_TW.UTF-8"}, (), True),
        ({"LANG": "en_US.UTF-8"}, (), False),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, (), True),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, (), False),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, (), True),
        ({"INNOV_LANG": "en", "LANG": "zh_CN.UTF-8"}, (), False),
        ({"INNOV_LANG": "zh", "LANG": "en_US.UTF-8"}, (), True),
        ({"INNOV_LANG": "zh"}, ("--lang", "en"), False),
        ({"LANG": "zh_CN.UTF-8"}, ("--lang", "en"), False),
        ({}, ("--lang", "zh"), True),
    ],
)
def test_language_from_option_then_innov_lang_then_locale(
    env: dict[str, str], args: tuple[str, ...], chinese: bool
) -> None:
    result = run(*args, "rank", env=env)
    assert result.exit_code == 0
    assert _chinese(result) is chinese


def test_an_unknown_language_is_a_usage_error() -> None:
    result = run("--lang", "fr", "rank")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "innov: error:" in result.stderr


MACHINE_RUNS = [
    ["rank", "--json"],
    ["rank", "--by", "nature-index", "--kind", "city", "--json"],
    ["rank", "--format", "csv"],
    ["rank", "--format", "jsonl"],
    ["compare", "jingjinji", "gba", "--json"],
    ["compare", "jingjinji", "gba", "yrd", "--format", "csv"],
    ["show", "大湾区", "--json"],
    ["show", "hangzhou", "--format", "jsonl"],
    ["trend", "hangzhou", "--json"],
    ["list", "--json"],
    ["list", "--format", "csv"],
    ["metrics", "--json"],
    ["sources", "--json"],
    ["sources", "gba", "--format", "csv"],
    ["search", "人工智能", "--json"],
    ["search", "AI", "--format", "csv"],
    ["export", "--format", "jsonl"],
    ["export", "--format", "json"],
    ["export", "--format", "csv"],
]


@pytest.mark.parametrize("args", MACHINE_RUNS, ids=" ".join)
def test_machine_output_is_byte_identical_in_every_language(args: list[str]) -> None:
    english = run("--lang", "en", *args)
    chinese = run("--lang", "zh", *args)
    by_locale = run(*args, env={"LANG": "zh_CN.UTF-8"})
    assert english.exit_code == chinese.exit_code == by_locale.exit_code == 0
    assert english.stdout
    assert chinese.stdout == english.stdout
    assert by_locale.stdout == english.stdout


def test_sqlite_export_is_identical_in_every_language(tmp_path: Path) -> None:
    english, chinese = tmp_path / "en.db", tmp_path / "zh.db"
    assert run("--lang", "en", "export", "--format", "sqlite", str(english)).exit_code == 0
    assert run("--lang", "zh", "export", "--format", "sqlite", str(chinese)).exit_code == 0
    assert english.read_bytes() == chinese.read_bytes()


def test_records_with_a_name_carry_name_zh() -> None:
    rank = run("rank", "--all", "--json").json()
    assert {r["id"]: r["name_zh"] for r in rank}["gba"] == "粤港澳大湾区"
    metrics = {m["id"]: m for m in run("metrics", "--json").json()}
    assert metrics["gdp"]["name_zh"] == "地区生产总值"
    compare = run("compare", "jingjinji", "gba", "--json").json()
    assert all("name_zh" in m for m in compare["metrics"])
    trend = run("trend", "hangzhou", "--json").json()
    assert trend["name_zh"] == "杭州"
    assert all(s["name_zh"] for s in trend["series"])
    search = run("search", "chips", "--json").json()
    assert search[0]["name_zh"] == "长江三角洲"
    assert run("show", "gba", "--json").json()["name_zh"] == "粤港澳大湾区"


def test_json_notes_stay_english_under_chinese() -> None:
    notes = run("--lang", "zh", "compare", "jingjinji", "gba", "--json").json()["notes"]
    assert notes[0].startswith("Rows whose year is 'mixed' show each region's latest figure")
    assert all(note.isascii() for note in notes)


def test_rank_in_chinese_converts_units_exactly() -> None:
    result = run("--lang", "zh", "rank")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].strip() == "地区生产总值（亿元），城市群，2024年"
    jingjinji = next(line for line in lines if "京津冀" in line)
    # 11,500 CNY bn = 115,000 亿元 (1 CNY bn = 10 亿元)
    assert "115,000亿元" in jingjinji
    assert "† 推算" in result.stdout  # the Yangtze River Delta's sum of its members


def test_population_in_wan_people() -> None:
    result = run("--lang", "zh", "rank", "--by", "population", "--kind", "cluster", "--all")
    assert result.exit_code == 0
    assert "常住人口（万人）" in result.stdout
    assert "万人" in result.stdout.split("\n", 1)[1]


@pytest.mark.parametrize(
    ("value", "factor", "text"),
    [
        (11500, 10, "115,000"),
        (11500.0, 10, "115,000"),
        (4984.31, 10, "49,843.1"),
        (0.1, 10, "1"),
        (86.7, 100, "8,670"),
        (1.23456789, 100, "123.456789"),
        (0.3, 3, "0.9"),
    ],
)
def test_exact_conversion(value: float, factor: int, text: str) -> None:
    from innov_cli.view.figures import exact_number

    assert exact_number(value, factor) == text


def test_show_and_compare_read_in_chinese() -> None:
    show = run("--lang", "zh", "show", "大湾区")
    assert show.exit_code == 0
    assert show.stdout.splitlines()[0].strip() == "粤港澳大湾区"
    assert "重点产业 人工智能、绿色能源" in " ".join(show.stdout.split())
    assert "国家 中国" in " ".join(show.stdout.split())
    compare = run("--lang", "zh", "compare", "jingjinji", "gba")
    assert compare.exit_code == 0
    assert compare.stdout.splitlines()[0].strip() == "对比：京津冀 对比 粤港澳大湾区"
    assert "▲ 本行领先" in compare.stdout


def test_notes_quoted_from_sources_stay_as_written() -> None:
    show = run("--lang", "zh", "show", "gba")
    assert "Nine Guangdong cities plus the Hong Kong and Macao SARs" in show.stdout


def test_errors_in_chinese() -> None:
    result = run("--lang", "zh", "show", "nowhere")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "innov：错误：未知地区 'nowhere'",
        "提示：可用名称见 `innov list`",
    ]
    english = run("show", "nowhere")
    assert english.stderr.startswith("innov: error: unknown region 'nowhere'")
    metric = run("rank", "--by", "gpd", env={"INNOV_LANG": "zh"})
    assert metric.exit_code == 3
    assert metric.stderr.startswith("innov：错误：未知指标 'gpd'\n提示：您是否要找 'gdp'？")


def test_markdown_in_chinese() -> None:
    result = run("--lang", "zh", "rank", "--format", "markdown")
    assert result.stdout.startswith(
        "### 地区生产总值（亿元），城市群，2024年\n\n| # | 地区 | 数值 | 年份 |"
    )


def _cells(line: str) -> list[str]:
    """A line as terminal cells: a wide character fills two."""
    from rich.cells import cell_len

    cells: list[str] = []
    for ch in line:
        cells += [ch] + [""] * (cell_len(ch) - 1)
    return cells


def _gutters(block: list[str], least: int) -> list[tuple[int, int]]:
    """Runs of at least `least` cells that are blank on every line of a block, inside it."""
    grids = [_cells(line.rstrip()) for line in block]
    width = max(len(g) for g in grids)
    blank = [all(c >= len(g) or g[c] == " " for g in grids) for c in range(width)]
    runs, start = [], None
    for c, empty in enumerate([*blank, False]):
        if empty and start is None:
            start = c
        elif not empty and start is not None:
            if c - start >= least and start > 0 and c < width:
                runs.append((start, c))
            start = None
    return runs


def _table_blocks(text: str) -> list[list[str]]:
    """Each table's header and body lines (from the header to the last row)."""
    lines = text.splitlines()
    blocks = []
    for i, line in enumerate(lines):
        if line.strip() and set(line.strip()) <= {"─", "-"} and i > 0:
            end = i + 1
            while end < len(lines) and lines[end].strip():
                end += 1
            blocks.append([lines[i - 1], *lines[i + 1 : end]])
    return blocks


CHINESE_TABLES = [
    ["rank"],
    ["rank", "--by", "nature-index", "--kind", "city", "--top", "10"],
    ["compare", "jingjinji", "gba"],
    ["show", "大湾区"],
    ["trend", "hangzhou"],
    ["list", "--kind", "cluster"],
    ["search", "人工智能"],
]


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("args", CHINESE_TABLES, ids=" ".join)
def test_chinese_tables_stay_aligned(args: list[str], width: int) -> None:
    from rich.cells import cell_len

    # As a person sees it in a terminal (a pipe gets no rule under the header).
    result = run("--lang", "zh", *args, env={"COLUMNS": str(width), "TTY_COMPATIBLE": "1"})
    assert result.exit_code == 0
    assert all(cell_len(line) <= width for line in result.stdout.splitlines())
    blocks = _table_blocks(result.stdout)
    # show stacks its facts (label: value lines) when a row cannot fit the width.
    assert blocks or (args[0] == "show" and "\n数值  " in result.stdout)
    for block in blocks:
        header = block[0]
        columns = len([h for h in header.split("  ") if h.strip()])
        # Rich pads columns by three cells: every column boundary is a blank gutter on every
        # line, which a character measured one cell wide instead of two would break.
        assert len(_gutters(block, 3)) >= columns - 1, "\n".join(block)


@pytest.mark.parametrize("args", [["sources"], ["metrics"]], ids=" ".join)
def test_chinese_records_stay_aligned_when_narrow(args: list[str]) -> None:
    from rich.cells import cell_len

    result = run("--lang", "zh", *args, env={"COLUMNS": "60"})
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(cell_len(line) <= 60 for line in lines)
    records = [line for line in lines[1:] if line.strip()]
    assert records[0].startswith("标识")
    # Every label sits in one column and every value starts at the same cell.
    starts = set()
    for line in records:
        cells = _cells(line)
        label_end = next(i for i, c in enumerate(cells) if c == " " and cells[i + 1] == " ")
        starts.add(next(i for i in range(label_end, len(cells)) if cells[i] not in (" ", "")))
    assert len(starts) == 1, starts


def test_search_table_in_chinese_shows_what_matched() -> None:
    result = run("--lang", "zh", "search", "chips")
    assert "重点产业：integrated circuits" in result.stdout
    assert "长江三角洲" in result.stdout


@pytest.mark.parametrize("page", ["README.md", "docs/chinese.md"])
def test_chinese_example_is_real_output(page: str) -> None:
    text = (ROOT / page).read_text(encoding="utf-8")
    example = text.split("$ innov --lang zh rank\n")[1].split("```")[0]
    result = run("--lang", "zh", "rank", env={"COLUMNS": "80", "TTY_COMPATIBLE": "1"})
    assert result.exit_code == 0
    shown = result.stdout.splitlines()
    assert example.splitlines()[0] == shown[0]
    assert next(line for line in example.splitlines() if "京津冀" in line) in shown


def _raised(call: Any) -> Any:
    from innov_cli.errors import InnovError

    with pytest.raises(InnovError) as caught:
        call()
    return caught.value


def test_error_words_say_the_english_message() -> None:
    # An error carries its message twice (English text, and wording keys for other languages):
    # in English the two must read the same.
    from innov_cli.cli.options import chosen_format
    from innov_cli.commands.shared import check_kind, resolve_year
    from innov_cli.formats import Format
    from innov_cli.kb.layers import layers, load_knowledge_base
    from innov_cli.output.emit import project

    kb = load_knowledge_base(layers([], builtin=True), use_cache=False)
    errors = [
        _raised(lambda: kb.resolve("nowhere")),
        _raised(lambda: kb.resolve("bejing")),
        _raised(lambda: kb.metric("gpd")),
        _raised(lambda: check_kind("town")),
        _raised(lambda: project([], ["nme"], ["name", "id"])),
        _raised(lambda: project([], ["zzz"], ["name", "id"])),
        _raised(lambda: chosen_format(Format.csv, True)),
        _raised(lambda: resolve_year(kb, kb.metric("nature-index"), 2020, 2025)),
    ]
    for error in errors:
        assert error.words is not None
        assert wording.say(error.words, "en") == error.message
        if error.hint_words is not None:
            assert wording.say(error.hint_words, "en") == error.hint
