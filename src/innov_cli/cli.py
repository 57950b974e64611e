"""The command line: parse arguments, call one core function, hand the result to `emit`.

Start-up matters (shell loops, completion): only Typer is imported here; each command imports
what it needs, so `--help` never loads pydantic or Rich and a cached run never loads pydantic.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from innov_cli import __version__
from innov_cli.completion import (
    complete_kind,
    complete_metric,
    complete_region,
    complete_source_or_region,
)
from innov_cli.errors import ExitCode, InnovError
from innov_cli.formats import ExportFormat, Format

if TYPE_CHECKING:
    from innov_cli.kb import KnowledgeBase
    from innov_cli.output.terminal import Terminal
    from innov_cli.presentation import Output


@dataclass
class Settings:
    """Global options of one invocation (a fresh object per run; see `global_options`)."""

    data: list[Path] = field(default_factory=list)
    builtin: bool = True
    cache: bool = True
    no_color: bool = False
    debug: bool = False
    _kb: KnowledgeBase | None = None

    def kb(self) -> KnowledgeBase:
        """The knowledge base: built-in, then INNOV_DATA, then each --data file."""
        if self._kb is None:
            from innov_cli.loading import env_data_paths, layers_for, load_knowledge_base

            layers = layers_for([*env_data_paths(), *self.data], builtin=self.builtin)
            self._kb = load_knowledge_base(layers, use_cache=self.cache)
        return self._kb

    def terminal(self) -> Terminal:
        from innov_cli.output.terminal import Terminal

        return Terminal.detect(no_color=self.no_color)


_settings = Settings()


class InnovGroup(TyperGroup):
    """Turns every failure into one line on stderr and a documented exit code."""

    def main(self, *args: Any, **kwargs: Any) -> NoReturn:
        kwargs["standalone_mode"] = False
        code = run_guarded(lambda: super(InnovGroup, self).main(*args, **kwargs))
        sys.exit(code)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (BrokenPipeError, PipeClosed):
            # Click would turn this into a silent exit 1; run_guarded ends it quietly with 0.
            raise PipeClosed() from None


class PipeClosed(Exception):
    """The reader of stdout went away (`innov ... | head`)."""


def run_guarded(call: Any) -> int:
    """Run the CLI; map errors to exit codes; a traceback only with --debug."""
    from typer import _click
    from typer.exceptions import Abort, Exit

    click_errors = _click.exceptions

    try:
        result = call()
        sys.stdout.flush()
        if result == ExitCode.INTERRUPTED:
            # Typer turns Ctrl-C into a bare exit code 130; say what happened.
            sys.stderr.write("innov: interrupted\n")
        return result if isinstance(result, int) else ExitCode.OK
    except InnovError as exc:
        _report_innov_error(exc)
        return exc.exit_code
    except click_errors.UsageError as exc:
        exc.show()
        return ExitCode.USAGE
    except click_errors.ClickException as exc:
        exc.show()
        return exc.exit_code
    except Exit as exc:
        return int(exc.exit_code)
    except (Abort, KeyboardInterrupt):
        sys.stderr.write("innov: interrupted\n")
        return ExitCode.INTERRUPTED
    except (BrokenPipeError, PipeClosed):
        # The reader (head, less) went away: stop quietly, and keep Python from complaining
        # about the unflushable stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return ExitCode.OK
    except Exception as exc:  # the last line of defence: never a pretty traceback
        if _settings.debug:
            import traceback

            traceback.print_exc()
        from innov_cli.output.sanitize import visible

        sys.stderr.write(f"innov: internal error: {type(exc).__name__}: {visible(str(exc))}\n")
        sys.stderr.write("hint: rerun with --debug for a traceback, and please report it\n")
        return ExitCode.INTERNAL


def _report_innov_error(exc: InnovError) -> None:
    from innov_cli.errors import InvalidKnowledgeBase
    from innov_cli.output.sanitize import visible, visible_lines

    if _settings.debug:
        import traceback

        traceback.print_exc()
    if isinstance(exc, InvalidKnowledgeBase):
        for problem in exc.problems:
            sys.stderr.write(visible_lines(problem.render()) + "\n")
        sys.stderr.write(f"innov: {exc.message}\n")
        return
    sys.stderr.write(f"innov: error: {visible(exc.message)}\n")
    if exc.hint:
        sys.stderr.write(f"hint: {visible(exc.hint)}\n")


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
    global _settings
    # A fresh object per invocation: tests run many invocations in one process.
    _settings = Settings(
        data=[Path(p) for p in data or []],
        builtin=not no_builtin,
        cache=not no_cache,
        no_color=no_color,
        debug=debug or os.environ.get("INNOV_DEBUG", "").lower() not in ("", "0", "false", "no"),
    )


# -- shared arguments and output options --------------------------------------------------------
# File paths are taken as plain strings and made Paths in the commands: Typer's Path type stats
# the path while parsing and crashes on a name no file system accepts (a NUL byte), before
# innov's own checks can say so.

RegionArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID", autocompletion=complete_region, help="A region id, name or alias."
    ),
]

FormatOption = Annotated[
    Format | None,
    typer.Option("--format", "-f", help="Output format (default: table).", case_sensitive=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields", metavar="A,B,C", help="Only these keys, in this order (json, jsonl and csv)."
    ),
]


def _emit(output: Output, fmt: Format | None, as_json: bool, fields: str | None = None) -> None:
    from innov_cli.output.emit import emit

    emit(output, _chosen_format(fmt, as_json), _settings.terminal(), _field_list(fields))


def _chosen_format(fmt: Format | None, as_json: bool) -> Format:
    """--json is short for --format json; asking for two different formats is a usage error."""
    if as_json and fmt not in (None, Format.json):
        from innov_cli.errors import UsageProblem

        raise UsageProblem(f"--json and --format {fmt.value} ask for different formats")
    return Format.json if as_json else (fmt or Format.table)


# -- commands -----------------------------------------------------------------------------------


@app.command()
def rank(
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
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            autocompletion=complete_kind,
            help="Only regions of this kind: country, cluster, province, city, st-cluster, "
            "platform (without --by: cluster).",
        ),
    ] = None,
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
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Rank regions by a metric: best first, ties share a rank, missing values last.

    \b
    Examples:
      innov rank                                  # the clusters by latest GDP
      innov rank --by nature_index_rank --kind city --top 10
      innov rank --by rd_intensity --kind province --year 2024 --json
    """
    from innov_cli.presentation import present_rank
    from innov_cli.queries import rank_regions

    result = rank_regions(
        _settings.kb(), by, kind=kind, year=year, edition=edition, top=top, country=country
    )
    _emit(present_rank(result), fmt, as_json, fields)


