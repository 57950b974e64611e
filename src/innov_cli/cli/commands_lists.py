"""The commands that list what the knowledge base holds: list, metrics, sources, coverage.

Each registers itself on `cli.app.app` when imported (cli/app.py imports this module); each
imports its command module only when it runs, so `--help` loads none of them.
"""

# Annotations are evaluated, not postponed: Typer reads each command's parameters with
# `inspect.signature(eval_str=True)` (see cli/app.py).

from typing import Annotated

import typer

from innov_cli.cli import options
from innov_cli.cli.app import app
from innov_cli.cli.completion import complete_source_or_region


@app.command("list")
@options.output_command
def list_command(ctx: typer.Context, kind: options.KindOption = None) -> options.Output:
    """List the regions: ids, names, kinds and countries.

    \b
    Examples:
      innov list --kind cluster
      innov list --json | jq -r '.[].id'
    """
    from innov_cli.commands.list import list_regions, list_view

    kb = ctx.obj.kb()
    return list_view(list_regions(kb, kind), kb)


@app.command()
@options.output_command
def metrics(ctx: typer.Context) -> options.Output:
    """List the metrics regions can be ranked and compared by.

    Where several figures describe one region, metric and year, every command shows one, by
    one preference rule: an exact figure beats a rounded or estimated one, and both beat a
    bound (>, <); a figure innov derives counts as an estimate. Among the figures of one
    producer, a revised release beats the final one, which beats the first; then a better
    source tier (primary, official-media, secondary; a derived figure has its inputs'
    weakest); then a published figure before a derived one; then the newest publication.
    `innov show ID` lists the others; exports mark the chosen one `preferred`.

    \b
    Examples:
      innov metrics
      innov metrics --format csv
    """
    from innov_cli.commands.metrics import list_metrics, metrics_view

    return metrics_view(list_metrics(ctx.obj.kb()))


@app.command()
@options.output_command(citations=True)
def sources(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID...]",
            autocompletion=complete_source_or_region,
            help="Regions (the sources behind their figures) or source ids.",
        ),
    ] = None,
) -> options.Output:
    """List the citations behind the figures, with their tier and the copy read.

    A source names the original publication; `via` is the copy the figures were read from
    when that differs. --format csl-json (Zotero, Pandoc) and bibtex write citations.

    \b
    Examples:
      innov sources
      innov sources jingjinji
      innov sources gba --format bibtex > gba.bib
      innov sources --json | jq -r '.[].url'
    """
    from innov_cli.commands.sources import list_sources, sources_view

    return sources_view(list_sources(ctx.obj.kb(), names))


@app.command()
@options.output_command
def coverage(
    ctx: typer.Context,
    by: options.MetricOption = None,
    kind: options.KindOption = None,
    region: options.RegionsOption = None,
    year: options.YearsOption = None,
) -> options.Output:
    """Show which figures exist and which are missing, regions by years or metrics.

    With --by: one row per region, one column per year, each cell marked with the tier of its
    best source (P primary, M official media, S secondary), D where innov derived it from
    every member's figure, or — where there is no figure; a note counts them per year. With
    --kind cluster or city and no --by: the core panel (GDP, population, R&D expenditure and
    intensity, GDP and R&D per head, 2020-2024 unless --year), one table per metric.
    Otherwise: one column per metric, in its newest year.

    \b
    Examples:
      innov coverage --by rd_intensity --kind province
      innov coverage --kind cluster
      innov coverage --by gdp --region jingjinji --region gba --json
    """
    from innov_cli.commands.coverage import coverage as find_coverage
    from innov_cli.commands.coverage import coverage_view
    from innov_cli.kb.derive import with_derived

    kb = with_derived(ctx.obj.kb())
    from innov_cli.commands.shared import split_values, whole_years

    years = whole_years(year, example="innov coverage --kind cluster --year 2022,2023")
    result = find_coverage(kb, by, kind=kind, regions=split_values(region), years=years)
    return coverage_view(result)
