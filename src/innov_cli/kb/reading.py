"""Read and parse one knowledge-base file into plain TOML data, or explain why not."""

from __future__ import annotations

import itertools
import re
import stat
import sys
from pathlib import Path
from typing import Any

from innov_cli.errors import InvalidKnowledgeBase, Problem

# Limits that turn hostile input into a clear message instead of a stall or a RecursionError.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_NESTING = 32

# Patterns as strings: `re` compiles (and caches) one when an error message first needs it, so
# a warm start, which reads a file but never reports on it, compiles none.
_POSITION = r"\(at line (\d+), column (\d+)\)"
_KEY_TUPLE = r"\(((?:'[^']*'|\"[^\"]*\")(?:, (?:'[^']*'|\"[^\"]*\"))*),?\)"
_QUOTED = r"'([^']*)'|\"([^\"]*)\""
_EXCERPT_LIMIT = 200


def read_bytes(path: Path, label: str) -> bytes:
    """The file's bytes, or an InvalidKnowledgeBase naming what is wrong with the path."""
    try:
        if path.is_dir():
            raise _fail(label, "is a directory, not a knowledge-base file")
        info = path.stat()
        limit = MAX_FILE_BYTES // (1024 * 1024)
        if info.st_size > MAX_FILE_BYTES:
            raise _fail(label, f"is {info.st_size:,} bytes; the limit is {limit} MiB")
        if stat.S_ISREG(info.st_mode):
            return path.read_bytes()
        # A device (/dev/zero), a FIFO or `<(...)`: no size to check first, so the limit
        # applies while reading, and an endless stream stops at it.
        return _read_limited(path, label, limit)
    except FileNotFoundError:
        raise _fail(label, "no such file") from None
    except PermissionError:
        raise _fail(label, "permission denied: the file cannot be read") from None
    except IsADirectoryError:
        raise _fail(label, "is a directory, not a knowledge-base file") from None
    except OSError as exc:
        raise _fail(label, f"cannot be read: {exc.strerror or exc}") from None
    except ValueError:  # e.g. a NUL byte in the path, which no file system accepts
        raise _fail(label, "is not a valid file name") from None


def _read_limited(path: Path, label: str, limit: int) -> bytes:
    chunks: list[bytes] = []
    total = 0
    with path.open("rb", buffering=0) as handle:
        while True:
            _wait_readable(handle.fileno())
            chunk = handle.read(1024 * 1024)
            if not chunk:
                break
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise _fail(label, f"is more than {limit} MiB, the limit")
            chunks.append(chunk)
    return b"".join(chunks)


def _wait_readable(fd: int) -> None:
    """Wait until `fd` has data (or its end), half a second at a time.

    A Ctrl-C that lands just before a blocking read starts would otherwise stay pending while
    the read waits for a FIFO's writer, perhaps for ever; waking twice a second lets Python act
    on it (each wait is interrupted by a signal, and each loop checks for one)."""
    import select

    try:
        while not select.select([fd], [], [], 0.5)[0]:
            pass
    except (OSError, ValueError):  # not selectable here: a plain blocking read it is
        return


