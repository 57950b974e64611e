"""One invocation's context: its settings, its streams and its knowledge base.

Carried in Click's context (`ctx.obj`), never in a module global, so that tests can build one
with in-memory streams (httpie's `Environment` is the model) and many invocations can run in
one process.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from innov_cli.kb.knowledge_base import KnowledgeBase
    from innov_cli.kb.layers import Layer
    from innov_cli.output.terminal import Terminal


class Context:
    """Global options of one invocation, and what follows from them (built lazily).

    A plain class rather than a dataclass: every start builds one, and defining a dataclass
    costs more than everything else in this module."""

    def __init__(
        self,
        data: list[Path] | None = None,
        builtin: bool = True,
        cache: bool = True,
        no_color: bool = False,
        debug: bool = False,
        language: str = "en",
        tier: str | None = None,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        short_lived: bool = False,
    ) -> None:
        self.data = data or []
        self.builtin = builtin
        self.cache = cache
        self.no_color = no_color
        self.debug = debug
        # "en" or "zh": how tables, notes and messages are worded (never machine output).
        self.language = language
        # Only facts whose source is of this tier or better ("primary", "official-media").
        self.tier = tier
        # None means the process's own streams, looked up when used (tests swap them).
        self.stdout = stdout
        self.stderr = stderr
        # The process runs this one invocation and exits (the console script), so the loaded
        # knowledge base may be hidden from the cyclic garbage collector (see `kb`).
        self.short_lived = short_lived
        self._kb: KnowledgeBase | None = None
        self._kb_metric: str | None = None  # the metric `_kb` was cut to, if any

    @property
    def out(self) -> TextIO:
        return self.stdout or sys.stdout

    @property
    def err(self) -> TextIO:
        return self.stderr or sys.stderr

    def layers(self) -> list[Layer]:
        """The files that make the knowledge base: built-in, INNOV_DATA, then --data."""
        from innov_cli.kb.layers import layers

        return layers(self.data, builtin=self.builtin)

    def kb(self, *, metric: str | None = None) -> KnowledgeBase:
        """The knowledge base of this invocation. `metric` is for a ranking of that metric:
        the knowledge base may then be cut to it, with its derived figures and no notes
        (kb/slices.py), a fraction of a warm load. Not under --tier: a slice's derived
        figures rest on sources of every tier."""
        if self.tier:
            metric = None
        if self._kb is None or self._kb_metric not in (None, metric):
            from innov_cli.kb.collection import loading
            from innov_cli.kb.layers import load_knowledge_base

            with loading(once=self.short_lived):  # the one GC policy: kb/collection.py
                kb = load_knowledge_base(self.layers(), use_cache=self.cache, metric=metric)
            self._kb = kb.at_tier(self.tier) if self.tier else kb
            self._kb_metric = metric
        return self._kb

    def terminal(self) -> Terminal:
        from innov_cli.output.terminal import Terminal

        return Terminal.detect(
            no_color=self.no_color, stdout=self.out, stderr=self.err, language=self.language
        )


def language_from_environment() -> str:
    """ "zh" or "en": INNOV_LANG if set, else the locale (LC_ALL, then LC_MESSAGES, then LANG:
    the first one set decides, as for any POSIX program); Chinese when it starts with "zh"."""
    env = os.environ
    for name in ("INNOV_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def usage_language(argv: list[str] | None = None) -> str:
    """The reader's language for an error raised before innov's context exists: `--lang`
    anywhere on the command line (before or after the command), else the environment."""
    args = sys.argv[1:] if argv is None else argv
    for n, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and n + 1 < len(args):
            return "zh" if args[n + 1].lower().startswith("zh") else "en"
        if arg.startswith("--lang="):
            return "zh" if arg.split("=", 1)[1].lower().startswith("zh") else "en"
    return language_from_environment() if os.environ else "en"


def debug_from_environment() -> bool:
    return os.environ.get("INNOV_DEBUG", "").lower() not in ("", "0", "false", "no")
