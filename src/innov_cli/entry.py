"""The console script `innov` and `python -m innov_cli`: the CLI imported inside the Ctrl-C
guard, so that a Ctrl-C while Python is still importing it (a loaded machine takes a while)
ends as "innov: interrupted", exit 130, like one during a command, never as a bare signal."""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from innov_cli.cli import main as run

        run()
    except KeyboardInterrupt:
        sys.stderr.write("innov: interrupted\n")
        raise SystemExit(130) from None
