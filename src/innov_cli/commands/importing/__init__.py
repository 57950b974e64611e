"""`innov import`: tables (tidy exports, NBS data-portal tables, other wide tables) into a
knowledge-base file that layers with `--data`.

The direction of travel, one module a step: read each input, file or standard input
(`tables.py`, `workbook.py` for .xlsx) -> rows of text cells -> classify: tidy with export's
columns (`tidy.py`) or wide with years across (`wide.py`, NBS layouts) -> resolve regions,
metric (`metrics.py`), unit and numbers (`numbers.py`) and source (`sources.py`) against the
loaded knowledge base, collecting every problem (`collector.py`) -> facts with exact decimal
values -> TOML text (`innov_cli.kb.writing`), validated like any knowledge-base file before
anything is written (`command.py`, which runs the whole import).

Nothing is imported here: the CLI imports `command` when `innov import` runs.
"""
