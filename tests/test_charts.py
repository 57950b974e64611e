"""Charts as a reader sees them: the SVG's words, the PNG's size, and the errors around them."""

from __future__ import annotations

import struct
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from .chart_data import KB
from .conftest import run

pytest.importorskip("matplotlib", reason="charts need matplotlib: pip install -e '.[test]'")


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def kb(write: Any) -> list[str]:
    """Global options that load only the chart test knowledge base."""
    return ["--no-builtin", "--data", str(write(KB))]


def svg_text(svg: str) -> str:
    """Every word the SVG shows (it parses, or this fails)."""
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    words = " ".join(" ".join(t.itertext()) for t in root.iter() if t.tag.endswith("text"))
    return words.replace("\u00a0", " ")  # a no-break space reads as a space


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_rank_svg_names_title_units_regions_and_sources() -> None:
    result = run("rank", "--by", "nature-index", "--kind", "city", "--top", "10", "-f", "svg")
    assert result.exit_code == 0, result.stderr
    words = svg_text(result.stdout)
    assert "Nature Index Science Cities rank, city regions, 2024 (ed. 2025)" in words
    assert "Published rank" in words  # the unit of a ranking
    for name in ("Beijing", "Shanghai", "Hangzhou", "#1", "#10"):
        assert name in words
    assert "Sources: Xinhua" in words and "Chart: innov" in words


def test_svg_keeps_text_as_text_with_chinese_names(kb: list[str]) -> None:
    result = run(*kb, "rank", "--by", "gdp", "--kind", "city", "--latest-each", "-f", "svg")
    assert result.exit_code == 0, result.stderr
    assert "<path" in result.stdout  # bars are drawn
    words = svg_text(result.stdout)
    assert "GDP (CNY bn), city regions, 2024" in words
    assert "Alpha City 甲市" in words and "丙市" in words
    assert "1,200 CNY bn" in words and "800 CNY bn ≈" in words
    assert "500 CNY bn (2022)" in words  # a figure from another year says so
    assert "Example Statistics Bureau (2025)" in words and "Example Daily (2023)" in words


def test_compare_svg_has_a_panel_per_metric_and_every_region(kb: list[str]) -> None:
    result = run(*kb, "compare", "alpha", "beta", "gamma", "--format", "svg")
    assert result.exit_code == 0, result.stderr
    words = svg_text(result.stdout)
    assert "Compare: Alpha City vs Beta City vs 丙市" in words
    assert "GDP (CNY bn)" in words and "Science Towns rank" in words
    for name in ("Alpha City 甲市", "Beta City 乙市", "丙市"):
        assert name in words
    assert "▲" in words  # the leader of each panel
    assert "Sources:" in words


def test_trend_svg_labels_years_and_editions(kb: list[str]) -> None:
    result = run(*kb, "trend", "alpha", "--format", "svg")
    assert result.exit_code == 0, result.stderr
    words = svg_text(result.stdout)
    assert "Alpha City (city), 2021–2024" in words
    assert "2021" in words and "2024" in words and "ed. 2025" in words
    assert "Missing years are gaps" in words


def test_trend_lines_leave_gaps_at_missing_years_and_series_breaks() -> None:
    from innov_cli.output.chart import line_runs
    from innov_cli.view.chart_model import ChartPoint

    def point(year: int, brk: bool = False) -> ChartPoint:
        return ChartPoint(str(year), 1.0, year=year, break_before=brk)

    runs = line_runs([point(2020), point(2021), point(2023), point(2024), point(2025, True)])
    assert [[year for year, _, _ in run] for run in runs] == [[2020, 2021], [2023, 2024], [2025]]


