"""Every sentence innov shows a person, in one place (ready for translation).

Views carry `Msg` keys and parameters; `say` turns one into text. Machine formats never carry
these sentences except as notes in JSON documents, which are always worded in English so
that scripts see the same bytes whatever the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from innov_cli.view.model import Figure, Mark, Msg, Text


def _counts(counts: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{country} {n}" for country, n in counts)


def _rank_title(p: dict[str, Any]) -> str:
    title = p["metric"] if p.get("unit") is None else f"{p['metric']} ({p['unit']})"
    if p.get("kind"):
        title += f", {p['kind']} regions"
    if p.get("year") is not None:
        title += f", {p['year']}"
        if p.get("edition") is not None:
            title += f" (ed. {p['edition']})"
    return title


def _mixed_years(p: dict[str, Any]) -> str:
    years = ", ".join(map(str, p["years"]))
    return (
        f"Values come from different years: {years}. Each region shows its {p['reference']}"
        " value where it has one, otherwise its latest."
    )


def _sources_differ(p: dict[str, Any]) -> str:
    return "Sources differ: " + "; ".join(f"{v} per {s}" for v, s in p["others"]) + "."


def _footnote(p: dict[str, Any]) -> str:
    return f"[{p['number']}] " + " ".join(say(part) for part in p["parts"])


def _axis(p: dict[str, Any]) -> str:
    unit = p["unit"]
    if unit == "rank":
        return "Published rank (#1 is best; a longer bar is a better position)"
    return str({"%": "Per cent", "count": "Number"}.get(unit, unit))


def _panel(p: dict[str, Any]) -> str:
    title = p["metric"] if p.get("unit") is None else f"{p['metric']} ({p['unit']})"
    return title if p.get("years") is None else f"{title}, {p['years']}"


def _kinds(kinds: Sequence[str]) -> str:
    return " and ".join(kinds) + " regions"


def _trend_chart_title(p: dict[str, Any]) -> str:
    title = f"{p['region']} ({p['kind']})"
    if p.get("metric"):
        title += f": {p['metric']}"
    return f"{title}, {p['years']}"


def _cited(p: dict[str, Any]) -> str:
    sources = "; ".join(f"{publisher} ({year})" for publisher, year in p["sources"])
    made = f"Chart:\u00a0innov\u00a0{p['version']}"  # no-break spaces: kept on one line
    return f"Sources: {sources}. {made}" if sources else made


# Each key: a template (str.format over the parameters) or a function of the parameters.
TEXTS: dict[str, str | Callable[[dict[str, Any]], str]] = {
    "verbatim": "{text}",
    # column headers
    "header.region": "Region",
    "header.rank": "Rank",
    "header.value": "Value",
    "header.year": "Year",
    "header.metric": "Metric",
    "header.source": "Source",
    "header.note": "Note",
    "header.id": "Id",
    "header.name": "Name",
    "header.kind": "Kind",
    "header.matched": "Matched",
    "header.chinese": "Chinese",
    "header.country": "Country",
    "header.unit": "Unit",
    "header.better": "Better",
    "header.facts": "Facts",
    "header.years": "Years",
    "header.publisher": "Publisher",
    "header.title": "Title",
    "header.date": "Date",
    "header.url": "URL",
    "header.confidence": "Confidence",
    # row labels
    "label.id": "Id",
    "label.name": "Name",
    "label.name_zh": "Chinese name",
    "label.aliases": "Also called",
    "label.kind": "Kind",
    "label.country": "Country",
    "label.part_of": "Part of",
    "label.members": "Members",
    "label.strategy_since": "Strategy since",
    "label.focus": "Focus sectors",
    "label.platforms": "Flagship platforms",
    "label.note": "Note",
    # titles
    "title.rank": _rank_title,
    "title.compare": lambda p: "Compare: " + " vs ".join(p["names"]),
    "title.focus_platforms": "Focus and platforms",
    "title.figures": "Figures",
    "title.other_figures": "Other figures (not preferred: less exact, older, or disagreeing)",
    "title.trend": lambda p: f"{p['metric']}: " + " → ".join(p["path"]),
    "title.matches": "{count} matches",
    "title.regions": "{count} regions",
    "title.metrics": "{count} metrics",
    "title.sources": "{count} sources",
    "title.facts": "{count} facts",
    # notes and legends
    "note.no_match": "No regions match.",
    "note.mixed_years": _mixed_years,
    "note.top10_by_country": lambda p: f"Top 10 by country: {_counts(p['counts'])}.",
    "note.all_ranked_by_country": lambda p: f"All ranked: {_counts(p['counts'])}.",
    "note.no_rank_in_sources": (
        "— : no rank in the sources for this edition (not necessarily unranked)."
    ),
    "legend.confidence": (
        "≈ approximate, † derived (the note says how); unmarked figures are exact."
    ),
    "legend.leader": "▲ marks the leader of each row.",
    "note.compare_mixed_years": "Rows marked * compare values from different years.",
    "note.wipo_boundaries": (
        "WIPO science-and-technology clusters use WIPO's density-based boundaries, "
        "not administrative ones: they are not the same areas as provinces or clusters."
    ),
    "note.cluster_totals": (
        "Clusters contain several provinces or cities: totals are not like for like."
    ),
    "note.sources_disagree": (
        "Sources disagree on some figures: see 'Sources differ' in the notes above."
    ),
    "note.wipo_cluster": "A WIPO cluster: WIPO's own name and density-based boundary.",
    "note.edition": "{edition} edition.",
    "note.sources_differ": _sources_differ,
    "footnote": _footnote,
    "note.no_figures": "No figures.",
    "note.no_figures_region": "No figures for this region.",
    "note.wipo_method_2025": (
        "WIPO changed its cluster method in 2025 (venture-capital deals added): "
        "moves between 2024 and 2025 mix real change with the new method."
    ),
    "note.rank_up_means_better": "For ranks, 'up' means a better (smaller) position.",
    # charts and reports
    "chart.axis": _axis,
    "chart.panel": _panel,
    "chart.title.trend": _trend_chart_title,
    "chart.compare_subtitle": lambda p: f"{_kinds(p['kinds'])}, latest figures ({p['years']})",
    "chart.other_years": (
        "A year beside a value: the region's latest figure, from another year than {year}."
    ),
    "chart.no_value": "No bar: no figure in the sources (not necessarily zero or unranked).",
    "chart.left_out": (
        "{count} other metrics are not charted (a figure for only one region, or beyond eight "
        "panels): see the table."
    ),
    "chart.left_out_series": "{count} more series are not charted: see the table.",
    "chart.years_differ": (
        "Where a panel's title has no year, its figures come from the years beside them."
    ),
    "chart.series_break": "A line stops where the publisher changed its method (a series break).",
    "chart.new_method": "new method",
    "chart.gaps": "Missing years are gaps: no line is drawn across them.",
    "chart.footer": _cited,
    "chart.no_figures": "No figures to draw.",
    "chart.hatched": "Hatched bars and open markers: figures that are not exact (≈ or †).",
    "chart.first_rows": (
        "The first {shown} of {total} are drawn: use --top for fewer, or see the table."
    ),
    "chart.axis_short": lambda p: {"rank": "Rank", "%": "Per cent", "count": "Number"}.get(
        p["unit"], p["unit"]
    ),
    "chart.no_cjk_font": (
        "no CJK-capable font found: the PNG shows English names instead of Chinese ones "
        "(install one, e.g. `apt-get install fonts-noto-cjk`)"
    ),
    "report.sources": "Sources",
    "report.data": "The rows as JSON",
    "report.via": "read via",
    "report.tier": "tier",
    "report.made": "Made with innov {version} from its sourced knowledge base.",
    "arrow.up": "▲",
    "arrow.down": "▼",
    "arrow.same": "=",
}

# Marks drawn before a figure's text, and after it.
MARKS_BEFORE: dict[Mark, str] = {Mark.LEADER: "▲ "}
MARKS_AFTER: dict[Mark, str] = {
    Mark.APPROXIMATE: " ≈",
    Mark.DERIVED: " †",
    Mark.SECONDARY: " §",
    Mark.OTHER_YEAR: " *",
}


def say(text: Text | Figure) -> str:
    """The words for a message (or a figure with its marks); a plain string is itself."""
    if isinstance(text, str):
        return text
    if isinstance(text, Figure):
        before = "".join(MARKS_BEFORE.get(m, "") for m in text.marks)
        after = "".join(MARKS_AFTER.get(m, "") for m in text.marks)
        return before + text.text + after
    template = TEXTS[text.key]
    if callable(template):
        return template(text.params)
    return template.format(**text.params)


def plain(value: Any) -> Any:
    """JSON-ready data: messages inside it worded (in English: scripts never notice)."""
    if isinstance(value, Msg):
        return say(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
