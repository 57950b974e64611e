"""Find where an entity or key sits in a TOML file's text.

tomli returns plain dicts without positions, so validation problems are mapped back to lines
by scanning the text for the N-th ``[[table]]`` header and a ``key =`` line inside its block.
Sub-tables (``[region.extra]``) and dotted keys (``extra.a = 1``) are found by their first
part. Keys inside inline tables fall back to the line of the key or header that holds them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

# One key part: bare, "basic" or 'literal'.
_PART = r"""(?:[A-Za-z0-9_\-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_ARRAY_HEADER = re.compile(rf"^\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE_HEADER = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_KEY = re.compile(rf"^(\s*)({_DOTTED})\s*=[ \t]*")
_SPLIT = re.compile(rf"\s*({_PART})\s*(?:\.|$)")

# (line, column), both 1-based.
Position = tuple[int, int]


def _parts(dotted: str) -> list[str]:
    """`a."b.c".d` -> ["a", "b.c", "d"] (quotes dropped; escapes are rare in keys)."""
    return [p[1:-1] if p[:1] in "\"'" else p for p in _SPLIT.findall(dotted)]


@dataclass
class Block:
    """One ``[[table]]`` entry: its header line and where each of its keys and values sit."""

    line: int
    keys: dict[str, Position] = field(default_factory=dict)
    values: dict[str, Position] = field(default_factory=dict)


class Place(NamedTuple):
    """Where an entity came from: file label, header line, and each field's value position."""

    file: str
    line: int | None
    fields: Mapping[str, Position]


@dataclass
class TextIndex:
    """Positions of every array-of-tables entry and top-level key or table in a file."""

    blocks: dict[str, list[Block]] = field(default_factory=dict)
    top_keys: dict[str, Position] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def position(
        self, table: str, index: int | None, key: str | None, *, value: bool = False
    ) -> Position | None:
        """(line, column) of a key (or, with `value`, of its value) in the index-th entry of a
        table; of the entry's header when the key is not written there; of the table itself
        when the entry cannot be found (an inline array, say)."""
        entries = self.blocks.get(table, [])
        if index is not None and index < len(entries):
            block = entries[index]
            if key is not None:
                found = (block.values if value else block.keys).get(key)
                if found is None and value:
                    found = block.keys.get(key)
                if found is not None:
                    return found
            return (block.line, 1)
        if index is None and key is not None and key in self.top_keys:
            return self.top_keys[key]
        if entries:
            return (entries[0].line, 1)
        return self.top_keys.get(table)

    def place(self, file: str, table: str, index: int) -> Place:
        """The origin of the index-th entry of a table, for cross-file checks."""
        entries = self.blocks.get(table, [])
        if index < len(entries):
            block = entries[index]
            return Place(file, block.line, {**block.keys, **block.values})
        where = self.top_keys.get(table)
        return Place(file, where[0] if where else None, {})

    def text_of(self, line: int) -> str | None:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else None


def index_text(text: str) -> TextIndex:
    """Scan a TOML document once; cheap compared with parsing it."""
    index = TextIndex(lines=text.splitlines())
    current: Block | None = None
    in_other_table = in_multiline = False
    for number, raw in enumerate(index.lines, start=1):
        if in_multiline:
            # Text inside a multi-line string is not structure, however much it looks like it.
            in_multiline = _toggles_multiline(raw) != in_multiline
            continue
        in_multiline = _toggles_multiline(raw)
        header = _ARRAY_HEADER.match(raw) or _TABLE_HEADER.match(raw)
        if header:
            column = raw.index(header.group(1)) + 1
            parts = _parts(header.group(1))
            is_array = header.re is _ARRAY_HEADER
            if is_array and len(parts) == 1:
                current = Block(line=number)
                index.blocks.setdefault(parts[0], []).append(current)
                in_other_table = False
                continue
            owner = index.blocks.get(parts[0]) if parts else None
            if owner and len(parts) > 1:
                # `[region.extra]` or `[[region.extra]]` extends the latest [[region]] entry.
                owner[-1].keys.setdefault(parts[1], (number, column))
            elif parts:
                index.top_keys.setdefault(parts[0], (number, column))
            current, in_other_table = None, True
            continue
        key = _KEY.match(raw)
        if key:
            parts = _parts(key.group(2))
            if not parts:
                continue
            at_key = (number, len(key.group(1)) + 1)
            at_value = (number, key.end() + 1)
            if current is not None:
                current.keys.setdefault(parts[0], at_key)
                current.values.setdefault(parts[0], at_value)
            elif not in_other_table:
                index.top_keys.setdefault(parts[0], at_key)
    return index


def _toggles_multiline(line: str) -> bool:
    """Whether a line opens (or closes) a multi-line string without closing (reopening) it."""
    return (line.count('"""') + line.count("'''")) % 2 == 1
