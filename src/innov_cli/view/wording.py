"""Every sentence innov shows a person, in one place, translated through gettext.

Views carry `Msg` keys and parameters; `say` turns one into text in the reader's language. The
English templates below are the gettext msgids: the Chinese words live in
`innov_cli/locale/zh/LC_MESSAGES/innov.po` (compiled to `innov.mo` by
`scripts/compile_catalogs.py`). A template function marks each fragment it words with `_()`,
so the catalog test can find it. Machine formats never carry these sentences except as notes in
JSON documents, which are always worded in English so that scripts see the same bytes whatever
the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from innov_cli.view.model import Figure, Mark, Msg, Named, Text

if TYPE_CHECKING:
    from gettext import NullTranslations

LANGUAGES = ("en", "zh")
DOMAIN = "innov"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
# The language `say` words in; set around each call, read by `_` inside template functions.
_language: ContextVar[str] = ContextVar("innov_language", default="en")


@cache
def catalog(language: str) -> NullTranslations:
    """The compiled gettext catalog of a language (English needs none)."""
    import gettext  # only when Chinese is asked for: keeps it off English start-up

    return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[language], fallback=True)


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Word every `say` inside the block in `language` ("en" or "zh")."""
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def current_language() -> str:
    """The language `say` words in now ("en" or "zh")."""
    return _language.get()


def _(english: str) -> str:
    """The current language's words for an English message (the English itself if none)."""
    language = _language.get()
    if language == "en":
        return english
    return catalog(language).gettext(english)


