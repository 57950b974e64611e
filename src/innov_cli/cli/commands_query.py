"""The commands that query the knowledge base: first those that answer with figures (rank,
compare, show, trend, search, check), then those that list what it holds (list, metrics,
sources, coverage), in the order `innov --help` lists them.

Each registers itself on `cli.app.app` when imported (cli/app.py imports this module); each
imports its command module only when it runs, so `--help` loads none of them.
"""

from __future__ import annotations  # evaluated by Typer for the command that runs only

import sys
from typing import Annotated

import typer

from innov_cli.cli import options
from innov_cli.cli.app import app


@app.command()
@options.output_command(chart=True, html=True)
def rank(
    ctx: typer.Context,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            "-b",
            metavar="METRIC",
            autocompletion=options.complete_metric,
            help="Metric to rank by (default: gdp).",
        ),
    ] = None,
    kind: options.KindOption = None,
    year: Annotated[
        int | None, options.one_year("--year", "-y", help="The year the figures describe.")
    ] = None,
    edition: Annotated[
        int | None, options.one_year("--edition", help="A ranking's edition (publication year).")
    ] = None,
    top: Annotated[
        int | None, typer.Option("--top", "-n", metavar="N", min=1, help="Only the first N.")
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(
            "--country", "-c", metavar="CODE", help="Only regions of this country (CN, US...)."
        ),
    ] = None,
    latest_each: Annotated[
        bool,
        typer.Option(
            "--latest-each", help="Rank each region's latest value, years mixed and shown."
        ),
    ] = False,
    all_regions: Annotated[
        bool, typer.Option("--all", help="Also list the regions without a value, last.")
    ] = False,
) -> options.Output:
    """Rank regions by a metric in one year: best first, ties share a rank.

    Without --by, ranks the clusters by GDP. Without --year: a ranking's latest edition, else
    the newest year more than one of the regions has a value for (the title says which).
    Rankings keep their published rank under any filter; `position` is the place in the list.

    \b
    Examples:
      innov rank                                  # the clusters by latest GDP
      innov rank --by nature_index_rank --kind city --top 10
      innov rank --by rd_intensity --kind province --year 2024 --json
    """
    from innov_cli.commands.rank import rank_regions, rank_view, with_ranked_derived
    from innov_cli.commands.shared import DEFAULT_METRIC

    # Only the ranked metric's share of the knowledge base is read: see kb/slices.py.
    kb = with_ranked_derived(ctx.obj.kb(metric=by or DEFAULT_METRIC), by)
    result = rank_regions(
        kb,
        by,
        kind=kind,
        year=year,
        edition=edition,
        top=top,
        country=country,
        latest_each=latest_each,
        include_missing=all_regions,
    )
    return rank_view(result, kb)


@app.command()
@options.output_command(chart=True, html=True)
def compare(
    ctx: typer.Context,
    regions: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            autocompletion=options.complete_region,
            help="Two or more region ids, names or aliases.",
        ),
    ],
    wide: Annotated[
        bool,
        typer.Option(
            "--wide",
            help="As on screen: one row per metric, one column per region (csv, json, jsonl);"
            " Markdown and tables cite each figure's source as a numbered footnote.",
        ),
    ] = False,
) -> options.Output:
    """Compare regions metric by metric, side by side, each row's leader marked.

    Rows are grouped (economy, R&D and patents, rankings, institutions) and compare the newest
    year the regions share; where they share none, each cell shows its own year, marked *.

    \b
    Examples:
      innov compare jingjinji gba
      innov compare jingjinji yrd gba --wide --format markdown
      innov compare beijing shanghai shenzhen --json
    """
    from innov_cli.commands.compare import compare_regions, compare_view
    from innov_cli.kb.derive import with_derived

    kb = with_derived(ctx.obj.kb())
    return compare_view(compare_regions(kb, regions), kb, wide=wide)


@app.command()
@options.output_command(html=True)
def show(ctx: typer.Context, region: options.RegionArgument) -> options.Output:
    """Show a region's profile: names, links, every figure with its year and source.

    \b
    Examples:
      innov show jingjinji
      innov show 长三角 --json
    """
    from innov_cli.commands.show import show_region, show_view
    from innov_cli.kb.derive import with_derived

    kb = with_derived(ctx.obj.kb())
    return show_view(show_region(kb, region), kb)


