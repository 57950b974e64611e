"""Terminal tables. The only module that imports Rich, and only when a table is drawn."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from innov_cli.output.sanitize import visible
from innov_cli.output.terminal import Terminal
from innov_cli.view.model import Bar, Cell, TableView
from innov_cli.view.wording import say, speaking

_BAR_WIDTH = 20
_EIGHTHS = " ▏▎▍▌▋▊▉█"
# Below this width the bar column is dropped: bars repeat the values, which must stay whole.
_MIN_WIDTH_FOR_BARS = 70


def draw_bar(fraction: float, unicode: bool, width: int = _BAR_WIDTH) -> str:
    """A horizontal bar; ASCII '#' when the terminal cannot show block characters."""
    fraction = min(max(fraction, 0.0), 1.0)
    if not unicode:
        return "#" * round(fraction * width)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def write_tables(views: Sequence[TableView], term: Terminal) -> None:
    """Draw the views as Rich tables, worded in the terminal's language."""
    with speaking(term.language):
        _write_tables(views, term)


def _write_tables(views: Sequence[TableView], term: Terminal) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # Rich would exit 1 here; the CLI's handler ends a closed pipe quietly instead.
            raise BrokenPipeError

    console = _Console(
        file=term.stdout,
        width=term.width,
        color_system="auto" if term.color else None,
        force_terminal=True if term.force_color else None,
        no_color=not term.color,
        markup=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
        safe_box=not term.unicode,
    )
    show_bars = console.width >= _MIN_WIDTH_FOR_BARS
    for number, view in enumerate(views):
        if number:
            console.print()
        table = Table(
            title=Text(_glyphs(view.title, term.unicode), style="bold") if view.title else None,
            title_justify="left",
            box=box.SIMPLE_HEAD if term.unicode else _ascii_simple_head(),
            show_header=any(c.header for c in view.columns),
            header_style="bold" if term.color else "",
            pad_edge=False,
            expand=False,
        )
        if not view.rows:
            # Nothing to tabulate: a bare header row would only look like a broken table.
            if view.title:
                console.print(Text(_glyphs(view.title, term.unicode), style="bold"))
            for note in view.notes:
                console.print(Text(_glyphs(note, term.unicode), style="dim" if term.color else ""))
            continue
        keep = [i for i, c in enumerate(view.columns) if show_bars or not c.bar]
        widths = _column_widths(view, keep, console.width, term.unicode)
        if widths is None:
            # Too many columns for this terminal: squeezing them would lose values, so show
            # each row as "header  value" lines instead.
            console.print(_stacked(view, keep, term))
            for note in view.notes:
                console.print(Text(_glyphs(note, term.unicode), style="dim" if term.color else ""))
            continue
        for i, width in zip(keep, widths, strict=True):
            column = view.columns[i]
            table.add_column(
                Text(_glyphs(column.header, term.unicode)),
                justify=column.justify,  # type: ignore[arg-type]
                overflow="fold",  # wrap long values; never truncate them with an ellipsis
                no_wrap=column.bar,
                style="cyan" if column.bar and term.color else None,
                # Widths are decided here, not by Rich: Rich may shrink a table past its
                # columns' minimums and then crop lines at the terminal's edge.
                width=width,
            )
        for row in view.rows:
            cells = []
            for i in keep:
                cell = row[i]
                if isinstance(cell, Bar):
                    cells.append(Text(draw_bar(cell.fraction, term.unicode)))
                else:
                    cells.append(Text(_glyphs(cell, term.unicode)))
            table.add_row(*cells)
        console.print(table)
        for note in view.notes:
            console.print(Text(_glyphs(note, term.unicode), style="dim" if term.color else ""))


# Narrowest a wrapping column may get before the table is shown stacked instead.
_MIN_FLEXIBLE = 10


# Pictographs innov itself adds (marks, arrows, dashes) and their ASCII stand-ins for terminals
# that cannot show Unicode (LANG=C). Text from data files is left as it is.
# The marks get letters in brackets: "~" would read as the "about" qualifier (~12,000).
_ASCII = str.maketrans(
    {
        "▲": "^",
        "▼": "v",
        "↑": "^",
        "↓": "v",
        "—": "-",
        "–": "-",
        "≈": "(a)",
        "†": "(d)",
        "§": "(s)",
        "→": ">",
        "┆": "|",
    }
)


def _ascii_simple_head() -> Any:
    """Rich's SIMPLE_HEAD (a rule under the header, no verticals) drawn with '-'."""
    from rich.box import Box

    return Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)


def _glyphs(cell: Cell | None, unicode: bool) -> str:
    """Data text made inert (control characters escaped), pictographs ASCII when needed."""
    if cell is None or isinstance(cell, Bar):
        return ""
    text = visible(say(cell))
    return text if unicode else text.replace(" → ", " -> ").translate(_ASCII)


def _column_widths(
    view: TableView, keep: Sequence[int], width: int, unicode: bool
) -> list[int] | None:
    """Column widths that fit `width`, or None when the columns cannot all get a few cells.

    Columns marked `whole` (values such as "11,500 CNY bn") and bars get their full width;
    the other columns share what is left, narrow ones first, so wrapping hits long text only.
    """
    from rich.cells import cell_len

    available = width - 2 - 3 * (len(keep) - 1)  # table edges, then padding per gap
    natural: list[int] = []
    for i in keep:
        column = view.columns[i]
        if column.bar:
            natural.append(_BAR_WIDTH)
            continue
        texts = [_glyphs(r[i], unicode) for r in view.rows]
        longest = max((cell_len(t) for t in texts), default=0)
        natural.append(max(longest, cell_len(_glyphs(column.header, unicode)), 1))
    if sum(natural) <= available:
        return natural
    if view.stack_when_narrow:
        return None
    fixed = {n for n, i in enumerate(keep) if view.columns[i].whole or view.columns[i].bar}
    flexible = [n for n in range(len(keep)) if n not in fixed]
    room = available - sum(natural[n] for n in fixed)
    floors = {n: min(natural[n], _MIN_FLEXIBLE) for n in flexible}
    if room < sum(floors.values()):
        return None  # columns of a few letters are unreadable: stack the rows instead
    widths = list(natural)
    # Water-filling: the narrowest columns keep their natural width, the rest share evenly.
    for position, n in enumerate(sorted(flexible, key=lambda n: natural[n])):
        share = room // (len(flexible) - position)
        widths[n] = max(min(natural[n], share), floors[n])
        room -= widths[n]
    return widths


def _stacked(view: TableView, keep: Sequence[int], term: Terminal) -> Any:
    """A table as records: one "header  value" line per cell, a blank line between rows."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.title = Text(_glyphs(view.title, term.unicode), style="bold") if view.title else None
    grid.title_justify = "left"
    grid.add_column(overflow="fold", style="bold" if term.color else None)
    grid.add_column(overflow="fold")
    for number, row in enumerate(view.rows):
        if number:
            grid.add_row("", "")
        for i in keep:
            cell = row[i]
            value = (
                draw_bar(cell.fraction, term.unicode)
                if isinstance(cell, Bar)
                else _glyphs(cell, term.unicode)
            )
            grid.add_row(Text(_glyphs(view.columns[i].header, term.unicode)), Text(value))
    return grid