def metric_name_zh(metric_id: str, given: str | None = None) -> str | None:
    """A metric's Chinese name: the data file's own `name_zh`, else the built-in catalog's
    (msgctxt "metric", keyed by metric id), else None."""
    if given:
        return given
    translated = catalog("zh").pgettext("metric", metric_id)
    return None if translated == metric_id else translated


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
    "hint.other_kind": lambda p: _(
        "No {kind} region has {metric} figures: they are given for {other} regions."
        " Try --kind {other}."
    ).format(kind=p["kind"], metric=p["metric"], other=p["other"]),
    "note.top10_by_country": lambda p: _("Top 10 by country: {counts}.").format(
        counts=_counts(p["counts"])
    ),
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
    "kinds": _kinds,
    "better.higher": "higher",
    "better.lower": "lower",
    "better.none": "none",
    "note.sources_differ_short": " [sources differ]",
    # search
    "search.matched": "{field}: {text}",
    # innov check
    "title.check": "Check: {count} claims",
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
    # errors (stderr)
    "usage.see_help": "see '{path} -h'",
    "usage.no_option": lambda p: (
        _("No such option: {name} (possible options: {options})")
        if p.get("options")
        else _("No such option: {name}")
    ).format(**p),
    "usage.no_command": lambda p: (
        _("No such command {name!r}. Did you mean {close}?")
        if p.get("close")
        else _("No such command {name!r}.")
    ).format(**p),
    "usage.missing": lambda p: _("Missing {what} {name}.").format(
        what={"argument": _("argument"), "option": _("option")}.get(p["what"], _("parameter")),
        name=p["name"],
    ),
    "usage.needs_value": "Option {name} requires a value.",
    "usage.takes_no_value": "Option {name} does not take a value.",
    "usage.extra_arguments": "Unexpected extra arguments: {args}",
    "usage.invalid_value": "Invalid value for {param}: {detail}",
    "usage.not_valid": lambda p: _("{value!r} is not a valid {type}.").format(
        value=p["value"],
        type={"integer": _("whole number"), "int range": _("whole number")}.get(
            p["type"], p["type"]
        ),
    ),
    "usage.not_in_range": "{value} is not in the range {range}.",
    "usage.not_one_of": "{value!r} is not one of {choices}.",
    "error.import_needs_o_out_toml": (
        "import needs -o OUT.toml (or -o - for standard output, or --dry-run)"
    ),
    "error.innov_import_table_csv_o": "innov import table.csv -o table.toml",
    "error.no_regions_to_cover": "no regions to cover",
    "error.check_kind_and_region": "check --kind and --region",
    "error.cannot_write": "cannot write {a0}: {a1}",
    "error.a_sqlite_database_must_be": "a SQLite database must be a regular file, and {a0} is not",
    "error.name_a_file_such_as": "name a file such as kb.db",
    "error.bom_applies_to_format_csv": "--bom applies to --format csv, not to --format {a0}",
    "error.drop_bom_or_write_a": "drop --bom, or write a .csv file",
    "error.year_takes_whole_years_such": "--year takes whole years such as 2023, got {a0!r}",
    "error.innov_export_year": "innov export --year 2022,2023",
    "error.format_contradicts_the_file_name": (
        "--format {a0} contradicts the file name {a1} (which says {a2})"
    ),
    "error.drop_format_to_write_rename": (
        "drop --format to write {a0}, rename the file, or add --force"
    ),
    "error.standard_input_can_be_read": "standard input (-) can be read once",
    "error.already_exists": "{a0} already exists",
    "error.add_force_to_replace_it": "add --force to replace it, or choose another -o path",
    "error.the_tables_hold_no_figures": "the tables hold no figures",
    "error.every_value_cell_is_empty": "every value cell is empty. Nothing was written.",
    "error.the_same_fact_twice": "the same fact twice: {a0}",
    "error.each_region_metric_year_and": (
        "each region, metric, year and source once. Nothing was written."
    ),
    "error.bad_cells": "{a0}{a1}",
    "error.a_missing_figure_may_be": (
        "a missing figure may be left empty or written '..'. Nothing was written."
    ),
    "error.unknown_region_name": "{a0} unknown region names: {a1}",
    "error.correct_them_or_add_the": (
        "correct them, or add the regions (with these names as aliases) in a --data file; "
        "`innov list` shows the known ones. Nothing was written."
    ),
    "error.the_table_is_empty": "{a0}: the table is empty",
    "error.unknown_source_s": "{a0}: unknown source(s): {a1}",
    "error.add_them_with_data_file": "add them with --data FILE, or see `innov sources`",
    "error.unknown_metric_s": "{a0}: unknown metric(s): {a1}",
    "error.innov_metrics_lists_the_metrics": "`innov metrics` lists the metrics",
    "error.and_would_share_source_a": (
        "{a0} and {a1} would share source {a2!r} with different details"
    ),
    "error.give_title_and_the_other": (
        "give --title (and the other details) for both, or import them separately"
    ),
    "error.source_ids_are_lowercase_slugs": (
        "source ids are lowercase slugs such as 'nbs-2024', got {a0!r}"
    ),
    "error.source_a_r_already_exists": "source {a0!r} already exists",
    "error.leave_out_publisher_title_url": (
        "leave out --publisher/--title/--url/--date/--tier to cite it, or pick a new id"
    ),
    "error.url_must_be_an_http": "--url must be an http(s) URL, got {a0!r}",
    "error.date_must_be_yyyy_yyyy": "--date must be YYYY, YYYY-MM or YYYY-MM-DD, got {a0!r}",
    "error.unknown_tier_a_r": "unknown tier {a0!r}",
    "error.valid_tiers": "valid tiers: {a0}",
    "error.the_new_source_needs": "{a0}: the new source needs {a1}{a2}",
    "error.or_cite_an_existing_source": "or cite an existing source with --source ID",
    "error.the_facts_need_a_source": (
        "{a0}: the facts need a source: give --source ID (an existing source), or "
        "--publisher, --title, --url, --date and --tier"
    ),
    "error.innov_sources_lists_the_existing": "`innov sources` lists the existing ones",
    "error.unknown_source_a_r": "unknown source {a0!r}",
    "error.or_give_publisher_title_url": (
        "{a0} (or give --publisher, --title, --url, --date and --tier to add one)"
    ),
    "error.unit_is_required_the_table": (
        "{a0}: --unit is required: the table does not state its unit"
    ),
    "error.e_g_unit_or_the": "e.g. --unit 亿元, or the metric's own unit such as 'CNY bn'",
    "error.the_table_says_its_unit": (
        "{a0}: the table says its unit is {a1!r}, but --unit says {a2!r}"
    ),
    "error.better_must_be_one_of": "--better must be one of {a0}, got {a1!r}",
    "error.a_new_metric_id_is": (
        "a new metric id is lowercase snake_case such as 'robot_density', got {a0!r}"
    ),
    "error.unknown_metric_a_r_to": (
        "unknown metric {a0!r}: to declare a new metric, give its --unit (and optionally "
        "--name, --name-zh, --better), or a table that states its unit"
    ),
    "error.innov_metrics_lists_the_known": "`innov metrics` lists the known ones",
    "error.metric_is_required_for_a": (
        "{a0}: --metric is required for a table without an NBS 指标 line"
    ),
    "error.e_g_metric_gdp_unit": "e.g. --metric gdp --unit 亿元",
    "error.innov_does_not_know_the": (
        "{a0}: innov does not know the indicator {a1!r}: give --metric ID (a new id with "
        "--unit declares a new metric)"
    ),
    "error.no_column_a_r_in": "{a0}: no column {a1!r} in the header row",
    "error.columns": "columns: {a0}",
    "error.a_row_without_a_region": "{a0}:{a1}: a row without a region name",
    "error.no_header_row_with_years": (
        "{a0}: no header row with years across (such as `地区,2024年,2023年`)"
    ),
    "error.tidy_tables_need_the_columns": (
        "tidy tables need the columns region, metric, value, year"
    ),
    "error.unit_a_r_converts_to": "unit {a0!r} converts to {a1!r}, but metric {a2} is in {a3!r}",
    "error.check_metric_and_unit": "check --metric and --unit",
    "error.cannot_convert_unit_a_r": "cannot convert unit {a0!r} to {a1!r} (metric {a2})",
    "error.known_units_or_the_metric": "known units: {a0}, or the metric's own {a1!r}",
    "error.expected_one_json_object_per": "{a0}:{a1}: expected one JSON object per line",
    "error.not_valid_json": "{a0}:{a1}: not valid JSON: {a2}",
    "error.expected_a_json_array_of": "{a0}: expected a JSON array of objects",
    "error.as_innov_export_format_json": "as `innov export --format json`",
    "error.formula_cells_without_a_stored": "{a0}: formula cells without a stored value: {a1}",
    "error.open_the_workbook_in_excel": (
        "open the workbook in Excel or LibreOffice and save it, so that the values are "
        "stored with the formulas; nothing was written"
    ),
    "error.not_a_readable_xlsx_workbook": "{a0}: not a readable .xlsx workbook ({a1})",
    "error.the_workbook_is_too_large": "{a0}: the workbook is too large to read",
    "error.reading_xlsx_needs_openpyxl": "{a0}: reading .xlsx needs openpyxl",
    "error.pip_install_openpyxl_or_in": (
        "pip install openpyxl (or, in innov's project folder: pip install -e '.[xlsx]')"
    ),
    "error.inflates_a_times_its_stored": (
        "{a0}: {a1} inflates {a2} times its stored size: refused as a decompression bomb"
    ),
    "error.uses_an_unsupported_compression_method": (
        "{a0}: {a1} uses an unsupported compression (method {a2})"
    ),
    "error.the_workbook_is_encrypted": "{a0}: the workbook is encrypted ({a1})",
    "error.the_workbook_inflates_to_a": (
        "{a0}: the workbook inflates to {a1} bytes; the limit is {a2} MiB"
    ),
    "error.an_encrypted_workbook_must_be": (
        "an encrypted workbook must be saved without a password first"
    ),
    "error.not_valid_byte": "{a0}: not valid {a1} (byte {a2})",
    "error.the_text_is_neither_utf": "{a0}: the text is neither UTF-8 nor GB18030/GBK",
    "error.save_the_table_as_utf": (
        "save the table as UTF-8 CSV, or name its encoding with --encoding"
    ),
    "error.try_encoding_gb": "try --encoding gb18030",
    "error.unknown_encoding_a_r": "unknown encoding {a0!r}",
    "error.e_g_utf_gb_utf": "e.g. utf-8, gb18030, utf-16",
    "error.the_old_xls_format_is": "{a0}: the old .xls format is not supported",
    "error.save_it_as_xlsx_or": "save it as .xlsx or CSV",
    "error.not_a_readable_csv_table": "{a0}: not a readable CSV table ({a1})",
    "error.a_bytes_the_limit_is": "{a0}: {a1} bytes; the limit is {a2} MiB",
    "error.cannot_read_a_r_not": "cannot read {a0!r}: not a valid file name",
    "error.cannot_read": "cannot read {a0}: {a1}",
    "error.cannot_read_permission_denied": "cannot read {a0}: permission denied",
    "error.cannot_read_no_such_file": "cannot read {a0}: no such file",
    "error.cannot_read_it_is_a": "cannot read {a0}: it is a directory",
    "error.latest_each_ranks_each_region": (
        "--latest-each ranks each region's latest year: drop --year/--edition"
    ),
    "error.in_takes_got_a_r": "--in takes {a0}, got {a1!r}",
    "error.innov_search_text_in_sources": "innov search TEXT --in sources",
    "error.charts_need_matplotlib_which_cannot": (
        "charts need matplotlib, which cannot be imported: {a0}"
    ),
    "error.pip_install_u_matplotlib": "pip install -U matplotlib",
    "error.charts_need_matplotlib_which_is": "charts need matplotlib, which is not installed",
    "error.csv_output_needs_utf_and": "CSV output needs UTF-8, and standard output is {a0}",
    "error.run_with_pythonutf_or_pythonioencoding": (
        "run with PYTHONUTF8=1 (or PYTHONIOENCODING=utf-8), or write a file: innov export data.csv"
    ),
    "error.this_command_draws_no_chart": "this command draws no chart",
    "hint.example": "e.g. {example}",
    "error.prefix": "innov: error: ",
    "error.hint": "hint: ",
    "error.unknown_region": "unknown region {name!r}",
    "error.unknown_metric": "unknown metric {name!r}",
    "error.unknown_region_or_source": "unknown region or source {name!r}",
    "error.unknown_kind": "unknown kind {kind!r}",
    "error.did_you_mean": lambda p: _("did you mean {names}?").format(
        names=_(" or ").join(repr(i) for i in p["ids"])
    ),
    "error.see_listing": "see `{listing}` for valid names",
    "error.valid_kinds": "valid kinds: {kinds}",
    "error.compare_two": "compare needs at least two regions",
    "error.compare_different": "compare needs different regions",
    "error.each_once": "each region once: {ids}",
    "error.search_text": "search needs some text",
    "error.top_at_least_one": "--top must be at least 1, got {top}",
    "error.bad_file_name": "cannot write {path!r}: not a valid file name",
    "error.no_folder": "cannot write {path}: folder {folder} does not exist",
    "error.is_directory": "cannot write {path}: it is a directory",
    "error.sqlite_path": "--format sqlite needs a PATH",
    "error.sqlite_fields": "--fields does not apply to sqlite exports",
    "error.unknown_field": "unknown field {name!r}",
    "error.valid_fields": lambda p: (
        (_("did you mean {name!r}? ").format(name=p["close"][0]) if p["close"] else "")
        + _("valid fields: {fields}").format(fields=p["fields"])
    ),
    "error.two_formats": "--json and --format {format} ask for different formats",
    "error.year_edition": "--year {year} and --edition {edition} disagree",
    "error.edition_describes": "edition {edition} of {metric} describes {year}",
}

