"""The command line: parse arguments, call one command's query, return its view.

Start-up matters (shell loops, completion): only Typer is imported here; each command imports
its own module when it runs, so `--help` never loads pydantic or Rich and a cached run never
loads pydantic. The output options and the dispatch to a renderer are in `options.py`, error
handling in `guard.py`, the invocation's context in `context.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from innov_cli import __version__
from innov_cli.cli.completion import complete_metric, complete_region, complete_source_or_region
from innov_cli.cli.context import Context, debug_from_environment
from innov_cli.cli.guard import InnovGroup
from innov_cli.cli.options import (
    FieldsOption,
    KindOption,
    MetricOption,
    RegionArgument,
    field_list,
    output_command,
)
from innov_cli.formats import ExportFormat

if TYPE_CHECKING:
    from innov_cli.view.model import Output
else:
    # Typer reads the commands' annotations at start-up; the return type is not a parameter,
    # so a stand-in spares importing the view model before a command runs.
    Output = object

app = typer.Typer(
    cls=InnovGroup,
    name="innov",
    help="Rank, compare and script the world's innovation regions from a sourced knowledge base.",
    rich_markup_mode=None,  # plain help: faster, and brackets in help text survive
    pretty_exceptions_enable=False,  # our handler above decides what a user sees
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"innov {__version__}\n")
        raise typer.Exit()


@app.callback()
def global_options(
    ctx: typer.Context,
    data: Annotated[
        list[str] | None,
        typer.Option(
            "--data",
            metavar="PATH",
            help="A knowledge-base TOML file layered over the built-in one (repeatable).",
        ),
    ] = None,
    no_builtin: Annotated[
        bool, typer.Option("--no-builtin", help="Do not load the built-in knowledge base.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            envvar="INNOV_NO_CACHE",
            help="Neither read nor write the knowledge-base cache.",
        ),
    ] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Plain tables, no colour.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Rank, compare and script the world's innovation regions.

    Data files also come from INNOV_DATA (a list of paths separated by ':').
    """
    # A fresh context per invocation (tests run many in one process); one passed in as
    # `obj` keeps its streams.
    given = ctx.obj if isinstance(ctx.obj, Context) else Context()
    ctx.obj = Context(
        data=[Path(p) for p in data or []],
        builtin=not no_builtin,
        cache=not no_cache,
        no_color=no_color,
        debug=debug or debug_from_environment(),
        stdout=given.stdout,
        stderr=given.stderr,
    )


# -- commands -----------------------------------------------------------------------------------


@app.command()
@output_command
def rank(
    ctx: typer.Context,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            "-b",
            metavar="METRIC",
            autocompletion=complete_metric,
            help="Metric to rank by (default: gdp).",
        ),
    ] = None,
    kind: KindOption = None,
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", metavar="YEAR", help="The year the figures describe."),
    ] = None,
    edition: Annotated[
        int | None,
        typer.Option("--edition", metavar="YEAR", help="A ranking's edition (publication year)."),
    ] = None,
    top: Annotated[
        int | None, typer.Option("--top", "-n", metavar="N", help="Only the first N.")
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(
            "--country", "-c", metavar="CODE", help="Only regions of this country (CN, US...)."
        ),
    ] = None,
) -> Output:
    """Rank regions by a metric: best first, ties share a rank, missing values last.

    Without --by, ranks the clusters by GDP.

    \b
    Examples:
      innov rank                                  # the clusters by latest GDP
      innov rank --by nature_index_rank --kind city --top 10
      innov rank --by rd_intensity --kind province --year 2024 --json
    """
    from innov_cli.commands.rank import rank_regions, rank_view

    kb = ctx.obj.kb()
    result = rank_regions(kb, by, kind=kind, year=year, edition=edition, top=top, country=country)
    return rank_view(result, kb)


