"""Options and arguments shared by several commands, declared once.

File paths are taken as plain strings and made Paths in the commands: Typer's Path type stats
the path while parsing and crashes on a name no file system accepts (a NUL byte), before
innov's own checks can say so.

Shell completion re-runs innov on every <TAB>: the candidates an option offers must come fast
and silently, so they are read from the (cached) knowledge base and every error is swallowed.
"""

# Annotations are evaluated, not postponed: see cli/app.py.

import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, overload

import typer

from innov_cli.formats import Format

if TYPE_CHECKING:
    from innov_cli.kb.knowledge_base import KnowledgeBase
    from innov_cli.view.model import Output as Output  # re-exported: see below
else:
    # Typer reads the commands' annotations at start-up; a command's return type is not a
    # parameter, so a stand-in spares importing the view model before a command runs. The
    # command modules take `Output` from here.
    Output = object

# Shell completion: the candidates each option offers.
Candidates = list[tuple[str, str]]  # (value, help shown by zsh and fish)


def _from_kb(pick: Callable[["KnowledgeBase"], Candidates]) -> Callable[[Any, str], Candidates]:
    """A completion callback offering `pick(kb)` values that start with what was typed."""

    def complete(ctx: Any, incomplete: str) -> Candidates:
        try:
            from innov_cli.kb.layers import layers, load_knowledge_base

            # The global options typed so far (`innov --data mine.toml show <TAB>`) count.
            options = ctx.find_root().params
            paths = [Path(p) for p in options.get("data") or []]
            found = layers(paths, builtin=not options.get("no_builtin"))
            kb = load_knowledge_base(found, use_cache=not options.get("no_cache"))
        except Exception:  # a broken data file must not break the user's shell
            return []
        prefix = incomplete.casefold()
        return [(value, help) for value, help in pick(kb) if value.casefold().startswith(prefix)]

    return complete


def _regions(kb: "KnowledgeBase") -> Candidates:
    out = [(r.id, r.name) for r in sorted(kb.regions.values(), key=lambda r: r.id)]
    # Aliases with spaces would need quoting at the prompt; the id covers those regions.
    return out + [(a, r.id) for r in kb.regions.values() for a in r.aliases if " " not in a]


def _metrics(kb: "KnowledgeBase") -> Candidates:
    return [(m.id, f"{m.name} ({m.unit})") for m in sorted(kb.metrics.values(), key=lambda m: m.id)]


def _sources_and_regions(kb: "KnowledgeBase") -> Candidates:
    return [
        (s.id, s.publisher) for s in sorted(kb.sources.values(), key=lambda s: s.id)
    ] + _regions(kb)


complete_region = _from_kb(_regions)
complete_metric = _from_kb(_metrics)
complete_source_or_region = _from_kb(_sources_and_regions)


def complete_kind(incomplete: str) -> list[str]:
    # Imported here: every start-up imports this module, and few need the records.
    from innov_cli.kb.records import KINDS

    return [k for k in KINDS if k.startswith(incomplete.lower())]


RegionArgument = Annotated[
    str,
    typer.Argument(
        metavar="ID", autocompletion=complete_region, help="A region id, name or alias."
    ),
]
KindOption = Annotated[
    str | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        autocompletion=complete_kind,
        help="Only regions of this kind: country, cluster, province, city, st-cluster, "
        "platform, area.",
    ),
]
MetricOption = Annotated[
    str | None,
    typer.Option(
        "--by", "-b", metavar="METRIC", autocompletion=complete_metric, help="The metric."
    ),
]
# The filters that several commands share: each repeatable, each also a comma list.


def _filter(*names: str, metavar: str, things: str, complete: Any = None) -> Any:
    return typer.Option(
        *names,
        metavar=metavar,
        autocompletion=complete,
        help=f"Only these {things} (repeatable, or a comma list).",
    )


def one_year(*names: str, help: str) -> Any:
    """A single year (or edition year) within the range any figure can describe."""
    return typer.Option(*names, metavar="YEAR", min=1900, max=2100, help=help)


