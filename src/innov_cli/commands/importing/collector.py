"""The facts and new sources an import gathers, and every problem it meets, so that one run
reports all of them."""

from __future__ import annotations

from collections.abc import Mapping

from innov_cli.commands.importing.sink import FactSink
from innov_cli.commands.importing.sources import SourceChoice
from innov_cli.commands.importing.tables import SHOWN
from innov_cli.errors import NotFound, UsageProblem
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Region, Source
from innov_cli.kb.writing import NewFact
from innov_cli.view.model import msg


class Collector:
    """Facts, new sources and every problem found, so that one run reports all of them."""

    def __init__(self, kb: KnowledgeBase, label: str) -> None:
        self.kb = kb
        # Facts go out as they are made, checked a chunk at a time (sink.py).
        self.facts = FactSink(self.kb_with_new_sources, label)
        self.new_sources: dict[str, tuple[Source, str]] = {}
        self.unknown_regions: dict[str, str | None] = {}
        self.bad_cells: list[str] = []
        self._resolved: dict[str, Region | None] = {}

    def region(self, name: str) -> Region | None:
        if name not in self._resolved:
            try:
                self._resolved[name] = self.kb.resolve(name)
            except NotFound as exc:
                self._resolved[name] = None
                self.unknown_regions.setdefault(name, exc.hint)
        return self._resolved[name]

    def source(self, choice: SourceChoice, label: str) -> None:
        if choice.new is None or choice.id is None:
            return
        earlier = self.new_sources.get(choice.id)
        if earlier is not None and earlier[0] != choice.new:
            raise UsageProblem(
                msg("error.and_would_share_source_a", a0=earlier[1], a1=label, a2=choice.id),
                hint=msg("error.give_title_and_the_other"),
            )
        self.new_sources.setdefault(choice.id, (choice.new, label))

    def add(self, fact: NewFact) -> None:
        from innov_cli.kb.checks import implausible, plausible_years, year_problem

        years = plausible_years()
        wrong = year_problem("year", fact.year, years)
        if wrong is None and fact.edition is not None:
            wrong = year_problem("edition", fact.edition, years)
        if wrong:
            self.bad_cells.append(f"{fact.origin}: {wrong}")
            return
        problem = implausible(float(fact.value), self.kb.metrics[fact.metric])
        if problem:
            self.bad_cells.append(f"{fact.origin}: {fact.year}: {problem}")
            return
        self.facts.add(fact)

    def kb_with_new_sources(self) -> KnowledgeBase:
        """The knowledge base with the sources this import creates (facts are checked
        against it)."""
        new = {sid: source for sid, (source, _) in self.new_sources.items()}
        kb = self.kb
        return KnowledgeBase(kb.regions, kb.metrics, {**kb.sources, **new}, ())


def listed(names: Mapping[str, str | None]) -> str:
    """The names (with "did you mean" where there is one), at most SHOWN of them: a table of
    200,000 unknown names gives one readable line, not megabytes of stderr."""
    shown = [
        repr(name) + (f" ({hint})" if hint and hint.startswith("did you mean") else "")
        for name, hint in list(names.items())[:SHOWN]
    ]
    more = len(names) - len(shown)
    return ", ".join(shown) + (f" … and {more:,} more" if more > 0 else "")