def test_png_is_1200_by_675_with_an_opaque_background(kb: list[str], tmp_path: Path) -> None:
    target = tmp_path / "out" / "top.png"
    target.parent.mkdir()
    result = run(*kb, "rank", "--kind", "city", "--by", "gdp", "-f", "png", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    data = target.read_bytes()
    assert png_size(data) == (1200, 675)
    import matplotlib.image

    pixels = matplotlib.image.imread(str(target))
    assert pixels.shape[:2] == (675, 1200)
    if pixels.shape[2] == 4:
        assert pixels[:, :, 3].min() == 1.0  # no transparent pixel: readable on dark pages
    assert [p.name for p in target.parent.iterdir()] == ["top.png"]  # no temporary file left


def test_png_of_the_readme(tmp_path: Path) -> None:
    target = tmp_path / "top10.png"
    args = ("rank", "--by", "nature-index", "--kind", "city", "--top", "10")
    result = run(*args, "--format", "png", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert png_size(target.read_bytes()) == (1200, 675)


def test_png_needs_a_file(kb: list[str]) -> None:
    result = run(*kb, "rank", "--format", "png")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "innov: error: a PNG is binary" in result.stderr and "-o FILE" in result.stderr


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_commands_without_a_chart_name_those_with_one(fmt: str) -> None:
    result = run("list", "--format", fmt, "-o", "x.png")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "innov: error: list draws no chart" in result.stderr
    assert "innov rank, innov compare, innov trend" in result.stderr
    assert not Path("x.png").exists()


def test_show_has_no_chart_but_a_report() -> None:
    result = run("show", "beijing", "--format", "svg")
    assert result.exit_code == 2 and "--format html" in result.stderr


def test_fields_do_not_apply_to_charts(kb: list[str]) -> None:
    result = run(*kb, "rank", "--format", "svg", "--fields", "id")
    assert result.exit_code == 2 and "--fields" in result.stderr


def test_without_matplotlib_the_error_names_the_install(
    kb: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now fails
    result = run(*kb, "rank", "--format", "svg")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "innov: error: charts need matplotlib" in result.stderr
    assert "pip install matplotlib" in result.stderr


def test_png_without_a_cjk_font_falls_back_to_english_names(
    kb: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from innov_cli.output import chart

    monkeypatch.setattr(chart, "cjk_font", lambda: None)
    target = tmp_path / "c.png"
    result = run(*kb, "rank", "--kind", "city", "-f", "png", "-o", str(target))
    assert result.exit_code == 0
    assert "no CJK-capable font" in result.stderr and "English names" in result.stderr
    assert png_size(target.read_bytes()) == (1200, 675)
    # Labels: the English name alone; a name that is only Chinese gives way to the id.
    from innov_cli.view.chart_model import ChartPoint

    assert chart._label(ChartPoint("Alpha City", 1.0, local_label="甲市"), False) == "Alpha City"
    assert chart._label(ChartPoint("丙市", 1.0, fallback_label="gamma"), False) == "gamma"


def test_output_file_works_for_text_formats_too(kb: list[str], tmp_path: Path) -> None:
    target = tmp_path / "rank.json"
    result = run(*kb, "rank", "--kind", "city", "--latest-each", "--json", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    import json

    assert [row["id"] for row in json.loads(target.read_text())] == ["alpha", "beta", "gamma"]


def test_svg_to_a_file_into_a_missing_folder_is_an_unusable_file(
    kb: list[str], tmp_path: Path
) -> None:
    # Exit 4, as for a file that cannot be read.
    result = run(*kb, "rank", "-f", "svg", "-o", str(tmp_path / "no" / "x.svg"))
    assert result.exit_code == 4 and "does not exist" in result.stderr


def test_rank_json_builds_no_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only charts pay for the chart: JSON stays as fast as before.
    from innov_cli.commands import rank

    def forbidden(*_: object) -> None:
        raise AssertionError("the chart was built for --json")

    monkeypatch.setattr(rank, "_rank_chart", forbidden)
    assert run("rank", "--json").exit_code == 0


def test_a_broken_matplotlib_is_not_called_missing(
    kb: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_import = builtins.__import__

    def broken(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "matplotlib":
            raise ImportError("numpy.core.multiarray failed to import")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", broken)
    result = run(*kb, "rank", "--format", "svg")
    assert result.exit_code == 2
    assert "matplotlib, which cannot be imported: numpy.core" in result.stderr


def test_names_are_text_not_tex_or_markup(write: Any) -> None:
    hostile = KB.replace('name = "Alpha City"', 'name = "Alpha $x^{2$ <b>&"')
    data = ["--no-builtin", "--data", str(write(hostile))]
    for command in (("rank", "--kind", "city"), ("compare", "alpha", "beta")):
        result = run(*data, *command, "--format", "svg")
        assert result.exit_code == 0, result.stderr
        assert "Alpha $x^{2$ <b>&" in svg_text(result.stdout)


def test_svg_has_an_opaque_white_background(kb: list[str]) -> None:
    result = run(*kb, "rank", "--format", "svg")
    root = ET.fromstring(result.stdout)
    background = root.find(".//{http://www.w3.org/2000/svg}g[@id='patch_1']/")
    assert background is not None
    assert "fill: #ffffff" in (background.get("style") or "")
