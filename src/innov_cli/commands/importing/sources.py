"""The source imported facts cite: an existing one (--source ID), or a new record built from
--publisher/--title/--url/--date/--tier and the table's own 数据来源 line."""

from __future__ import annotations

import re
from typing import NamedTuple

from innov_cli.commands.importing.options import SourceOptions
from innov_cli.errors import NotFound, UsageProblem
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import TIERS, Metric, Source
from innov_cli.view.model import msg

NBS_NAME = "国家统计局"
NBS_PUBLISHER = "National Bureau of Statistics of China (国家统计局)"
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_SLUG_PART = re.compile(r"[^a-z0-9]+")


class SourceChoice(NamedTuple):
    """The source a table's facts cite: an existing id, or a new record to write."""

    id: str | None  # None: tidy rows name their own
    new: Source | None = None


def choose_source(
    kb: KnowledgeBase,
    options: SourceOptions,
    *,
    label: str,
    publisher_line: str | None,
    default_title: str | None,
    metric: Metric | None,
    required: bool,
) -> SourceChoice:
    """Apply the rule: --source ID cites an existing source; --publisher/--title/--url/--date/
    --tier (or the table's own 数据来源 line with the rest given) build a new one."""
    if options.source and not options.builds:
        if options.source not in kb.sources:
            from innov_cli.kb.knowledge_base import suggestion

            names = {s: s for s in kb.sources}
            # The English hint is worded from hint_words when reported (errors.InnovError).
            raise NotFound(
                msg("error.unknown_source_a_r", a0=options.source),
                hint=msg(
                    "error.or_give_publisher_title_url",
                    a0=suggestion(options.source, names, "innov sources"),
                ),
            )
        return SourceChoice(options.source)
    if not options.builds and not publisher_line:
        if required:
            raise UsageProblem(
                msg("error.the_facts_need_a_source", a0=label),
                hint=msg("error.innov_sources_lists_the_existing"),
            )
        return SourceChoice(None)
    from_nbs = bool(publisher_line) and NBS_NAME in (publisher_line or "")
    publisher = options.publisher or (NBS_PUBLISHER if from_nbs else publisher_line)
    title = options.title or default_title
    tier = options.tier or ("primary" if from_nbs and not options.publisher else None)
    # With only --url and --date, the rest is assumed, and the source's note says so: the
    # publisher is the URL's host, the title the file's, the tier the weakest (secondary).
    assumed: list[str] = []
    if options.url and options.date:
        if not publisher and (host := _host(options.url)):
            publisher = host
            assumed.append(f"publisher {host!r} (the URL's host)")
        if not title:
            title = f"{metric.name if metric else 'Figures'} ({label})"
            assumed.append(f"title {title!r}")
        if not tier:
            tier = "secondary"
            assumed.append("tier 'secondary' (the weakest: give --tier if the publisher is better)")
    given = {
        "--publisher": publisher,
        "--title": title,
        "--url": options.url,
        "--date": options.date,
        "--tier": tier,
    }
    missing = [name for name, value in given.items() if not value]
    if missing:
        said = f" (the table names its publisher: {publisher_line})" if publisher_line else ""
        raise UsageProblem(
            msg("error.the_new_source_needs", a0=label, a1=", ".join(missing), a2=said),
            hint=msg("error.or_cite_an_existing_source"),
        )
    assert publisher and title and options.url and options.date and tier  # for mypy
    if tier not in TIERS:
        raise UsageProblem(
            msg("error.unknown_tier_a_r", a0=tier),
            hint=msg("error.valid_tiers", a0=", ".join(TIERS)),
        )
    if not _DATE.match(options.date):
        raise UsageProblem(msg("error.date_must_be_yyyy_yyyy", a0=options.date))
    if not options.url.startswith(("https://", "http://")):
        raise UsageProblem(msg("error.url_must_be_an_http", a0=options.url))
    source_id = options.source
    if source_id is None:
        stem = "nbs" if from_nbs else _slug(publisher) or "imported"
        what = metric.id.replace("_", "-") if metric else "facts"
        source_id = f"{stem[:40].strip('-')}-{what}-{options.date}"
    elif source_id in kb.sources:
        raise UsageProblem(
            msg("error.source_a_r_already_exists", a0=source_id),
            hint=msg("error.leave_out_publisher_title_url"),
        )
    if not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", source_id):
        raise UsageProblem(msg("error.source_ids_are_lowercase_slugs", a0=source_id))
    # The table's 数据来源 line names who compiled the figures: the source's producer.
    producer = "National Bureau of Statistics of China" if from_nbs else publisher_line
    return SourceChoice(
        source_id,
        Source(
            source_id,
            publisher,
            title,
            options.date,
            options.url,
            tier=tier,  # type: ignore[arg-type]
            producer=producer or None,
            note=("Assumed by innov import (not given): " + "; ".join(assumed) + ".")
            if assumed
            else None,
        ),
    )


def _host(url: str) -> str:
    """The host of an http(s) URL without 'www.', or '' when there is none."""
    host = url.split("://", 1)[-1].split("/", 1)[0].split("@")[-1].split(":")[0]
    return host.removeprefix("www.").lower()


def _slug(text: str) -> str:
    return _SLUG_PART.sub("-", text.casefold()).strip("-")
