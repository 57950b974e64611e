"""The JSON Schema of the knowledge-base format, generated from the record types.

pydantic generates the structure from records.py; this module adds what an editor needs and a
dataclass cannot carry without importing pydantic: a description per field, and the patterns and
ranges that checks.py enforces. TOML has no null, so optional fields are shown as their type.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

from innov_cli import __version__

SCHEMA_ID = "https://innov.invalid/schema/regions.schema.json"

# Which statistic a figure is: the same fields on a source (for all its facts) and a fact.
PROVENANCE = {
    "producer": "Who compiled the figures (e.g. a statistics bureau), not the outlet.",
    "release": "Which vintage: first (preliminary), final, or revised.",
    "release_date": "When that release came out, if not the page's date: YYYY[-MM[-DD]].",
    "revision": "Why a revised release was revised, e.g. 'fifth economic census'.",
    "basis": "The benchmark the figure is on where it changed, e.g. 'fifth economic census'.",
    "flags": "Status flags: provisional, estimated, revised, break, lower-bound, "
    "upper-bound, rounded.",
}

# One line per field: shown by editors on hover and completion. A test fails when a record
# gains a field without a description here.
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Document": {
        "schema_version": "Version of this file format (optional; currently 1).",
        "source": "Citations ([[source]] tables) that facts and regions refer to by id.",
        "metric": "Things regions are measured or ranked by ([[metric]] tables).",
        "region": "Clusters, provinces, cities, WIPO clusters, platforms, countries.",
        "fact": "Sourced figures: a region's value for a metric in a year ([[fact]] tables).",
    },
    "Source": {
        "id": "Unique lowercase slug, e.g. 'nbs-2024'; facts cite it as `source`.",
        "publisher": "Who published it, e.g. 'National Bureau of Statistics'.",
        "title": "Title of the publication or page.",
        "date": "Publication date: YYYY, YYYY-MM or YYYY-MM-DD.",
        "url": "Where to read it: an http(s) URL.",
        "note": "Anything a reader should know about this source.",
        "tier": "Who stands behind it: primary, official-media or secondary.",
        "via": "URL of the copy the figures were read from, when not the original.",
        "accessed": "When the page was read: YYYY, YYYY-MM or YYYY-MM-DD.",
        **PROVENANCE,
    },
    "Metric": {
        "id": "Unique snake_case id, e.g. 'rd_intensity'; used by `innov rank --by`.",
        "name": "Human-readable name, e.g. 'R&D intensity'.",
        "unit": "Unit of every value, e.g. '%', 'USD bn', 'rank', 'count'.",
        "better": "higher or lower ranks first; none: neither is better (default: higher).",
        "description": "What the metric measures and how.",
        "aliases": "Shorter names accepted by `innov rank --by`, e.g. 'nature-index'.",
        "edition_offset": "For rankings named by publication year: edition = data year + offset.",
        "name_zh": "Chinese name, e.g. '研发投入强度'.",
        "value_type": "amount, percent, count or rank (default: implied by the unit).",
        "minimum": "Smallest valid value (default: 0; 1 for ranks).",
        "maximum": "Largest valid value (default: 100 for percentages; none otherwise).",
        "group": "Where it sits in `compare`: economy, rd, rankings, institutions, other.",
        "caveat": "A warning shown wherever the metric is, e.g. a change of method.",
        "series": "One trend series for all its figures, whoever reported them.",
        "method_changes": "Years from which the method changed: trends break there.",
        "sums_over_members": "A total: a cluster's figure is the sum of its members' figures.",
        "derive": "Formulas that derive it, 'a / b' or 'a * b' over metric ids; "
        "'national:ID' is the nation's figure, 'REGION:ID' a fixed region's.",
        "derive_factor": "What a derived value is multiplied by, e.g. 100 for a percentage.",
        "derive_digits": "Decimal places a derived value is rounded to (default: not rounded).",
    },
    "Region": {
        "id": "Unique lowercase slug, e.g. 'hong-kong'; used on the command line.",
        "name": "English name.",
        "kinds": "What the region is: one or more kinds.",
        "country": "ISO 3166-1 alpha-2 country code, e.g. 'CN'.",
        "name_zh": "Chinese name, e.g. '长三角'.",
        "aliases": "Other names it can be looked up by.",
        "members": "Ids of the regions it is made of (for clusters).",
        "parent": "Id of the region it belongs to.",
        "strategy_year": "Year of the strategy or plan that defines it.",
        "strategy_source": "Source id for strategy_year.",
        "focus": "Focus sectors, e.g. 'integrated circuits'.",
        "focus_source": "Source id for focus.",
        "note": "Anything a reader should know about this region.",
        "membership_source": "Source id establishing membership of its parent or cluster.",
        "related": "Ids of regions easily confused with this one (a city, its WIPO cluster).",
        "tags": "Designations, e.g. 'yrd-central-area' (the YRD plan's 27 central cities).",
    },
    "Fact": {
        "region": "Id of the region the figure is about.",
        "metric": "Id of the metric it measures.",
        "value": "The figure, in the metric's unit (a finite number).",
        "year": "The year the figure describes (not when it was published).",
        "source": "Id of the source it comes from.",
        "confidence": "exact (as published), approximate, or derived (computed by us).",
        "unit": "The unit, if given: must equal the metric's unit.",
        "edition": "For rankings: the edition (publication year) it comes from.",
        "qualifier": "Qualifies the value: '>', '>=', '<', '<=' or '~'.",
        "note": "Anything a reader should know about this figure.",
        "series": "The statistical series it belongs to (default: its producer).",
        **PROVENANCE,
    },
}


def _constraints() -> dict[str, dict[str, dict[str, Any]]]:
    """Patterns and ranges checked by checks.py, so that editors flag them as you type."""
    from innov_cli.kb.checks import COUNTRY, DATE, FIRST_YEAR, METRIC_ID, SLUG

    def whole(pattern: re.Pattern[str]) -> str:
        return f"^{pattern.pattern}$"  # checks.py uses fullmatch; JSON Schema searches

    # validate stops at next year, which moves; the committed schema keeps a fixed outer
    # bound so that it does not change every January.
    year = {"minimum": FIRST_YEAR, "maximum": 2100}
    return {
        "Source": {
            "id": {"pattern": whole(SLUG)},
            "date": {"pattern": whole(DATE)},
            "url": {"pattern": "^https?://[^/?#\\s]"},
            "release_date": {"pattern": whole(DATE)},
        },
        "Metric": {"id": {"pattern": whole(METRIC_ID)}},
        "Region": {
            "id": {"pattern": whole(SLUG)},
            "country": {"pattern": whole(COUNTRY)},
            "kinds": {"minItems": 1},
        },
        "Fact": {
            "year": year,
            "edition": year,
            "release_date": {"pattern": whole(DATE)},
            "flags": {"uniqueItems": True},
        },
    }


def knowledge_base_schema() -> dict[str, Any]:
    """The schema as a dict: pydantic's, tidied for TOML and annotated for editors."""
    from pydantic import TypeAdapter

    from innov_cli.kb import records
    from innov_cli.kb.document import Document

    generated: dict[str, Any] = TypeAdapter(Document).json_schema()
    definitions: dict[str, Any] = generated.get("$defs", {})
    for name, definition in definitions.items():
        # Set here, not left to pydantic: only some pydantic versions copy a dataclass's
        # docstring into its schema, and the committed schema must not depend on that.
        doc = getattr(records, name).__doc__ or ""
        definition["description"] = doc.strip().split("\n\n")[0]
    constraints = _constraints()
    for name, definition in [("Document", generated), *definitions.items()]:
        for field_name, prop in definition.get("properties", {}).items():
            _tidy(prop)
            prop.pop("title", None)  # "Strategy Year" tells an editor user nothing
            if field_name in DESCRIPTIONS.get(name, {}):
                prop["description"] = DESCRIPTIONS[name][field_name]
            prop.update(constraints.get(name, {}).get(field_name, {}))
    generated.pop("title", None)
    generated.pop("description", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "innov knowledge base",
        "description": (
            f"Format of innov {__version__.split('.')[0]}.x knowledge-base TOML files. Every "
            "table is optional; unknown keys are errors."
        ),
        **generated,
    }


def _tidy(prop: dict[str, Any]) -> None:
    """`X | None = None` becomes plain X (TOML cannot write null); int | float becomes number."""
    options = prop.get("anyOf")
    if options is None:
        return
    kept = [o for o in options if o.get("type") != "null"]
    if {o.get("type") for o in kept} == {"integer", "number"}:
        kept = [{"type": "number"}]
    if len(kept) == 1:
        del prop["anyOf"]
        prop.update(kept[0])
        if prop.get("default", ...) is None:
            del prop["default"]


def schema_text() -> str:
    """The schema as stable, pretty-printed JSON (the committed docs/ copy must match it)."""
    return json.dumps(knowledge_base_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def record_fields() -> dict[str, list[str]]:
    """Every record's field names, for the test that keeps DESCRIPTIONS complete."""
    from innov_cli.kb.document import Document
    from innov_cli.kb.records import Fact, Metric, Region, Source

    return {
        "Document": [f.name for f in dataclasses.fields(Document)],
        **{record.__name__: list(record._fields) for record in (Source, Metric, Region, Fact)},
    }
