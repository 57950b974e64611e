"""Verdicts: each claim against the knowledge base's preferred figure, at the claim's own
precision, with the facts it rests on.

- supported: the figure matches at the precision the claim states (or the claim's bound holds);
- contradicted: it does not;
- partly: part of it holds, or innov's own figure is only a bound that the claim fits;
- unverifiable: innov has no figure for it (the reason says what was looked for).
A claim about something innov does not hold is never `supported`.
"""

from __future__ import annotations

from typing import NamedTuple

from innov_cli.check.claims import Claim
from innov_cli.check.quantities import unit_factor, unit_kind
from innov_cli.check.vocabulary import COUNTRY_NAMES
from innov_cli.commands.shared import rounding_unit
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Fact
from innov_cli.view.figures import format_number, format_value
from innov_cli.view.model import Msg, msg

VERDICTS = ("supported", "contradicted", "partly", "unverifiable")
_MATCH, _DIFFER, _CONSISTENT = "match", "differ", "consistent"
_OUTCOME = {_MATCH: "supported", _DIFFER: "contradicted", _CONSISTENT: "partly"}
# A last-digit allowance for binary fractions (11.5e12 / 1e9 is not exactly 11500).
_EPSILON = 1e-9


class Verdict(NamedTuple):
    claim: Claim
    verdict: str
    found: tuple[Fact, ...]
    reason: Msg
    year: int | None  # the data year compared (an edition is turned into its data year)


def judge(kb: KnowledgeBase, claim: Claim) -> Verdict:
    if claim.kind == "top":
        return _judge_top(kb, claim)
    if claim.metric is None:
        words = claim.metric_words or (claim.quantity.text if claim.quantity else "")
        return _none(claim, msg("check.no_metric", words=words))
    if claim.region is None:
        return _none(claim, msg("check.no_region"))
    if claim.kind == "streak":
        return _judge_streak(kb, claim)
    return _judge_figure(kb, claim)


def _none(claim: Claim, reason: Msg, year: int | None = None) -> Verdict:
    return Verdict(claim, "unverifiable", (), reason, year if year is not None else claim.year)


def data_year(kb: KnowledgeBase, claim: Claim) -> int | None:
    """The data year a claim is about: a ranking's edition is turned into its data year."""
    if claim.year is None:
        return None
    offset = kb.metrics[claim.metric].edition_offset if claim.metric else None
    return claim.year - offset if claim.edition and offset else claim.year


def edition_of(kb: KnowledgeBase, metric: str, year: int) -> int:
    return year + (kb.metrics[metric].edition_offset or 0)


def _facts(kb: KnowledgeBase, region: str, metric: str) -> list[Fact]:
    """The region's figures for the metric; a city's ranking may sit on a related region (the
    WIPO cluster around it)."""
    facts = [f for f in kb.facts_for_region(region) if f.metric == metric]
    if not facts and metric in ("wipo_cluster_rank", "nature_index_rank"):
        for other in kb.related_of(region):
            facts += [f for f in kb.facts_for_region(other) if f.metric == metric]
    return facts


def _where(kb: KnowledgeBase, fact: Fact) -> str:
    tier = kb.tier_of(fact) or "?"
    return f"{fact.year}, {tier}: {fact.source}"


