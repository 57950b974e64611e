"""The HTML report as a reader (and a browser) sees it: it parses, fetches nothing, cites every
source of the rows shown, and carries the rows as JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from .chart_data import KB
from .conftest import run


class Page(HTMLParser):
    """The parts of a page these tests look at."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._in: tuple[str, dict[str, str | None]] | None = None
        self._buffer: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag == "a" and attributes.get("href"):
            self.links.append(str(attributes["href"]))
        if tag in ("script", "style"):
            self._in, self._buffer = (tag, attributes), []

    def handle_endtag(self, tag: str) -> None:
        if self._in and tag == self._in[0]:
            content = "".join(self._buffer)
            if tag == "script":
                self.scripts.append((self._in[1], content))
            else:
                self.styles.append(content)
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buffer.append(data)
        else:
            self.text.append(data)

    def words(self) -> str:
        return " ".join(" ".join(self.text).split())

    def fetched(self) -> list[str]:
        """Everything a browser would load: src of any element, stylesheet and icon links,
        url() and @import in styles."""
        found = [str(a["src"]) for _, a in self.tags if a.get("src")]
        found += [
            str(a.get("href"))
            for tag, a in self.tags
            if tag == "link" and a.get("rel") not in ("canonical",)
        ]
        for style in self.styles:
            if "url(" in style or "@import" in style:
                found.append(style)
        return found


def report(*args: str, tmp_path: Path) -> tuple[Page, str]:
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir(exist_ok=True)
    result = run(*args, "--format", "html", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    text = target.read_text(encoding="utf-8")
    return Page(text), text


def rows_json(page: Page) -> list[dict[str, Any]]:
    blocks = [c for a, c in page.scripts if a.get("type") == "application/json"]
    assert len(blocks) == 1
    rows: list[dict[str, Any]] = json.loads(blocks[0])
    return rows


def sources_by_id() -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in run("sources", "--json").json()}


def test_compare_report_is_self_contained_and_cites_every_source(tmp_path: Path) -> None:
    page, text = report("compare", "jingjinji", "yrd", "gba", tmp_path=tmp_path)
    assert text.startswith("<!DOCTYPE html>")
    assert page.fetched() == []  # no script, style, font or image from anywhere
    assert not [a for a, _ in page.scripts if a.get("type") != "application/json"]
    assert "<svg" in text  # the chart, inline
    rows = rows_json(page)
    assert rows == [
        json.loads(line)
        for line in run(
            "compare", "jingjinji", "yrd", "gba", "--format", "jsonl"
        ).stdout.splitlines()
    ]
    known = sources_by_id()
    cited = {row["source"] for row in rows if row["source"] and not row["formula"]}
    # A derived figure cites the sources of the facts it was computed from.
    cited |= {d["source"] for row in rows for d in row["derived_from"] or []}
    cited -= {"innov-derived"}
    assert cited
    for source_id in cited:
        assert source_id in page.words()
        assert known[source_id]["url"] in page.links
    # Each figure's footnote marker leads to a footnote on the page.
    anchors = {link[1:] for link in page.links if link.startswith("#")}
    assert anchors and anchors <= page.ids
    assert "Beijing-Tianjin-Hebei (Jing-Jin-Ji)" in page.words()
    assert "▲" in page.words() and "(2024)" in page.words()


def test_show_report_has_tables_and_sources_without_a_chart(tmp_path: Path) -> None:
    page, text = report("show", "hangzhou", tmp_path=tmp_path)
    assert "<svg" not in text
    assert page.fetched() == []
    rows = rows_json(page)
    known = sources_by_id()
    for row in rows:
        # A derived figure cites the publications beneath the figures it was computed from.
        cited = [s for d in row.get("derived_from") or [] for s in d["sources"]] or [row["source"]]
        for source in cited:
            assert known[source]["url"] in page.links
    assert "Hangzhou" in page.words()


@pytest.mark.parametrize("command", [("rank", "--by", "nature-index", "--kind", "city"),
                                     ("trend", "hangzhou")])  # fmt: skip
def test_rank_and_trend_reports(command: tuple[str, ...], tmp_path: Path) -> None:
    page, _ = report(*command, tmp_path=tmp_path)
    assert page.fetched() == []
    known = sources_by_id()
    for row in rows_json(page):
        cited = [s for d in row.get("derived_from") or [] for s in d["sources"]] or [row["source"]]
        for source in filter(None, cited):
            assert known[source]["url"] in page.links


def test_footnotes_show_the_via_copy_and_tier(write: Any, tmp_path: Path) -> None:
    data = ["--no-builtin", "--data", str(write(KB))]
    page, _ = report(*data, "rank", "--kind", "city", "--latest-each", tmp_path=tmp_path)
    words = page.words()
    assert "https://daily.example.org/2022" in page.links
    assert "https://mirror.example.net/daily-2022" in page.links
    assert "read via" in words and "tier: official-media" in words
    assert "甲市" in words or "Alpha City" in words


def test_html_goes_to_stdout_too() -> None:
    result = run("rank", "--format", "html")
    assert result.exit_code == 0, result.stderr
    Page(result.stdout)
    assert '<script type="application/json"' in result.stdout


def test_hostile_names_stay_text(write: Any, tmp_path: Path) -> None:
    hostile = KB.replace('name = "Alpha City"', 'name = "</script><script>alert(1)</script>"')
    data = ["--no-builtin", "--data", str(write(hostile))]
    page, text = report(*data, "rank", "--kind", "city", tmp_path=tmp_path)
    assert "<script>alert(1)" not in text
    assert [a.get("type") for a, _ in page.scripts] == ["application/json"]
    assert rows_json(page)[0]["name"] == "</script><script>alert(1)</script>"


def test_commands_without_a_report_say_which_have_one() -> None:
    result = run("metrics", "--format", "html")
    assert result.exit_code == 2
    assert "innov rank, innov compare, innov show, innov trend" in result.stderr


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if shutil.which(name):
            return name
    return None


@pytest.mark.skipif(_browser() is None, reason="no Chromium or Chrome on PATH to render the page")
@pytest.mark.parametrize("width", [1280, 390])
def test_a_browser_renders_the_report(tmp_path: Path, width: int) -> None:
    browser = _browser()
    assert browser
    _, _ = report("compare", "jingjinji", "yrd", "gba", tmp_path=tmp_path)
    page = tmp_path / "out" / "report.html"
    shot = tmp_path / f"shot-{width}.png"
    common = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
              f"--user-data-dir={tmp_path / 'profile'}"]  # fmt: skip
    subprocess.run(
        [*common, f"--screenshot={shot}", f"--window-size={width},1600", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    dom = subprocess.run(
        [*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120
    ).stdout
    # The browser built the page: the table, the chart and the JSON rows are in its DOM.
    assert "<table" in dom and "<svg" in dom and "application/json" in dom


def test_without_matplotlib_the_report_has_no_chart_and_says_why(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` now fails
    target = tmp_path / "r.html"
    result = run("rank", "--format", "html", "-o", str(target))
    assert result.exit_code == 0
    assert "the report has no chart: charts need matplotlib" in result.stderr
    assert "pip install matplotlib" in result.stderr
    text = target.read_text(encoding="utf-8")
    assert "<svg" not in text and "<table" in text
