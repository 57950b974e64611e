"""The command line: parse arguments, call one command's query, return its view.

Start-up matters (shell loops, completion): only Typer is imported here; each command imports
its own module when it runs, so `--help` never loads pydantic or Rich and a cached run never
loads pydantic. The output options and the dispatch to a renderer are in `options.py`, error
handling in `guard.py`, the invocation's context in `context.py`.
"""

# Annotations are evaluated when the module runs, not postponed (no `from __future__ import
# annotations`): Typer reads each command's parameters with `inspect.signature(eval_str=True)`
# and `get_type_hints`, which would compile every postponed annotation string twice per run.

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from innov_cli import __version__
from innov_cli.cli.context import Context, debug_from_environment, language_from_environment
from innov_cli.cli.guard import InnovGroup
from innov_cli.formats import Language, TierChoice

# The settings the whole app and each command built alone share (see `command_group`).
_SETTINGS: dict[str, Any] = {
    "rich_markup_mode": None,  # plain help: faster, and brackets in help text survive
    "pretty_exceptions_enable": False,  # guard.py decides what a user sees
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
_GROUP: dict[str, Any] = {
    "cls": InnovGroup,
    "name": "innov",
    "help": (
        "Rank, compare and script the world's innovation regions from a sourced knowledge base."
    ),
    "no_args_is_help": True,
    **_SETTINGS,
}
app = typer.Typer(**_GROUP)


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


def command_group() -> InnovGroup:
    """The Click group `main` runs: every command registered, none built until it is used
    (see `InnovGroup`). Built with Typer's documented `typer.main.get_command` from Typer
    objects, without touching `app`: the group from an app holding only the global options,
    each command (when asked for) from an app holding only it."""
    root = typer.Typer(**_GROUP)
    root.callback()(global_options)
    group = typer.main.get_command(root)
    assert isinstance(group, InnovGroup)
    group.pending = {command_name(info): info for info in app.registered_commands}
    group.build = _build_command
    return group


def _build_command(info: typer.models.CommandInfo) -> Any:
    """One command as Click runs it, from a Typer app that holds only this command."""
    assert info.callback is not None  # every command is registered with its function
    single = typer.Typer(add_completion=False, **_SETTINGS)
    # Registered again with what it was registered with (`app.command()`'s own arguments).
    single.command(**{name: getattr(info, name) for name in _REGISTERED_WITH})(info.callback)
    return typer.main.get_command(single)


# The arguments of `Typer.command()` innov's commands use, kept in the CommandInfo each makes.
_REGISTERED_WITH = (
    "name",
    "help",
    "epilog",
    "short_help",
    "context_settings",
    "no_args_is_help",
    "hidden",
    "deprecated",
)


def main() -> None:
    """Console-script entry point: one invocation, then the process exits."""
    command_group()(obj=Context(short_lived=True))


def commands_with(trait: str) -> list[str]:
    """The commands that declare an output trait ("chart", "html" or "citations": see
    `options.Traits`), in the order they are registered."""
    return [
        command_name(info)
        for info in app.registered_commands
        if getattr(getattr(info.callback, "traits", None), trait, False)
    ]


def command_name(info: typer.models.CommandInfo) -> str:
    """A command's name as Typer gives it: its own, else its function's, lowercase, dashed."""
    assert info.callback is not None
    return info.name or info.callback.__name__.lower().replace("_", "-")


# The commands register themselves on `app` when their modules are imported, in the order
# `innov --help` lists them: queries (figures, then listings) first, then files.
# isort: off
from innov_cli.cli import commands_query  # noqa: E402, F401
from innov_cli.cli import commands_files  # noqa: E402, F401
# isort: on