RegionsOption = Annotated[
    list[str] | None,
    _filter("--region", "-r", metavar="ID", things="regions", complete=complete_region),
]
MetricsOption = Annotated[
    list[str] | None,
    _filter("--metric", metavar="METRIC", things="metrics", complete=complete_metric),
]
YearsOption = Annotated[list[str] | None, _filter("--year", "-y", metavar="YEAR", things="years")]
FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="Output format (default: table). svg and png draw a chart (rank, compare, trend); "
        "html writes a self-contained report (rank, compare, show, trend).",
        case_sensitive=False,
    ),
]
OutputFileOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (atomically) instead of stdout; required for png.",
    ),
]
NoHeaderOption = Annotated[
    bool,
    typer.Option(
        "--no-header",
        help="Tables without title, header and notes (rows only, for cut and awk); CSV without"
        " its header row.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
BomOption = Annotated[
    bool,
    typer.Option("--bom", help="Start CSV output with a UTF-8 byte-order mark (for Excel)."),
]
FieldsOption = Annotated[
    str | None,
    typer.Option("--fields", metavar="A,B,C", help="Only these keys or columns, in this order."),
]


def field_list(fields: str | None) -> list[str] | None:
    return [f.strip() for f in fields.split(",") if f.strip()] if fields else None


def chosen_format(fmt: Format | None, as_json: bool) -> Format:
    """--json is short for --format json; asking for two different formats is a usage error."""
    if as_json and fmt not in (None, Format.json):
        from innov_cli.errors import UsageProblem
        from innov_cli.view.model import msg

        raise UsageProblem(msg("error.two_formats", format=fmt.value))
    return Format.json if as_json else (fmt or Format.table)


class Traits(NamedTuple):
    """What a command's output can be besides its records, declared where the command is
    registered (`@output_command(chart=True, html=True)`): a chart (--format svg, png), an
    HTML report (--format html), citations (--format csl-json, bibtex). The lists of such
    commands that messages and docs show are read off the registered commands
    (`cli.app.commands_with`), never kept by hand."""

    chart: bool = False
    html: bool = False
    citations: bool = False


def _listed(trait: str) -> list[str]:
    from innov_cli.cli.app import commands_with  # only when a format is refused

    return commands_with(trait)


def check_format(
    command: str | None, traits: Traits, fmt: Format, output: str | None, fields: str | None
) -> None:
    """Refuse, before any work, a format this command cannot write or a PNG for a terminal."""
    if fmt in (Format.csl_json, Format.bibtex) and not traits.citations:
        raise _usage(
            f"--format {fmt.value} writes citations, for innov sources",
            hint=f"innov sources [ID...] --format {fmt.value}",
        )

    if fmt in (Format.svg, Format.png) and not traits.chart:
        raise _usage(
            f"{command} draws no chart: --format {fmt.value} is for "
            + ", ".join(f"innov {c}" for c in _listed("chart")),
            hint="--format html writes a report for " + ", ".join(_listed("html")),
        )
    if fmt is Format.html and not traits.html:
        raise _usage(
            f"{command} has no HTML report: --format html is for "
            + ", ".join(f"innov {c}" for c in _listed("html"))
        )
    if fmt is Format.png and output is None:
        raise _usage(
            "a PNG is binary and never goes to a terminal: name a file with -o FILE",
            hint=f"e.g. innov {command} ... --format png -o chart.png",
        )
    if fields and fmt in (Format.svg, Format.png, Format.html, Format.csl_json, Format.bibtex):
        raise _usage(
            f"--fields applies to json, jsonl and csv, not to --format {fmt.value}",
        )


def check_bom(fmt: str, bom: bool) -> None:
    """--bom is for CSV: with any other format it would corrupt the output, so it is refused."""
    if bom and fmt != "csv":
        raise _usage(
            f"--bom applies to --format csv, not to --format {fmt}",
            hint="drop --bom, or add --format csv",
        )


def _usage(message: str, hint: str | None = None) -> Exception:
    from innov_cli.errors import UsageProblem

    return UsageProblem(message, hint=hint)


_OUTPUT_PARAMETERS = [
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
    for name, kind, default in (
        ("fmt", FormatOption, None),
        ("as_json", JsonOption, False),
        ("fields", FieldsOption, None),
        ("output_file", OutputFileOption, None),
        ("no_header", NoHeaderOption, False),
        ("bom", BomOption, False),
    )
]


@overload
def output_command(command: Callable[..., "Output"], /) -> Callable[..., None]: ...


@overload
def output_command(
    *, chart: bool = False, html: bool = False, citations: bool = False
) -> Callable[[Callable[..., "Output"]], Callable[..., None]]: ...


def output_command(
    command: Callable[..., "Output"] | None = None,
    /,
    *,
    chart: bool = False,
    html: bool = False,
    citations: bool = False,
) -> Any:
    """Give a command the shared output options, and emit the Output it returns; with
    `chart`, `html` or `citations` it also writes those formats (see `Traits`).

    The command itself only parses its own arguments and returns its view; the options and
    the dispatch to a renderer live here, once for every command.
    """
    traits = Traits(chart, html, citations)
    if command is None:
        return functools.partial(_with_output, traits=traits)
    return _with_output(command, traits=traits)


def _with_output(command: Callable[..., "Output"], *, traits: Traits) -> Callable[..., None]:
    return OutputCommand(command, traits)


class OutputCommand:
    """A command with the shared output options, as Typer registers it (a callable with a
    signature). The signature, the command's own parameters followed by the output options,
    is worked out when Typer first reads it, that is when this command is built: the command
    modules postpone their annotations, so that a start evaluates only those of the command
    it runs (`innov --help` none)."""

    def __init__(self, command: Callable[..., "Output"], traits: Traits) -> None:
        self.command = command
        self.traits = traits
        # What Typer and `inspect` read of a function: its name, help and module.
        self.__name__ = command.__name__
        self.__qualname__ = command.__qualname__
        self.__doc__ = command.__doc__
        self.__module__ = command.__module__

    @functools.cached_property
    def __signature__(self) -> inspect.Signature:
        signature = inspect.signature(self.command, eval_str=True)
        return signature.replace(parameters=[*signature.parameters.values(), *_OUTPUT_PARAMETERS])

    @property
    def __annotations__(self) -> dict[str, Any]:  # type: ignore[override]
        return {p.name: p.annotation for p in self.__signature__.parameters.values()}

    def __call__(
        self,
        ctx: typer.Context,
        *args: Any,
        fmt: Format | None = None,
        as_json: bool = False,
        fields: str | None = None,
        output_file: str | None = None,
        no_header: bool = False,
        bom: bool = False,
        **kwargs: Any,
    ) -> None:
        from pathlib import Path

        from innov_cli.output.emit import emit

        chosen = chosen_format(fmt, as_json)
        if output_file == "-":  # the usual name for standard output
            output_file = None
        check_format(ctx.info_name, self.traits, chosen, output_file, fields)
        check_bom(chosen.value, bom)
        output = self.command(ctx, *args, **kwargs)
        path = Path(output_file) if output_file is not None else None
        term = ctx.obj.terminal()
        if no_header:
            term = term._replace(header=False)
        emit(output, chosen, term, field_list(fields), path, bom=bom)
        if output.exit_code:
            raise typer.Exit(output.exit_code)
