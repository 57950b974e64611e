"""What a chart shows, as data: bars or lines, their points, notes. Renderers draw it.

Apart from `view.model` because only --format svg, png and html draw: other runs never define
these classes.
"""

# Annotations are evaluated, not postponed: see view/model.py.

from typing import NamedTuple

from innov_cli.view.model import Mark, Text


class ChartPoint(NamedTuple):
    """One bar or one point of a chart.

    `value` None is a region or year without a figure: an empty row, or a gap in a line.
    """

    label: str  # a region's name (bars), or the year (lines)
    value: float | None
    text: str = ""  # the value as printed, with its qualifier and unit: ">14,000 CNY bn", "#3"
    marks: tuple[Mark, ...] = ()
    local_label: str | None = None  # the name in its own language (e.g. Chinese), if known
    fallback_label: str | None = None  # an ASCII stand-in (the id) if `label` itself needs CJK
    year: int | None = None
    edition: int | None = None
    # Shown beside the value when it differs from the chart's own year: "2017".
    detail: str | None = None
    source: str | None = None
    # A line is not drawn from the previous point (a change of method: a series break).
    break_before: bool = False


class ChartPanel(NamedTuple):
    """One plot: bars or a line for one metric."""

    title: Text
    unit: str  # as in the knowledge base: "rank", "%", "count", "CNY bn", ...
    better: str  # "higher" | "lower"
    points: list[ChartPoint]

    @property
    def ranked(self) -> bool:
        """Published positions (#1 is best), not quantities."""
        return self.unit == "rank"


class Chart:
    """What a chart shows, as data: the renderer picks sizes, colours and fonts.

    `kind` is "bars" (one panel, best at the top), "lines" (one panel per metric, years along
    the axis) or "panels" (one small bar panel per metric, `series` in the same order and
    colours in each).
    """

    def __init__(
        self,
        kind: str,
        title: Text,
        panels: list[ChartPanel],
        subtitle: Text | None = None,
        series: list[str] | None = None,
        notes: list[Text] | None = None,
    ) -> None:
        self.kind = kind
        self.title = title
        self.panels = panels
        self.subtitle = subtitle
        self.series: list[str] = series if series is not None else []
        self.notes: list[Text] = notes if notes is not None else []
