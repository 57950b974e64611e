"""The commands that read or write files: export, import, validate, schema.

Each registers itself on `cli.app.app` when imported (cli/app.py imports this module); each
imports its command module only when it runs, so `--help` loads none of them.
"""

from __future__ import annotations  # evaluated by Typer for the command that runs only

import sys
from pathlib import Path
from typing import Annotated

import typer

from innov_cli.cli import options
from innov_cli.cli.app import app
from innov_cli.formats import ExportFormat


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="jsonl, json, csv, markdown or sqlite (default: from PATH's ending "
            "- .db/.sqlite, .csv, .json, .jsonl, .md - else jsonl).",
        ),
    ] = None,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]",
            help="Write here (atomically) instead of stdout ('-' is stdout); required for sqlite.",
        ),
    ] = None,
    fields: options.FieldsOption = None,
    region: options.RegionsOption = None,
    metric: options.MetricsOption = None,
    year: options.YearsOption = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Write --format even where PATH's ending says otherwise."),
    ] = False,
    bom: options.BomOption = False,
) -> None:
    """Export facts, one per row, for pandas, DuckDB, SQLite or a spreadsheet.

    Keys: region, metric, value, unit, year, edition, source, confidence, qualifier, note, tier.

    \b
    Examples:
      innov export --format csv > facts.csv
      innov export --format jsonl | wc -l
      innov export kb.db
      innov export --region shenzhen,hangzhou --year 2023 facts.csv
    """
    from innov_cli.commands.export import export_format, export_knowledge_base, filter_facts

    out = Path(path) if path not in (None, "-") else None
    chosen = export_format(fmt.value if fmt is not None else None, out, force=force)
    kb = ctx.obj.kb()
    facts = filter_facts(kb, region, metric, year) if region or metric or year else None
    export_knowledge_base(
        kb, chosen, out, options.field_list(fields), ctx.obj.terminal(), facts=facts, bom=bom
    )


