"""Find where an entity or key sits in a TOML file's text.

tomli returns plain dicts without positions, so validation problems are mapped back to lines
by scanning the text for the N-th ``[[table]]`` header and a ``key =`` line inside its block.
Inline tables and dotted keys fall back to the header's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_\-]+)\s*\]\]")
_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_\-.]+)\s*\]")
_KEY = re.compile(r"^(\s*)([A-Za-z0-9_\-]+)\s*=")


@dataclass
class Block:
    """One ``[[table]]`` entry: its header line and the lines of its keys."""

    line: int
    keys: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass
class TextIndex:
    """Positions of every array-of-tables entry and top-level key in a file."""

    blocks: dict[str, list[Block]] = field(default_factory=dict)
    top_keys: dict[str, tuple[int, int]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def position(self, table: str, index: int | None, key: str | None) -> tuple[int, int] | None:
        """(line, column) of a key in the index-th entry of a table, or of the entry itself."""
        if index is None:
            if key is not None and key in self.top_keys:
                return self.top_keys[key]
            entries = self.blocks.get(table)
            return (entries[0].line, 1) if entries else self.top_keys.get(table)
        entries = self.blocks.get(table, [])
        if index >= len(entries):
            return None
        block = entries[index]
        if key is not None and key in block.keys:
            return block.keys[key]
        return (block.line, 1)

    def text_of(self, line: int) -> str | None:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else None


def index_text(text: str) -> TextIndex:
    """Scan a TOML document once; cheap compared with parsing it."""
    index = TextIndex(lines=text.splitlines())
    current: Block | None = None
    in_other_table = False
    for number, raw in enumerate(index.lines, start=1):
        header = _HEADER.match(raw)
        if header:
            current = Block(line=number)
            index.blocks.setdefault(header.group(1), []).append(current)
            in_other_table = False
            continue
        if _TABLE.match(raw):
            current, in_other_table = None, True
            continue
        key = _KEY.match(raw)
        if key:
            position = (number, len(key.group(1)) + 1)
            if current is not None:
                current.keys.setdefault(key.group(2), position)
            elif not in_other_table:
                index.top_keys.setdefault(key.group(2), position)
    return index
