"""`innov search`: regions and metrics by name, alias, sector or platform (notes and sources
when asked), in English or Chinese, best match first; plurals and inflections are set aside.

Short Latin queries match whole words only (`AI` finds "AI", never "Britain"); Chinese, having
no spaces between words, matches anywhere. A small synonym table (docs/search.md) widens a
query that is one known term: `chips` also looks for "integrated circuits" and 集成电路.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from innov_cli.commands.listing import Field, list_output
from innov_cli.commands.shared import kinds_text, metric_names, platforms_of
from innov_cli.errors import UsageProblem
from innov_cli.han import has_han
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.view.model import Msg, Named, Output, msg
from innov_cli.view.sectors import SECTORS_ZH, sector_zh

# Terms that mean the same thing for searching: a query equal to any term of a group also looks
# for the others. The first term is the sector as the knowledge base writes it.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    (
        "integrated circuits",
        "integrated circuit",
        "chips",
        "chip",
        "semiconductors",
        "semiconductor",
        "集成电路",
        "芯片",
        "半导体",
    ),
    ("biomedicine", "biotech", "biotechnology", "biopharma", "生物医药", "生物技术", "生物医学"),
    ("artificial intelligence", "ai", "人工智能"),
    ("aerospace", "aviation", "航空航天", "航空", "航天"),
    ("advanced manufacturing", "先进制造", "先进制造业"),
    ("green energy", "clean energy", "new energy", "renewables", "绿色能源", "新能源", "清洁能源"),
    ("quantum", "quantum technology", "quantum computing", "量子", "量子科技", "量子计算"),
)
# Latin queries this long or shorter match whole words only.
_SHORT = 3
# A match through a synonym ranks just below the same match of the words typed, and one in the
# query's own script (Chinese or Latin) above one in the other.
_SYNONYM_PENALTY = 5
_TYPE_ORDER = {"region": 0, "metric": 1, "source": 2}


class SearchHit(NamedTuple):
    type: str  # "region", "metric" or "source"
    id: str
    name: Named
    kinds: list[str]
    score: int
    matched: str  # which field matched
    text: str  # the text that matched


class SearchRecord(NamedTuple):
    """One match (docs/json-contract.md: `innov search`)."""

    id: str
    name: str
    kinds: list[str]
    matched: str
    text: str
    score: int
    type: str
    name_zh: str | None

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class _Phrase(NamedTuple):
    text: str  # casefolded
    penalty: int  # 0 for the query itself
    pattern: re.Pattern[str] | None  # whole-word pattern for short Latin words


def _phrase(text: str, penalty: int) -> _Phrase:
    words = text.split()
    short = not has_han(text) and any(len(w) <= _SHORT for w in words)
    pattern = None
    if short:
        # Every short word must stand alone; longer words may start or end a longer one.
        parts = [
            rf"(?<![\w.]){re.escape(w)}(?!\w)" if len(w) <= _SHORT else re.escape(w) for w in words
        ]
        pattern = re.compile(r"\s+".join(parts), re.IGNORECASE)
    return _Phrase(text, penalty, pattern)


def query_phrases(text: str) -> list[_Phrase]:
    """The query itself, then its synonyms and its sector's other-language term."""
    query = " ".join(text.casefold().split())
    phrases = [_phrase(query, 0)]
    related: list[str] = []
    for group in SYNONYMS:
        if query in group:
            related += group
    for english, chinese in SECTORS_ZH.items():
        if query in (english, chinese.casefold()):
            related += (english, chinese)
    for term in dict.fromkeys(related):
        if term != query:
            same_script = has_han(term) == has_han(query)
            phrases.append(_phrase(term, _SYNONYM_PENALTY + (0 if same_script else 1)))
    return phrases


_WORD = re.compile(r"[a-z]+")


