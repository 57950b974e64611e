"""What a person is shown, as data: tables, cells, marks and notes, with no sentence written.

The immutable pieces are NamedTuples and the others plain classes, not dataclasses: every
command imports this module, and a dataclass costs several times more to define at start-up.

Commands build these; renderers (terminal table, Markdown, charts, HTML) draw them. A note or a
title is a `Msg` (a wording key and its parameters): `view.wording` turns it into text, so the
same view can be told in another language, and a renderer never decides what a mark means.
"""

# Annotations are evaluated, not postponed (no `from __future__ import annotations`): with
# postponed ones, typing.NamedTuple compiles every field's annotation string at each start.

from collections.abc import Callable, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, NamedTuple

from innov_cli.kb.records import Source
from innov_cli.messages import Msg, msg

__all__ = ["Msg", "msg"]  # re-exported: views and commands import them from here too

if TYPE_CHECKING:
    from innov_cli.view.chart_model import Chart


class Named(NamedTuple):
    """A name or phrase in English and, where known, in Chinese: the renderer picks one by the
    reader's language (English where no Chinese is known); machine formats use the English."""

    en: str
    zh: str | None = None


Text = str | Msg | Named


class Mark(Enum):
    """What a mark beside a figure means; the glyph is the renderer's business."""

    APPROXIMATE = "approximate"
    DERIVED = "derived"
    SECONDARY = "secondary"
    OTHER_YEAR = "other-year"
    LEADER = "leader"
    DIFFER = "differ"  # other sources give the same key another value


class Bar(NamedTuple):
    """A bar proportional to a value (0..1); drawn only where pictures are drawn."""

    fraction: float


class Figure(NamedTuple):
    """A formatted figure with its marks (≈, †, ...), drawn after the text; `zh` is the same
    figure in the units Chinese readers expect (亿元, 万人), when it differs."""

    text: str
    marks: tuple[Mark, ...] = ()
    zh: str | None = None
    # The id of the source the figure comes from: the HTML report links it to its footnote.
    source: str | None = None


Cell = str | Bar | Figure | Msg | Named


class Column(NamedTuple):
    header: Text
    justify: str = "left"  # "left" | "right" | "center"
    bar: bool = False
    # Values such as "11,500 CNY bn" read wrong when split over lines: keep them whole.
    whole: bool = False
    # The record key this column shows, so that --fields can pick table columns too.
    key: str | None = None


class TableView:
    """A table: columns, rows of cells, a title and notes."""

    def __init__(
        self,
        columns: list[Column],
        rows: list[list[Cell]],
        title: Text | None = None,
        notes: list[Text] | None = None,
        stack_when_narrow: bool = False,
    ) -> None:
        self.columns = columns
        self.rows = rows
        self.title = title
        self.notes: list[Text] = notes if notes is not None else []
        # Show rows as "header  value" records rather than squeeze columns, when they do not
        # fit: for long texts such as titles and URLs, which must stay readable (and clickable).
        self.stack_when_narrow = stack_when_narrow


class Highlight(NamedTuple):
    """A stretch of a checked text: plain, or a claim with its verdict, number, the sources
    it was judged on and the reason (the HTML form highlights and links these)."""

    text: str
    verdict: str | None = None
    number: int | None = None
    sources: tuple[str, ...] = ()
    reason: Msg | None = None


class Output:
    """A command's result: `data` is the JSON document (a documented contract), `records` the
    flat rows for JSON Lines and CSV, `views` the tables a person reads.

    TableView, Chart and Output are plain classes, not dataclasses, for the reason given at
    the top of this module."""

    def __init__(
        self,
        data: Any,
        records: Sequence[dict[str, Any]],
        views: list[TableView] | Callable[[], list[TableView]],
        columns: Sequence[str],
        hints: Sequence[Msg] = (),
        sources: Sequence[Source] = (),
        draw: Callable[[], "Chart"] | None = None,
        records_at: str | None = None,
        article: Sequence[Highlight] = (),
    ) -> None:
        self.data = data
        self.records = records
        # The tables, or a function that builds them: `tables()` builds them on first use, so
        # JSON, JSON Lines and CSV never pay for wording titles and formatting figures.
        self.views = views
        # The record keys, known even when there are no records (CSV header, --fields check).
        self.columns = columns
        # What would find something, when nothing was found: with machine formats they go
        # to stderr (the table shows them among its notes).
        self.hints = hints
        # Every source the figures shown cite, in order of first use (footnotes).
        self.sources = sources
        # Builds the picture of the figures, for commands that draw one (--format svg, png,
        # html): only when asked for, so that other formats never pay for it.
        self.draw = draw
        # The key of `data` that holds the records (show's "facts"): --fields then filters
        # them there and the document keeps its shape.
        self.records_at = records_at
        # The text a command read, cut into stretches and claims (`check`'s HTML form).
        self.article = article
        # The exit status after the output is written (`check --fail-on`); 0 otherwise.
        self.exit_code = 0

    def tables(self) -> list[TableView]:
        if callable(self.views):
            self.views = self.views()
        return self.views

    @property
    def chart(self) -> "Chart | None":
        return self.draw() if self.draw is not None else None
