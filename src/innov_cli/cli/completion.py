"""Shell-completion candidates. Completion re-runs innov on every <TAB>: it must be fast and
silent, so it reads the (cached) knowledge base and swallows every error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from innov_cli.kb.knowledge_base import KnowledgeBase

Candidates = list[tuple[str, str]]  # (value, help shown by zsh and fish)


def _from_kb(pick: Callable[[KnowledgeBase], Candidates]) -> Callable[[Any, str], Candidates]:
    """A completion callback offering `pick(kb)` values that start with what was typed."""

    def complete(ctx: Any, incomplete: str) -> Candidates:
        try:
            from innov_cli.kb.layers import layers, load_knowledge_base

            # The global options typed so far (`innov --data mine.toml show <TAB>`) count.
            options = ctx.find_root().params
            paths = [Path(p) for p in options.get("data") or []]
            found = layers(paths, builtin=not options.get("no_builtin"))
            kb = load_knowledge_base(found, use_cache=not options.get("no_cache"))
        except Exception:  # a broken data file must not break the user's shell
            return []
        prefix = incomplete.casefold()
        return [(value, help) for value, help in pick(kb) if value.casefold().startswith(prefix)]

    return complete


def _regions(kb: KnowledgeBase) -> Candidates:
    out = [(r.id, r.name) for r in sorted(kb.regions.values(), key=lambda r: r.id)]
    # Aliases with spaces would need quoting at the prompt; the id covers those regions.
    return out + [(a, r.id) for r in kb.regions.values() for a in r.aliases if " " not in a]


def _metrics(kb: KnowledgeBase) -> Candidates:
    return [(m.id, f"{m.name} ({m.unit})") for m in sorted(kb.metrics.values(), key=lambda m: m.id)]


def _sources_and_regions(kb: KnowledgeBase) -> Candidates:
    return [
        (s.id, s.publisher) for s in sorted(kb.sources.values(), key=lambda s: s.id)
    ] + _regions(kb)


complete_region = _from_kb(_regions)
complete_metric = _from_kb(_metrics)
complete_source_or_region = _from_kb(_sources_and_regions)


def complete_kind(incomplete: str) -> list[str]:
    # Imported here: the record module costs ~5 ms, and every start-up imports this module.
    from innov_cli.kb.records import KINDS

    return [k for k in KINDS if k.startswith(incomplete.lower())]
