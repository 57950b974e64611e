"""The unit the tables state, and a new metric the command line declares (--metric NEW_ID)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import islice
from typing import Any

from innov_cli.commands.importing.numbers import UNITS, text_of
from innov_cli.commands.importing.options import ImportOptions
from innov_cli.commands.importing.tables import Table
from innov_cli.commands.importing.tidy import is_tidy
from innov_cli.commands.importing.wide import indicator, read_wide
from innov_cli.errors import InvalidTable, NotFound, UsageProblem
from innov_cli.han import has_han
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Metric
from innov_cli.view.model import msg


def stated_unit(tables: Sequence[Table], options: ImportOptions) -> tuple[str | None, str | None]:
    """The unit the tables state for their figures (a wide table's 指标 or title line, or a
    tidy table's one unit column value; None when they state none, or several), and a wide
    table's indicator name."""
    units: set[str] = set()
    names: list[str] = []
    for table in tables:
        if is_tidy(table, options.metric):
            rows: Iterable[Mapping[str, Any]] | None = table.records
            if rows is None:
                header = [c.strip().lower() for c in next(r for r in table.rows if any(r))]
                # One row's dict at a time, past the header: a list of them would hold a large
                # table a second time over.
                filled = (r for r in table.rows if any(r))
                rows = (dict(zip(header, r, strict=False)) for r in islice(filled, 1, None))
            units.update(u for r in rows if (u := text_of(r.get("unit"))))
        else:
            try:
                name, unit = indicator(read_wide(table, options.region_column).meta)
            except (InvalidTable, UsageProblem):
                continue
            units.add(unit or "")
            if name:
                names.append(name.removeprefix("各地区"))
    units.discard("")
    stated = units.pop() if len(units) == 1 else None
    return options.unit or stated, names[0] if names else None


def declared_metric(
    kb: KnowledgeBase,
    options: ImportOptions,
    labels: str,
    unit: str | None = None,
    stated_name: str | None = None,
) -> Metric | None:
    """A new metric the command line declares (--metric NEW_ID, with --name, --name-zh and
    --better; its unit from --unit or the tables' own), or None when --metric names a known
    one (or none is given)."""
    from innov_cli.kb.checks import METRIC_ID
    from innov_cli.kb.records import BETTERS

    if not options.metric:
        return None
    try:
        kb.metric(options.metric)
        return None
    except NotFound:
        pass
    metric_id = options.metric.strip()
    if not unit:
        raise UsageProblem(
            msg("error.unknown_metric_a_r_to", a0=metric_id),
            hint=msg("error.innov_metrics_lists_the_known"),
        )
    if not METRIC_ID.fullmatch(metric_id):
        raise UsageProblem(msg("error.a_new_metric_id_is", a0=metric_id))
    better = (options.better or "higher").strip()
    if better not in BETTERS:
        raise UsageProblem(msg("error.better_must_be_one_of", a0=", ".join(BETTERS), a1=better))
    unit = unit.strip()
    # A unit innov converts (亿元 -> CNY bn) gives the metric innov's unit; any other is kept.
    unit = UNITS[unit][0] if unit in UNITS else unit
    return Metric(
        metric_id,
        options.name or metric_id.replace("_", " ").capitalize(),
        unit,
        better,  # type: ignore[arg-type]
        description=f"Declared by innov import from {labels}.",
        # The table's own indicator name, where it is Chinese (工业机器人密度).
        name_zh=options.name_zh or (stated_name if stated_name and has_han(stated_name) else None),
    )
