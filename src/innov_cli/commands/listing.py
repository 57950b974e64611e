"""The one shape of a simple list command's view (list, metrics, sources, search): records for
machine output, and a table built only when a table is drawn, whose columns each name the
record key they show and how an item shows in them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from innov_cli.kb.records import Source
from innov_cli.view.model import Cell, Column, Output, TableView, Text, msg


class Field(NamedTuple):
    """One column: the record key it shows, its header's wording key, and the item's cell."""

    key: str
    header: str
    cell: Callable[[Any], Cell]
    justify: str = "left"
    whole: bool = False


def list_output(
    items: Sequence[Any],
    records: list[dict[str, Any]],
    fields: Sequence[Field],
    *,
    title: Text,
    record_fields: Sequence[str],
    stack_when_narrow: bool = False,
    sources: Sequence[Source] = (),
) -> Output:
    """The records, and the table of the items (built on first use: JSON, JSON Lines and CSV
    never pay for wording headers and cells)."""

    def tables() -> list[TableView]:
        columns = [Column(msg(f.header), f.justify, whole=f.whole, key=f.key) for f in fields]
        rows = [[f.cell(item) for f in fields] for item in items]
        return [TableView(columns, rows, title=title, stack_when_narrow=stack_when_narrow)]

    return Output(records, records, tables, columns=record_fields, sources=sources)
