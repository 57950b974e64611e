"""A self-contained HTML report: the chart (inline SVG), the tables, numbered source
footnotes and the rows as embedded JSON. Standard library only; nothing is fetched.

Reads the view model alone (views, chart, cited sources, records), like every renderer.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from typing import Any, TextIO

from innov_cli import __version__
from innov_cli.errors import UsageProblem
from innov_cli.kb.records import Source
from innov_cli.messages import msg
from innov_cli.view.chart_model import Chart
from innov_cli.view.model import Bar, Cell, Figure, Highlight, Output, TableView, Text
from innov_cli.view.wording import MARKS_AFTER, MARKS_BEFORE, plain, say

# Inline and small: system fonts (no web fonts), readable from a 390 px phone to a desktop.
_STYLE = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --link: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink); line-height: 1.5;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC",
  "PingFang SC", "Microsoft YaHei", sans-serif; }
main { max-width: 72rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; }
figure.chart { margin: 0 0 1.5rem; }
figure.chart svg { display: block; width: 100%; height: auto; border: 1px solid var(--rule); }
.table-wrap { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--rule);
  vertical-align: top; }
th { border-bottom: 2px solid var(--ink); white-space: nowrap; }
td.right, th.right { text-align: right; }
td.whole { white-space: nowrap; }
td.bar { width: 8rem; min-width: 5rem; }
.bar span { display: block; height: .8rem; margin-top: .35rem; background: #0072B2; }
sup a, a { color: var(--link); }
sup { line-height: 0; }
ul.notes { color: var(--muted); font-size: .9rem; padding-left: 1.1rem; }
ul.sources { list-style: none; padding-left: 0; font-size: .92rem; }
ul.sources li { margin-bottom: .45rem; overflow-wrap: anywhere; }
ul.sources li:target { background: #fff3bf; }
.number { font-weight: 600; }
code { overflow-wrap: anywhere; }
.tier { color: var(--muted); }
footer { color: var(--muted); font-size: .85rem; margin-top: 2rem; }
article.checked { white-space: pre-wrap; border-left: 3px solid var(--rule); padding: .25rem 1rem;
  margin: 0 0 1.5rem; }
mark { padding: 0 .15rem; border-radius: .2rem; }
mark.supported { background: #c9f2d0; }
mark.contradicted { background: #ffc9c9; }
mark.partly { background: #ffe8a3; }
mark.unverifiable { background: #e3e3e3; }
mark .verdict { font-size: .75rem; font-weight: 600; margin-left: .2rem; color: var(--muted); }
@media (max-width: 600px) {
  body { font-size: 15px; }
  h1 { font-size: 1.3rem; }
  /* The chart keeps a legible size and scrolls sideways; tables become one card per row. */
  figure.chart { overflow-x: auto; }
  figure.chart svg { width: 760px; max-width: none; }
  table.cards thead { display: none; }
  table.cards tr { display: block; padding: .5rem 0; border-bottom: 1px solid var(--rule); }
  table.cards td { display: block; border: 0; padding: .1rem 0; text-align: left; }
  table.cards td:first-child { font-weight: 600; }
  table.cards td[data-label]:not(:first-child)::before { content: attr(data-label) ": ";
    color: var(--muted); }
  table.cards td.empty, table.cards td.bar { display: none; }
}
"""


# The page's language attribute for each reader's language.
HTML_LANG = {"en": "en", "zh": "zh-Hans"}


def write_report(output: Output, stream: TextIO, stderr: TextIO, language: str = "en") -> None:
    """Write the whole page to `stream`, worded in `language` throughout."""
    from innov_cli.view.wording import speaking

    with speaking(language):
        stream.write(report(output, stderr, language))


def report(output: Output, stderr: TextIO, language: str = "en") -> str:
    numbers = {source.id: n for n, source in enumerate(output.sources, start=1)}
    picture = output.chart
    title = say(picture.title) if picture is not None else _page_title(output)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{HTML_LANG.get(language, "en")}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="innov {escape(__version__)}">',
        f"<title>{escape(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{escape(title)}</h1>",
    ]
    chart = _chart_svg(picture, output.sources, stderr) if picture is not None else ""
    if chart:
        parts.append(f'<figure class="chart">{chart}</figure>')
    if output.article:
        parts.append(_article(output.article, numbers))
    for view in output.tables():
        # A table titled as the page (rank's, show's first) needs no second heading.
        heading = view.title is not None and say(view.title) != title
        parts.append(_table(view, numbers, heading=heading))
    if output.sources:
        parts.append(f'<h2 id="sources">{escape(say(msg("report.sources")))}</h2>')
        # "S1", not "1": the tables' own notes are numbered [1], [2]... already.
        parts.append('<ul class="sources">')
        parts.extend(_footnote(source, numbers[source.id]) for source in output.sources)
        parts.append("</ul>")
    parts.append(f"<h2>{escape(say(msg('report.data')))}</h2>")
    parts.append(
        '<script type="application/json" id="innov-rows">'
        + _script_json(plain(list(output.records)))
        + "</script>"
    )
    parts.append(
        '<ul class="notes"><li>'
        + "<code>JSON.parse(document.getElementById('innov-rows').textContent)</code>"
        + "</li></ul>"
    )
    parts.append(f"<footer>{escape(say(msg('report.made', version=__version__)))}</footer>")
    parts.extend(["</main>", "</body>", "</html>", ""])
    return "\n".join(parts)


