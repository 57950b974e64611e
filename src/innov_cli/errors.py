"""One error family: every failure a user can cause maps to a documented exit code."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from innov_cli.messages import Msg


class ExitCode(IntEnum):
    """Exit codes, documented in the README ("Exit codes")."""

    OK = 0
    INTERNAL = 1
    USAGE = 2
    NOT_FOUND = 3
    INVALID_DATA = 4
    CLAIMS_FAILED = 5  # `check --fail-on`: a claim got one of the verdicts named
    INTERRUPTED = 130
    TERMINATED = 143


class Problem(NamedTuple):
    """One problem found in a knowledge-base file, reported compiler style."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    entity: str | None = None
    field: str | None = None
    hint: str | None = None
    context: str | None = None  # the offending source line, for a caret display

    def location(self) -> str:
        """`file:line:column` with the parts that are known."""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def render(self) -> str:
        """One line (plus an optional source excerpt with a caret) for stderr."""
        where = " ".join(p for p in (self.entity, self.field) if p)
        text = f"{self.location()}: {where + ': ' if where else ''}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        if self.context is not None and self.column is not None:
            text += f"\n    {self.context}\n    {' ' * (self.column - 1)}^"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "entity": self.entity,
            "field": self.field,
            "message": self.message,
            "hint": self.hint,
        }


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived while a file was being written (see output/atomic.py): unwound like
    Ctrl-C, so that the temporary file is removed; innov then exits with 143."""


class InnovError(Exception):
    """Base of every error innov reports to a user (never with a traceback).

    An error is worded once: given a `Msg`, its English (`message`, `hint`, what the Python
    API and `str()` give) and its Chinese both come from the wording catalog. A plain string
    is English only (a message built from another library's own words)."""

    exit_code: int = ExitCode.INTERNAL

    def __init__(self, message: str | Msg, hint: str | Msg | None = None) -> None:
        super().__init__(message)
        self._message = message
        self._hint = hint

    @property
    def words(self) -> Msg | None:
        """The message as a wording key, for readers of another language."""
        return None if isinstance(self._message, str) else self._message

    @property
    def hint_words(self) -> Msg | None:
        return None if self._hint is None or isinstance(self._hint, str) else self._hint

    @property
    def message(self) -> str:
        return _english(self._message)

    @property
    def hint(self) -> str | None:
        return None if self._hint is None else _english(self._hint)

    def __str__(self) -> str:
        return self.message


def _english(text: str | Msg) -> str:
    if isinstance(text, str):
        return text
    # Only when an error is reported: kb/ raises these without loading any wording.
    from innov_cli.view.wording import say

    return say(text, "en")


class UsageProblem(InnovError):
    """The command line asks for something that cannot be given (exit 2)."""

    exit_code = ExitCode.USAGE


class NotFound(InnovError):
    """An unknown region, metric, source or field (exit 3)."""

    exit_code = ExitCode.NOT_FOUND


class UnusableFile(InnovError):
    """A file named on the command line cannot be read or written: missing, a directory, no
    permission, no folder, a full disk, a name too long (exit 4, whether read or written)."""

    exit_code = ExitCode.INVALID_DATA


class InvalidTable(InnovError):
    """A table given to `innov import` cannot be read or understood (exit 4)."""

    exit_code = ExitCode.INVALID_DATA


class InvalidKnowledgeBase(InnovError):
    """A knowledge-base file cannot be read or fails validation (exit 4)."""

    exit_code = ExitCode.INVALID_DATA

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            f"invalid knowledge base: {count} {noun}",
            hint="run `innov validate FILE` for the full list",
        )
