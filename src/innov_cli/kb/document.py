"""A knowledge-base file as written, for validation and the JSON Schema.

Apart from the record types in `records`, so that a warm start (which never validates) does not
define it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from innov_cli.kb.records import _STRICT, Fact, Metric, Region, Source


@dataclass(frozen=True, slots=True)
class Document:
    """One knowledge-base file as written: every table is optional."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    schema_version: int | None = None
    source: tuple[Source, ...] = field(default_factory=tuple)
    metric: tuple[Metric, ...] = field(default_factory=tuple)
    region: tuple[Region, ...] = field(default_factory=tuple)
    fact: tuple[Fact, ...] = field(default_factory=tuple)
