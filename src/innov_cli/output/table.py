"""Terminal tables. The only module that imports Rich, and only when a table is drawn."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from innov_cli.output.sanitize import visible
from innov_cli.output.terminal import Terminal
from innov_cli.presentation import Bar, TableView

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
            title=Text(visible(view.title), style="bold") if view.title else None,
            title_justify="left",
            box=box.SIMPLE_HEAD if term.unicode else box.ASCII,
            show_header=any(c.header for c in view.columns),
            header_style="bold" if term.color else "",
            pad_edge=False,
            expand=False,
        )
        keep = [i for i, c in enumerate(view.columns) if show_bars or not c.bar]
        if not _fits(view, keep, console.width):
            # Too many columns for this terminal: Rich would squeeze some to nothing and drop
            # their values, so show each row as "header  value" lines instead.
            console.print(_stacked(view, keep, term))
            for note in view.notes:
                console.print(Text(visible(note), style="dim" if term.color else ""))
            continue
        for i in keep:
            column = view.columns[i]
            texts = [cell for row in view.rows if isinstance(cell := row[i], str)]
            longest = max((len(text) for text in texts), default=0)
            # _fits has made sure a whole value has room on one line.
            whole = longest if column.whole else None
            table.add_column(
                Text(visible(column.header)),
                justify=column.justify,  # type: ignore[arg-type]
                overflow="fold",  # wrap long values; never truncate them with an ellipsis
                no_wrap=column.bar,
                style="cyan" if column.bar and term.color else None,
                min_width=_BAR_WIDTH if column.bar else whole,
            )
        for row in view.rows:
            cells = []
            for i in keep:
                cell = row[i]
                if isinstance(cell, Bar):
                    cells.append(Text(draw_bar(cell.fraction, term.unicode)))
                else:
                    cells.append(Text(visible(cell)))
            table.add_row(*cells)
        console.print(table)
        for note in view.notes:
            console.print(Text(visible(note), style="dim" if term.color else ""))


# Narrowest a column may get before the table is shown stacked instead (see _fits).
_MIN_CELL = 4


def _fits(view: TableView, keep: Sequence[int], width: int) -> bool:
    """Whether every kept column can get a few cells, after the space between columns."""
    needed = 2 + 3 * (len(keep) - 1)  # table edges, then padding and a divider per gap
    for i in keep:
        column = view.columns[i]
        longest = max((len(c) for r in view.rows if isinstance(c := r[i], str)), default=0)
        floor = longest if column.whole else 0
        needed += _BAR_WIDTH if column.bar else max(floor, _MIN_CELL)
    return needed <= width


def _stacked(view: TableView, keep: Sequence[int], term: Terminal) -> Any:
    """A table as records: one "header  value" line per cell, a blank line between rows."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.title = Text(visible(view.title), style="bold") if view.title else None
    grid.title_justify = "left"
    grid.add_column(overflow="fold", style="bold" if term.color else None)
    grid.add_column(overflow="fold")
    for number, row in enumerate(view.rows):
        if number:
            grid.add_row("", "")
        for i in keep:
            cell = row[i]
            value = draw_bar(cell.fraction, term.unicode) if isinstance(cell, Bar) else cell
            grid.add_row(Text(visible(view.columns[i].header)), Text(visible(value)))
    return grid
