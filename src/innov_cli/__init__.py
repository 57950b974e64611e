"""innov: rank, compare and script the world's innovation regions.

The Python API (`load`, `rank`, `compare`, `facts`; see `innov_cli.api`) is imported on first
use, so that `import innov_cli` (which every command-line start pays for) stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from innov_cli import errors
    from innov_cli.api import KnowledgeBase, compare, facts, load, rank

__all__ = ["KnowledgeBase", "__version__", "compare", "errors", "facts", "load", "rank"]

_API = {"KnowledgeBase", "compare", "facts", "load", "rank"}


def __getattr__(name: str) -> Any:
    if name in _API:
        from innov_cli import api

        return getattr(api, name)
    if name == "errors":
        import innov_cli.errors

        return innov_cli.errors
    raise AttributeError(f"module 'innov_cli' has no attribute {name!r}")
