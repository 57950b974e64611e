"""The words of `innov check`: its table, verdicts, reasons and errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from innov_cli.view.language import _

CHECK_TEXTS: dict[str, str | Callable[[dict[str, Any]], str]] = {
    # innov check
    "title.check": lambda p: (
        _("Check: 1 claim") if p["count"] == 1 else _("Check: {count} claims").format(**p)
    ),
    "header.number": "#",
    "header.claim": "Claim",
    "header.verdict": "Verdict",
    "header.reason": "Reason",
    "verdict.supported": "supported",
    "verdict.contradicted": "contradicted",
    "verdict.partly": "partly",
    "verdict.unverifiable": "unverifiable",
    "check.verdict_cell": "{verdict}{marks}",
    "check.counts": (
        "{supported} supported, {contradicted} contradicted, {partly} partly, "
        "{unverifiable} unverifiable."
    ),
    "check.marks": (
        "§ rests on a secondary source; ‡ sources differ (innov show REGION lists them)."
    ),
    "check.nothing": "No checkable figure found in the text.",
    "check.no_metric": "innov holds no figure for “{words}”",
    "check.no_region": "the text names no region innov knows for this figure",
    "check.no_figure": "innov has no {metric} figure for {region}",
    "check.no_year": "innov has no {metric} for {region} in {year} (it has {years})",
    "check.unit": (
        "the claim's currency is not that of {metric} ({unit}), and innov converts no currency "
        "without a sourced rate"
    ),
    "check.match": (
        "matches innov's {found} ({where}) at the precision the claim states ({precision})"
    ),
    "check.holds": "innov's {found} ({where}) bears the claim out",
    "check.match_other": (
        "matches {found} ({where}), another release or source; innov's preferred figure is "
        "{preferred}"
    ),
    "check.bound_only": (
        "consistent with innov's {found} ({where}), which is not precise enough to confirm it"
    ),
    "check.differs": "innov has {found} ({where}), not {claimed}",
    "check.rank_differs": (
        "innov has {region} at {found} in the {edition} edition ({where}); {holder} holds the "
        "rank claimed"
    ),
    "check.latest": "{reason}; no year stated: compared with innov's latest, {year}",
    "check.no_ranking": "the text names no ranking innov holds for this claim",
    "check.no_country": "the text does not say whose places it counts",
    "check.no_edition": "innov holds no places of the {edition} edition",
    "check.top": "{count} of the top {top} in the {edition} edition are in {country}: {names}",
    "check.top_partial": (
        "innov holds {held} of the top {top} places of the {edition} edition; {count} of them "
        "are in {country} ({names})"
    ),
    "check.streak": "{region} was #1 in every edition from {first} to {last} ({count})",
    "check.streak_partial": (
        "{region} was #1 in all {held} of the {count} editions {first}–{last} that innov "
        "holds; not in innov: {missing}"
    ),
    "check.streak_broken": "{region} was not #1 in {broken}",
    "check.streak_none": "innov holds none of the editions {first}–{last} for {region}",
    "error.fail_on": "--fail-on takes {allowed}, got '{got}'",
    "error.check_input": "check needs a text: TEXT, --file FILE, or - for standard input",
    "error.check_two_inputs": "give the text once: TEXT, --file FILE or - (not both)",
    "error.check_too_big": "{where} is over {mib} MiB: not an article",
    "error.check_not_utf8": "{where} is not UTF-8 text (byte {at})",
    "hint.save_utf8": "save the article as UTF-8 text",
    "field.id": "id",
    "field.name": "name",
    "field.name_zh": "Chinese name",
    "field.alias": "alias",
    "field.focus": "focus",
    "field.platform": "platform",
    "field.note": "note",
    "field.description": "description",
    "field.title": "title",
    "field.publisher": "publisher",
    "type.metric": "metric",
    "type.source": "source",
}
