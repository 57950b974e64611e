"""Where an import's facts go as they are made: checked a chunk at a time and written to a
temporary file, so that a large table is never held as facts or as text (the memory an
import needs stays a small multiple of its input, whatever its length).

A fact's identity (region, metric, year, source) is kept as a 64-bit hash with the place it
came from; duplicates are found once every fact is in, and confirmed against the facts
themselves (two keys that merely share a hash are not duplicates)."""

from __future__ import annotations

import re
import tempfile
from array import array
from collections.abc import Callable
from itertools import chain, pairwise
from typing import TextIO

from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.writing import NewFact, check_fact_text, fact_block

# Facts checked (parsed and validated as the written file will be) per chunk.
CHUNK = 2000
KEY_FIELDS = ("region", "metric", "year", "source")
_ROWS = 1 << 40
_KEY_LINE = re.compile(r'^(region|metric|year|source) = "?(.*?)"?$', re.MULTILINE)


class FactSink:
    """Checked fact blocks in a temporary file, and what a summary and the header need."""

    def __init__(self, kb_now: Callable[[], KnowledgeBase], label: str) -> None:
        # The knowledge base a chunk is checked against, as it is when the chunk is full (a
        # source the import creates on the way is then known).
        self._kb_now = kb_now
        self._label = label
        self._file: TextIO = tempfile.TemporaryFile(  # noqa: SIM115 - kept open until written
            mode="w+", encoding="utf-8", newline=""
        )
        self._chunk: list[str] = []
        # Per fact, eight bytes each: the key's hash, and where the fact came from (the
        # input's number in _origin_index times 2**40, plus the row).
        self._hashes = array("q")
        self._places = array("q")
        self._origin_index: dict[str, int] = {}
        self.regions: set[str] = set()
        self.metrics: set[str] = set()
        self.sources: set[str] = set()
        self.years: set[int] = set()

    @property
    def count(self) -> int:
        """How many facts went in."""
        return len(self._hashes)

    def add(self, fact: NewFact) -> None:
        self._hashes.append(hash((fact.region, fact.metric, fact.year, fact.source)))
        label, _, row = fact.origin.rpartition(":")
        if not row.isdigit():
            label, row = fact.origin, "0"
        origin = self._origin_index.setdefault(label, len(self._origin_index))
        self._places.append(origin * _ROWS + int(row))
        self._chunk.append("\n" + fact_block(fact))
        self.regions.add(fact.region)
        self.metrics.add(fact.metric)
        self.sources.add(fact.source)
        self.years.add(fact.year)
        if len(self._chunk) >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        if not self._chunk:
            return
        check_fact_text(self._kb_now(), "".join(self._chunk), self._label)
        for block in self._chunk:
            self._file.write(block)
        self._chunk = []

    def duplicates(self) -> list[str]:
        """Every fact that repeats an earlier one's region, metric, year and source, named
        with both places (after the last fact is in)."""
        self._flush()
        ordered = sorted(self._hashes)  # the one moment a list of every fact's hash exists
        repeated = {a for a, b in pairwise(ordered) if a == b}
        del ordered
        if not repeated:
            return []
        # Rare: read the facts that share a hash back, and compare their keys themselves.
        wanted = [i for i, h in enumerate(self._hashes) if h in repeated]
        keys = self._keys(set(wanted))
        found: list[str] = []
        first_of: dict[tuple[str, ...], int] = {}
        for index in wanted:
            key = keys[index]
            if key not in first_of:
                first_of[key] = index
                continue
            region, metric, year, source = key
            found.append(
                f"{region}/{metric}/{year} from source {source} "
                f"({self._place(first_of[key])} and {self._place(index)})"
            )
        return found

    def _keys(self, indexes: set[int]) -> dict[int, tuple[str, ...]]:
        """The region, metric, year and source of the written facts at these positions."""
        keys: dict[int, tuple[str, ...]] = {}
        self._file.seek(0)
        index, block = -1, ""
        for line in chain(iter(self._file.readline, ""), ["[[fact]]\n"]):
            if line.startswith("[[fact]]"):
                if index in indexes:
                    fields = dict(_KEY_LINE.findall(block))
                    keys[index] = tuple(fields.get(k, "") for k in KEY_FIELDS)
                index, block = index + 1, ""
            block += line
        return keys

    def _place(self, index: int) -> str:
        origin, row = divmod(self._places[index], _ROWS)
        label = list(self._origin_index)[origin]
        return f"{label}:{row}" if row else label

    def copy_to(self, out: TextIO) -> None:
        """The fact blocks, as written, a megabyte at a time."""
        self._flush()
        self._file.seek(0)
        while piece := self._file.read(1 << 20):
            out.write(piece)