@app.command("import")
def import_command(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...",
            help="Tables: CSV (UTF-8 or GB18030/GBK), XLSX, JSON or JSON Lines; - reads stdin.",
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT.toml",
            help="The knowledge-base file to write (- for standard output).",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Print what would be written (facts, new metric, new source); write nothing.",
        ),
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace OUT.toml if it exists.")] = False,
    metric: Annotated[
        str | None,
        typer.Option(
            "--metric",
            "-m",
            metavar="METRIC",
            autocompletion=options.complete_metric,
            help="The metric of a wide table (NBS indicators are recognised).",
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", metavar="UNIT", help="The table's published unit (亿元, 万人, %...)."
        ),
    ] = None,
    region_column: Annotated[
        str | None,
        typer.Option(
            "--region-column",
            metavar="NAME",
            help="A wide table's region column, by header or number (default: the first).",
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            metavar="ID",
            autocompletion=options.complete_source_or_region,
            help="Cite this existing source (or, with the options below, the new source's id).",
        ),
    ] = None,
    publisher: Annotated[
        str | None, typer.Option("--publisher", metavar="TEXT", help="New source: publisher.")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="New source: title.")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", metavar="URL", help="New source: URL.")
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="DATE", help="New source: publication date, YYYY[-MM[-DD]]."
        ),
    ] = None,
    tier: Annotated[
        str | None,
        typer.Option(
            "--tier",
            metavar="TIER",
            help="New source: primary, official-media or secondary (NBS tables: primary).",
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", metavar="TEXT", help="New metric (--metric NEW --unit U): name."),
    ] = None,
    name_zh: Annotated[
        str | None, typer.Option("--name-zh", metavar="TEXT", help="New metric: Chinese name.")
    ] = None,
    better: Annotated[
        str | None,
        typer.Option("--better", metavar="WAY", help="New metric: higher, lower or none."),
    ] = None,
    decimal_comma: Annotated[
        bool,
        typer.Option(
            "--decimal-comma", help="Read 1.234,5 and 1 234,5 (decimal comma), not 1,234.5."
        ),
    ] = False,
    encoding: Annotated[
        str | None,
        typer.Option(
            "--encoding",
            metavar="NAME",
            help="The text encoding of CSV inputs (default: UTF-8 or GB18030, by a rule).",
        ),
    ] = None,
) -> None:
    """Import tables into a knowledge-base file that layers with --data.

    Reads tidy tables with export's columns (export, edit, import gives back the same facts),
    NBS data-portal tables (with their 指标 and 数据来源 lines) and other wide tables
    (regions down, years across) given --metric and --unit. Region names resolve like
    everywhere else; units convert exactly (亿元 -> CNY bn); an unknown region or unit stops the
    import and nothing is written. The file is written atomically and passes `innov validate`.

    \b
    Examples:
      innov export --format csv > facts.csv && innov import facts.csv -o facts.toml
      innov import gdp.csv -o gdp.toml --url https://data.stats.gov.cn/ --date 2025-03
      innov import table.xlsx -o kb.toml --metric population --unit 万人 --source my-src
      innov import robots.csv --dry-run --metric robot_density --unit 台/万人 \\
        --url https://www.stats.gov.cn/ --date 2025-03 --publisher 国家统计局 --tier primary
    """
    from innov_cli.commands.importing.command import (
        import_summary,
        refuse_existing,
        run_import,
        write_output,
    )
    from innov_cli.commands.importing.options import ImportOptions, SourceOptions
    from innov_cli.output.sanitize import visible
    from innov_cli.view.wording import say

    if output is None and not dry_run:
        from innov_cli.errors import UsageProblem
        from innov_cli.view.model import msg

        raise UsageProblem(
            msg("error.import_needs_o_out_toml"), hint=msg("error.innov_import_table_csv_o")
        )
    out = None if output in (None, "-") else Path(output)
    chosen = ImportOptions(
        metric=metric,
        unit=unit,
        region_column=region_column,
        source=SourceOptions(source, publisher, title, url, date, tier),
        decimal_comma=decimal_comma,
        name=name,
        name_zh=name_zh,
        better=better,
        encoding=encoding,
    )
    if out is not None and not dry_run:
        refuse_existing(out, force=force)  # before the knowledge base is even loaded
    builtin = None
    if ctx.obj.builtin:
        from innov_cli.kb.layers import layers_for, load_knowledge_base

        # What the built-in file holds is not copied into the output (see header_text).
        builtin = load_knowledge_base(layers_for([], builtin=True), use_cache=ctx.obj.cache)
    result = run_import(ctx.obj.kb(), files, out, chosen, builtin)
    for label, used in result.encodings:
        ctx.obj.err.write(visible(f"innov: read {label} as {used} (--encoding overrides)") + "\n")
    if dry_run:
        # What would be written, to stdout; nothing is written.
        result.write(ctx.obj.out)
        where = output if output not in (None, "-") else "standard output"
        ctx.obj.err.write(
            visible(f"innov: dry run: {result.facts} facts not written to {where}") + "\n"
        )
        return
    if out is None:
        result.write(ctx.obj.out)
    else:
        write_output(result, out, force=force)
    ctx.obj.err.write(visible(say(import_summary(result, out))) + "\n")


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH...", help="Knowledge-base TOML files to check.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Problems as JSON.")] = False,
) -> None:
    """Check knowledge-base files and report every problem, compiler style.

    Each file is checked layered over the built-in knowledge base and any INNOV_DATA or
    --data files, as it will be used (so its references to their ids resolve).

    Exit 0 when every file is valid, 4 otherwise.

    \b
    Examples:
      innov validate my-city.toml
      innov validate a.toml b.toml --json
    """
    from innov_cli.commands.validate import run_validate

    code = run_validate([Path(p) for p in paths], ctx.obj.layers(), as_json=as_json)
    raise typer.Exit(code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the knowledge-base format (for editors and linters).

    \b
    Examples:
      innov schema > regions.schema.json
    """
    from innov_cli.kb.schema import schema_text

    sys.stdout.write(schema_text())
