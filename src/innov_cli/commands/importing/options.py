"""What the command line adds to the tables: the metric, unit, source and reading options."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class SourceOptions:
    """How the imported facts are cited: an existing source id, or parts of a new one."""

    source: str | None = None
    publisher: str | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    tier: str | None = None

    @property
    def builds(self) -> bool:
        return any((self.publisher, self.title, self.url, self.date, self.tier))


@dataclass(frozen=True)
class ImportOptions:
    """What the command line adds to the tables themselves."""

    metric: str | None = None
    unit: str | None = None
    region_column: str | None = None
    source: SourceOptions = dataclasses.field(default_factory=SourceOptions)
    # Read 1.234,5 and 1 234,5 (decimal comma) instead of 1,234.5.
    decimal_comma: bool = False
    # A new metric declared on the command line (with --metric ID and --unit).
    name: str | None = None
    name_zh: str | None = None
    better: str | None = None
    # The text encoding of CSV inputs, instead of innov's rule.
    encoding: str | None = None