@app.command()
@output_command
def compare(
    ctx: typer.Context,
    regions: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            autocompletion=complete_region,
            help="Two or more region ids, names or aliases.",
        ),
    ],
) -> Output:
    """Compare regions metric by metric, side by side, each row's leader marked.

    \b
    Examples:
      innov compare jingjinji gba
      innov compare beijing shanghai shenzhen --json
    """
    from innov_cli.commands.compare import compare_regions, compare_view

    kb = ctx.obj.kb()
    return compare_view(compare_regions(kb, regions), kb)


@app.command()
@output_command
def show(ctx: typer.Context, region: RegionArgument) -> Output:
    """Show a region's profile: names, links, every figure with its year and source.

    \b
    Examples:
      innov show jingjinji
      innov show 长三角 --json
    """
    from innov_cli.commands.show import show_region, show_view

    kb = ctx.obj.kb()
    return show_view(show_region(kb, region), kb)


@app.command("list")
@output_command
def list_command(ctx: typer.Context, kind: KindOption = None) -> Output:
    """List the regions: ids, names, kinds and countries.

    \b
    Examples:
      innov list --kind cluster
      innov list --json | jq -r '.[].id'
    """
    from innov_cli.commands.list import list_regions, list_view

    return list_view(list_regions(ctx.obj.kb(), kind))


@app.command()
@output_command
def metrics(ctx: typer.Context) -> Output:
    """List the metrics regions can be ranked and compared by.

    \b
    Examples:
      innov metrics
      innov metrics --format csv
    """
    from innov_cli.commands.metrics import list_metrics, metrics_view

    return metrics_view(list_metrics(ctx.obj.kb()))


@app.command()
@output_command
def sources(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            autocompletion=complete_source_or_region,
            help="A region (its sources) or a source id.",
        ),
    ] = None,
) -> Output:
    """List the citations behind the figures: publisher, title, date, URL.

    \b
    Examples:
      innov sources
      innov sources jingjinji
      innov sources --json | jq -r '.[].url'
    """
    from innov_cli.commands.sources import list_sources, sources_view

    return sources_view(list_sources(ctx.obj.kb(), name))


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format", "-f", case_sensitive=False, help="jsonl, json, csv, markdown or sqlite."
        ),
    ] = ExportFormat.jsonl,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="[PATH]", help="Write here (atomically) instead of stdout; required for sqlite."
        ),
    ] = None,
    fields: FieldsOption = None,
) -> None:
    """Export every fact, one per row, for pandas, DuckDB, SQLite or a spreadsheet.

    Keys: region, metric, value, unit, year, edition, source, confidence, qualifier, note.

    \b
    Examples:
      innov export --format csv > facts.csv
      innov export --format jsonl | wc -l
      innov export --format sqlite kb.db
    """
    from innov_cli.commands.export import export_knowledge_base

    export_knowledge_base(
        ctx.obj.kb(),
        fmt.value,
        Path(path) if path is not None else None,
        field_list(fields),
        ctx.obj.terminal(),
    )


@app.command("trend")
@output_command
def trend_command(ctx: typer.Context, region: RegionArgument, by: MetricOption = None) -> Output:
    """Show how a region's figures or ranks moved across years, with up/down marks.

    \b
    Examples:
      innov trend hangzhou
      innov trend beijing --by rd_intensity --json
    """
    from innov_cli.commands.trend import trend, trend_view

    kb = ctx.obj.kb()
    return trend_view(trend(kb, region, by), kb)


@app.command()
@output_command
def search(
    ctx: typer.Context,
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="Words to find in names, aliases, sectors, notes.")
    ],
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", metavar="N", help="At most N matches.")
    ] = None,
) -> Output:
    """Find regions by name (English or Chinese), alias, sector, platform or note.

    \b
    Examples:
      innov search "integrated circuits"
      innov search 大湾区 --json | jq '.[0].id'
    """
    from innov_cli.commands.search import search_regions, search_view

    return search_view(search_regions(ctx.obj.kb(), text, limit))


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


def main() -> None:
    """Console-script entry point."""
    app()
