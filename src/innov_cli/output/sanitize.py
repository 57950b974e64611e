"""Text from a data file is data: it must never drive the terminal."""

from __future__ import annotations

import functools
import re


# C0 and C1 control characters (except tab) plus DEL: ESC sequences, bells, carriage returns.
# Also the Unicode bidirectional overrides and isolates, which can make a cell read as something
# it is not ("Trojan Source"), and the line/paragraph separators some terminals treat as newlines.
@functools.cache
def compiled(expression: str) -> re.Pattern[str]:
    """A pattern compiled on first use: compiling every module's patterns at import would cost
    each start more than the work most runs do with them."""
    return re.compile(expression)


_CONTROL = r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Control characters shown as escapes (`\\x1b`), so a cell cannot move the cursor."""
    return compiled(_CONTROL).sub(_escape, text)


def visible_lines(text: str) -> str:
    """Like `visible`, for a message of several lines: the line breaks stay, nothing else."""
    return "\n".join(visible(line) for line in text.split("\n"))


# Characters JSON may carry raw but a terminal may act on: DEL and the C1 controls (U+009B is a
# one-character CSI on some terminals), the bidi overrides, and the line/paragraph separators.
_JSON_UNSAFE = r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"


def json_safe(text: str) -> str:
    """JSON text with terminal-active characters written as \\u escapes: the same JSON value,
    so a parser reads the exact string, but `cat`-ing the output cannot drive the terminal."""
    return compiled(_JSON_UNSAFE).sub(lambda m: f"\\u{ord(m.group()):04x}", text)
