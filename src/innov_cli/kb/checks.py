"""Checks that need the whole layered knowledge base: ids, references, plausible values."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection

from innov_cli.errors import Problem
from innov_cli.kb.knowledge_base import KnowledgeBase, normalise
from innov_cli.kb.locate import Place
from innov_cli.kb.records import Metric

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
METRIC_ID = re.compile(r"^[a-z][a-z0-9_]*$")
DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
YEARS = range(1900, 2101)

# Where each entity came from: ("region", id) or ("fact", region, metric, year, source) -> a
# Place (file, line, and each field's position), or a plain (file, line) pair.
Origins = dict[tuple[object, ...], Place | tuple[str, int | None]]


def check_knowledge_base(kb: KnowledgeBase, origins: Origins) -> list[Problem]:
    """Every problem in the layered knowledge base, in file order."""
    problems: list[Problem] = []

    def report(
        key: tuple[object, ...],
        entity: str,
        field: str | None,
        message: str,
        hint: str | None = None,
    ) -> None:
        origin = origins.get(key, ("<unknown>", None))
        file, line = origin[0], origin[1]
        column = None
        if isinstance(origin, Place) and field is not None and field in origin.fields:
            # Point at the value that is wrong, not just the entity's header.
            line, column = origin.fields[field]
        problems.append(
            Problem(file, message, line=line, column=column, entity=entity, field=field, hint=hint)
        )

    def reference(
        key: tuple[object, ...],
        entity: str,
        field: str,
        target: str | None,
        known: Collection[str],
        what: str,
    ) -> None:
        # `known` is a dict or set: the membership test must stay O(1), or checking 10,000
        # regions' facts turns quadratic.
        if target is not None and target not in known:
            close = difflib.get_close_matches(target, list(known), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else None
            report(key, entity, field, f"unknown {what} {target!r}", hint)

    for source in kb.sources.values():
        key, entity = ("source", source.id), f"[[source]] {source.id!r}"
        if not SLUG.match(source.id):
            report(key, entity, "id", "ids are lowercase slugs such as 'nbs-2024'")
        if not DATE.match(source.date):
            report(
                key, entity, "date", f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {source.date!r}"
            )
        if not source.url.startswith(("https://", "http://")):
            report(key, entity, "url", f"expected an http(s) URL, got {source.url!r}")
        if source.via is not None and not source.via.startswith(("https://", "http://")):
            report(key, entity, "via", f"expected an http(s) URL, got {source.via!r}")
        if source.accessed is not None and not DATE.match(source.accessed):
            report(
                key,
                entity,
                "accessed",
                f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {source.accessed!r}",
            )

    for metric in kb.metrics.values():
        key, entity = ("metric", metric.id), f"[[metric]] {metric.id!r}"
        if not METRIC_ID.match(metric.id):
            report(key, entity, "id", "metric ids are lowercase snake_case such as 'rd_intensity'")

    labels: dict[str, str] = {}
    for region in kb.regions.values():
        key, entity = ("region", region.id), f"[[region]] {region.id!r}"
        if not SLUG.match(region.id):
            report(key, entity, "id", "ids are lowercase slugs such as 'hong-kong'")
        if not COUNTRY.match(region.country):
            report(
                key, entity, "country", f"expected an ISO code such as 'CN', got {region.country!r}"
            )
        if not region.kinds:
            report(key, entity, "kinds", "a region needs at least one kind")
        for other in region.related:
            reference(key, entity, "related", other, kb.regions, "region")
        for member in region.members:
            reference(key, entity, "members", member, kb.regions, "region")
            if member == region.id:
                report(key, entity, "members", "a region cannot be its own member")
        reference(key, entity, "parent", region.parent, kb.regions, "region")
        if region.parent == region.id:
            report(key, entity, "parent", "a region cannot be its own parent")
        reference(key, entity, "strategy_source", region.strategy_source, kb.sources, "source")
        reference(key, entity, "focus_source", region.focus_source, kb.sources, "source")
        reference(key, entity, "membership_source", region.membership_source, kb.sources, "source")
        if region.strategy_year is not None and region.strategy_source is None:
            report(key, entity, "strategy_source", "strategy_year needs a strategy_source")
        if region.focus and region.focus_source is None:
            report(key, entity, "focus_source", "focus sectors need a focus_source")
        for label in (region.id, region.name, region.name_zh, *region.aliases):
            if not label:
                continue
            owner = labels.setdefault(normalise(label), region.id)
            if owner != region.id:
                report(key, entity, "aliases", f"{label!r} already names region {owner!r}")

    for fact in kb.facts:
        key = ("fact", *fact.key)  # type: ignore[assignment]
        entity = f"[[fact]] {fact.region}/{fact.metric}/{fact.year}"
        reference(key, entity, "region", fact.region, kb.regions, "region")
        reference(key, entity, "metric", fact.metric, kb.metrics, "metric")
        reference(key, entity, "source", fact.source, kb.sources, "source")
        fact_metric = kb.metrics.get(fact.metric)
        if fact.year not in YEARS:
            report(key, entity, "year", f"year {fact.year} is outside 1900-2100")
        if fact.edition is not None and fact.edition not in YEARS:
            report(key, entity, "edition", f"edition {fact.edition} is outside 1900-2100")
        if not math.isfinite(fact.value):
            report(key, entity, "value", f"value must be a finite number, got {fact.value}")
            continue
        if fact_metric is None:
            continue
        if fact.unit is not None and fact.unit != fact_metric.unit:
            report(
                key,
                entity,
                "unit",
                f"unit {fact.unit!r} differs from the metric's unit {fact_metric.unit!r}",
                "convert the value, or leave unit out",
            )
        message = implausible(fact.value, fact_metric)
        if message:
            report(key, entity, "value", message)
    return problems


def implausible(value: float, metric: Metric) -> str | None:
    """Why a value cannot be right for its metric (its declared or implied range), or None."""
    kind = metric.kind
    low, high = metric.valid_range
    if kind in ("rank", "count") and value != int(value):
        return f"a {kind} must be a whole number, got {value}"
    if (low is not None and value < low) or (high is not None and value > high):
        within = (
            f"at least {low:g}"
            if high is None
            else f"within {low:g}-{high:g}"
            if low is not None
            else f"at most {high:g}"
        )
        return f"{metric.id} ({metric.unit}) must be {within}, got {value}"
    return None
