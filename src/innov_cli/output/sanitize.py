"""Text from a data file is data: it must never drive the terminal."""

from __future__ import annotations

import re

# C0 and C1 control characters (except tab) plus DEL: ESC sequences, bells, carriage returns.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """Control characters shown as escapes (`\\x1b`), so a cell cannot move the cursor."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
