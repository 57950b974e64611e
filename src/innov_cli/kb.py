"""The validated, layered knowledge base: one frozen object with lookups."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from innov_cli.errors import NotFound
from innov_cli.records import Fact, Metric, Region, Source

_CONFIDENCE_ORDER = {"exact": 0, "approximate": 1, "derived": 2}


def normalise(text: str) -> str:
    """Lookup key: case-insensitive, with spaces, underscores and dashes made equal."""
    out = text.strip().casefold()
    for ch in " _–—":
        out = out.replace(ch, "-")
    return out


def preference_key(fact: Fact, sources: dict[str, Source]) -> tuple[int, str]:
    """Sort key: exact before approximate before derived, then the most recent source."""
    date = sources[fact.source].date if fact.source in sources else ""
    # Invert the date so that a plain ascending sort puts the newest first.
    inverted = "".join(chr(0x10FFFF - ord(c)) for c in date.ljust(10, "0"))
    return (_CONFIDENCE_ORDER[fact.confidence], inverted)


@dataclass(frozen=True)
class KnowledgeBase:
    """Regions, metrics, sources and facts after validation and layering."""

    regions: dict[str, Region]
    metrics: dict[str, Metric]
    sources: dict[str, Source]
    facts: tuple[Fact, ...]
    _names: dict[str, str] = field(init=False, repr=False, compare=False)
    _by_region: dict[str, list[Fact]] = field(init=False, repr=False, compare=False)
    _by_metric: dict[str, list[Fact]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names: dict[str, str] = {}
        for region in self.regions.values():
            for label in (region.id, region.name, region.name_zh, *region.aliases):
                if label:
                    names.setdefault(normalise(label), region.id)
        by_region: dict[str, list[Fact]] = {}
        by_metric: dict[str, list[Fact]] = {}
        for fact in self.facts:
            by_region.setdefault(fact.region, []).append(fact)
            by_metric.setdefault(fact.metric, []).append(fact)
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_by_region", by_region)
        object.__setattr__(self, "_by_metric", by_metric)

    # -- lookups -----------------------------------------------------------------------------

    def resolve(self, text: str) -> Region:
        """The region an id, English or Chinese name, or alias names (case-insensitive)."""
        region_id = self._names.get(normalise(text))
        if region_id is None:
            raise NotFound(
                f"unknown region {text!r}",
                hint=suggest(text, self._names, "innov list"),
            )
        return self.regions[region_id]

    def metric(self, text: str) -> Metric:
        """The metric with this id (case-insensitive; dashes and underscores are equal)."""
        key = normalise(text).replace("-", "_")
        if key in self.metrics:
            return self.metrics[key]
        names = {m.lower(): m for m in self.metrics}
        raise NotFound(f"unknown metric {text!r}", hint=suggest(key, names, "innov metrics"))

    def source(self, source_id: str) -> Source:
        """The source with this id."""
        if source_id in self.sources:
            return self.sources[source_id]
        names = {s: s for s in self.sources}
        raise NotFound(
            f"unknown source {source_id!r}", hint=suggest(source_id, names, "innov sources")
        )

    def facts_for_region(self, region_id: str) -> list[Fact]:
        return self._by_region.get(region_id, [])

    def facts_for_metric(self, metric_id: str) -> list[Fact]:
        return self._by_metric.get(metric_id, [])

    def parents_of(self, region_id: str) -> list[str]:
        """Regions that list this one as a member, plus its declared parent."""
        found = [r.id for r in self.regions.values() if region_id in r.members]
        parent = self.regions[region_id].parent
        if parent and parent not in found:
            found.insert(0, parent)
        return found

    def children_of(self, region_id: str) -> list[str]:
        """Declared members plus regions naming this one as their parent."""
        region = self.regions[region_id]
        found = list(region.members)
        found += [
            r.id for r in self.regions.values() if r.parent == region_id and r.id not in found
        ]
        return found

    def preferred(self, facts: Iterable[Fact]) -> Fact:
        """The fact to show when several describe the same region, metric and year."""
        return min(facts, key=lambda f: preference_key(f, self.sources))

    def label_names(self) -> list[str]:
        """Every id, name and alias a region can be called by (for completion)."""
        return sorted(self._names)


def suggest(text: str, names: dict[str, str], listing: str) -> str:
    """A "did you mean" hint, or where to find valid names."""
    close = difflib.get_close_matches(normalise(text), list(names), n=3, cutoff=0.6)
    if close:
        ids = list(dict.fromkeys(names[c] for c in close))
        return "did you mean " + " or ".join(repr(i) for i in ids) + "?"
    return f"see `{listing}` for valid names"
