"""Shell-completion candidates. Completion re-runs innov on every <TAB>: it must be fast and
silent, so it reads the (cached) knowledge base and swallows every error."""

from __future__ import annotations

from collections.abc import Callable

from innov_cli.records import KINDS


def _kb_names(
    pick: Callable[[object], list[tuple[str, str]]],
) -> Callable[[str], list[tuple[str, str]]]:
    def complete(incomplete: str) -> list[tuple[str, str]]:
        try:
            from innov_cli.loading import env_data_paths, layers_for, load_knowledge_base

            kb = load_knowledge_base(layers_for(env_data_paths()))
            prefix = incomplete.casefold()
            return [
                (value, help) for value, help in pick(kb) if value.casefold().startswith(prefix)
            ]
        except Exception:
            return []

    return complete


def _regions(kb: object) -> list[tuple[str, str]]:
    from innov_cli.kb import KnowledgeBase

    assert isinstance(kb, KnowledgeBase)
    out = [(r.id, r.name) for r in sorted(kb.regions.values(), key=lambda r: r.id)]
    out += [(a, r.id) for r in kb.regions.values() for a in r.aliases if " " not in a]
    return out


def _metrics(kb: object) -> list[tuple[str, str]]:
    from innov_cli.kb import KnowledgeBase

    assert isinstance(kb, KnowledgeBase)
    return [(m.id, f"{m.name} ({m.unit})") for m in sorted(kb.metrics.values(), key=lambda m: m.id)]


def _sources(kb: object) -> list[tuple[str, str]]:
    from innov_cli.kb import KnowledgeBase

    assert isinstance(kb, KnowledgeBase)
    out = [(s.id, s.publisher) for s in sorted(kb.sources.values(), key=lambda s: s.id)]
    return out + _regions(kb)


complete_region = _kb_names(_regions)
complete_metric = _kb_names(_metrics)
complete_source_or_region = _kb_names(_sources)


def complete_kind(incomplete: str) -> list[str]:
    return [k for k in KINDS if k.startswith(incomplete.lower())]
