"""The command line: parse arguments, call one command's query, return its view.

Start-up matters (shell loops, completion): only Typer is imported here; each command imports
its own module when it runs, so `--help` never loads pydantic or Rich and a cached run never
loads pydantic. The output options and the dispatch to a renderer are in `options.py`, error
handling in `guard.py`, the invocation's context in `context.py`.
"""

# Annotations are evaluated when the module runs, not postponed (no `from __future__ import
# annotations`): Typer reads each command's parameters with `inspect.signature(eval_str=True)`
# and `get_type_hints`, which would compile every postponed annotation string twice per run.

import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from innov_cli import __version__
from innov_cli.cli.completion import complete_metric, complete_region, complete_source_or_region
from innov_cli.cli.context import Context, debug_from_environment, language_from_environment
from innov_cli.cli.guard import InnovGroup
from innov_cli.cli.options import (
    BomOption,
    FieldsOption,
    KindOption,
    MetricOption,
    RegionArgument,
    field_list,
    output_command,
)
from innov_cli.formats import ExportFormat, Language, TierChoice

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
    lang: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            case_sensitive=False,
            help="Word tables, notes and messages in Chinese (zh) or English (en); default from "
            "INNOV_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG). Machine output never "
            "changes.",
        ),
    ] = None,
    tier: Annotated[
        TierChoice | None,
        typer.Option(
            "--tier",
            case_sensitive=False,
            help="Only figures whose source is of this tier or better: primary (the body that "
            "produced it) or official-media (also established news organisations).",
        ),
    ] = None,
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
        language=lang.value if lang is not None else language_from_environment(),
        tier=tier.value if tier is not None else None,
        stdout=given.stdout,
        stderr=given.stderr,
        short_lived=given.short_lived,
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
        typer.Option(
            "--year",
            "-y",
            metavar="YEAR",
            min=1900,
            max=2100,
            help="The year the figures describe.",
        ),
    ] = None,
    edition: Annotated[
        int | None,
        typer.Option(
            "--edition",
            metavar="YEAR",
            min=1900,
            max=2100,
            help="A ranking's edition (publication year).",
        ),
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
) -> Output:
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

    kb = with_ranked_derived(ctx.obj.kb(), by)
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
    wide: Annotated[
        bool,
        typer.Option(
            "--wide",
            help="As on screen: one row per metric, one column per region (csv, json, jsonl);"
            " Markdown and tables cite each figure's source as a numbered footnote.",
        ),
    ] = False,
) -> Output:
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
@output_command
def show(ctx: typer.Context, region: RegionArgument) -> Output:
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

    kb = ctx.obj.kb()
    return list_view(list_regions(kb, kind), kb)


@app.command()
@output_command
def metrics(ctx: typer.Context) -> Output:
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
@output_command
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
) -> Output:
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
@output_command
def coverage(
    ctx: typer.Context,
    by: MetricOption = None,
    kind: KindOption = None,
    region: Annotated[
        list[str] | None,
        typer.Option(
            "--region",
            "-r",
            metavar="ID",
            autocompletion=complete_region,
            help="Only these regions (repeatable).",
        ),
    ] = None,
    year: Annotated[
        list[int] | None,
        typer.Option(
            "--year",
            "-y",
            metavar="YEAR",
            min=1900,
            max=2100,
            help="Only these years (repeatable).",
        ),
    ] = None,
) -> Output:
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
    result = find_coverage(kb, by, kind=kind, regions=region or [], years=year or [])
    return coverage_view(result)


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
    fields: FieldsOption = None,
    region: Annotated[
        list[str] | None,
        typer.Option(
            "--region",
            metavar="ID",
            autocompletion=complete_region,
            help="Only facts about these regions (repeatable, or a comma list).",
        ),
    ] = None,
    metric: Annotated[
        list[str] | None,
        typer.Option(
            "--metric",
            metavar="METRIC",
            autocompletion=complete_metric,
            help="Only facts for these metrics (repeatable, or a comma list).",
        ),
    ] = None,
    year: Annotated[
        list[str] | None,
        typer.Option(
            "--year",
            metavar="YEAR",
            help="Only facts for these years (repeatable, or a comma list).",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Write --format even where PATH's ending says otherwise."),
    ] = False,
    bom: BomOption = False,
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
        kb, chosen, out, field_list(fields), ctx.obj.terminal(), facts=facts, bom=bom
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
    from innov_cli.kb.derive import with_derived

    kb = with_derived(ctx.obj.kb())
    return trend_view(trend(kb, region, by), kb)


@app.command()
@output_command
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
) -> Output:
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
@output_command
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
) -> Output:
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
            autocompletion=complete_metric,
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
            autocompletion=complete_source_or_region,
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
            "import needs -o OUT.toml (or -o - for standard output, or --dry-run)",
            hint="innov import table.csv -o table.toml",
            words=msg("error.import_needs_o_out_toml"),
            hint_words=msg("error.innov_import_table_csv_o"),
        )
    out = None if output in (None, "-") else Path(output)
    options = ImportOptions(
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

        # What the built-in file holds is not copied into the output (see knowledge_base_text).
        builtin = load_knowledge_base(layers_for([], builtin=True), use_cache=ctx.obj.cache)
    result = run_import(ctx.obj.kb(), files, out, options, builtin)
    for label, used in result.encodings:
        ctx.obj.err.write(visible(f"innov: read {label} as {used} (--encoding overrides)") + "\n")
    if dry_run:
        # What would be written, to stdout; nothing is written.
        ctx.obj.out.write(result.text)
        where = output if output not in (None, "-") else "standard output"
        ctx.obj.err.write(
            visible(f"innov: dry run: {result.facts} facts not written to {where}") + "\n"
        )
        return
    if out is None:
        ctx.obj.out.write(result.text)
    else:
        write_output(result.text, out, force=force)
    ctx.obj.err.write(visible(say(import_summary(result, out))) + "\n")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the knowledge-base format (for editors and linters).

    \b
    Examples:
      innov schema > regions.schema.json
    """
    from innov_cli.kb.schema import schema_text

    sys.stdout.write(schema_text())


def command_group() -> InnovGroup:
    """The Click group `main` runs: every command registered, none built until it is used
    (see `InnovGroup`); what `typer.main.get_command(app)` gives, without that cost."""
    commands = app.registered_commands
    app.registered_commands = []  # the group with its callback and global options only
    try:
        group = typer.main.get_command(app)
    finally:
        app.registered_commands = commands
    assert isinstance(group, InnovGroup)
    group.pending = {_command_name(info): info for info in commands}
    group.build = functools.partial(
        typer.main.get_command_from_info,
        pretty_exceptions_short=app.pretty_exceptions_short,
        rich_markup_mode=app.rich_markup_mode,
    )
    return group


def main() -> None:
    """Console-script entry point: one invocation, then the process exits."""
    command_group()(obj=Context(short_lived=True))


def _command_name(info: typer.models.CommandInfo) -> str:
    """A command's name as Typer gives it: its own, else its function's, lowercase, dashed."""
    assert info.callback is not None
    return info.name or info.callback.__name__.lower().replace("_", "-")