# Marks drawn before a figure's text, and after it.
MARKS_BEFORE: dict[Mark, str] = {Mark.LEADER: "▲ "}
MARKS_AFTER: dict[Mark, str] = {
    Mark.APPROXIMATE: " ≈",
    Mark.DERIVED: " †",
    Mark.SECONDARY: " §",
    Mark.OTHER_YEAR: " *",
    Mark.DIFFER: " ‡",
}


def say(text: Text | Figure, language: str | None = None) -> str:
    """The words for a message (or a figure with its marks, or a name) in a language: "en",
    "zh", or by default the one being spoken; a plain string is itself."""
    if language is not None:
        with speaking(language):
            return say(text)
    if isinstance(text, str):
        return text
    chinese = _language.get() == "zh"
    if isinstance(text, Named):
        return text.zh if chinese and text.zh else text.en
    if isinstance(text, Figure):
        before = "".join(MARKS_BEFORE.get(m, "") for m in text.marks)
        after = "".join(MARKS_AFTER.get(m, "") for m in text.marks)
        shown = text.zh if chinese and text.zh else text.text
        return before + shown + after
    template = TEXTS[text.key]
    params = {k: _spoken(v) for k, v in text.params.items()}
    if callable(template):
        return template(params)
    return _(template).format(**params)


def _spoken(value: Any) -> Any:
    """Parameters in the language being spoken: names picked, nested messages worded."""
    if isinstance(value, Named):
        return say(value)
    if isinstance(value, Msg):
        return say(value)
    if isinstance(value, list):
        return [_spoken(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_spoken(v) for v in value)
    return value


def plain(value: Any) -> Any:
    """JSON-ready data: messages inside it worded (in English: scripts never notice)."""
    if isinstance(value, (Msg, Named)):
        return say(value, "en")
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
