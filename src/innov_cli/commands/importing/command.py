"""The whole `innov import`: read every input, convert, check, and (unless printing) write
the file atomically through the output-path check every command shares."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple, TextIO

from innov_cli.commands.importing.collector import Collector, listed
from innov_cli.commands.importing.metrics import declared_metric, stated_unit
from innov_cli.commands.importing.options import ImportOptions
from innov_cli.commands.importing.sink import FactSink
from innov_cli.commands.importing.tables import SHOWN, Table, parse_table, read_input
from innov_cli.commands.importing.tidy import import_tidy, is_tidy
from innov_cli.commands.importing.wide import import_wide
from innov_cli.errors import InvalidTable, NotFound, UsageProblem
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.writing import check_written_text, header_text
from innov_cli.view.model import Msg, msg


class ImportResult(NamedTuple):
    """What `import` produced: the file (its header, then the checked fact blocks the sink
    holds) and a summary of what it holds."""

    header: str
    body: FactSink
    facts: int
    regions: list[str]
    metrics: list[str]
    sources: list[str]
    years: list[int]
    # Each input read in an encoding the summary should name: (label, encoding).
    encodings: tuple[tuple[str, str], ...] = ()

    def write(self, out: TextIO) -> None:
        """The whole file, as `innov validate` will read it."""
        out.write(self.header)
        self.body.copy_to(out)
        out.write("\n")


def import_tables(
    kb: KnowledgeBase,
    tables: Sequence[Table],
    options: ImportOptions,
    builtin: KnowledgeBase | None = None,
) -> ImportResult:
    """Every table's facts as one knowledge-base file's text, or an error that names every
    unknown region, bad cell and duplicate. Nothing here writes a file."""
    unit, stated_name = stated_unit(tables, options)
    new_metric = declared_metric(kb, options, ", ".join(t.label for t in tables), unit, stated_name)
    if new_metric is not None:
        kb = KnowledgeBase(
            kb.regions, {**kb.metrics, new_metric.id: new_metric}, kb.sources, kb.facts
        )
    collector = Collector(kb, ", ".join(t.label for t in tables))
    for table in tables:
        if not table.rows and not table.records:
            raise InvalidTable(msg("error.the_table_is_empty", a0=table.label))
        if is_tidy(table, options.metric):
            import_tidy(collector, table, options)
        else:
            import_wide(collector, table, options)
    if collector.unknown_regions:
        count = len(collector.unknown_regions)
        raise NotFound(
            msg(
                "error.unknown_region_name",
                a0=count,
                a1=listed(collector.unknown_regions),
            ),
            hint=msg("error.correct_them_or_add_the"),
        )
    if collector.bad_cells:
        shown = collector.bad_cells[:SHOWN]
        more = len(collector.bad_cells) - len(shown)
        raise InvalidTable(
            msg("error.bad_cells", a0="; ".join(shown), a1=f"; and {more} more" if more else ""),
            hint=msg("error.a_missing_figure_may_be"),
        )
    duplicates = collector.facts.duplicates()
    if duplicates:
        raise InvalidTable(
            msg("error.the_same_fact_twice", a0="; ".join(duplicates[:SHOWN])),
            hint=msg("error.each_region_metric_year_and"),
        )
    sink = collector.facts
    if not sink.count:
        raise InvalidTable(
            msg("error.the_tables_hold_no_figures"), hint=msg("error.every_value_cell_is_empty")
        )
    new_sources = {sid: source for sid, (source, _) in collector.new_sources.items()}
    used = (sink.regions, sink.metrics, sink.sources)
    header = header_text(kb, used, new_sources, [t.label for t in tables], builtin)
    return ImportResult(
        header,
        sink,
        sink.count,
        sorted(sink.regions),
        sorted(sink.metrics),
        sorted(sink.sources),
        sorted(sink.years),
        tuple((t.label, t.encoding) for t in tables if t.encoding),
    )


def write_output(result: ImportResult, path: Path, *, force: bool) -> None:
    """Atomically, and never over an existing file without --force."""
    from innov_cli.output.atomic import write_atomically

    refuse_existing(path, force=force)

    def produce(temp: Path) -> None:
        with temp.open("w", encoding="utf-8", newline="") as out:
            result.write(out)
        refuse_existing(path, force=force)  # it may have appeared meanwhile

    write_atomically(path, produce)


def refuse_existing(path: Path, *, force: bool) -> None:
    """Never replace a file without --force; say early when the path cannot be written."""
    from innov_cli.output.atomic import check_output_path

    # The same check as every other output (exit 4 for the same problem everywhere).
    info = check_output_path(path)
    if not force and (info is not None or path.is_symlink()):
        raise UsageProblem(
            msg("error.already_exists", a0=path), hint=msg("error.add_force_to_replace_it")
        )


def import_summary(result: ImportResult, output: Path | None) -> Msg:
    """What was written, for stderr."""
    return msg(
        "import.done",
        facts=result.facts,
        regions=len(result.regions),
        metrics=result.metrics,
        years=result.years,
        path=str(output or "standard output"),
    )


def run_import(
    kb: KnowledgeBase,
    names: Sequence[str],
    output: Path | None,
    options: ImportOptions,
    builtin: KnowledgeBase | None = None,
) -> ImportResult:
    """Read, convert, check and (unless `output` is None) write: the whole `innov import`."""
    if list(names).count("-") > 1:
        raise UsageProblem(msg("error.standard_input_can_be_read"))
    # The tables are dropped once converted: the check below then has their memory.
    result = import_tables(
        kb,
        [parse_table(*read_input(name), encoding=options.encoding) for name in names],
        options,
        builtin,
    )
    # The facts were checked chunk by chunk as they were made; the records the file adds
    # (a new metric, new sources, copied regions) are checked here as the file will be read.
    label = "<stdout>" if output is None else f"{output} (not written)"
    check_written_text(result.header + "\n", label, over_builtin=builtin is not None)
    return result
