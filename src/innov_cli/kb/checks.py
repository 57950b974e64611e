"""Checks that need the whole layered knowledge base: ids, references, plausible values."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Collection, Sequence
from typing import Any

from innov_cli.errors import Problem
from innov_cli.kb import rules
from innov_cli.kb.knowledge_base import KnowledgeBase, normalise
from innov_cli.kb.locate import Place
from innov_cli.kb.records import Fact, Metric

# Matched with fullmatch: `$` would also accept a trailing newline ("beta\n").
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
METRIC_ID = re.compile(r"[a-z][a-z0-9_]*")
DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
COUNTRY = re.compile(r"[A-Z]{2}")
# A URL is one token: whitespace or a control character in it is a copy-and-paste accident.
_URL_BREAK = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
_URL_HOST = re.compile(r"https?://[^/?#\s]")
FIRST_YEAR = 1900
# The largest magnitude a value may have, whatever its metric: a thousand trillion is more than
# any economy, population or count innov describes, and far enough from the float limits
# (±1.7e308) that differences, ranges and bar lengths stay finite.
MAX_MAGNITUDE = 1e15


def plausible_years() -> range:
    """Years a figure, edition, strategy or source date may name: 1900 to next year."""
    import datetime as dt

    return range(FIRST_YEAR, dt.date.today().year + 2)


def year_problem(what: str, year: int, years: range) -> str | None:
    """Why `year` cannot be right (`year 2204 is after next year, 2027`), or None."""
    if year < years.start:
        return f"{what} {year} is before {years.start}"
    if year >= years.stop:
        return f"{what} {year} is after next year, {years.stop - 1}"
    return None


# Where each entity came from: ("region", id) or ("fact", region, metric, year, source) -> a
# Place (file, line, and each field's position), or a plain (file, line) pair.
Origins = dict[tuple[object, ...], Place | tuple[str, int | None]]


def check_knowledge_base(
    kb: KnowledgeBase, origins: Origins, broken: dict[str, set[str]] | None = None
) -> list[Problem]:
    """Every problem in the layered knowledge base, in file order. `broken`: ids of entries
    that failed validation (already reported), which references may name."""
    checker = _Checker(kb, origins, broken or {})
    checker.sources()
    checker.metrics()
    checker.regions()
    _cycles(kb, checker.report)
    checker.facts()
    return checker.problems


def check_facts(kb: KnowledgeBase, facts: Sequence[Fact]) -> list[Problem]:
    """The checks of facts alone (references, years, values, provenance) against the records
    of `kb`: for facts checked a chunk at a time, as `innov import` writes them."""
    checker = _Checker(KnowledgeBase(kb.regions, kb.metrics, kb.sources, tuple(facts)), {}, {})
    checker.facts()
    return checker.problems


class _Checker:
    """The checks of one knowledge base, entity kind by entity kind, and what they found."""

    def __init__(self, kb: KnowledgeBase, origins: Origins, skipped: dict[str, set[str]]) -> None:
        self.kb = kb
        self.origins = origins
        self.skipped = skipped
        self.years = plausible_years()
        self.problems: list[Problem] = []

    def report(
        self,
        key: tuple[object, ...],
        entity: str,
        field: str | None,
        message: str,
        hint: str | None = None,
    ) -> None:
        origin = self.origins.get(key, ("<unknown>", None))
        file, line = origin[0], origin[1]
        column = None
        if isinstance(origin, Place) and field is not None and field in origin.fields:
            # Point at the value that is wrong, not just the entity's header.
            line, column = origin.fields[field]
        self.problems.append(
            Problem(file, message, line=line, column=column, entity=entity, field=field, hint=hint)
        )

    def reference(
        self,
        key: tuple[object, ...],
        entity: str,
        field: str,
        target: str | None,
        known: Collection[str],
        what: str,
    ) -> None:
        # `known` is a dict or set: the membership test must stay O(1), or checking 10,000
        # regions' facts turns quadratic.
        if target is not None and target not in known and target not in self.skipped.get(what, ()):
            close = difflib.get_close_matches(target, list(known), n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else None
            self.report(key, entity, field, f"unknown {what} {target!r}", hint)

    def date(self, key: tuple[object, ...], entity: str, field: str, value: str) -> None:
        if not DATE.fullmatch(value):
            self.report(key, entity, field, f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
        elif (wrong := year_problem(field, int(value[:4]), self.years)) is not None:
            self.report(key, entity, field, wrong.replace(value[:4], value, 1))

    def url(self, key: tuple[object, ...], entity: str, field: str, value: str) -> None:
        if not value.startswith(("https://", "http://")):
            self.report(key, entity, field, f"expected an http(s) URL, got {value!r}")
        elif not _URL_HOST.match(value):
            self.report(key, entity, field, f"a URL needs a host after '//', got {value!r}")
        elif _URL_BREAK.search(value):
            self.report(
                key,
                entity,
                field,
                f"a URL cannot contain spaces or line breaks, got {value!r}",
                "encode a space as %20",
            )

    def provenance(self, key: tuple[object, ...], entity: str, record: Any) -> None:
        """Release, revision and flags: a revised release says why; flags come from the
        vocabulary once each; a bound's flag agrees with its qualifier."""
        if record.release_date is not None:
            self.date(key, entity, "release_date", record.release_date)
        if record.release == "revised" and not record.revision:
            self.report(
                key,
                entity,
                "revision",
                "a revised release needs a revision: why it was revised",
                'e.g. revision = "fifth economic census"',
            )
        if record.revision and record.release not in (None, "revised"):
            self.report(key, entity, "revision", f"revision given for a {record.release!r} release")
        if len(set(record.flags)) < len(record.flags):
            self.report(key, entity, "flags", "a flag is listed twice")
        qualifier = getattr(record, "qualifier", None)
        for flag, signs in (("lower-bound", (">", ">=")), ("upper-bound", ("<", "<="))):
            if flag in record.flags and qualifier is not None and qualifier not in signs:
                self.report(
                    key,
                    entity,
                    "flags",
                    f"flag {flag!r} contradicts qualifier {qualifier!r}",
                    f"a {flag} is written with qualifier " + " or ".join(map(repr, signs)),
                )
        if "lower-bound" in record.flags and "upper-bound" in record.flags:
            self.report(key, entity, "flags", "a figure cannot be both a lower and an upper bound")

    def sources(self) -> None:
        for source in self.kb.sources.values():
            key, entity = ("source", source.id), f"[[source]] {source.id!r}"
            if not SLUG.fullmatch(source.id):
                self.report(key, entity, "id", "ids are lowercase slugs such as 'nbs-2024'")
            self.date(key, entity, "date", source.date)
            self.url(key, entity, "url", source.url)
            if source.via is not None:
                self.url(key, entity, "via", source.via)
            if source.accessed is not None:
                self.date(key, entity, "accessed", source.accessed)
            self.provenance(key, entity, source)

    def metrics(self) -> None:
        for metric in self.kb.metrics.values():
            key, entity = ("metric", metric.id), f"[[metric]] {metric.id!r}"
            if not METRIC_ID.fullmatch(metric.id):
                self.report(
                    key, entity, "id", "metric ids are lowercase snake_case such as 'rd_intensity'"
                )
            for formula in metric.derive:
                self._formula(key, entity, metric, formula)
        loop = rules.cycle(rules.rules_of(self.kb.metrics.values()))
        if loop:
            first = loop[0]
            self.report(
                ("metric", first),
                f"[[metric]] {first!r}",
                "derive",
                "derivation cycle: " + " is derived from ".join(loop),
                "a metric cannot be derived from itself",
            )

    def _formula(self, key: tuple[object, ...], entity: str, metric: Metric, text: str) -> None:
        rule = rules.parse(metric, text)
        if rule is None:
            self.report(
                key, entity, "derive", f"{text!r} is not 'a / b' or 'a * b' over metric ids"
            )
            return
        if rule.left.region and rule.right.region:
            self.report(key, entity, "derive", f"{text!r}: one operand must be the region's own")
        for operand in (rule.left, rule.right):
            self.reference(key, entity, "derive", operand.metric, self.kb.metrics, "metric")
            if operand.region not in (None, rules.NATIONAL):
                self.reference(key, entity, "derive", operand.region, self.kb.regions, "region")

    def regions(self) -> None:
        labels: dict[str, str] = {}
        for region in self.kb.regions.values():
            key, entity = ("region", region.id), f"[[region]] {region.id!r}"
            self._region_fields(key, entity, region)
            self._region_links(key, entity, region)
            for label in (region.id, region.name, region.name_zh, *region.aliases):
                if not label:
                    continue
                owner = labels.setdefault(normalise(label), region.id)
                if owner != region.id:
                    self.report(key, entity, "aliases", f"{label!r} already names region {owner!r}")

    def _region_fields(self, key: tuple[object, ...], entity: str, region: Any) -> None:
        if not SLUG.fullmatch(region.id):
            self.report(key, entity, "id", "ids are lowercase slugs such as 'hong-kong'")
        if not COUNTRY.fullmatch(region.country):
            self.report(
                key, entity, "country", f"expected an ISO code such as 'CN', got {region.country!r}"
            )
        if not region.kinds:
            self.report(key, entity, "kinds", "a region needs at least one kind")
        if region.strategy_year is not None:
            wrong = year_problem("strategy_year", region.strategy_year, self.years)
            if wrong:
                self.report(key, entity, "strategy_year", wrong)
        if region.strategy_year is not None and region.strategy_source is None:
            self.report(key, entity, "strategy_source", "strategy_year needs a strategy_source")
        if region.focus and region.focus_source is None:
            self.report(key, entity, "focus_source", "focus sectors need a focus_source")

    def _region_links(self, key: tuple[object, ...], entity: str, region: Any) -> None:
        regions, sources = self.kb.regions, self.kb.sources
        for other in region.related:
            self.reference(key, entity, "related", other, regions, "region")
        for member in region.members:
            self.reference(key, entity, "members", member, regions, "region")
            if member == region.id:
                self.report(key, entity, "members", "a region cannot be its own member")
        self.reference(key, entity, "parent", region.parent, regions, "region")
        if region.parent == region.id:
            self.report(key, entity, "parent", "a region cannot be its own parent")
        for field in ("strategy_source", "focus_source", "membership_source"):
            self.reference(key, entity, field, getattr(region, field), sources, "source")

    def facts(self) -> None:
        kb = self.kb
        for fact in kb.facts:
            key = ("fact", *fact.key)
            entity = f"[[fact]] {fact.region}/{fact.metric}/{fact.year}"
            self.reference(key, entity, "region", fact.region, kb.regions, "region")
            self.reference(key, entity, "metric", fact.metric, kb.metrics, "metric")
            self.reference(key, entity, "source", fact.source, kb.sources, "source")
            self.provenance(key, entity, fact)
            wrong = year_problem("year", fact.year, self.years)
            if wrong:
                self.report(key, entity, "year", wrong)
            if fact.edition is not None and (
                wrong := year_problem("edition", fact.edition, self.years)
            ):
                self.report(key, entity, "edition", wrong)
            if self._value_unusable(key, entity, fact.value):
                continue
            metric = kb.metrics.get(fact.metric)
            if metric is None:
                continue
            if fact.unit is not None and fact.unit != metric.unit:
                self.report(
                    key,
                    entity,
                    "unit",
                    f"unit {fact.unit!r} differs from the metric's unit {metric.unit!r}",
                    "convert the value, or leave unit out",
                )
            message = implausible(fact.value, metric)
            if message:
                self.report(key, entity, "value", message)

    def _value_unusable(self, key: tuple[object, ...], entity: str, value: float) -> bool:
        """Report a value no check can use (not finite, or beyond ±1e15): True when so."""
        if isinstance(value, float) and not math.isfinite(value):
            self.report(key, entity, "value", f"value must be a finite number, got {value}")
            return True
        if abs(value) > MAX_MAGNITUDE:
            shown = f"{value:.3g}" if isinstance(value, float) else f"{value:.3e}"
            self.report(
                key,
                entity,
                "value",
                f"value {shown} is beyond ±1e15, the largest magnitude innov accepts",
                "check the unit: a value this large is a typing or conversion mistake",
            )
            return True
        return False


