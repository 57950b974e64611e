"""Every failure becomes one line on stderr (plus a hint) and a documented exit code."""

from __future__ import annotations

import contextlib
import errno
import inspect
import os
import sys
from collections.abc import Callable
from gettext import gettext
from typing import Any, NoReturn, TextIO

import typer
from typer.core import TyperGroup

from innov_cli.cli.context import (
    Context,
    debug_from_environment,
    language_from_environment,
    usage_language,
)
from innov_cli.errors import ExitCode, InnovError, Terminated

# Click's own error classes, reached through the one Typer exports (Typer ships its own Click;
# its module path is private, the class hierarchy is not).
_USAGE_ERROR: type[Exception] = typer.BadParameter.__mro__[1]
_CLICK_EXCEPTION: type[Exception] = typer.BadParameter.__mro__[2]


# The arguments of the invocation being run (see InnovGroup.main).
INVOCATION: list[str] = []


class PipeClosed(Exception):
    """The reader of stdout went away (`innov ... | head`)."""


class InnovGroup(TyperGroup):
    """The command group: runs an invocation under `run_guarded`, and builds a command only
    when it is asked for.

    Typer turns every registered command into a Click command before parsing anything, which
    costs a warm `innov rank --json` more than its own work. `cli.app.command_group` hands
    the group Typer's description of each command (`pending`), and `get_command` builds the
    one an invocation runs. Help lists commands from their docstrings, building none.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Command name -> Typer's CommandInfo, in the order the commands were registered.
        self.pending: dict[str, Any] = {}
        self.build: Callable[[Any], Any] | None = None

    def main(self, *args: Any, **kwargs: Any) -> NoReturn:
        # The command line as given, for errors raised before innov's context exists (their
        # language comes from a --lang anywhere on it).
        given = kwargs.get("args", args[0] if args else None)
        INVOCATION[:] = list(given) if given is not None else sys.argv[1:]
        kwargs["standalone_mode"] = False
        code = run_guarded(lambda: super(InnovGroup, self).main(*args, **kwargs))
        sys.exit(code)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Global options written after the command (`innov rank --lang zh`) are moved before
        it, where Click looks for them; everything else keeps its place."""
        return super().parse_args(ctx, hoist_global_options(args, set(self.list_commands(ctx))))

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.commands, *(name for name in self.pending if name not in self.commands)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = self.commands.get(cmd_name)
        if command is None and cmd_name in self.pending and self.build is not None:
            command = self.build(self.pending[cmd_name])
            self.commands[cmd_name] = command
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """Typer suggests close command names from the commands built so far: suggest from
        all of them."""
        try:
            return super().resolve_command(ctx, args)
        except _USAGE_ERROR as exc:
            message = exc.message  # type: ignore[attr-defined]
            if self.suggest_commands and args and "Did you mean" not in message:
                import difflib

                matches = difflib.get_close_matches(args[0], self.list_commands(ctx))
                if matches:
                    suggestions = ", ".join(f"{m!r}" for m in matches)
                    exc.message = f"{message.rstrip('.')}. Did you mean {suggestions}?"  # type: ignore[attr-defined]
            raise

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """`innov --help` lists every command with its whole summary (Click would cut it at
        45 characters): the first paragraph of its help, wrapped by the formatter."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.commands.get(name)
            if command is not None:
                hidden, short_help, text = command.hidden, command.short_help, command.help
            else:
                info = self.pending[name]
                hidden, short_help = info.hidden, info.short_help
                text = info.help if info.help is not None else inspect.getdoc(info.callback)
            if hidden:
                continue
            summary = short_help or " ".join((text or "").split("\n\n")[0].split())
            rows.append((name, _summary_words(inspect.cleandoc(summary).strip())))
        if rows:
            with formatter.section(gettext("Commands")):
                formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Terminated:
            # SIGTERM while writing a file: the temporary file is gone; say so and stop.
            sys.stderr.write("innov: terminated\n")
            raise typer.Exit(ExitCode.TERMINATED) from None
        except (BrokenPipeError, PipeClosed):
            # Click would turn this into a silent exit 1; run_guarded ends it quietly with 0.
            raise PipeClosed() from None
        except InnovError as exc:
            # Reported here, where the invocation's context (streams, --debug) is known.
            context = ctx.obj if isinstance(ctx.obj, Context) else Context()
            report_error(exc, context.err, debug=context.debug, language=context.language)
            raise typer.Exit(exc.exit_code) from None
        except Exception as exc:
            # Not ours: run_guarded reports it, with a traceback if this invocation asked.
            exc.innov_debug = isinstance(ctx.obj, Context) and ctx.obj.debug  # type: ignore[attr-defined]
            raise


# Global options people also type after the command: (takes a value?). `--tier` is not one:
# `import --tier` names a new source's tier.
MOVABLE_OPTIONS = {
    "--lang": True,
    "--data": True,
    "--no-builtin": False,
    "--no-cache": False,
    "--no-color": False,
    "--debug": False,
}


def hoist_global_options(args: list[str], commands: set[str]) -> list[str]:
    """The arguments with every movable global option after the command name moved before it
    (a value moves with its option; nothing after `--` moves)."""
    at = next((n for n, a in enumerate(args) if a in commands), None)
    if at is None:
        return args
    before, command, after = args[:at], args[at], args[at + 1 :]
    moved: list[str] = []
    kept: list[str] = []
    index = 0
    while index < len(after):
        token = after[index]
        if token == "--":
            kept += after[index:]
            break
        name = token.split("=", 1)[0]
        if name in MOVABLE_OPTIONS:
            moved.append(token)
            if MOVABLE_OPTIONS[name] and "=" not in token and index + 1 < len(after):
                moved.append(after[index + 1])
                index += 1
        else:
            kept.append(token)
        index += 1
    return [*before, *moved, command, *kept]


def run_guarded(call: Callable[[], Any]) -> int:
    """Run the CLI; map errors to exit codes; a traceback only with --debug."""
    from typer.exceptions import Abort, Exit

    try:
        result = call()
        sys.stdout.flush()
        if result == ExitCode.INTERRUPTED:
            # Typer turns Ctrl-C into a bare exit code 130; say what happened.
            sys.stderr.write("innov: interrupted\n")
        return result if isinstance(result, int) else ExitCode.OK
    except InnovError as exc:
        report_error(
            exc, sys.stderr, debug=debug_from_environment(), language=language_from_environment()
        )
        return exc.exit_code
    except _USAGE_ERROR as exc:
        _report_usage_error(exc)
        return ExitCode.USAGE
    except _CLICK_EXCEPTION as exc:
        sys.stderr.write(f"innov: error: {_visible(exc.format_message())}\n")  # type: ignore[attr-defined]
        return int(exc.exit_code)  # type: ignore[attr-defined]
    except Exit as exc:
        return int(exc.exit_code)
    except (Abort, KeyboardInterrupt):
        sys.stderr.write("innov: interrupted\n")
        return ExitCode.INTERRUPTED
    except (BrokenPipeError, PipeClosed):
        # The reader (head, less) went away: stop quietly, and keep Python from complaining
        # about the unflushable stdout at exit.
        _discard_stdout()
        return ExitCode.OK
    except OSError as exc:
        # The environment failed us (a full disk, an I/O error on stdout or stderr): a clean
        # exit 4 with innov's own lines where stderr still takes them, never "internal error".
        if exc.errno == errno.EPIPE:
            _discard_stdout()
            return ExitCode.OK
        _discard_stdout()
        _report_os_error(exc)
        return ExitCode.INVALID_DATA
    except Exception as exc:  # the last line of defence: never a pretty traceback
        if debug_from_environment() or getattr(exc, "innov_debug", False):
            import traceback

            traceback.print_exc()
        sys.stderr.write(f"innov: internal error: {type(exc).__name__}: {_visible(str(exc))}\n")
        sys.stderr.write("hint: rerun with --debug for a traceback, and please report it\n")
        return ExitCode.INTERNAL


def _summary_words(summary: str) -> str:
    """A command's one-line summary in the reader's language (the catalog has each one)."""
    language = usage_language(INVOCATION or None)
    if language == "en":
        return summary
    from innov_cli.view.wording import catalog

    return catalog(language).gettext(summary)


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that what is still buffered cannot fail again at exit."""
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real descriptor (a test's stream)
        pass


def _report_os_error(exc: OSError) -> None:
    """`innov: error:` and a hint for an OS error, on stderr if stderr still takes it."""
    reason = exc.strerror or str(exc)
    where = f"cannot use {exc.filename}" if exc.filename else "cannot write the output"
    from innov_cli.output.atomic import OS_ERROR_HINTS

    hint = OS_ERROR_HINTS.get(exc.errno or 0)
    try:
        sys.stderr.write(f"innov: error: {where}: {_visible(reason)}\n")
        if hint:
            sys.stderr.write(f"hint: {hint}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass  # stderr is gone too: the exit code is all that is left


def _visible(text: str) -> str:
    from innov_cli.output.sanitize import visible

    return visible(text)


def _report_usage_error(exc: Exception) -> None:
    """Click's usage errors in innov's own style: `innov: error: …` and a hint naming help, in
    the reader's language (Click's English matched to a wording key: cli/usage_words.py)."""
    from innov_cli.cli.usage_words import usage_words

    ctx = getattr(exc, "ctx", None)
    message = exc.format_message()  # type: ignore[attr-defined]
    path = ctx.command_path if ctx is not None else "innov"
    language = usage_language(INVOCATION or None)
    if language == "en":
        sys.stderr.write(f"innov: error: {_visible(message)}\n")
        sys.stderr.write(f"hint: see '{_visible(path)} -h'\n")
        return
    from innov_cli.messages import msg
    from innov_cli.view.wording import say

    words = usage_words(message)
    text = say(words, language) if words is not None else message
    sys.stderr.write(say(msg("error.prefix"), language) + _visible(text) + "\n")
    hint = say(msg("usage.see_help", path=path), language)
    sys.stderr.write(say(msg("error.hint"), language) + _visible(hint) + "\n")


def report_error(exc: InnovError, err: TextIO, *, debug: bool, language: str = "en") -> None:
    """One line on stderr (plus a hint), in the reader's language where the error has words."""
    from innov_cli.errors import InvalidKnowledgeBase
    from innov_cli.output.sanitize import visible, visible_lines

    if debug:
        import traceback

        traceback.print_exc()
    if isinstance(exc, InvalidKnowledgeBase):
        for problem in exc.problems:
            err.write(visible_lines(problem.render()) + "\n")
        err.write(f"innov: {exc.message}\n")
        return
    if language == "en" or exc.words is None:
        err.write(f"innov: error: {visible(exc.message)}\n")
        if exc.hint:
            err.write(f"hint: {visible(exc.hint)}\n")
        return
    from innov_cli.messages import msg
    from innov_cli.view.wording import say

    err.write(say(msg("error.prefix"), language) + visible(say(exc.words, language)) + "\n")
    hint = say(exc.hint_words, language) if exc.hint_words is not None else exc.hint
    if hint:
        err.write(say(msg("error.hint"), language) + visible(hint) + "\n")
