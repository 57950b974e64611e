"""Where a text names regions, metrics and years: spans found once per text, looked up by
sentence. Names come from the knowledge base (names, Chinese names, aliases) so that a region a
user adds with --data is found too."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from innov_cli.check.vocabulary import EDITION_WORDS, METRIC_WORDS
from innov_cli.han import has_han
from innov_cli.kb.knowledge_base import KnowledgeBase

YEAR = re.compile(r"(?<![\d.,$])(19[5-9]\d|20\d\d)(?!\d|,\d|\.\d)")


class Mention(NamedTuple):
    start: int
    end: int
    ids: tuple[str, ...]  # the regions or metrics the words name
    words: str


_TOKEN = re.compile(r"[^\W_]+")
# What may stand between two words of one name: "Jing-Jin-Ji", "R&D", "Beijing–Tianjin".
_JOIN = re.compile(r"[\s\-–_&'’.]*")


def _tokens(label: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(label.casefold()))


class _Names:
    """Names to find in a text: Latin ones word by word (indexed by their first word), names
    with Chinese characters by substring (Chinese has no spaces to split words at). A dict
    lookup per word keeps a 5,000-word text fast, where one pattern of every name was not."""

    def __init__(self, labels: dict[str, set[str]]) -> None:
        self.latin: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        self.chinese: list[tuple[str, tuple[str, ...]]] = []
        for label, ids in labels.items():
            found = tuple(sorted(ids))
            if has_han(label):
                self.chinese.append((label.casefold(), found))
                continue
            words = _tokens(label)
            if words:
                self.latin.setdefault(words[0], []).append((words, found))

    def find(self, text: str) -> list[Mention]:
        candidates: list[Mention] = []
        folded = text.casefold()
        tokens = list(_TOKEN.finditer(folded))
        for n, token in enumerate(tokens):
            for words, ids in self.latin.get(token.group(0), ()):
                end = _match_words(folded, tokens, n, words)
                if end is not None:
                    candidates.append(Mention(token.start(), end, ids, text[token.start() : end]))
        for label, ids in self.chinese:
            at = folded.find(label)
            while at >= 0:
                end = at + len(label)
                candidates.append(Mention(at, end, ids, text[at:end]))
                at = folded.find(label, at + 1)
        # Leftmost, then longest: "Greater Bay Area" wins over "Bay Area" inside it.
        candidates.sort(key=lambda m: (m.start, m.start - m.end))
        kept: list[Mention] = []
        for mention in candidates:
            if not kept or mention.start >= kept[-1].end:
                kept.append(mention)
        return kept


def _match_words(
    folded: str, tokens: list[re.Match[str]], n: int, words: tuple[str, ...]
) -> int | None:
    """Where a name of several words that starts at token n ends, or None."""
    if n + len(words) > len(tokens):
        return None
    for k, word in enumerate(words):
        token = tokens[n + k]
        if token.group(0) != word:
            return None
        if k and not _JOIN.fullmatch(folded, tokens[n + k - 1].end(), token.start()):
            return None
    return tokens[n + len(words) - 1].end()


class Lexicon:
    """The region and metric names of one knowledge base, indexed once."""

    def __init__(self, kb: KnowledgeBase) -> None:
        regions: dict[str, set[str]] = {}
        for region in kb.regions.values():
            for label in (region.name, region.name_zh, *region.aliases, region.id):
                if label and len(label) >= 2 and not label.isdigit():
                    regions.setdefault(label.casefold(), set()).add(region.id)
        metrics: dict[str, set[str]] = {}
        for metric in kb.metrics.values():
            words = (metric.name, metric.name_zh, *METRIC_WORDS.get(metric.id, ()))
            for label in words:
                if label:
                    metrics.setdefault(label.casefold(), set()).add(metric.id)
        self.regions = _Names(regions)
        self.metrics = _Names(metrics)

    def regions_in(self, text: str) -> list[Mention]:
        return self.regions.find(text)

    def metrics_in(self, text: str) -> list[Mention]:
        return self.metrics.find(text)


@cache
def _edition_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in EDITION_WORDS)
    return re.compile(rf"(?:{words})\W{{0,3}}$|^年?(?:版|度)?\W{{0,3}}(?:{words})", re.IGNORECASE)


class YearMention(NamedTuple):
    start: int
    end: int
    year: int
    edition: bool  # named as a ranking's edition ("Nature Index 2025"), not a data year


def years_in(text: str) -> list[YearMention]:
    found = []
    pattern = _edition_pattern()
    for m in YEAR.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        after = text[m.end() : m.end() + 30]
        edition = bool(pattern.search(before)) or bool(pattern.search(after))
        found.append(YearMention(m.start(), m.end(), int(m.group(1)), edition))
    return found
