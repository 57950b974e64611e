"""The text `innov check` reads: an argument, a file (--file) or standard input (-)."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from innov_cli.errors import InvalidTable, UsageProblem
from innov_cli.view.model import msg

# An article is a few hundred kilobytes at most; a bigger input is a wrong file.
MAX_BYTES = 8 * 1024 * 1024


def read_text(text: str | None, file: str | None, stdin: TextIO) -> str:
    """The text to check, from exactly one place. A file or standard input must be UTF-8
    (a byte-order mark is dropped); read errors (missing, a directory, no permission) reach
    the CLI's guard as OSError and exit 4 like every other file innov reads."""
    if text is not None and file is not None:
        raise UsageProblem(msg("error.check_two_inputs"))
    if file is not None:
        data = Path(file).read_bytes() if file != "-" else stdin.buffer.read(MAX_BYTES + 1)
        return _decoded(data, file)
    if text == "-":
        return _decoded(stdin.buffer.read(MAX_BYTES + 1), "standard input")
    if text is None or not text.strip():
        raise UsageProblem(
            msg("error.check_input"),
            hint=msg(
                "hint.example",
                example='innov check "Jing-Jin-Ji\'s GDP reached 11.5 trillion yuan in 2024."',
            ),
        )
    return text


def _decoded(data: bytes, where: str) -> str:
    if len(data) > MAX_BYTES:
        raise InvalidTable(msg("error.check_too_big", where=where, mib=MAX_BYTES // (1024 * 1024)))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise InvalidTable(
            msg("error.check_not_utf8", where=where, at=problem.start), hint=msg("hint.save_utf8")
        ) from None
