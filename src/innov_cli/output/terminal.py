"""Facts about the terminal innov writes to: colour, width, Unicode. Injected, not global."""

# Annotations are evaluated, not postponed (no `from __future__ import annotations`): with
# postponed ones, typing.NamedTuple compiles every field's annotation string at each start.

import os
import sys
from typing import NamedTuple, TextIO


class Terminal(NamedTuple):
    """Where output goes and how it may look (the httpie `Environment` idea)."""

    stdout: TextIO
    stderr: TextIO
    color: bool
    force_color: bool
    unicode: bool
    width: int | None
    # The reader's language ("en" or "zh"): tables and Markdown are worded in it.
    language: str = "en"
    # Whether a person is looking (stdout is a terminal): piped tables are plain text.
    tty: bool = True
    # --no-header: rows only, for cut and awk.
    header: bool = True

    @classmethod
    def detect(
        cls,
        *,
        no_color: bool = False,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        language: str = "en",
    ) -> "Terminal":
        """Read NO_COLOR / FORCE_COLOR / COLUMNS / locale from the environment."""
        env = os.environ
        # NO_COLOR wins over FORCE_COLOR (no-color.org: any non-empty value).
        no_color = no_color or bool(env.get("NO_COLOR"))
        force = bool(env.get("FORCE_COLOR")) and not no_color
        width = None
        columns = env.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            width = int(columns)
        out = stdout or sys.stdout
        return cls(
            stdout=out,
            stderr=stderr or sys.stderr,
            color=not no_color,
            force_color=force,
            unicode=unicode_ok(out),
            width=width,
            language=language,
            tty=_isatty(out),
        )


def _isatty(stream: TextIO) -> bool:
    # TTY_COMPATIBLE=1 / 0 overrides the detection (Rich's convention; tests and recorders).
    forced = os.environ.get("TTY_COMPATIBLE", "")
    if forced in ("0", "1"):
        return forced == "1"
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def unicode_ok(stream: TextIO) -> bool:
    """False under LANG=C / POSIX locales or a non-UTF stream: then draw ASCII."""
    env = os.environ
    lang = env.get("LANG", "")
    ctype = env.get("LC_CTYPE", "")
    if ctype == "C.UTF-8" and lang in ("", "C", "POSIX"):
        # Python itself sets LC_CTYPE=C.UTF-8 under a C locale (PEP 538): the user's terminal
        # is still a C one, which may not show block characters or arrows.
        ctype = ""
    locale = env.get("LC_ALL") or ctype or lang
    if locale in ("C", "POSIX") or (locale and "utf" not in locale.lower().replace("-", "")):
        return False
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    return encoding.startswith("utf") if encoding else True
