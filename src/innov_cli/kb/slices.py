"""One metric's share of the knowledge base, kept beside the cache for a ranking.

A ranking of one metric reads that metric's facts, the figures innov derives for it, the facts
those rest on and their sources, and every region and metric (to resolve names and choose the
regions in question). It never reads another metric's figures or any record's note, and those
are most of the cache: decoding them was most of a warm ranking's own work. So the first
ranking of a metric keeps its slice beside the cache (a "part" of kb/cache.py: same key,
sealed the same way, pruned with it), without notes and with its figures already derived, and
every later ranking of that metric reads only the slice.

A slice is exact for a ranking, not an approximation: a test ranks every metric from its
slice and from the whole knowledge base and compares the records, and others compare what
`rank` prints in each format with `--no-cache`.
"""

from __future__ import annotations

from typing import Any

from innov_cli.kb import cache
from innov_cli.kb.collection import building_records
from innov_cli.kb.derive import DERIVED_SOURCE, from_store, is_plain_name, to_store, with_derived
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Fact


def read_slice(key: str, metric_id: str) -> KnowledgeBase | None:
    """The slice of `metric_id` kept for the cache of `key`, or None if there is none or it
    is not usable (then the caller loads the whole knowledge base)."""
    name = _part_name(metric_id)
    return None if name is None else _restored(cache.read_part(key, name), metric_id)


def kept_slice(kb: KnowledgeBase, metric_id: str) -> KnowledgeBase:
    """`kb` (the content of the cache of `kb.cache_key`) cut to `metric_id` with its derived
    figures, kept beside the cache for the next ranking of the metric. `kb` unchanged when
    the metric is unknown (the ranking then says so) or it is not a cached knowledge base."""
    key = kb.cache_key
    name = _part_name(metric_id)
    if key is None or name is None or metric_id not in kb.metrics:
        return kb
    base, sliced = metric_slice(with_derived(kb, {metric_id}), metric_id)
    derived = to_store(base, sliced)
    if derived is None:
        return sliced
    stored = {"base": cache.encode(base, notes=False), "derived": derived}
    cache.write_part(key, name, stored)
    # What the next ranking will read, notes and all left out: cold and warm say the same.
    return _restored(stored, metric_id) or sliced


def _restored(stored: Any, metric_id: str) -> KnowledgeBase | None:
    if stored is None:
        return None
    try:
        with building_records():
            base = cache.decode(stored["base"])
            if not cache.plausible(base.facts):
                return None
            sliced = from_store(base, stored["derived"])
    except Exception:  # as for the cache itself: an unusable part is ignored, never a crash
        return None
    if sliced is not None:
        sliced.derived_for = frozenset({metric_id})
    return sliced


def metric_slice(derived: KnowledgeBase, metric_id: str) -> tuple[KnowledgeBase, KnowledgeBase]:
    """From a knowledge base with the derived figures of `metric_id`: its published part cut
    to the metric (the metric's facts, the facts its derived figures and gaps were computed
    from, through every level, and their sources), and that part with the derived figures
    added. Facts keep their order, published before derived, as `with_derived` gives them."""
    # The metric's facts, and every fact beneath its workings (a gap's too: `show` and a
    # ranking say the same of a total that could not be derived).
    pending = [f for f in derived.facts if f.metric == metric_id]
    pending += [f for key, gap in derived.gaps.items() if key[1] == metric_id for f in gap.inputs]
    kept: dict[tuple[str, str, int, str], Fact] = {}
    while pending:
        fact = pending.pop()
        if fact.key not in kept:
            kept[fact.key] = fact
            working = derived.derivations.get(fact.key)
            pending.extend(working.inputs if working is not None else ())
    facts = [f for f in derived.facts if kept.get(f.key) is f]
    published = tuple(f for f in facts if f.source != DERIVED_SOURCE.id)
    cited = {f.source for f in published}
    sources = {s: source for s, source in derived.sources.items() if s in cited}
    base = KnowledgeBase(derived.regions, derived.metrics, sources, published)
    new = [f for f in facts if f.source == DERIVED_SOURCE.id]
    keys = {f.key for f in new}
    derivations = {k: d for k, d in derived.derivations.items() if k in keys}
    gaps = {k: g for k, g in derived.gaps.items() if k[1] == metric_id}
    all_sources = {**sources, DERIVED_SOURCE.id: DERIVED_SOURCE} if new or gaps else sources
    sliced = base.with_facts(new, all_sources, derivations, gaps)
    sliced.derived_for = frozenset({metric_id})
    return base, sliced


def _part_name(metric_id: str) -> str | None:
    """`ranking-<metric>`, or None when the id would not make a plain file name."""
    name = f"ranking-{metric_id}"
    return name if is_plain_name(name) else None