def decode(data: bytes, label: str) -> str:
    """UTF-8 text; a byte-order mark is accepted and dropped."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InvalidKnowledgeBase(
            [
                Problem(
                    label,
                    f"not valid UTF-8 (byte 0x{data[exc.start]:02x})",
                    line=line,
                    column=column,
                    hint="save the file as UTF-8",
                )
            ]
        ) from None


def _toml_module() -> Any:
    # Imported on first parse, not with this module: a warm start is answered from the cache
    # and never parses TOML, and loading tomli's compiled modules costs ~10 ms.
    if sys.version_info >= (3, 11):  # pragma: no cover - depends on the interpreter
        try:
            import tomli as toml  # compiled wheels: several times faster than tomllib
        except ImportError:
            import tomllib as toml
    else:  # pragma: no cover
        import tomli as toml
    return toml


# Above this size a file is parsed in pieces of about CHUNK_CHARS, split before `[[table]]`
# headers: the compiled parser holds the interpreter for the whole of one call (3.4 s for a
# 36 MB file), and Ctrl-C is only answered between calls.
CHUNK_CHARS = 1 << 21
_HEADER = re.compile(r"^\[\[[A-Za-z0-9_-]+\]\][ \t]*(?:#[^\n]*)?$", re.MULTILINE)


def _parse_in_pieces(toml: Any, text: str) -> dict[str, Any] | None:
    """The document parsed piece by piece and joined, or None when that is not certainly
    the same as parsing it whole (a piece that fails, a key in two pieces that is not an
    array of tables): then the caller parses it whole, for the same result or the located
    error."""
    cuts = [0]
    while len(text) - cuts[-1] > 2 * CHUNK_CHARS:
        found = _HEADER.search(text, cuts[-1] + CHUNK_CHARS)
        if found is None:
            break
        cuts.append(found.start())
    cuts.append(len(text))
    joined: dict[str, Any] = {}
    for start, end in itertools.pairwise(cuts):
        piece = text[start:end]
        try:
            data = toml.loads(piece)
        except toml.TOMLDecodeError:
            return None
        for key, value in data.items():
            if key not in joined:
                joined[key] = value
            elif (
                isinstance(joined[key], list)
                and isinstance(value, list)
                and piece.startswith(f"[[{key}]]")
            ):
                joined[key].extend(value)
            else:
                return None
    return joined


def parse_toml(text: str, label: str) -> dict[str, Any]:
    """Parse TOML, turning syntax errors into a located problem with the offending line."""
    toml = _toml_module()
    if len(text) > 2 * CHUNK_CHARS:
        pieces = _parse_in_pieces(toml, text)
        if pieces is not None:
            return _checked_depth(pieces, label)
    try:
        data: dict[str, Any] = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        line: int | None = getattr(exc, "lineno", None)
        column: int | None = getattr(exc, "colno", None)
        message = getattr(exc, "msg", None) or str(exc)
        if line is None:
            found = re.search(_POSITION, str(exc))
            if found:
                line, column = int(found.group(1)), int(found.group(2))
        message = _readable(re.sub(_POSITION, "", message).strip())
        context = _excerpt(text, line, column)
        hint = None
        if message == "Cannot overwrite a value" and context is not None:
            # tomli points past the value; the mistake is the key, at the start of the line.
            message = "this key already has a value"
            column = len(context) - len(context.lstrip()) + 1
        elif message.startswith("Cannot declare") and context is not None:
            # The same: point at the header, not at its closing bracket.
            column = len(context) - len(context.lstrip()) + 1
        elif message == "Illegal character '\\n'":
            hint = 'a string is not closed on this line; use """ for text over several lines'
        elif (
            message == "Invalid value"
            and context
            and column
            and context[column - 1 :][:1].isalpha()
        ):
            hint = "put text in double quotes"
        problem = Problem(
            label,
            f"TOML syntax error: {message}",
            line=line,
            column=column,
            hint=hint,
            context=context,
        )
        raise InvalidKnowledgeBase([problem]) from None
    except RecursionError:
        raise _fail(label, "nesting is too deep to be a knowledge base") from None
    return _checked_depth(data, label)


def _checked_depth(data: dict[str, Any], label: str) -> dict[str, Any]:
    depth = _normalise_in_place(data)
    if depth > MAX_NESTING:
        raise _fail(label, f"nesting depth {depth} exceeds the limit of {MAX_NESTING}")
    return data


def _readable(message: str) -> str:
    """tomli names tables as Python tuples, `('region', 'extra')`: show them as TOML does."""

    def dotted(found: re.Match[str]) -> str:
        return "[" + ".".join(a or b for a, b in re.findall(_QUOTED, found.group(1))) + "]"

    return re.sub(_KEY_TUPLE, dotted, message)


def _excerpt(text: str, line: int | None, column: int | None) -> str | None:
    """The offending line for the caret display, unless it is too long to be useful."""
    if not line:
        return None
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return None
    source = lines[line - 1]
    if len(source) <= _EXCERPT_LIMIT:
        return source
    if column is not None and column <= _EXCERPT_LIMIT:
        # A minified or hostile file: show the start, enough to see the caret's target.
        return source[:_EXCERPT_LIMIT] + "..."
    return None


_PLAIN = {str, int, float, bool}
_CONTAINERS = (dict, list)


def _normalise_in_place(data: dict[str, Any]) -> int:
    """Turn TOML dates into ISO strings (`date = 2025-12-22` is as good as the quoted form) and
    return the nesting depth, in one pass over the parsed data.

    Iterative, so that hostile nesting cannot exhaust the interpreter's stack; only containers
    are pushed, and plain values are skipped by type, because on a 10,000-region file this walk
    visits some 300,000 values.
    """
    import datetime as dt  # only a parse needs it (a warm start reads the cache instead)

    dates = (dt.date, dt.time)  # datetime is a date
    deepest = 1
    stack: list[tuple[Any, int]] = [(data, 1)]
    plain = _PLAIN
    while stack:
        item, level = stack.pop()
        if item and level >= deepest:
            deepest = level + 1  # a non-empty container holds values one level down
        for key, value in item.items() if type(item) is dict else enumerate(item):
            if type(value) in plain:
                continue
            if isinstance(value, _CONTAINERS):
                stack.append((value, level + 1))
            elif isinstance(value, dates):
                item[key] = value.isoformat()
    return deepest


def _fail(label: str, message: str) -> InvalidKnowledgeBase:
    return InvalidKnowledgeBase([Problem(label, message)])
