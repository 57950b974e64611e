"""innov: rank, compare and script the world's innovation regions.

The Python API (`load`, `rank`, `compare`, `facts`; see `innov_cli.api`) is imported on first
use, so that `import innov_cli` (which every command-line start pays for) stays cheap.
`main` is the console script `innov` (and `python -m innov_cli`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from innov_cli import errors
    from innov_cli.api import KnowledgeBase, compare, facts, load, rank

__all__ = ["KnowledgeBase", "__version__", "compare", "errors", "facts", "load", "main", "rank"]

_API = {"KnowledgeBase", "compare", "facts", "load", "rank"}


def __getattr__(name: str) -> Any:
    if name in _API:
        from innov_cli import api

        return getattr(api, name)
    if name == "errors":
        import innov_cli.errors

        return innov_cli.errors
    raise AttributeError(f"module 'innov_cli' has no attribute {name!r}")


def main() -> None:
    """The console script: the CLI is imported inside the Ctrl-C guard, so that a Ctrl-C while
    Python is still importing it (a loaded machine takes a while) ends as "innov: interrupted",
    exit 130, like one during a command, never as a bare signal. It lives here, in the module
    every start imports anyway, because each module a start imports costs it about 0.3 ms."""
    try:
        from innov_cli.cli import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("innov: interrupted\n")
        raise SystemExit(130) from None
