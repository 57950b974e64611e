"""Derivation rules as the data states them, on each metric.

A metric with `sums_over_members = true` adds up over a cluster's members (a total, not a rate).
A metric's `derive` lists formulas of two operands, `a / b` or `a * b`, scaled by
`derive_factor` and rounded to `derive_digits`. An operand is a metric id (the same region's
figure of the same year), `national:ID` (the nation's figure: a share of the national total,
for mainland regions only, whose totals the nation's figure counts) or `REGION:ID` (one fixed
region's figure, e.g. China's yuan-per-dollar rate for a cross rate).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from innov_cli.kb.records import Metric

NATIONAL = "national"
NATION = "china"
_FORMULA = re.compile(r"^\s*([a-z0-9:_-]+)\s*([*/])\s*([a-z0-9:_-]+)\s*$")


class Operand(NamedTuple):
    metric: str
    region: str | None = None  # None: the region being derived; NATIONAL or a fixed region id

    @property
    def text(self) -> str:
        return f"{self.region}:{self.metric}" if self.region else self.metric


class Rule(NamedTuple):
    target: str
    left: Operand
    operator: str  # "/" or "*"
    right: Operand
    factor: float
    digits: int | None

    @property
    def words(self) -> str:
        """The formula as the working shows it: "R&D expenditure / GDP × 100" reads as
        rd_expenditure / gdp × 100."""
        op = "/" if self.operator == "/" else "×"
        scale = f" × {self.factor:g}" if self.factor != 1 else ""
        return f"{self.left.text} {op} {self.right.text}{scale}"

    @property
    def fixed(self) -> Operand | None:
        """The operand that names a region other than the derived one, if any."""
        return self.left if self.left.region else self.right if self.right.region else None

    @property
    def inputs(self) -> tuple[str, str]:
        return (self.left.metric, self.right.metric)


def parse_operand(text: str) -> Operand:
    region, _, metric = text.rpartition(":")
    return Operand(metric, region or None)


def parse(metric: Metric, formula: str) -> Rule | None:
    """One of a metric's formulas as a rule; None when it is not `a / b` or `a * b`."""
    found = _FORMULA.match(formula)
    if found is None:
        return None
    left, operator, right = found.groups()
    return Rule(
        metric.id,
        parse_operand(left),
        operator,
        parse_operand(right),
        metric.derive_factor,
        metric.derive_digits,
    )


def rules_of(metrics: Iterable[Metric]) -> list[Rule]:
    """Every well-formed rule the metrics state (checks.py reports the others)."""
    return [
        rule
        for metric in metrics
        for formula in metric.derive
        if (rule := parse(metric, formula)) is not None
    ]


def in_order(
    metrics: Mapping[str, Metric], rules: Iterable[Rule], wanted: Iterable[str]
) -> list[str]:
    """The metrics `wanted` and everything they are derived from, inputs before results (a
    total before the ratio that divides it). Metrics on a cycle come once, in any order
    (checks.py refuses cycles)."""
    inputs = _inputs(rules)
    order: list[str] = []
    seen: set[str] = set()

    def visit(metric: str) -> None:
        if metric in seen or metric not in metrics:
            return
        seen.add(metric)
        for needed in sorted(inputs.get(metric, ())):
            visit(needed)
        order.append(metric)

    for metric in wanted:
        visit(metric)
    return order


def cycle(rules: Iterable[Rule]) -> list[str]:
    """A chain of metrics each derived from the next and back to the first, if any."""
    inputs = _inputs(rules)
    state: dict[str, int] = {}  # 1 visiting, 2 done
    path: list[str] = []

    def visit(metric: str) -> list[str]:
        state[metric] = 1
        path.append(metric)
        for needed in sorted(inputs.get(metric, ())):
            if state.get(needed) == 1:
                return [*path[path.index(needed) :], needed]
            if needed not in state and (found := visit(needed)):
                return found
        path.pop()
        state[metric] = 2
        return []

    for metric in sorted(inputs):
        if metric not in state and (found := visit(metric)):
            return found
    return []


def _inputs(rules: Iterable[Rule]) -> dict[str, set[str]]:
    """Each derived metric's input metrics, over all its formulas."""
    inputs: dict[str, set[str]] = {}
    for rule in rules:
        inputs.setdefault(rule.target, set()).update(rule.inputs)
    return inputs