@app.command("trend")
@options.output_command(chart=True, html=True)
def trend_command(
    ctx: typer.Context, region: options.RegionArgument, by: options.MetricOption = None
) -> options.Output:
    """Show how a region's figures or ranks moved across years, with up/down marks.

    \b
    Examples:
      innov trend hangzhou
      innov trend beijing --by rd_intensity --json
    """
    from innov_cli.commands.trend import trend, trend_view
    from innov_cli.kb.derive import with_derived

    kb = with_derived(ctx.obj.kb())
    return trend_view(trend(kb, region, by), kb)


@app.command()
@options.output_command
def search(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(
            metavar="TEXT",
            help="Words to find (English or Chinese) in names, aliases, sectors, notes, titles.",
        ),
    ],
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", metavar="N", min=1, help="At most N matches."),
    ] = None,
    where: Annotated[
        str,
        typer.Option(
            "--in",
            metavar="PLACE",
            help="Where to look: regions (names, aliases, sectors, platforms, metric names; "
            "the default), notes, sources, or all.",
        ),
    ] = "regions",
) -> options.Output:
    """Find regions and metrics in English or Chinese, best match first.

    Looks in what describes a region: names in both languages, aliases, focus sectors,
    platforms and metric names (--in notes, sources or all looks further), and shows what
    matched. Short words match whole words only (AI finds "AI", not "Britain"); plurals and
    common inflections are set aside (laboratory finds laboratories); a few synonyms are known
    (chips -> integrated circuits, biotech -> biomedicine, 芯片 -> 集成电路, AI -> 人工智能).

    \b
    Examples:
      innov search "integrated circuits"
      innov search 人工智能
      innov search "national key laboratory" --in all
      innov search 大湾区 --json | jq '.[0].id'
    """
    from innov_cli.commands.search import search_regions, search_view

    return search_view(search_regions(ctx.obj.kb(), text, limit, where))


@app.command()
@options.output_command(html=True)
def check(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Argument(
            metavar="[TEXT]",
            help="The text to check (a sentence or an article); - reads standard input.",
        ),
    ] = None,
    file: Annotated[
        str | None,
        typer.Option("--file", metavar="FILE", help="Read the text from FILE (UTF-8)."),
    ] = None,
    fail_on: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on",
            metavar="VERDICT",
            help="Exit 5 when a claim gets this verdict: contradicted, partly or unverifiable "
            "(repeatable).",
        ),
    ] = None,
) -> options.Output:
    """Check a text's figures against the knowledge base, claim by claim.

    Finds each checkable claim (a figure with its unit, a rank, "N of the top M", "first for
    N years"), in English or Chinese; works out its region, metric and year from the sentence
    or its neighbours; and compares it with innov's preferred figure at the precision the
    claim states ("11.5 trillion" matches 11,539 CNY bn; "over 30%" needs more than 30).
    Verdicts: supported, contradicted, partly (part holds, or innov has only a bound),
    unverifiable (innov has no figure: the reason says what it looked for). Every verdict
    cites the facts it used. Exit 0 when it ran; 5 with --fail-on when a claim got a verdict
    named there.

    \b
    Examples:
      innov check "Jing-Jin-Ji's GDP reached 11.5 trillion yuan in 2024."
      innov check --file article.txt --fail-on contradicted
      innov check - --json < article.txt | jq '.claims[] | select(.verdict != "supported")'
      innov check --file article.txt --format html -o checked.html
    """
    from innov_cli.commands.check import check_text, check_view
    from innov_cli.commands.check import fail_on as failing
    from innov_cli.commands.check_input import read_text
    from innov_cli.kb.derive import with_derived

    verdicts = failing(fail_on or [])
    source = read_text(text, file, sys.stdin)
    kb = with_derived(ctx.obj.kb())
    return check_view(kb, check_text(kb, source), verdicts)


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
            autocompletion=options.complete_source_or_region,
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
