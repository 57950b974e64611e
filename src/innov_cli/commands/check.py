"""`innov check`: the claims in a text, each judged against the knowledge base.

The record (docs/json-contract.md: `innov check`) quotes each claim by its offsets into the
input, says what innov took it to be about, the figure claimed, the facts found (with source
and tier) and the verdict with its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from innov_cli.check.claims import Claim, Sentence, find_claims, sentences
from innov_cli.check.judge import VERDICTS, Verdict, edition_of, judge
from innov_cli.check.quantities import unit_factor
from innov_cli.commands.shared import preferred_values, source_refs, sources_differ
from innov_cli.errors import ExitCode, UsageProblem
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Fact
from innov_cli.view.model import Cell, Column, Highlight, Msg, Output, TableView, msg

# Longest stretch of a sentence quoted around a claim in the table.
_QUOTE = 240


class CheckRecord(NamedTuple):
    """One claim and its verdict (docs/json-contract.md: `innov check`)."""

    number: int
    text: str
    start: int
    end: int
    sentence: str
    verdict: str
    region: str | None
    metric: str | None
    year: int | None
    edition: int | None
    claimed: dict[str, Any]
    found: list[dict[str, Any]]
    reason: Msg

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


class Checked(NamedTuple):
    text: str
    parts: list[Sentence]
    verdicts: list[Verdict]


def check_text(kb: KnowledgeBase, text: str) -> Checked:
    """Find every claim in `text` and judge it (the knowledge base should include derived
    figures: kb.derive.with_derived)."""
    claims = find_claims(kb, text)
    return Checked(text, sentences(text), [judge(kb, claim) for claim in claims])


def fail_on(verdicts: Sequence[str]) -> tuple[str, ...]:
    """The verdicts that make `check` exit with status 5, checked before any work."""
    wrong = [v for v in verdicts if v not in VERDICTS[1:]]
    if wrong:
        allowed = ", ".join(VERDICTS[1:])
        raise UsageProblem(
            msg("error.fail_on", allowed=allowed, got=wrong[0]),
            hint=msg(
                "hint.example", example="innov check --file article.txt --fail-on contradicted"
            ),
        )
    return tuple(verdicts)


def _found(kb: KnowledgeBase, fact: Fact) -> dict[str, Any]:
    same_key = [
        f
        for f in kb.facts_for_region(fact.region)
        if f.metric == fact.metric and f.year == fact.year
    ]
    value = preferred_values(kb, same_key)[(fact.region, fact.year)]
    tier = kb.tier_of(fact)
    metric = kb.metrics[fact.metric]
    return {
        "region": fact.region,
        "metric": fact.metric,
        "year": fact.year,
        "edition": edition_of(kb, fact.metric, fact.year)
        if metric.edition_offset
        else fact.edition,
        "value": fact.value,
        "unit": metric.unit,
        "qualifier": fact.qualifier,
        "source": fact.source,
        "tier": tier,
        "release": kb.release_of(fact),
        "preferred": kb.is_preferred(fact) or len(same_key) == 1,
        "secondary": tier == "secondary",
        "sources_differ": sources_differ(value),
    }


def _claimed(kb: KnowledgeBase, claim: Claim) -> dict[str, Any]:
    if claim.kind == "top":
        return {"value": claim.number, "unit": f"of top {claim.top}", "qualifier": claim.bound}
    if claim.kind == "streak":
        if claim.since is not None:
            return {"value": claim.since, "unit": "first since", "qualifier": None}
        return {"value": claim.number, "unit": "years first", "qualifier": None}
    if claim.kind == "rank":
        return {"value": claim.number, "unit": "rank", "qualifier": None}
    q = claim.quantity
    assert q is not None
    if claim.metric:  # in the metric's unit, as the facts found are
        unit = kb.metrics[claim.metric].unit
        value = q.value / unit_factor(unit)
    else:  # as written
        unit = {"money": q.currency or "", "percent": "%", "people": "people"}.get(q.kind, "")
        value = q.value
    return {
        "value": int(value) if float(value).is_integer() else round(value, 10),
        "unit": unit or "count",
        "qualifier": q.qualifier,
    }


def _quote(text: str, sentence: Sentence, claim: Claim) -> str:
    """The claim's sentence with the figure marked «like this», shortened around it."""
    before = text[sentence.start : claim.start]
    after = text[claim.end : sentence.end]
    if len(before) > _QUOTE // 2:
        before = "…" + before[-(_QUOTE // 2) :]
    if len(after) > _QUOTE // 2:
        after = after[: _QUOTE // 2] + "…"
    return " ".join(f"{before}«{text[claim.start : claim.end]}»{after}".split())


def check_records(kb: KnowledgeBase, checked: Checked) -> list[CheckRecord]:
    records = []
    for number, verdict in enumerate(checked.verdicts, start=1):
        claim = verdict.claim
        sentence = checked.parts[claim.sentence]
        metric = claim.metric
        edition = None
        if metric and verdict.year is not None and kb.metrics[metric].edition_offset:
            edition = edition_of(kb, metric, verdict.year)
        records.append(
            CheckRecord(
                number=number,
                text=checked.text[claim.start : claim.end],
                start=claim.start,
                end=claim.end,
                sentence=sentence.text,
                verdict=verdict.verdict,
                region=claim.region if claim.kind != "top" else None,
                metric=metric,
                year=verdict.year,
                edition=edition,
                claimed=_claimed(kb, claim),
                found=[_found(kb, fact) for fact in verdict.found],
                reason=verdict.reason,
            )
        )
    return records


def _marks(record: CheckRecord) -> str:
    marks = ""
    if any(f["secondary"] for f in record.found):
        marks += " §"
    if any(f["sources_differ"] for f in record.found):
        marks += " ‡"
    return marks


def check_view(kb: KnowledgeBase, checked: Checked, failing: Sequence[str] = ()) -> Output:
    records = check_records(kb, checked)
    counts = {v: sum(r.verdict == v for r in records) for v in VERDICTS}
    data = {"claims": [r.to_dict() for r in records], "counts": counts}

    def tables() -> list[TableView]:
        rows: list[list[Cell]] = [
            [
                str(r.number),
                _quote(checked.text, checked.parts[v.claim.sentence], v.claim),
                msg("check.verdict_cell", verdict=msg(f"verdict.{r.verdict}"), marks=_marks(r)),
                r.reason,
            ]
            for r, v in zip(records, checked.verdicts, strict=True)
        ]
        notes: list[Msg] = [msg("check.counts", **counts)]
        if any(_marks(r) for r in records):
            notes.append(msg("check.marks"))
        if not records:
            notes = [msg("check.nothing")]
        view = TableView(
            [
                Column(msg("header.number"), justify="right", key="number"),
                Column(msg("header.claim"), key="text"),
                Column(msg("header.verdict"), whole=True, key="verdict"),
                Column(msg("header.reason"), key="reason"),
            ],
            rows,
            title=msg("title.check", count=len(records)),
            notes=list(notes),
        )
        return [view]

    cited = [f["source"] for r in records for f in r.found]
    output = Output(
        data,
        [r.to_dict() for r in records],
        tables,
        columns=CheckRecord._fields,
        sources=source_refs(kb, cited),
        records_at="claims",
        article=_highlights(checked.text, records),
    )
    failed = any(r.verdict in failing for r in records)
    output.exit_code = ExitCode.CLAIMS_FAILED if failed else ExitCode.OK
    return output


def _highlights(text: str, records: Sequence[CheckRecord]) -> list[Highlight]:
    """The text cut into plain stretches and claims, for the HTML form."""
    pieces: list[Highlight] = []
    at = 0
    for r in sorted(records, key=lambda r: r.start):
        if r.start < at:
            continue
        if r.start > at:
            pieces.append(Highlight(text[at : r.start]))
        sources = tuple(dict.fromkeys(f["source"] for f in r.found))
        pieces.append(Highlight(text[r.start : r.end], r.verdict, r.number, sources, r.reason))
        at = r.end
    if at < len(text):
        pieces.append(Highlight(text[at:]))
    return pieces
