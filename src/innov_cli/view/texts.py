"""The words of tables, notes, titles, charts and reports: each key a template
(`str.format` over its parameters) or a function of them. Every fragment a function words is
marked with `_()`, so that the catalog test finds it. Errors and hints are in `error_texts.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from innov_cli.view.language import _
from innov_cli.view.model import Figure, Msg, Text


def say(text: Text | Figure) -> str:
    """A nested message worded in the language being spoken (see `wording.say`)."""
    from innov_cli.view.wording import say as wording_say  # wording imports this module

    return wording_say(text)


def _counts(counts: Sequence[tuple[str, int]]) -> str:
    return _(", ").join(_("{country} {n}").format(country=country, n=n) for country, n in counts)


def _rank_title(p: dict[str, Any]) -> str:
    title = p["metric"] if p.get("unit") is None else _("{metric} ({unit})").format(**p)
    if p.get("kind"):
        title += _(", {kind} regions").format(kind=say(p["kind"]))
    if p.get("latest_each"):
        title += _(", each region's latest year")
    elif p.get("year") is not None:
        title += _(", {year}").format(year=p["year"])
        if p.get("edition") is not None:
            title += _(" (ed. {edition})").format(edition=p["edition"])
    return title


def _coverage_title(p: dict[str, Any]) -> str:
    kind = say(Msg(f"kind.{p['kind']}")) if p.get("kind") else None
    what = p["metric"] or _("Figures")
    if kind:
        return _("Coverage: {what}, {kind} regions").format(what=what, kind=kind)
    return _("Coverage: {what}").format(what=what)


def _coverage_year(p: dict[str, Any]) -> str:
    kind = say(Msg(f"kind.{p['kind']}")) if p.get("kind") else None
    if kind:
        return _("{metric}, {kind} regions: {filled} of {total} have a {year} value.").format(
            metric=p["metric"], kind=kind, **{k: p[k] for k in ("filled", "total", "year")}
        )
    return _("{metric}: {filled} of {total} regions have a {year} value.").format(
        metric=p["metric"], **{k: p[k] for k in ("filled", "total", "year")}
    )


def _coverage(p: dict[str, Any]) -> str:
    kind = say(Msg(f"kind.{p['kind']}")) if p.get("kind") else None
    text = (
        _("{with_value} of {candidates} {kind} regions have a {year} value")
        if kind
        else _("{with_value} of {candidates} regions have a {year} value")
    ).format(kind=kind, **{k: p[k] for k in ("with_value", "candidates", "year")})
    ways = []
    if p["older"]:
        text += _("; {older} more have values for other years").format(older=p["older"])
        ways = [_("--year YEAR"), _("--latest-each to rank each region's latest with its year")]
    if p["none"]:
        text += _("; {none} have none").format(none=p["none"])
    ways.append(_("--all to list the regions without one"))
    return text + _(" ({ways}).").format(ways=_(", or ").join(ways))


def _years(years: Sequence[int]) -> str:
    return _(", ").join(map(str, years))


def _mark_words(p: dict[str, Any]) -> str:
    words = {
        "approximate": _("≈ approximate"),
        "derived": _("† derived (the note says how)"),
        "secondary": _("§ best source is secondary (see `innov sources`)"),
        "other-year": _("* its own year (the regions share none in this row)"),
        "leader": _("▲ leader of the row"),
        "differ": _("‡ sources differ (the preferred figure is shown; `innov show` lists all)"),
    }
    return _("; ").join([*(words[m] for m in p["marks"]), _("unmarked figures are exact")]) + _(".")


def _import_done(p: dict[str, Any]) -> str:
    years = p["years"]
    span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
    metrics = p["metrics"]
    what = (
        _(", ").join(metrics)
        if len(metrics) <= 3
        else _("{count} metrics").format(count=len(metrics))
    )
    return _("innov: wrote {facts} facts ({regions} regions; {what}; {span}) to {path}").format(
        facts=p["facts"], regions=p["regions"], what=what, span=span, path=p["path"]
    )


def _statistic(p: dict[str, Any]) -> str:
    """Producer; release (date), revised for what; basis; flags: "which statistic" in words."""
    parts = [_("Producer: {producer}").format(producer=p["producer"])]
    release = p.get("release")
    if release:
        words = {"first": _("first release"), "final": _("final release"), "revised": _("revised")}
        text = words[release]
        if release == "revised" and p.get("revision"):
            text += " " + _("({revision})").format(revision=p["revision"])
        if p.get("date"):
            text += " " + _("of {date}").format(date=p["date"])
        parts.append(text)
    if p.get("basis") and p.get("basis") != p.get("revision"):
        parts.append(_("on the basis of the {basis}").format(basis=p["basis"]))
    if p.get("flags"):
        parts.append(_("flags: {flags}").format(flags=", ".join(p["flags"])))
    return _("; ").join(parts) + _(".")


def _sources_differ(p: dict[str, Any]) -> str:
    differ = _("; ").join(
        _("{value} per {source}").format(value=v, source=s) for v, s in p["others"]
    )
    return _("Sources differ: {list}.").format(list=differ)


def _footnote(p: dict[str, Any]) -> str:
    return _("[{number}] ").format(number=p["number"]) + _(" ").join(
        say(part) for part in p["parts"]
    )


def _kinds(p: dict[str, Any]) -> str:
    return _(", ").join(say(Msg(f"kind.{kind}")) for kind in p["kinds"])


def _axis(p: dict[str, Any]) -> str:
    unit = p["unit"]
    if unit == "rank":
        return _("Published rank (#1 is best; a longer bar is a better position)")
    return str({"%": _("Per cent"), "count": _("Number")}.get(unit, unit))


def _panel(p: dict[str, Any]) -> str:
    title = p["metric"] if p.get("unit") is None else _("{metric} ({unit})").format(**p)
    return title if p.get("years") is None else _("{title}, {years}").format(title=title, **p)


def _chart_kinds(kinds: Sequence[str]) -> str:
    words = _(" and ").join(say(Msg(f"kind.{k}")) for k in kinds)
    return _("{kinds} regions").format(kinds=words)


def _trend_chart_title(p: dict[str, Any]) -> str:
    title = _("{region} ({kind})").format(region=p["region"], kind=p["kind"])
    if p.get("metric"):
        title += _(": {metric}").format(metric=p["metric"])
    return _("{title}, {years}").format(title=title, years=p["years"])


def _cited(p: dict[str, Any]) -> str:
    sources = _("; ").join(
        _("{publisher} ({year})").format(publisher=publisher, year=year)
        for publisher, year in p["sources"]
    )
    made = _("Chart:\u00a0innov\u00a0{version}").format(version=p["version"])
    if not sources:
        return made
    return _("Sources: {sources}. {made}").format(sources=sources, made=made)


def _trend_title(p: dict[str, Any]) -> str:
    # A series break is drawn as " | ", never as an arrow: the figures do not join.
    breaks = set(p.get("breaks", ()))
    path = "".join(
        ("" if n == 0 else " | " if n in breaks else " → ") + str(step)
        for n, step in enumerate(p["path"])
    )
    return _("{metric}: ").format(metric=p["metric"]) + path


def _compare_subtitle(p: dict[str, Any]) -> str:
    return _("{kinds}, latest figures ({years})").format(
        kinds=_chart_kinds(p["kinds"]), years=p["years"]
    )


def _axis_short(p: dict[str, Any]) -> str:
    return str(
        {"rank": _("Rank"), "%": _("Per cent"), "count": _("Number")}.get(p["unit"], p["unit"])
    )


# Each key: a template (str.format over the parameters) or a function of the parameters.


# Each key: a template (str.format over the parameters) or a function of the parameters.
TEXTS: dict[str, str | Callable[[dict[str, Any]], str]] = {
    "verbatim": "{text}",
    "import.done": _import_done,
    # column headers
    "header.region": "Region",
    "header.rank": "Rank",
    "header.value": "Value",
    "header.real_growth": "Real growth",
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
    "header.tier": "Tier",
    "header.via": "Read via",
    "tier.primary": "primary",
    "tier.official-media": "official media",
    "tier.secondary": "secondary",
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
    "title.compare": lambda p: _("Compare: ") + _(" vs ").join(p["names"]),
    "title.focus_platforms": "Focus and platforms",
    "title.figures": "Figures",
    "title.other_figures": "Other figures (not preferred: less exact, older, or disagreeing)",
    "title.trend": _trend_title,
    "title.matches": lambda p: (
        _("{count} match") if p["count"] == 1 else _("{count} matches")
    ).format(**p),
    "title.regions": "{count} regions",
    "title.metrics": "{count} metrics",
    "title.sources": "{count} sources",
    "title.facts": "{count} facts",
    # notes and legends
    "note.no_match": "No regions match.",
    "title.coverage": _coverage_title,
    "note.coverage_year": _coverage_year,
    "note.coverage_cells": "{filled} of {cells} cells filled.",
    "note.coverage_latest": "Each metric's column is the newest year any of these regions has it.",
    "note.coverage_left_out": "{count} older columns left out: --year YEAR shows them.",
    "legend.coverage": (
        "P primary source, M official media, S secondary source (the best source of the figure);"
        " D derived by innov (a sum over every member, or a ratio; innov show REGION gives the"
        " working);"
        " — no figure."
    ),
    "note.coverage_panel": (
        "The panel: {filled} of {cells} cells filled (--by METRIC for one metric's every year)."
    ),
    "note.coverage": _coverage,
    "note.default_year": lambda p: _(
        "Ranked year {year}: the newest year in which most regions with a figure have one "
        "({with_value} of {field}); regions with a newer figure: {newer} (up to {newest}: "
        "--year {newest}, or --latest-each)."
    ).format(**p),
    "note.no_rank_in_sources": (
        "— : no rank in the sources for this edition (not necessarily unranked)."
    ),
    "note.latest_each": lambda p: _(
        "Each region's latest value: years {years} are mixed, as the Year column shows."
    ).format(years=_years(p["years"])),
    "legend.marks": _mark_words,
    "hint.edition_not_year": lambda p: _(
        "No figures describe {year}: the {year} edition describes {data_year}."
        " Try --edition {year} or --year {data_year}."
    ).format(year=p["year"], data_year=p["data_year"]),
    "hint.no_year": lambda p: _(
        "{metric} has no figures for {year}; years with figures: {years}."
    ).format(metric=p["metric"], year=p["year"], years=_years(p["years"])),
    "hint.no_edition": lambda p: _("{metric} has no edition {edition}; editions: {years}.").format(
        metric=p["metric"], edition=p["edition"], years=_years(p["years"])
    ),
    "note.compare_bases": lambda p: _(
        "{metric} {year}: {regions} on the {basis} basis, the others as first published; "
        "part of the gap is the revision, not the economy."
    ).format(metric=p["metric"], year=p["year"], regions=p["regions"], basis=p["basis"]),
    "note.coverage_none": lambda p: _("No {kind} region has a figure for {metric}.").format(
        kind=p["kind"] or _("any"), metric=p["metric"]
    ),
    "hint.other_kind": lambda p: _(
        "No {kind} region has {metric} figures: they are given for {other} regions."
        " Try --kind {other}."
    ).format(kind=p["kind"], metric=p["metric"], other=p["other"]),
    "note.top10_by_country": lambda p: _("Top 10 by country: {counts}.").format(
        counts=_counts(p["counts"])
    ),
    "note.top10_by_country_partial": lambda p: _(
        "Top 10 by country, of the places innov's sources give: {counts}; places {unknown}"
        " are not in them."
    ).format(counts=_counts(p["counts"]), unknown=_(", ").join(map(str, p["unknown"]))),
    "legend.confidence": (
        "≈ approximate, † derived (the note says how); unmarked figures are exact."
    ),
    "legend.leader": "▲ marks the leader of each row.",
    "note.compare_mixed_years": (
        "Rows whose year is 'mixed' show each region's latest figure with its year (marked *):"
        " the regions share no year for them."
    ),
    "label.mixed_years": "mixed",
    "footnote.source": lambda p: (
        _('[{number}] {publisher}, "{title}" ({date}), {url}').format(**p)
        + (_(" (read via {via})").format(via=p["via"]) if p.get("via") else "")
    ),
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
    "note.statistic": _statistic,
    "footnote": _footnote,
    "note.cagr": lambda p: _(
        "† Nominal compound annual growth {start}–{end} at current prices, within one series "
        "and one basis ({series}): {rate} a year (innov's computation, not a published rate)."
    ).format(**p),
    "note.real_growth": (
        "Real growth: growth at comparable prices as its producer published it "
        "(gdp_growth_real; `innov show` names each one's source and release); the arrows "
        "compare the levels at current prices."
    ),
    "note.basis_break": lambda p: _(
        "┆ {year}: new basis ({series}): {before} → {after}; no change is computed across it"
    ).format(
        year=p["year"],
        series=p["series"],
        before=p["before"] or _("as first compiled"),
        after=p["after"] or _("as first compiled"),
    ),
    "note.method_break": lambda p: _("┆ {year}: series break: {series} changed its method").format(
        **p
    ),
    "note.derived_check": lambda p: _(
        "Derived for comparison ({formula}): {value}, {change} from the published figure."
    ).format(**p),
    "note.bases_differ": lambda p: _(
        "{metric}: not derived for {year}: its inputs sit on different bases ({bases})."
    ).format(metric=p["metric"], year=p["year"], bases=_(" / ").join(p["bases"])),
    "basis": lambda p: p["basis"] or _("as first compiled"),
    "note.members_missing": lambda p: _(
        "{metric}: no total derived for {year}, no figure for {members}."
    ).format(**p),
    "note.no_figures_region": "No figures for this region.",
    "note.rank_up_means_better": "For ranks, 'up' means a better (smaller) position.",
    # charts and reports
    "chart.axis": _axis,
    "chart.panel": _panel,
    "chart.title.trend": _trend_chart_title,
    "chart.compare_subtitle": _compare_subtitle,
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
    "chart.series_break": (
        "A line stops at a series break: another producer, a new method, or a new basis."
    ),
    "chart.new_method": "new method",
    "chart.gaps": "Missing years are gaps: no line is drawn across them.",
    "chart.footer": _cited,
    "chart.no_figures": "No figures to draw.",
    "chart.hatched": "Hatched bars and open markers: figures that are not exact (≈ or †).",
    "chart.first_rows": (
        "The first {shown} of {total} are drawn: use --top for fewer, or see the table."
    ),
    "chart.axis_short": _axis_short,
    "chart.no_cjk_font": (
        "no CJK-capable font found: the PNG shows English names instead of Chinese ones "
        "(install one, e.g. `apt-get install fonts-noto-cjk`)"
    ),
    "report.sources": "Sources",
    "report.data": "The rows as JSON",
    "report.via": "read via",
    "report.tier": "tier",
    "report.made": "Made with innov {version} from its sourced knowledge base.",
    "note.related": lambda p: _(
        "Not to be confused with {region} ({id}), a {kind}: a different area, with figures of"
        " its own (innov show {id})."
    ).format(region=p["region"], id=p["id"], kind=say(Msg(f"kind.{p['kind']}"))),
    "note.series_break": lambda p: _("┆ {year}: series break: {before} → {after}").format(
        year=p["year"], before=p["before"], after=p["after"]
    ),
    "label.related": "Not to be confused with",
    "label.membership_source": "Membership source",
    "label.member_cities": "Member cities ({count})",
    "note.no_figures_recorded": (
        "No figures recorded for this region yet (it is in the register of places)."
    ),
    "arrow.rise": "↑",
    "arrow.fall": "↓",
    "arrow.up": "▲",
    "arrow.down": "▼",
    "arrow.same": "=",
    # region kinds, and lists of them
    "kind.country": "country",
    "kind.cluster": "cluster",
    "kind.province": "province",
    "kind.city": "city",
    "kind.st-cluster": "st-cluster",
    "kind.platform": "platform",
    "kind.area": "statistical area",
    "kinds": _kinds,
    "better.higher": "higher",
    "better.lower": "lower",
    "better.none": "none",
    "note.sources_differ_short": " [sources differ]",
    # search
    "search.matched": "{field}: {text}",
}