def _page_title(output: Output) -> str:
    views = output.tables()
    first = views[0].title if views else None
    return say(first) if first is not None else "innov"


def _chart_svg(chart: Chart, sources: Sequence[Source], stderr: TextIO) -> str:
    """The chart as inline SVG, or nothing when matplotlib is missing."""
    from innov_cli.output.chart import render_chart

    try:
        svg = render_chart(chart, sources, "svg", stderr).decode("utf-8")
    except UsageProblem as problem:
        # The report is still whole without its picture: say why it has none.
        stderr.write(f"innov: note: the report has no chart: {problem.message}")
        stderr.write(f" ({problem.hint})\n" if problem.hint else "\n")
        return ""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else ""


def _table(view: TableView, numbers: dict[str, int], *, heading: bool) -> str:
    parts = ["<section>"]
    if view.title is not None and heading:
        parts.append(f"<h2>{escape(say(view.title))}</h2>")
    parts.append('<div class="table-wrap"><table class="cards">')
    if any(say(c.header) for c in view.columns):
        cells = "".join(
            f'<th scope="col"{_classes(column.justify, column.bar, False)}>'
            f"{escape(say(column.header))}</th>"
            for column in view.columns
        )
        parts.append(f"<thead><tr>{cells}</tr></thead>")
    parts.append("<tbody>")
    for row in view.rows:
        cells = "".join(
            f"<td{_classes(column.justify, column.bar, column.whole, _blank(cell))}"
            f"{_label(column.header)}>{_cell(cell, numbers)}</td>"
            for column, cell in zip(view.columns, row, strict=False)
        )
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</tbody></table></div>")
    if view.notes:
        parts.append('<ul class="notes">')
        parts.extend(f"<li>{escape(say(note))}</li>" for note in view.notes)
        parts.append("</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def _classes(justify: str, bar: bool, whole: bool, empty: bool = False) -> str:
    flags = (("right", justify == "right"), ("bar", bar), ("whole", whole), ("empty", empty))
    names = [name for name, on in flags if on]
    return f' class="{" ".join(names)}"' if names else ""


def _label(header: Text) -> str:
    """The column's name on each cell, shown before the value when rows become cards."""
    text = say(header)
    return f' data-label="{escape(text)}"' if text else ""


def _blank(cell: Cell) -> bool:
    return isinstance(cell, str) and cell.strip() in ("", "—")


def _cell(cell: Cell, numbers: dict[str, int]) -> str:
    """A cell's text; a figure links to its source's footnote, a cited source id to its entry."""
    if isinstance(cell, Bar):
        width = max(0.0, min(cell.fraction, 1.0)) * 100
        return f'<div class="bar"><span style="width:{width:.0f}%"></span></div>'
    if isinstance(cell, Figure):
        before = "".join(MARKS_BEFORE.get(m, "") for m in cell.marks)
        after = "".join(MARKS_AFTER.get(m, "") for m in cell.marks)
        text = escape(before + cell.text + after)
        if cell.source in numbers:
            number = numbers[cell.source]
            text += (
                f'<sup><a href="#source-{number}" title="{escape(cell.source)}">'
                f"[S{number}]</a></sup>"
            )
        return text
    text = say(cell)
    if text in numbers:
        return f'<a href="#source-{numbers[text]}">{escape(text)}</a>'
    return escape(text)


def _article(pieces: Sequence[Highlight], numbers: dict[str, int]) -> str:
    """The text as it was read, each claim highlighted by its verdict, numbered like the
    table, with the reason on hover and links to the sources it was judged on."""
    parts = ['<article class="checked">']
    for piece in pieces:
        if piece.verdict is None:
            parts.append(escape(piece.text))
            continue
        reason = escape(say(piece.reason)) if piece.reason is not None else ""
        verdict = escape(say(msg(f"verdict.{piece.verdict}")))
        links = "".join(
            f'<a href="#source-{numbers[s]}" title="{escape(s)}">[S{numbers[s]}]</a>'
            for s in piece.sources
            if s in numbers
        )
        parts.append(
            f'<mark class="{escape(piece.verdict)}" id="claim-{piece.number}" title="{reason}">'
            f'{escape(piece.text)}<span class="verdict">[{piece.number}: {verdict}]</span>'
            f"</mark>{f'<sup>{links}</sup>' if links else ''}"
        )
    parts.append("</article>")
    return "".join(parts)


def _footnote(source: Source, number: int) -> str:
    parts = [
        f'<li id="source-{number}">',
        f'<span class="number">[S{number}]</span> {escape(source.publisher)}: ',
        f'<a href="{escape(source.url)}">{escape(source.title)}</a>',
        f" ({escape(source.date)}).",
        f' <span class="tier">[{escape(source.id)}',
    ]
    if source.tier:
        parts.append(f"; {escape(say(msg('report.tier')))}: {escape(source.tier)}")
    parts.append("]</span>")
    if source.via:
        via = escape(source.via)
        link = f'<a href="{via}">{via}</a>' if source.via.startswith("http") else via
        parts.append(f" {escape(say(msg('report.via')))} {link}.")
    parts.append("</li>")
    return "".join(parts)


def _script_json(value: Any) -> str:
    """JSON that cannot end its <script> element early, whatever the data says."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
