"""`innov metrics`: what regions can be ranked and compared by, and how much data each has."""

from __future__ import annotations

from typing import Any, NamedTuple

from innov_cli.commands.listing import Field, list_output
from innov_cli.commands.shared import metric_names
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Metric
from innov_cli.view.figures import unit_names, year_span
from innov_cli.view.model import Cell, Output, msg


class MetricSummary(NamedTuple):
    metric: Metric
    facts: int
    regions: int
    years: list[int]


class MetricRecord(NamedTuple):
    """One metric (docs/json-contract.md: `innov metrics`)."""

    id: str
    name: str
    unit: str
    better: str
    description: str | None
    facts: int
    regions: int
    years: list[int]
    name_zh: str | None  # added after the first release: last, so CSV columns keep their places

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


def list_metrics(kb: KnowledgeBase) -> list[MetricSummary]:
    """Every metric with how much data it has."""
    out = []
    for metric in sorted(kb.metrics.values(), key=lambda m: m.id):
        facts = kb.facts_for_metric(metric.id)
        out.append(
            MetricSummary(
                metric, len(facts), len({f.region for f in facts}), sorted({f.year for f in facts})
            )
        )
    return out


def _metric_record(summary: MetricSummary) -> dict[str, Any]:
    """The metric's own fields and how much data it has, in the contract's order."""
    fields = {
        **summary.metric._asdict(),
        "facts": summary.facts,
        "regions": summary.regions,
        "years": summary.years,
        "name_zh": metric_names(summary.metric).zh,
    }
    return {name: fields[name] for name in MetricRecord._fields}


def metrics_view(summaries: list[MetricSummary]) -> Output:
    records = [_metric_record(s) for s in summaries]
    return list_output(
        summaries,
        records,
        (
            Field("id", "header.id", lambda s: s.metric.id, whole=True),
            Field("name", "header.name", lambda s: metric_names(s.metric)),
            Field("unit", "header.unit", lambda s: unit_names(s.metric.unit), whole=True),
            Field(
                "better", "header.better", lambda s: msg(f"better.{s.metric.better}"), whole=True
            ),
            Field("facts", "header.facts", lambda s: str(s.facts), "right", whole=True),
            Field("years", "header.years", lambda s: year_span(s.years), whole=True),
        ),
        title=msg("title.metrics", count=len(summaries)),
        record_fields=MetricRecord._fields,
    )


def _better_cell(summary: MetricSummary) -> Cell:
    return msg(f"better.{summary.metric.better}")
