"""Charts (SVG and PNG) drawn with matplotlib from a view's `Chart`.

matplotlib is an optional extra (`pip install -e '.[charts]'` in the project folder) and is
imported only here, only when a chart is asked for: no other command pays for it at start-up.
The renderer reads the view model alone (the chart, the cited sources); it decides sizes,
colours and fonts, never what a figure or a mark means.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from innov_cli import __version__
from innov_cli.kb.records import Source
from innov_cli.output.chart_style import (
    DPI,
    GRID,
    HATCHES,
    HEIGHT_IN,
    INK,
    MUTED,
    PALETTE,
    WIDTH_IN,
    cjk_font,
    has_cjk,
    matplotlib_module,
    rank_ticks,
    style_axes,
    text_width,
    thousands,
    wrap,
)
from innov_cli.view.chart_model import Chart, ChartPanel, ChartPoint
from innov_cli.view.model import Figure, Mark, msg
from innov_cli.view.wording import say

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure as MplFigure

# More bars than this do not stay readable at 675 px high: the chart says so.
MAX_BARS = 25


def render_chart(chart: Chart, sources: Sequence[Source], fmt: str, stderr: TextIO) -> bytes:
    """A chart as SVG (UTF-8 text, fonts left to the viewer) or PNG bytes; `sources` are the
    cited sources the footer names (those of the figures drawn)."""
    from innov_cli.view.wording import current_language, speaking

    matplotlib = matplotlib_module()
    cjk = cjk_font()
    local_names = fmt == "svg" or cjk is not None
    language = current_language()
    if not local_names and (_needs_cjk(chart) or language != "en"):
        stderr.write("innov: note: " + say(msg("chart.no_cjk_font")) + "\n")
        # Without a CJK font a PNG would show boxes: it is drawn in English instead.
        language = "en"
    with speaking(language):
        return _render(matplotlib, chart, sources, fmt, cjk, local_names)


def _render(
    matplotlib: Any,
    chart: Chart,
    sources: Sequence[Source],
    fmt: str,
    cjk: str | None,
    local_names: bool,
) -> bytes:
    families = ["DejaVu Sans", *([cjk] if cjk else []), "sans-serif"]
    settings = {
        "svg.fonttype": "none",  # text stays text: selectable, searchable, viewer's fonts
        "svg.hashsalt": "innov",  # the same chart gives the same bytes
        # A list of families, not the generic "sans-serif": matplotlib falls back glyph by
        # glyph only along the families named here.
        "font.family": families,
        "hatch.linewidth": 0.8,
        "axes.unicode_minus": False,
        # Names and titles are data, not TeX: "US$ 5 $" must print as written.
        "text.parse_math": False,
    }
    with matplotlib.rc_context(settings), warnings.catch_warnings():
        # A glyph missing from every font is drawn as a box; matplotlib's warning about it
        # would only repeat on stderr what the note above says.
        warnings.simplefilter("ignore")
        figure = _draw(chart, sources, local_names)
        buffer = io.BytesIO()
        title = say(chart.title)
        metadata: dict[str, Any] = (
            {"Date": None, "Creator": f"innov {__version__}", "Title": title}
            if fmt == "svg"
            else {"Software": f"innov {__version__}", "Title": title}
        )
        figure.savefig(buffer, format=fmt, dpi=DPI, facecolor="white", metadata=metadata)
    return buffer.getvalue()


def _needs_cjk(chart: Chart) -> bool:
    return any(
        (p.local_label and has_cjk(p.local_label)) or has_cjk(p.label)
        for panel in chart.panels
        for p in panel.points
    )


def _label(point: ChartPoint, local_names: bool) -> str:
    """A region's name, with its name in its own language where fonts allow; in a Chinese
    chart, its Chinese name alone."""
    from innov_cli.view.wording import current_language

    if not local_names:
        if has_cjk(point.label):
            return point.fallback_label or point.label
        return point.label
    if current_language() == "zh" and point.local_label:
        return point.local_label
    if point.local_label and point.local_label != point.label:
        return f"{point.label} {point.local_label}"
    return point.label


def _value_text(point: ChartPoint) -> str:
    text = say(Figure(point.text, point.marks))
    return f"{text} ({point.detail})" if point.detail else text


def _draw(chart: Chart, sources: Sequence[Source], local_names: bool) -> MplFigure:
    from matplotlib.figure import Figure as MplFigure

    figure = MplFigure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI, facecolor="white")
    notes = list(chart.notes)
    panels = [p for p in chart.panels if p.points]
    if chart.kind == "bars" and panels and len(panels[0].points) > MAX_BARS:
        total = len(panels[0].points)
        first = panels[0]
        panels = [ChartPanel(first.title, first.unit, first.better, first.points[:MAX_BARS])]
        notes.insert(0, msg("chart.first_rows", shown=MAX_BARS, total=total))
    if chart.kind == "bars" and any(_hatched(p) for panel in panels for p in panel.points):
        notes.append(msg("chart.hatched"))
    shown_sources = {p.source for panel in panels for p in panel.points if p.source}
    cited = [s for s in sources if s.id in shown_sources]
    footer = _footer(notes, cited)
    footer_lines = footer.count("\n") + 1
    title = "\n".join(wrap(say(chart.title), 84)[:2])
    title_lines = title.count("\n") + 1
    header = 0.6 + 0.32 * title_lines + (0.3 if chart.subtitle is not None else 0.0)
    top = 1 - header / HEIGHT_IN
    bottom = (0.62 + 0.16 * footer_lines) / HEIGHT_IN
    figure.text(
        0.012,
        1 - 0.25 / HEIGHT_IN,
        title,
        fontsize=17,
        weight="bold",
        color=INK,
        va="top",
        ha="left",
        linespacing=1.15,
    )
    if chart.subtitle is not None:
        figure.text(
            0.012,
            1 - (0.32 + 0.32 * title_lines) / HEIGHT_IN,
            say(chart.subtitle),
            fontsize=12,
            color=MUTED,
            va="top",
            ha="left",
        )
    figure.text(
        0.012,
        0.12 / HEIGHT_IN,
        footer,
        fontsize=8.5,
        color=MUTED,
        va="bottom",
        ha="left",
        linespacing=1.35,
    )
    if not panels:
        figure.text(0.5, 0.5, say(msg("chart.no_figures")), ha="center", fontsize=14, color=MUTED)
    elif chart.kind == "bars":
        _bars(figure, panels[0], top, bottom, local_names)
    elif chart.kind == "panels":
        _small_multiples(figure, chart, panels, top, bottom, local_names)
    else:
        _lines(figure, panels, top, bottom)
    return figure


def _hatched(point: ChartPoint) -> bool:
    """A figure that is not exact: drawn hollow (hatched bar, open marker)."""
    return bool({Mark.APPROXIMATE, Mark.DERIVED} & set(point.marks))


def _footer(notes: Sequence[Any], cited: Sequence[Source]) -> str:
    pairs: list[tuple[str, str]] = []
    for source in cited:
        pair = (source.publisher, source.date[:4])
        if pair not in pairs:
            pairs.append(pair)
    lines = [say(n) for n in notes]
    lines.append(say(msg("chart.footer", sources=pairs, version=__version__)))
    return "\n".join(line for text in lines for line in wrap(text, 180) or [""])


def _bar_label(point: ChartPoint, local_names: bool) -> str:
    return "\n".join(wrap(_label(point, local_names), 38)[:2])


def _longest_label(points: Sequence[ChartPoint], local_names: bool) -> int:
    lines = [line for p in points for line in _bar_label(p, local_names).splitlines()]
    return max((text_width(line) for line in lines), default=10)


def _bar_lengths(panel: ChartPanel) -> list[float]:
    """Bar lengths: the value, or for a published position a length that grows as the
    position gets better (#1 longest), as the terminal's bars do."""
    values = [p.value for p in panel.points]
    if not panel.ranked:
        return [v if v is not None else 0.0 for v in values]
    present = [v for v in values if v is not None]
    worst = max(present, default=1.0)
    return [(worst + 1 - v) if v is not None else 0.0 for v in values]


def _bars(
    figure: MplFigure, panel: ChartPanel, top: float, bottom: float, local_names: bool
) -> None:
    points = panel.points
    widest = _longest_label(points, local_names)
    left = min(0.4, 0.025 + widest * 0.0068)
    axes = figure.add_axes((left, bottom, 0.97 - left, top - bottom))
    lengths = _bar_lengths(panel)
    positions = list(range(len(points)))
    for y, point, length in zip(positions, points, lengths, strict=True):
        exact = not _hatched(point)
        axes.barh(
            y,
            length,
            height=0.68,
            color=PALETTE[0] if exact else "white",
            edgecolor=PALETTE[0],
            hatch="" if exact else "///",
            linewidth=1.0,
        )
    axes.set_yticks(positions, [_bar_label(p, local_names) for p in points])
    axes.invert_yaxis()  # the best at the top
    span = max((abs(v) for v in lengths), default=1.0) or 1.0
    axes.set_xlim(min(0.0, min(lengths, default=0.0)), span * 1.22)
    for y, point, length in zip(positions, points, lengths, strict=True):
        if point.value is None:
            axes.annotate(
                "—",
                (0, y),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                color=MUTED,
                fontsize=11,
            )
            continue
        axes.annotate(
            _value_text(point),
            (max(length, 0.0), y),
            xytext=(5, 0),
            textcoords="offset points",
            va="center",
            color=INK,
            fontsize=11,
        )
    style_axes(axes, ranked=panel.ranked)
    axes.set_xlabel(say(panel.title), color=MUTED, fontsize=10, loc="left")
    if not panel.ranked:
        axes.grid(axis="x", color=GRID, linewidth=0.8)
        axes.set_axisbelow(True)
        axes.xaxis.set_major_formatter(thousands())


def _panel_axes(
    figure: MplFigure,
    count: int,
    columns_max: int,
    *,
    left: float,
    top: float,
    bottom: float,
    hspace: float,
    wspace: float,
) -> list[Axes]:
    """One axes per panel, in rows of at most `columns_max`, between the margins given."""
    columns = min(columns_max, count)
    grid = figure.add_gridspec(
        math.ceil(count / columns),
        columns,
        left=left,
        right=0.985,
        top=top,
        bottom=bottom,
        hspace=hspace,
        wspace=wspace,
    )
    return [figure.add_subplot(grid[i // columns, i % columns]) for i in range(count)]


def _small_multiples(
    figure: MplFigure,
    chart: Chart,
    panels: Sequence[ChartPanel],
    top: float,
    bottom: float,
    local_names: bool,
) -> None:
    from matplotlib.patches import Patch

    # The legend names the regions once, in their colours and hatches, above the panels.
    handles = [
        Patch(
            facecolor=PALETTE[i % len(PALETTE)],
            edgecolor="white",
            hatch=HATCHES[i % len(HATCHES)],
            label=_series_label(chart, i, local_names, panels),
        )
        for i in range(len(chart.series))
    ]
    figure.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.008, top + 0.005),
        ncols=min(len(handles), 3),
        frameon=False,
        fontsize=10.5,
        handlelength=2.2,
    )
    top -= 0.075 * math.ceil(len(handles) / 3)
    panel_axes = _panel_axes(
        figure, len(panels), 4, left=0.015, top=top - 0.04, bottom=bottom, hspace=0.55, wspace=0.12
    )
    for panel, axes in zip(panels, panel_axes, strict=True):
        lengths = _bar_lengths(panel)
        positions = list(range(len(panel.points)))
        for y, length in zip(positions, lengths, strict=True):
            axes.barh(
                y,
                length,
                height=0.72,
                color=PALETTE[y % len(PALETTE)],
                edgecolor="white",
                hatch=HATCHES[y % len(HATCHES)],
                linewidth=0.6,
            )
        axes.invert_yaxis()
        axes.set_yticks([])
        span = max((abs(v) for v in lengths), default=1.0) or 1.0
        axes.set_xlim(min(0.0, min(lengths, default=0.0)), span * 2.3)
        for y, point, length in zip(positions, panel.points, lengths, strict=True):
            text = "—" if point.value is None else _value_text(point)
            axes.annotate(
                text,
                (max(length, 0.0), y),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
                color=INK if point.value is not None else MUTED,
            )
        for side in ("top", "right", "bottom"):
            axes.spines[side].set_visible(False)
        axes.spines["left"].set_color(MUTED)
        axes.set_xticks([])
        title = "\n".join(wrap(say(panel.title), 34)[:2])
        axes.set_title(title, fontsize=10, loc="left", color=INK)


def _series_label(chart: Chart, index: int, local_names: bool, panels: Sequence[ChartPanel]) -> str:
    for panel in panels:
        if index < len(panel.points):
            return _label(panel.points[index], local_names)
    return chart.series[index]


def line_runs(points: Sequence[ChartPoint]) -> list[list[tuple[int, float, ChartPoint]]]:
    """The stretches a line joins: consecutive years with no series break between them. A
    missing year or a change of method starts a new stretch, leaving a gap."""
    runs: list[list[tuple[int, float, ChartPoint]]] = []
    for point in points:
        if point.value is None or point.year is None:
            continue
        item = (point.year, point.value, point)
        if runs and not point.break_before and point.year == runs[-1][-1][0] + 1:
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _lines(figure: MplFigure, panels: Sequence[ChartPanel], top: float, bottom: float) -> None:
    panel_axes = _panel_axes(
        figure,
        len(panels),
        3,
        left=0.065,
        top=top - 0.05,
        bottom=bottom + 0.07,
        hspace=0.8,
        wspace=0.25,
    )
    for panel, axes in zip(panels, panel_axes, strict=True):
        # Each panel its own years: one early figure elsewhere must not squeeze every panel.
        years = sorted({p.year for p in panel.points if p.year is not None})
        runs = line_runs(panel.points)
        points = [item for run in runs for item in run]
        for run in runs:
            axes.plot(
                [r[0] for r in run],
                [r[1] for r in run],
                color=PALETTE[0],
                linewidth=2.2,
                marker="o",
                markersize=6,
                markerfacecolor=PALETTE[0],
            )
        for year, value, point in points:
            if point.break_before:
                axes.axvline(year - 0.5, color=MUTED, linestyle=":", linewidth=1.2)
                axes.annotate(
                    say(msg("chart.new_method")),
                    (year - 0.5, 1.0),
                    xycoords=("data", "axes fraction"),
                    xytext=(3, -3),
                    textcoords="offset points",
                    va="top",
                    fontsize=8,
                    color=MUTED,
                )
            if _hatched(point):
                axes.plot(
                    [year],
                    [value],
                    marker="o",
                    markersize=6,
                    markerfacecolor="white",
                    markeredgecolor=PALETTE[0],
                )
            axes.annotate(
                say(Figure(point.text, point.marks)),
                (year, value),
                xytext=(0, 8),
                textcoords="offset points",
                ha="center",
                fontsize=9,
                color=INK,
            )
        from matplotlib.ticker import MaxNLocator

        if years[-1] - years[0] <= 6:
            labels = [_year_tick(y, [p for _, _, p in points]) for y in years]
            axes.set_xticks(years, labels, fontsize=8.5)
        else:  # a long span: fewer, evenly spaced ticks than one per figure
            axes.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        axes.set_xlim(years[0] - 0.6, years[-1] + 0.6)
        values = [value for _, value, _ in points]
        if values:
            low, high = min(values), max(values)
            pad = (high - low) * 0.25 or (abs(high) * 0.1 or 1.0)
            if panel.ranked or panel.unit == "count":
                pad = max(pad, 1.0)
            axes.set_ylim(low - pad, high + pad * 1.6)
        if panel.ranked or panel.unit == "count":
            axes.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
        if panel.ranked:
            axes.invert_yaxis()  # #1 at the top
            axes.yaxis.set_major_formatter(rank_ticks())
        else:
            axes.yaxis.set_major_formatter(thousands())
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.grid(axis="y", color=GRID, linewidth=0.8)
        axes.set_axisbelow(True)
        axes.tick_params(labelsize=8.5, colors=INK)
        title = "\n".join(wrap(say(panel.title), 40)[:2])
        axes.set_title(title, fontsize=10.5, loc="left", color=INK)
        axes.set_ylabel(say(msg("chart.axis_short", unit=panel.unit)), fontsize=8.5, color=MUTED)


def _year_tick(year: int, points: Sequence[ChartPoint]) -> str:
    edition = next((p.edition for p in points if p.year == year and p.edition), None)
    return f"{year}\ned. {edition}" if edition and edition != year else str(year)