def stem(word: str) -> str:
    """An English word without its plural or common inflection, so that "laboratory" finds
    "laboratories" and "cluster" finds "clusters": laboratories -> laboratory, patents ->
    patent, processes -> process, classes -> class (a word of three letters or fewer stays)."""
    if len(word) <= _SHORT:
        return word
    for ending, replacement in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh")):
        if word.endswith(ending):
            return word[: -len(ending)] + replacement
    if word.endswith(("xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def stemmed(text: str) -> str:
    """A casefolded text with every English word stemmed (Chinese is left as it is)."""
    return _WORD.sub(lambda m: stem(m.group()), text)


def _score(value: str, phrase: _Phrase, weight: int) -> int | None:
    """How well one field's text matches one phrase (as typed, else with plurals and
    inflections set aside, one point lower), or None."""
    folded = " ".join(value.casefold().split())
    score = _score_folded(folded, phrase, weight)
    if score is not None or has_han(phrase.text):
        return score
    loose = _phrase(stemmed(phrase.text), phrase.penalty + 1)
    return _score_folded(stemmed(folded), loose, weight)


def _score_folded(folded: str, phrase: _Phrase, weight: int) -> int | None:
    query = phrase.text
    if folded == query:
        score = weight + 20
    elif phrase.pattern is not None:
        found = phrase.pattern.search(folded)
        if found is None:
            return _all_words(folded, phrase, weight)
        score = weight + (10 if found.start() == 0 else 5)
    elif query in folded:
        at = folded.find(query)
        starts_word = at == 0 or not folded[at - 1].isalnum() or has_han(query)
        score = weight + (10 if at == 0 else 5 if starts_word else 0)
    else:
        return _all_words(folded, phrase, weight)
    return score - phrase.penalty


def _all_words(folded: str, phrase: _Phrase, weight: int) -> int | None:
    """Every word of a several-word query somewhere in the text (short words whole)."""
    words = phrase.text.split()
    if len(words) < 2:
        return None
    for word in words:
        if has_han(word) or len(word) > _SHORT:
            if word not in folded:
                return None
        elif re.search(rf"(?<![\w.]){re.escape(word)}(?!\w)", folded) is None:
            return None
    return weight - 10 - phrase.penalty


# Where `search` looks: what describes a region by default (names in both languages, aliases,
# focus sectors, platforms, and metric names); notes and sources only when asked.
PLACES = ("regions", "notes", "sources", "all")


def _candidates(
    kb: KnowledgeBase, where: str = "regions"
) -> Iterator[tuple[str, str, Named, list[str], list[Any]]]:
    """(type, id, names, kinds, [(field, text, weight)]) for everything searchable there."""
    describing = where in ("regions", "all")
    notes = where in ("notes", "all")
    sources = where in ("sources", "all")
    for region in kb.regions.values():
        fields: list[tuple[str, str, int]] = [("id", region.id, 100), ("name", region.name, 90)]
        if region.name_zh:
            fields.append(("name_zh", region.name_zh, 90))
        fields += [("alias", a, 85) for a in region.aliases]
        for sector in region.focus:
            fields.append(("focus", sector, 70))
            chinese = sector_zh(sector)
            if chinese:
                fields.append(("focus", chinese, 70))
        for platform in platforms_of(kb, region.id):
            fields.append(("platform", platform.name, 50))
            if platform.name_zh:
                fields.append(("platform", platform.name_zh, 50))
        if not describing:
            fields = []
        if region.note and notes:
            fields.append(("note", region.note, 30))
        if fields:
            yield (
                "region",
                region.id,
                Named(region.name, region.name_zh),
                list(region.kinds),
                fields,
            )
    for metric in kb.metrics.values():
        names = metric_names(metric)
        fields = [("id", metric.id, 80), ("name", metric.name, 75)]
        if names.zh:
            fields.append(("name_zh", names.zh, 75))
        fields += [("alias", a, 70) for a in metric.aliases]
        if not describing:
            fields = []
        if metric.description and notes:
            fields.append(("description", metric.description, 25))
        if fields:
            yield "metric", metric.id, names, [], fields
    for source in kb.sources.values() if sources else ():
        fields = [
            ("id", source.id, 60),
            ("title", source.title, 55),
            ("publisher", source.publisher, 45),
        ]
        if source.note:
            fields.append(("note", source.note, 20))
        yield "source", source.id, Named(source.title), [], fields


def search_regions(
    kb: KnowledgeBase, text: str, limit: int | None = None, where: str = "regions"
) -> list[SearchHit]:
    """Regions and metrics whose names, aliases, sectors (in English or Chinese) or platforms
    match, best first; with `where`, notes ("notes"), sources ("sources") or all of them."""
    if where not in PLACES:
        raise UsageProblem(
            msg("error.in_takes_got_a_r", a0=", ".join(PLACES), a1=where),
            hint=msg("error.innov_search_text_in_sources"),
        )
    if not text.strip():
        raise UsageProblem(
            msg("error.search_text"),
            hint=msg("hint.example", example='innov search "integrated circuits"'),
        )
    phrases = query_phrases(text)
    hits: list[SearchHit] = []
    for kind, entity_id, names, kinds, fields in _candidates(kb, where):
        best: SearchHit | None = None
        for field_name, value, weight in fields:
            for phrase in phrases:
                score = _score(value, phrase, weight)
                if score is not None and (best is None or score > best.score):
                    best = SearchHit(kind, entity_id, names, kinds, score, field_name, value)
        if best is not None:
            hits.append(best)
    hits.sort(key=lambda h: (-h.score, _TYPE_ORDER[h.type], h.id))
    return hits[:limit] if limit else hits


def search_view(hits: list[SearchHit]) -> Output:
    records = [
        SearchRecord(
            h.id, h.name.en, h.kinds, h.matched, h.text, h.score, h.type, h.name.zh
        )._asdict()
        for h in hits
    ]
    return list_output(
        hits,
        records,
        (
            Field("id", "header.id", lambda h: h.id, whole=True),
            Field("name", "header.name", lambda h: h.name),
            Field("kinds", "header.kind", _kind_cell),
            Field("text", "header.matched", _matched_cell),
        ),
        title=msg("title.matches", count=len(hits)),
        record_fields=SearchRecord._fields,
    )


def _matched_cell(hit: SearchHit) -> Msg:
    return msg("search.matched", field=msg(f"field.{hit.matched}"), text=hit.text)


def _kind_cell(hit: SearchHit) -> Msg:
    return kinds_text(hit.kinds) if hit.type == "region" else msg(f"type.{hit.type}")
