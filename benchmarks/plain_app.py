"""The like-for-like baseline: a minimal application on innov's own start-up path.

The same Typer innov ships, plain help (`rich_markup_mode=None`, as innov sets it), and no
pydantic (a warm innov run never imports it): one command that prints `[]`. Against this app,
innov's start-up overhead is its own work, not its dependencies'.

    python benchmarks/plain_app.py rank --json
    python benchmarks/plain_app.py --help
"""

from __future__ import annotations

import typer

app = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)


@app.callback()
def main() -> None:
    """A minimal app (benchmark baseline)."""


@app.command()
def rank(json: bool = typer.Option(False, "--json", help="JSON output.")) -> None:
    """Print an empty result."""
    print("[]")


if __name__ == "__main__":
    app()