def _judge_figure(kb: KnowledgeBase, claim: Claim) -> Verdict:
    assert claim.metric is not None and claim.region is not None
    metric = kb.metrics[claim.metric]
    region = kb.regions[claim.region]
    facts = _facts(kb, claim.region, claim.metric)
    if not facts:
        return _none(claim, msg("check.no_figure", metric=metric.name, region=region.name))
    year = data_year(kb, claim)
    if claim.carried and not any(f.year == year for f in facts):
        year = None  # a year from another sentence binds only when innov has that year
    stated = year is not None
    if year is None:
        year = max(f.year for f in facts)
    at_year = [f for f in facts if f.year == year]
    if not at_year:
        years = sorted({f.year for f in facts})
        return _none(
            claim,
            msg("check.no_year", metric=metric.name, region=region.name, year=year,
                years=", ".join(map(str, years))),
            year,
        )  # fmt: skip
    claimed = _claimed(claim, metric.unit)
    if claimed is None:
        return _none(claim, msg("check.unit", unit=metric.unit, metric=metric.name), year)
    best = kb.preferred(at_year)
    outcome = _compare(claimed, best)
    used = best
    if outcome != _MATCH:
        for other in at_year:
            if other is not best and _compare(claimed, other) == _MATCH:
                outcome, used = _MATCH, other
                break
    found = (used,) if used is best else (used, best)
    words = {
        "found": format_value(used, metric.unit),
        "where": _where(kb, used),
        "claimed": claim.quantity.text if claim.quantity else "",
        "precision": _precision(claimed, metric.unit),
    }
    if outcome == _MATCH and used is not best:
        reason = msg("check.match_other", preferred=format_value(best, metric.unit), **words)
    elif outcome == _MATCH:
        reason = msg("check.match" if claimed.qualifier in (None, "~") else "check.holds", **words)
    elif outcome == _CONSISTENT:
        reason = msg("check.bound_only", **words)
    elif claim.kind == "rank":
        holders = [f for f in _ranked(kb, claim.metric, year) if f.value == claim.number]
        holder = kb.regions[holders[0].region].name if holders else "—"
        reason = msg(
            "check.rank_differs",
            region=region.name,
            edition=edition_of(kb, claim.metric, year),
            holder=holder,
            **words,
        )
    else:
        reason = msg("check.differs", **words)
    if not stated:
        reason = msg("check.latest", reason=reason, year=year)
    return Verdict(claim, _OUTCOME[outcome], found, reason, year)


class _Claimed(NamedTuple):
    value: float  # in the metric's unit
    step: float  # the place of the claim's last digit, in the metric's unit
    qualifier: str | None
    rank: bool


def _claimed(claim: Claim, unit: str) -> _Claimed | None:
    if claim.kind == "rank":
        return _Claimed(float(claim.number or 0), 1.0, None, True)
    q = claim.quantity
    assert q is not None
    _, currency = unit_kind(unit)
    if q.kind == "money" and q.currency not in (None, currency):
        return None
    factor = unit_factor(unit)
    return _Claimed(q.value / factor, q.step / factor, q.qualifier, False)


def _precision(claimed: _Claimed, unit: str) -> str:
    half = claimed.step / 2
    if claimed.rank or half < 1e-12:
        return "exact"
    number = format_number(round(half, 10))
    return f"±{number}" + ("" if unit in ("count", "%") else f" {unit}")


def _fact_step(fact: Fact) -> float:
    rounded = fact.qualifier == "~" or "rounded" in fact.flags or fact.confidence == "approximate"
    return rounding_unit(fact.value) if rounded else 0.0


def _compare(claimed: _Claimed, fact: Fact) -> str:
    """Whether a fact bears a claim out, contradicts it, or (being a bound) cannot tell."""
    c, v = claimed.value, float(fact.value)
    slack = _EPSILON * max(1.0, abs(c), abs(v))
    if claimed.rank:
        return _MATCH if fact.qualifier in (None, "~") and v == c else _DIFFER
    tolerance = max(claimed.step, _fact_step(fact)) / 2
    if claimed.qualifier == "~":
        tolerance = max(claimed.step, _fact_step(fact))
    f_low = fact.qualifier in (">", ">=")
    f_high = fact.qualifier in ("<", "<=")
    q = claimed.qualifier
    if not f_low and not f_high:  # innov's figure is a value
        if q in (None, "~"):
            if abs(v - c) > tolerance + slack:
                return _DIFFER
            # A claim more precise than innov's rounded figure fits it but is not confirmed.
            return _CONSISTENT if _fact_step(fact) > claimed.step + slack else _MATCH
        if q == ">":
            return _MATCH if v > c + slack else _DIFFER
        if q == ">=":
            return _MATCH if v >= c - slack else _DIFFER
        if q == "<":
            return _MATCH if v < c - slack else _DIFFER
        return _MATCH if v <= c + slack else _DIFFER
    if f_low:  # innov knows only that the figure exceeds v
        if q in (">", ">="):
            return _MATCH if c <= v + slack else _CONSISTENT
        if q in ("<", "<="):
            return _DIFFER if c <= v + slack else _CONSISTENT
        return _CONSISTENT if c > v - tolerance else _DIFFER
    if q in ("<", "<="):
        return _MATCH if c >= v - slack else _CONSISTENT
    if q in (">", ">="):
        return _DIFFER if c >= v - slack else _CONSISTENT
    return _CONSISTENT if c < v + tolerance else _DIFFER


