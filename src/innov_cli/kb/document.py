"""A knowledge-base file as written, for validation and the JSON Schema.

pydantic validates files against frozen dataclasses (strict, unknown keys refused) with the
fields, types and defaults of the record NamedTuples in `records`; they are built here, on a
cold load only, and each validated table entry becomes a record. A warm start never imports
this module.
"""

from __future__ import annotations

import dataclasses
import operator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from innov_cli.kb import records

# Unknown keys are an error: a misspelt key must never be silently ignored. Strict types: the
# string "12" or the boolean true is not a number (arrays arrive as tuples; see reading.py).
_STRICT: dict[str, Any] = {"extra": "forbid"}


def _table_type(record: type[Any]) -> type[Any]:
    """A frozen dataclass with a record's name, fields, types and defaults, for pydantic.

    Its module is the record's, so that pydantic resolves the annotations (`Tier`, `Kind`...)
    there, and the JSON Schema names its definitions as before (Source, Metric...)."""
    defaults = record._field_defaults
    spec = [
        (name, record.__annotations__[name], field(default=defaults[name]))
        if name in defaults
        else (name, record.__annotations__[name])
        for name in record._fields
    ]
    table = dataclasses.make_dataclass(
        record.__name__,
        spec,
        frozen=True,
        slots=True,
        namespace={"__pydantic_config__": _STRICT, "__doc__": record.__doc__},
    )
    table.__module__ = record.__module__
    return table


if TYPE_CHECKING:
    from innov_cli.kb.records import Fact, Metric, Region, Source
else:
    Source = _table_type(records.Source)
    Metric = _table_type(records.Metric)
    Region = _table_type(records.Region)
    Fact = _table_type(records.Fact)


@dataclass(frozen=True, slots=True)
class Document:
    """One knowledge-base file as written: every table is optional."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    schema_version: int | None = None
    source: tuple[Source, ...] = field(default_factory=tuple)
    metric: tuple[Metric, ...] = field(default_factory=tuple)
    region: tuple[Region, ...] = field(default_factory=tuple)
    fact: tuple[Fact, ...] = field(default_factory=tuple)


def as_records(document: Document) -> Document:
    """The validated document with every entry as its record NamedTuple."""

    def converted(entries: tuple[Any, ...], record: type[Any]) -> tuple[Any, ...]:
        values = operator.attrgetter(*record._fields)
        return tuple([record._make(values(entry)) for entry in entries])

    return Document(
        document.schema_version,
        converted(document.source, records.Source),
        converted(document.metric, records.Metric),
        converted(document.region, records.Region),
        converted(document.fact, records.Fact),
    )