def _cycles(kb: KnowledgeBase, report: Any) -> None:
    """Report each parent/member cycle (a contains b contains a) once, at its first region.

    Containment runs from a parent to the region naming it, and from a region to its members;
    a cycle would make "the regions inside X" endless."""
    inside: dict[str, list[tuple[str, str]]] = {}
    for region in kb.regions.values():
        if region.parent in kb.regions and region.parent != region.id:
            inside.setdefault(region.parent, []).append((region.id, "parent"))
        for member in region.members:
            if member in kb.regions and member != region.id:
                inside.setdefault(region.id, []).append((member, "members"))
    done: set[str] = set()
    seen_cycles: set[frozenset[str]] = set()
    for start in kb.regions:
        if start in done:
            continue
        # Iterative depth-first search; `path` is the chain from `start` being explored.
        path: list[str] = [start]
        on_path = {start}
        stack = [iter(inside.get(start, ()))]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                continue
            child, _ = step
            if child in on_path:
                cycle = path[path.index(child) :]
                if frozenset(cycle) not in seen_cycles:
                    seen_cycles.add(frozenset(cycle))
                    _report_cycle(kb, cycle, report)
                continue
            if child in done:
                continue
            path.append(child)
            on_path.add(child)
            stack.append(iter(inside.get(child, ())))


def _report_cycle(kb: KnowledgeBase, cycle: list[str], report: Any) -> None:
    first = min(cycle, key=list(kb.regions).index)
    at = cycle.index(first)
    ordered = cycle[at:] + cycle[:at]
    # The field that makes `first` contain the next region: its members, or the next one's
    # parent (then reported at the next region, where that parent is written).
    following = ordered[1] if len(ordered) > 1 else first
    if following in kb.regions[first].members:
        where, field = first, "members"
    else:
        where, field = following, "parent"
    chain = " contains ".join([*ordered, first])
    report(
        ("region", where),
        f"[[region]] {where!r}",
        field,
        f"parent/member cycle: {chain}",
        "a region cannot contain a region that contains it",
    )


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
