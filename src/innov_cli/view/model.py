"""What a person is shown, as data: tables, cells, marks and notes, with no sentence written.

Commands build these; renderers (terminal table, Markdown, charts, HTML) draw them. A note or a
title is a `Msg` (a wording key and its parameters): `view.wording` turns it into text, so the
same view can be told in another language, and a renderer never decides what a mark means.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, NamedTuple


class Msg(NamedTuple):
    """A sentence to be worded: a key of `view.wording.TEXTS` and its parameters."""

    key: str
    params: dict[str, Any] = {}  # noqa: RUF012 (never mutated: a shared empty default is safe)


def msg(key: str, **params: Any) -> Msg:
    return Msg(key, params)


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


@dataclass(frozen=True)
class Bar:
    """A bar proportional to a value (0..1); drawn only where pictures are drawn."""

    fraction: float


@dataclass(frozen=True)
class Figure:
    """A formatted figure with its marks (≈, †, ...), drawn after the text; `zh` is the same
    figure in the units Chinese readers expect (亿元, 万人), when it differs."""

    text: str
    marks: tuple[Mark, ...] = ()
    zh: str | None = None


Cell = str | Bar | Figure | Msg | Named


@dataclass(frozen=True)
class Column:
    header: Text
    justify: str = "left"  # "left" | "right" | "center"
    bar: bool = False
    # Values such as "11,500 CNY bn" read wrong when split over lines: keep them whole.
    whole: bool = False
    # The record key this column shows, so that --fields can pick table columns too.
    key: str | None = None


@dataclass
class TableView:
    columns: list[Column]
    rows: list[list[Cell]]
    title: Text | None = None
    notes: list[Text] = field(default_factory=list)
    # Show rows as "header  value" records rather than squeeze columns, when they do not fit:
    # for long texts such as titles and URLs, which must stay readable (and clickable).
    stack_when_narrow: bool = False


@dataclass
class Output:
    """A command's result: `data` is the JSON document (a documented contract), `records` the
    flat rows for JSON Lines and CSV, `views` the tables a person reads."""

    data: Any
    records: Sequence[dict[str, Any]]
    views: list[TableView]
    # The record keys, known even when there are no records (CSV header, --fields check).
    columns: Sequence[str]
    # What would find something, when nothing was found: with machine formats they go to
    # stderr (the table shows them among its notes).
    hints: Sequence[Msg] = ()
