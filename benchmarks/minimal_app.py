"""The baseline for targets 2 and 4: a minimal application on innov's stack.

The Typer version innov ships (whatever is installed beside it), default settings, and one
command that validates one small pydantic model and prints `[]` - what "hello world" looks like
for a typed, validated Typer CLI.

    python benchmarks/minimal_app.py --json
    python benchmarks/minimal_app.py --help
"""

from __future__ import annotations

import typer
from pydantic import BaseModel

app = typer.Typer()


class Query(BaseModel):
    metric: str
    top: int | None = None


@app.command()
def rank(json: bool = typer.Option(False, "--json", help="JSON output.")) -> None:
    """Validate a query and print an empty result."""
    Query.model_validate({"metric": "gdp", "top": None})
    print("[]")


if __name__ == "__main__":
    app()