@app.command()
def compare(
    regions: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            autocompletion=complete_region,
            help="Two or more region ids, names or aliases.",
        ),
    ],
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Compare regions metric by metric, side by side, each row's leader marked.

    \b
    Examples:
      innov compare jingjinji gba
      innov compare beijing shanghai shenzhen --json
    """
    from innov_cli.errors import UsageProblem
    from innov_cli.presentation import present_compare
    from innov_cli.queries import compare_regions

    if len(regions) < 2:
        raise UsageProblem("compare needs at least two regions", hint="e.g. innov compare jjj gba")
    result = compare_regions(_settings.kb(), regions)
    _emit(present_compare(result), fmt, as_json, fields)


@app.command()
def show(
    region: RegionArgument,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Show a region's profile: names, links, every figure with its year and source.

    \b
    Examples:
      innov show jingjinji
      innov show 长三角 --json
    """
    from innov_cli.presentation import present_show
    from innov_cli.queries import show_region

    kb = _settings.kb()
    _emit(present_show(show_region(kb, region), kb), fmt, as_json, fields)


@app.command("list")
def list_command(
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            autocompletion=complete_kind,
            help="Only regions of this kind.",
        ),
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """List the regions: ids, names, kinds and countries.

    \b
    Examples:
      innov list --kind cluster
      innov list --json | jq -r '.[].id'
    """
    from innov_cli.presentation import present_regions
    from innov_cli.queries import list_regions

    _emit(present_regions(list_regions(_settings.kb(), kind)), fmt, as_json, fields)


@app.command()
def metrics(
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """List the metrics regions can be ranked and compared by.

    \b
    Examples:
      innov metrics
      innov metrics --format csv
    """
    from innov_cli.presentation import present_metrics
    from innov_cli.queries import list_metrics

    _emit(present_metrics(list_metrics(_settings.kb())), fmt, as_json, fields)


@app.command()
def sources(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            autocompletion=complete_source_or_region,
            help="A region (its sources) or a source id.",
        ),
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """List the citations behind the figures: publisher, title, date, URL.

    \b
    Examples:
      innov sources
      innov sources jingjinji
      innov sources --json | jq -r '.[].url'
    """
    from innov_cli.presentation import present_sources
    from innov_cli.queries import list_sources

    _emit(present_sources(list_sources(_settings.kb(), name)), fmt, as_json, fields)


@app.command()
def export(
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
    from innov_cli.exporting import export_knowledge_base

    export_knowledge_base(
        _settings.kb(),
        fmt.value,
        Path(path) if path is not None else None,
        _field_list(fields),
        _settings.terminal(),
    )


@app.command("trend")
def trend_command(
    region: RegionArgument,
    by: Annotated[
        str | None,
        typer.Option(
            "--by", "-b", metavar="METRIC", autocompletion=complete_metric, help="Only this metric."
        ),
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Show how a region's figures or ranks moved across years, with up/down marks.

    \b
    Examples:
      innov trend hangzhou
      innov trend beijing --by rd_intensity --json
    """
    from innov_cli.presentation import present_trend
    from innov_cli.queries import trend

    term = _settings.terminal()
    _emit(present_trend(trend(_settings.kb(), region, by), term.unicode), fmt, as_json, fields)


@app.command()
def search(
    text: Annotated[
        str, typer.Argument(metavar="TEXT", help="Words to find in names, aliases, sectors, notes.")
    ],
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", metavar="N", help="At most N matches.")
    ] = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    fields: FieldsOption = None,
) -> None:
    """Find regions by name (English or Chinese), alias, sector, platform or note.

    \b
    Examples:
      innov search "integrated circuits"
      innov search 大湾区 --json | jq '.[0].id'
    """
    from innov_cli.presentation import present_search
    from innov_cli.queries import search_regions

    _emit(present_search(search_regions(_settings.kb(), text, limit)), fmt, as_json, fields)


@app.command()
def validate(
    paths: Annotated[
        list[str], typer.Argument(metavar="PATH...", help="Knowledge-base TOML files to check.")
    ],
    as_json: JsonOption = False,
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
    from innov_cli.loading import env_data_paths
    from innov_cli.validate_command import run_validate

    under = [*env_data_paths(), *_settings.data]
    code = run_validate(
        [Path(p) for p in paths], as_json=as_json, builtin=_settings.builtin, under=under
    )
    raise typer.Exit(code)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the knowledge-base format (for editors and linters).

    \b
    Examples:
      innov schema > regions.schema.json
    """
    from innov_cli.schema import schema_text

    sys.stdout.write(schema_text())


def _field_list(fields: str | None) -> list[str] | None:
    return [f.strip() for f in fields.split(",") if f.strip()] if fields else None


def main() -> None:
    """Console-script entry point."""
    app()
