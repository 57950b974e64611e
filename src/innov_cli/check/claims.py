"""Claims in a text: each checkable figure with what it is about.

A claim is a figure (a value with its unit, a rank, "N of the top M", a run of first places)
plus the region, metric and year it concerns, found in its sentence or, failing that, in the
sentences next to it ("Its GDP reached ..." after a sentence that names the region). Nothing
here looks at the knowledge base's figures: `judge` does that.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple, TypeVar

from innov_cli.check.mentions import Lexicon, Mention, YearMention, years_in
from innov_cli.check.quantities import (
    CN_NUMERAL,
    ORDINALS,
    WORD_NUMBERS,
    Quantity,
    chinese_numeral,
    chinese_quantities,
    english_quantities,
    unit_kind,
)
from innov_cli.check.vocabulary import COUNTRY_WORDS
from innov_cli.han import has_han
from innov_cli.kb.knowledge_base import KnowledgeBase

RANKINGS = ("nature_index_rank", "wipo_cluster_rank", "nature_index_country_rank")
# How far back (in sentences) a region, metric or year carries: "Its GDP ..." after one that
# names the region; further back the text has usually moved on.
_CARRY = 2
_ABBREVIATIONS = {"no", "mr", "ms", "dr", "st", "vs", "u.s", "u.k", "inc", "co", "e.g", "i.e"}


class Sentence(NamedTuple):
    start: int
    end: int
    text: str
    paragraph: int  # mentions carry from sentence to sentence only within a paragraph


class Claim(NamedTuple):
    kind: str  # "value", "rank", "top" (N of the top M) or "streak" (first N times running)
    start: int  # offsets of the claim's words in the whole text
    end: int
    sentence: int
    quantity: Quantity | None = None  # value claims
    number: int | None = None  # the rank, the N of "N of the top M", or the run's length
    top: int | None = None  # the M of "N of the top M"
    since: int | None = None  # "first since 2016"
    country: str | None = None  # whose places "N of the top M" counts (ISO code)
    bound: str | None = None  # "more than half of the top ten": ">" (of N = 5)
    region: str | None = None
    metric: str | None = None
    metric_words: str | None = None  # what the text calls the figure, when no metric fits
    year: int | None = None
    edition: bool = False  # `year` is a ranking's edition, not its data year
    carried: bool = False  # `year` comes from an earlier sentence, not the claim's own


def sentences(text: str) -> list[Sentence]:
    """Sentences with their offsets: ends at . ! ? (not after "No." or inside "11.5"), at
    Chinese 。！？；, and at line breaks (headlines, list items)."""
    found: list[Sentence] = []
    breaks = [m.end() for m in re.finditer(r"\n[^\S\n]*\n", text)]
    start = 0
    for m in re.finditer(r"[.!?][\"'”’)]*\s+|[。！？；]|\n", text):
        if m.group(0)[0] == ".":
            word = re.search(r"([\w.]+)\.$", text[start : m.start() + 1])
            if word and word.group(1).casefold() in _ABBREVIATIONS:
                continue
        _add(found, text, start, m.end(), breaks)
        start = m.end()
    _add(found, text, start, len(text), breaks)
    return found


def _add(found: list[Sentence], text: str, start: int, end: int, breaks: list[int]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        first = start + (len(piece) - len(piece.lstrip()))
        paragraph = sum(b <= first for b in breaks)
        found.append(Sentence(first, first + len(stripped), stripped, paragraph))


_NUM = (
    r"(?:\d+|"
    + "|".join(sorted([*WORD_NUMBERS, *ORDINALS], key=len, reverse=True))
    + rf"|{CN_NUMERAL})"
)
_TOP_EN = re.compile(
    rf"\b(?P<n>{_NUM})\s+(?:of|out\s+of)\s+the\s+(?:world'?s\s+|global\s+)?top[\s-]+(?P<m>{_NUM})\b"
    rf"|\b(?P<n2>{_NUM})\s+(?:\w+\s+){{1,3}}(?:in|among)\s+the\s+(?:world'?s\s+|global\s+)?top[\s-]+"
    rf"(?P<m2>{_NUM})\b",
    re.IGNORECASE,
)
_HALF_EN = re.compile(
    rf"\b(?P<q>more\s+than\s+|over\s+|at\s+least\s+)?half\s+of\s+the\s+(?:world'?s\s+|global\s+)?"
    rf"(?:\w+\s+){{0,2}}?top[\s-]+(?P<m>{_NUM})\b",
    re.IGNORECASE,
)
_TOP_ZH = re.compile(
    rf"前(?P<m>{_NUM})(?:名|位|强)?(?:之中|中|里)?[^，。,]{{0,8}}?(?:有|占|占据|包揽)"
    rf"(?P<n>{_NUM})(?:席|个|座|位|家)"
)
_FIRST_EN = re.compile(
    r"\b(?:topped|tops|top\s+spot|top\s+place|led|leads|leading|lead|first\s+place|"
    r"ranked\s+first|ranks\s+first|number\s+one|no\.\s*1|#1|pole\s+position)\b",
    re.IGNORECASE,
)
_STREAK_EN = re.compile(
    rf"\bfor\s+(?:the\s+)?(?P<n>{_NUM})(?:\s+(?:consecutive|straight|successive|running))?"
    r"\s+(?:years?|times|editions?)(?:\s+in\s+a\s+row|\s+running)?\b"
    r"|\bsince\s+(?P<y>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_STREAK_ZH = re.compile(
    rf"连续(?P<n>{_NUM})年[^，。；,]{{0,16}}?(?:榜首|首位|第一)"
    r"|(?P<y>(?:19|20)\d\d)年以来(?:一直)?(?:位居|居|蝉联)?(?:榜首|首位|第一)"
)
_RANK_EN = re.compile(
    r"\b(?:ranked|ranks|ranking|placed|places|came|comes|finished|stood|stands|was|is|"
    r"remained|remains|took)\s+(?:at\s+|in\s+)?(?:(?:no\.|number)\s*(?P<n>\d+|one)|#(?P<h>\d+)|"
    r"(?P<o>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
    r"\d+(?:st|nd|rd|th)))\b"
    r"|\b(?P<top>topped|tops|took\s+the\s+top\s+spot|took\s+first\s+place)\b",
    re.IGNORECASE,
)
_RANK_ZH = re.compile(
    rf"(?:位居|排名|位列|排在|排|居)(?:全球|世界)?第(?P<n>{_NUM})(?:名|位)?"
    r"|(?P<top>(?:位居|居|蝉联|登上|位列)(?:全球|世界)?(?:榜首|首位|第一))"
)


_ASIDE = re.compile(
    r"\s*(?:whose|which|who|where|when|founded|established|launched|set\s+up|since|after|"
    r"before|first|once)\b",
    re.IGNORECASE,
)


def number_of(text: str) -> int | None:
    """A whole number written as digits, an English word or ordinal, or Chinese numerals."""
    word = text.casefold()
    if word.isdigit():
        return int(word)
    if word in WORD_NUMBERS:
        return WORD_NUMBERS[word]
    if word in ORDINALS:
        return ORDINALS[word]
    return chinese_numeral(text)


def find_claims(kb: KnowledgeBase, text: str, lexicon: Lexicon | None = None) -> list[Claim]:
    """Every checkable claim in `text`, in the order of the text."""
    lexicon = lexicon or Lexicon(kb)
    parts = sentences(text)
    regions = _by_sentence(parts, lexicon.regions_in(text))
    metrics = _by_sentence(parts, lexicon.metrics_in(text))
    years = _by_sentence(parts, years_in(text))
    claims: list[Claim] = []
    for index in range(len(parts)):
        scope = _Scope(kb, parts, index, regions, metrics, years)
        claims += scope.claims()
    return claims


_Span = TypeVar("_Span", Mention, YearMention)


def _by_sentence(parts: Sequence[Sentence], spans: Iterable[_Span]) -> list[list[_Span]]:
    buckets: list[list[_Span]] = [[] for _ in parts]
    index = 0
    for span in sorted(spans, key=lambda s: s.start):
        while index < len(parts) and span.start >= parts[index].end:
            index += 1
        if index < len(parts) and span.start >= parts[index].start:
            buckets[index].append(span)
    return buckets


def _overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


class _Scope:
    """One sentence with its mentions and those of the sentences around it."""

    def __init__(
        self,
        kb: KnowledgeBase,
        parts: Sequence[Sentence],
        index: int,
        regions: list[list[Mention]],
        metrics: list[list[Mention]],
        years: list[list[YearMention]],
    ) -> None:
        self.kb = kb
        self.index = index
        self.sentence = parts[index]
        self.regions = regions
        self.metrics = metrics
        self.years = years
        # Spans taken by a claim already, and the region names: a figure inside a name
        # ("G60") is no claim, though a rank's words may run over one ("Beijing topped").
        self.used: list[tuple[int, int]] = []
        self.names = [(m.start, m.end) for m in regions[index]]
        # The sentences a mention may carry from: up to _CARRY back, never across a paragraph
        # break (a year ahead is more often the next event's than this one's).
        # A region carries across a paragraph break too ("Today, the region has ..." after a
        # paragraph about Jing-Jin-Ji), a year does not.
        self.before = [i for i in range(index - 1, index - _CARRY - 1, -1) if i >= 0]
        here = parts[index].paragraph
        self.back = [
            i
            for i in range(index - 1, index - _CARRY - 1, -1)
            if i >= 0 and parts[i].paragraph == here
        ]

    def claims(self) -> list[Claim]:
        found = self._tops() + self._streaks() + self._ranks() + self._values()
        return sorted(found, key=lambda c: (c.start, c.end))

    # --- what the claim is about --------------------------------------------------------

    def _region(self, start: int) -> str | None:
        here = self.regions[self.index]
        cluster = self._cluster_of(here)
        if cluster is not None:
            return cluster
        before = [m for m in here if m.end <= start]
        if before:
            return before[-1].ids[0]
        if here:
            return here[0].ids[0]
        for i in self.before:
            if self.regions[i]:  # the earlier sentence's subject: its first region
                return self._cluster_of(self.regions[i]) or self.regions[i][0].ids[0]
        return None

    def _cluster_of(self, mentions: list[Mention]) -> str | None:
        """ "Beijing, Tianjin and Hebei" together name the cluster they make up; "the Greater
        Bay Area, where Guangdong, Hong Kong and Macao ..." names the cluster, not Macao."""
        named = {m.ids[0] for m in mentions}
        if len(named) < 2:
            return None
        regions = self.kb.regions
        for region in regions.values():
            if not region.members:
                continue
            members = set(region.members)
            parents = {regions[m].parent for m in members if m in regions} - {None}
            if not named <= members | parents | {region.id}:
                continue
            covered = {
                m for m in members if m in named or (m in regions and regions[m].parent in named)
            }
            if region.id in named or covered == members:
                return region.id
        return None

    def _ranking(self) -> str | None:
        for i in [self.index, *self.back]:
            for m in self.metrics[i]:
                for metric in m.ids:
                    if metric in RANKINGS:
                        return metric
        return None

    def _year(self, start: int, end: int) -> tuple[int | None, bool, bool]:
        """The year nearest the claim in its sentence, else one carried from the sentences
        before it in its paragraph: (year, is an edition, carried)."""
        asides = self._asides()
        for i in [self.index, *self.back]:
            options = [
                y
                for y in self.years[i]
                if not _overlaps(y.start, y.end, [(start, end)])
                and not (
                    i == self.index
                    and any(a <= y.start < b and not a <= start < b for a, b in asides)
                )
            ]
            if options:
                best = min(options, key=lambda y: abs(y.start - start))
                return best.year, best.edition, i != self.index
        return None, False, False

    def _asides(self) -> list[tuple[int, int]]:
        """Relative clauses ("…, whose strategy dates from 2014, …"): a year inside one is
        that clause's, not the year of a figure outside it."""
        found = []
        at = self.sentence.start
        for piece in re.split(r"([,;，；、()（）])", self.sentence.text):
            if _ASIDE.match(piece):
                found.append((at, at + len(piece)))
            at += len(piece)
        return found

    def _country(self) -> str | None:
        words = self.sentence.text.casefold()
        for code, names in COUNTRY_WORDS.items():
            for name in names:
                if re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", words) or (
                    not name.isascii() and name in words
                ):
                    return code
        return None

    # --- the kinds of claim ---------------------------------------------------------------

    def _matches(self, *patterns: re.Pattern[str]) -> list[re.Match[str]]:
        found = []
        for pattern in patterns:
            for m in pattern.finditer(self.sentence.text):
                start, end = self.sentence.start + m.start(), self.sentence.start + m.end()
                if not _overlaps(start, end, self.used):
                    found.append(m)
        return found

    def _claim(self, kind: str, m: re.Match[str], **fields: object) -> Claim:
        start, end = self.sentence.start + m.start(), self.sentence.start + m.end()
        self.used.append((start, end))
        year, edition, carried = self._year(start, end)
        return Claim(
            kind,
            start,
            end,
            self.index,
            year=year,
            edition=edition,
            carried=carried,
            **fields,  # type: ignore[arg-type]
        )

    def _tops(self) -> list[Claim]:
        found = []
        for m in self._matches(_TOP_EN, _TOP_ZH):
            n = number_of(m["n"] or m.groupdict().get("n2") or "")
            top = number_of(m["m"] or m.groupdict().get("m2") or "")
            if n is None or top is None:
                continue
            found.append(
                self._claim(
                    "top", m, number=n, top=top, country=self._country(), metric=self._ranking()
                )
            )
        for m in self._matches(_HALF_EN):
            top = number_of(m["m"])
            if top is None:
                continue
            bound = {"more than": ">", "over": ">", "at least": ">="}.get(
                " ".join((m["q"] or "").casefold().split())
            )
            found.append(
                self._claim(
                    "top",
                    m,
                    number=top // 2,
                    top=top,
                    bound=bound,
                    country=self._country(),
                    metric=self._ranking(),
                )
            )
        return found

    def _streaks(self) -> list[Claim]:
        ranking = self._ranking()
        first = bool(_FIRST_EN.search(self.sentence.text)) or bool(
            re.search("榜首|首位|第一|蝉联", self.sentence.text)
        )
        if ranking is None or not first:
            return []
        found = []
        for m in self._matches(_STREAK_EN, _STREAK_ZH):
            start = self.sentence.start + m.start()
            n = number_of(m["n"]) if m["n"] else None
            since = int(m["y"]) if m["y"] else None
            if n is None and since is None:
                continue
            found.append(
                self._claim(
                    "streak", m, number=n, since=since, region=self._region(start), metric=ranking
                )
            )
        return found

    def _ranks(self) -> list[Claim]:
        ranking = self._ranking()
        if ranking is None or not any(
            metric in RANKINGS for m in self.metrics[self.index] for metric in m.ids
        ):
            return []
        found = []
        for m in self._matches(_RANK_EN, _RANK_ZH):
            if m["top"]:
                rank: int | None = 1
            else:
                digits = m["n"] or m.groupdict().get("h") or m.groupdict().get("o") or ""
                rank = number_of(re.sub(r"(?<=\d)(st|nd|rd|th)$", "", digits))
            if rank is None:
                continue
            start = self.sentence.start + m.start()
            found.append(
                self._claim("rank", m, number=rank, region=self._region(start), metric=ranking)
            )
        return found

    def _values(self) -> list[Claim]:
        text = self.sentence.text
        quantities = chinese_quantities(text) if has_han(text) else english_quantities(text)
        found = []
        for q in quantities:
            start, end = self.sentence.start + q.start, self.sentence.start + q.end
            if _overlaps(start, end, [*self.used, *self.names]) or self._not_a_figure(q, text):
                continue
            metric, words = self._metric_for(q, start, end)
            if metric is None and (not q.digits or (q.kind == "count" and words is None)):
                continue
            self.used.append((start, end))
            year, edition, carried = self._year(start, end)
            found.append(
                Claim(
                    "value",
                    start,
                    end,
                    self.index,
                    quantity=q,
                    region=self._region(start),
                    metric=metric,
                    metric_words=words,
                    year=year,
                    edition=edition,
                    carried=carried,
                )
            )
        return found

    @staticmethod
    def _not_a_figure(q: Quantity, text: str) -> bool:
        """Years, dates, ordinals and plan names are numbers but not claims."""
        plain = q.currency is None and q.kind == "count" and q.step >= 1 and q.value == int(q.value)
        after = text[q.end : q.end + 6]
        before = text[max(0, q.start - 4) : q.start]
        if plain and 1900 <= q.value <= 2100 and q.step == 1:
            return True
        if re.match(r"\s*(?:年|月|日|号|岁|周年|届|次|-year|-day|th\b|st\b|nd\b|rd\b)", after):
            return True
        return bool(re.search(r"(?:No\.\s*|#|第|Article\s)$", before))

    def _metric_for(self, q: Quantity, start: int, end: int) -> tuple[str | None, str | None]:
        """The metric nearest the figure whose unit fits it; else the words that follow."""
        for i in [self.index, *self.back]:
            if i != self.index and q.kind == "count":
                break
            # A count's noun follows it ("31 joint laboratories"): words after it come first.
            options = [
                (
                    q.kind == "count" and m.start < end,
                    abs(m.start - end) if m.start >= end else abs(start - m.end),
                    -len(m.words),
                    metric,
                )
                for m in self.metrics[i]
                for metric in m.ids
                if metric not in RANKINGS and _fits(q, self.kb.metrics[metric].unit)
            ]
            if options:
                return min(options)[3], None
        following = re.match(
            r"[\s(]*((?:[A-Za-z][\w&-]*\s+){0,3}[A-Za-z][\w&-]*)", self.sentence.text[q.end :]
        )
        return None, (following.group(1) if following else None)


def _fits(q: Quantity, unit: str) -> bool:
    kind, currency = unit_kind(unit)
    if q.kind == "money":
        return kind == "money" and (q.currency is None or q.currency == currency)
    if q.kind == "people":
        return kind == "people"
    if q.kind == "count" and q.step >= 1e6:  # "100 million" with no unit: people or money
        return kind in ("people", "count")
    return kind == q.kind
