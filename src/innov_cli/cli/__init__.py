"""The command line (Typer): `app` and the console-script entry point `main`."""

from innov_cli.cli.app import app, main

__all__ = ["app", "main"]