def _ranked(kb: KnowledgeBase, metric: str, year: int) -> list[Fact]:
    """The preferred rank of every region in one edition, best first."""
    groups: dict[str, list[Fact]] = {}
    for fact in kb.facts_for_metric(metric):
        if fact.year == year:
            groups.setdefault(fact.region, []).append(fact)
    ranks = [kb.preferred(group) for group in groups.values()]
    return sorted(ranks, key=lambda f: f.value)


def _judge_top(kb: KnowledgeBase, claim: Claim) -> Verdict:
    if claim.metric is None:
        return _none(claim, msg("check.no_ranking"))
    if claim.country is None:
        return _none(claim, msg("check.no_country"))
    metric = claim.metric
    facts = kb.facts_for_metric(metric)
    if not facts:
        return _none(claim, msg("check.no_figure", metric=kb.metrics[metric].name, region="—"))
    year = data_year(kb, claim)
    stated = year is not None
    if year is None:
        year = max(f.year for f in facts)
    top = claim.top or 0
    ranked = [f for f in _ranked(kb, metric, year) if f.qualifier is None and f.value <= top]
    if not ranked:
        return _none(claim, msg("check.no_edition", edition=edition_of(kb, metric, year)), year)
    places = {int(f.value) for f in ranked}
    theirs = [f for f in ranked if kb.regions[f.region].country == claim.country]
    held, count, claimed = len(places), len(theirs), claim.number or 0
    names = ", ".join(f"#{int(f.value)} {kb.regions[f.region].name}" for f in theirs)
    words = {
        "count": count,
        "top": top,
        "edition": edition_of(kb, metric, year),
        "country": COUNTRY_NAMES.get(claim.country, claim.country),
        "names": names or "—",
        "held": held,
    }
    # The counts the claim allows, and those innov's places allow (missing places may be
    # anyone's).
    if claim.bound == ">":
        allowed = range(claimed + 1, top + 1)
    elif claim.bound == ">=":
        allowed = range(claimed, top + 1)
    else:
        allowed = range(claimed, claimed + 1)
    possible = range(count, count + (top - held) + 1)
    if held >= top:
        verdict = "supported" if count in allowed else "contradicted"
        reason = msg("check.top", **words)
    elif all(n in allowed for n in possible):
        verdict, reason = "supported", msg("check.top_partial", **words)
    elif any(n in allowed for n in possible):
        verdict, reason = "partly", msg("check.top_partial", **words)
    else:
        verdict, reason = "contradicted", msg("check.top_partial", **words)
    if not stated:
        reason = msg("check.latest", reason=reason, year=year)
    return Verdict(claim, verdict, tuple(theirs), reason, year)


def _judge_streak(kb: KnowledgeBase, claim: Claim) -> Verdict:
    assert claim.metric is not None and claim.region is not None
    metric, region = claim.metric, kb.regions[claim.region]
    facts = _facts(kb, claim.region, metric)
    if not facts:
        return _none(
            claim, msg("check.no_figure", metric=kb.metrics[metric].name, region=region.name)
        )
    by_year: dict[int, list[Fact]] = {}
    for fact in facts:
        by_year.setdefault(fact.year, []).append(fact)
    last = data_year(kb, claim) if claim.year and claim.since is None else None
    last = last if last is not None else max(by_year)
    first = claim.since if claim.since is not None else last - (claim.number or 1) + 1
    years = list(range(first, last + 1))
    held = {y: kb.preferred(by_year[y]) for y in years if y in by_year}
    broken = [y for y, f in held.items() if f.value != 1 or f.qualifier not in (None, "~")]
    missing = [y for y in years if y not in held]
    editions = [edition_of(kb, metric, y) for y in years]
    words = {
        "region": region.name,
        "count": len(years),
        "held": len(held),
        "first": editions[0],
        "last": editions[-1],
        "missing": ", ".join(str(edition_of(kb, metric, y)) for y in missing) or "—",
        "broken": ", ".join(
            f"{edition_of(kb, metric, y)} (#{format_number(held[y].value)})" for y in broken
        ),
    }
    used = tuple(held[y] for y in years if y in held)
    if broken:
        return Verdict(claim, "contradicted", used, msg("check.streak_broken", **words), last)
    if not held:
        return _none(claim, msg("check.streak_none", **words), last)
    if missing:
        return Verdict(claim, "partly", used, msg("check.streak_partial", **words), last)
    return Verdict(claim, "supported", used, msg("check.streak", **words), last)
