"""Terminal tables. The only module that imports Rich, and only when a table is drawn."""

from __future__ import annotations

import re
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

    import io
    import shutil

    # Drawn into a buffer first, so that every line can lose Rich's trailing padding (a copied
    # line must not carry spaces) before it reaches the terminal or the pipe.
    buffer = io.StringIO()
    width = term.width or (shutil.get_terminal_size().columns if term.tty else 80)
    console = _Console(
        file=buffer,
        width=width,
        color_system="auto" if term.color else None,
        force_terminal=True if term.force_color or (term.tty and term.color) else None,
        no_color=not term.color,
        markup=False,
        highlight=False,
        emoji=False,
        legacy_windows=False,
        safe_box=not term.unicode,
    )
    show_bars = console.width >= _MIN_WIDTH_FOR_BARS
    # A person gets a rule under the header; a pipe gets plain aligned text (as gh prints).
    rule = box.SIMPLE_HEAD if term.unicode else _ascii_simple_head()
    plain = not term.tty and not term.force_color
    for number, view in enumerate(views):
        if not term.header:
            # --no-header: rows only, nothing for cut or awk to skip.
            view = TableView(view.columns, view.rows, stack_when_narrow=view.stack_when_narrow)
        if number and term.header:
            console.print()
        table = Table(
            title=Text(_glyphs(view.title, term.unicode), style="bold") if view.title else None,
            title_justify="left",
            box=None if plain or not term.header else rule,
            show_header=term.header and any(c.header for c in view.columns),
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
                Text(_wrapped(_glyphs(column.header, term.unicode), width)),
                justify=column.justify,  # type: ignore[arg-type]
                overflow="fold",  # wrap long values; never truncate them with an ellipsis
                no_wrap=column.bar,
                style="cyan" if column.bar and term.color else None,
                # Widths are decided here, not by Rich: Rich may shrink a table past its
                # columns' minimums and then crop lines at the terminal's edge.
                width=width,
            )
        width_of = dict(zip(keep, widths, strict=True))
        for row in view.rows:
            cells = []
            for i in keep:
                cell = row[i]
                if isinstance(cell, Bar):
                    cells.append(Text(draw_bar(cell.fraction, term.unicode)))
                elif view.columns[i].whole:
                    cells.append(Text(_glyphs(cell, term.unicode)))
                else:
                    cells.append(Text(_wrapped(_glyphs(cell, term.unicode), width_of[i])))
            table.add_row(*cells)
        console.print(table)
        for note in view.notes:
            console.print(Text(_glyphs(note, term.unicode), style="dim" if term.color else ""))
    term.stdout.write(_without_trailing_spaces(buffer.getvalue()))


# Spaces at a line's end, possibly followed by the codes that end its colours.
_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.M)


def _without_trailing_spaces(text: str) -> str:
    return _TRAILING.sub(r"\1", text)


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
        "‡": "(x)",
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
    # A column is never narrower than its widest unbreakable piece (a figure with its unit
    # and year, an id): below that, the table is stacked instead.
    floors = {
        n: max(
            min(natural[n], _MIN_FLEXIBLE),
            max((longest_atom(_glyphs(r[keep[n]], unicode)) for r in view.rows), default=0),
        )
        for n in flexible
    }
    if room < sum(floors.values()):
        return None  # columns of a few letters are unreadable: stack the rows instead
    widths = list(natural)
    # Water-filling above the floors: every column first gets its floor (so the last one is
    # never pushed past the edge), then the narrowest keep their natural width and the rest
    # share what is left evenly.
    room -= sum(floors.values())
    for position, n in enumerate(sorted(flexible, key=lambda n: natural[n] - floors[n])):
        share = room // (len(flexible) - position)
        widths[n] = floors[n] + min(natural[n] - floors[n], share)
        room -= widths[n] - floors[n]
    return widths


# What a line may never be broken inside: a figure with its marks, unit and bracketed year
# (`~46,570亿美元（2024年）`, `>14,000 CNY bn`), a Latin word or id (`zhongguancun-science-park`),
# or a bracketed group. A name's hyphen after a capital word (Beijing-|Tianjin-) and the gap
# between two Chinese characters are places to break.
_ATOM = re.compile(
    r"""
    [~<>≥≤≈#+\-]*\d[\d,.]*                     # a figure
    %?                                            # a percentage
    (?:[亿万千百十]?[亿万]?[元人件个项台美港澳门币名年%]+[元币]?)?     # a Chinese unit
    (?:[（(][^（()）]{0,24}[)）])?                  # a bracketed year written against it
    [，、。；：,.;:!?）)]*                          # punctuation that may not start a line
    | [（(][^（()）\s]{0,60}[)）][，、。；：,.;:）)]*  # a bracketed group
    | [A-Z]{3}\s(?:bn|m|tn)\b | million\speople     # a Latin unit of two words, whole
    | [A-Z][a-z]+-(?=[A-Z])                     # a capitalised name part before its hyphen
    | [A-Za-z0-9_][\w.@/:'&+\-]*[，、。；：,.;:!?）)]* # a word or an id, whole
    | [\u3000-\u303f\uff00-\uffef\u2e80-\u9fff][，、。；：,.;:!?）)」』]*  # one CJK character
    | \S                                        # anything else, one character
    """,
    re.VERBOSE,
)


def atoms(text: str) -> list[tuple[str, bool]]:
    """The unbreakable pieces of a line, each with whether a space came before it."""
    found: list[tuple[str, bool]] = []
    position = 0
    for match in _ATOM.finditer(text):
        found.append(
            (
                match.group(),
                text[position : match.start()].strip(" ") == "" and match.start() > position,
            )
        )
        position = match.end()
    return found


def longest_atom(text: str) -> int:
    """The widest piece of a text that wrapping may not break (0 for no text)."""
    from rich.cells import cell_len

    return max((cell_len(a) for line in text.split("\n") for a, _ in atoms(line)), default=0)


def _wrapped(text: str, width: int) -> str:
    """Text wrapped where a reader would break it: at spaces, after a name's hyphen
    (Beijing-|Tianjin-|Hebei) and between Chinese characters, never inside a figure, its
    unit, a bracketed year or an id (see _ATOM). A piece wider than the column stays whole
    (the column is made at least that wide, or the table is stacked)."""
    from rich.cells import cell_len

    if cell_len(text) <= width:
        return text
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for piece, spaced in atoms(paragraph):
            joined = f"{current} {piece}" if current and spaced else current + piece
            if current and cell_len(joined) > width:
                lines.append(current)
                current = piece
            else:
                current = joined
        lines.append(current)
    return "\n".join(lines)


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
