"""One module per command: its query, its result record (the JSON contract) and its view.

Nothing here imports Typer or Rich; `innov_cli.cli` parses arguments and calls these.
"""
