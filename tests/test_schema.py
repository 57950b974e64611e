"""`innov schema`: generated from the models, committed, complete, and useful to an editor."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from innov_cli.kb.schema import DESCRIPTIONS, record_fields

from .conftest import run

COMMITTED = Path(__file__).parents[1] / "docs" / "regions.schema.json"


def schema() -> dict[str, Any]:
    result = run("schema")
    assert result.exit_code == 0
    parsed: dict[str, Any] = result.json()
    return parsed


def definitions(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {"Document": document, **document["$defs"]}


def test_the_committed_schema_matches_innov_schema() -> None:
    # If this fails, the models changed: run `innov schema > docs/regions.schema.json`.
    assert COMMITTED.read_text(encoding="utf-8") == run("schema").stdout


def test_the_schema_is_draft_2020_12_json_with_an_id() -> None:
    document = schema()
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"].endswith("regions.schema.json")
    assert document["title"] == "innov knowledge base"
    assert document["type"] == "object"


def test_every_record_and_field_is_in_the_schema_with_a_description() -> None:
    found = definitions(schema())
    for record, fields in record_fields().items():
        properties = found[record]["properties"]
        assert sorted(properties) == sorted(fields), record
        for name in fields:
            assert name in DESCRIPTIONS[record], f"describe {record}.{name} in schema.DESCRIPTIONS"
            assert properties[name].get("description") == DESCRIPTIONS[record][name]
        # Unknown keys are errors in innov; the editor should say so too.
        assert found[record]["additionalProperties"] is False


def test_required_keys_are_those_without_a_default() -> None:
    found = definitions(schema())
    assert sorted(found["Region"]["required"]) == ["country", "id", "kinds", "name"]
    assert sorted(found["Fact"]["required"]) == [
        "confidence",
        "metric",
        "region",
        "source",
        "value",
        "year",
    ]
    assert "required" not in found["Document"]  # every table is optional


def test_the_schema_speaks_toml_no_nulls() -> None:
    text = run("schema").stdout
    assert '"null"' not in text  # TOML cannot write null: optional keys are simply left out
    fact = definitions(schema())["Fact"]["properties"]
    assert fact["value"]["type"] == "number"
    assert fact["note"]["type"] == "string"


def test_editors_see_the_same_rules_validate_enforces() -> None:
    found = definitions(schema())
    assert found["Region"]["properties"]["kinds"]["items"]["enum"] == [
        "country",
        "cluster",
        "province",
        "city",
        "st-cluster",
        "platform",
        "area",
    ]
    assert found["Region"]["properties"]["country"]["pattern"] == "^[A-Z]{2}$"
    assert found["Fact"]["properties"]["year"]["minimum"] == 1900
    assert found["Fact"]["properties"]["confidence"]["enum"] == ["exact", "approximate", "derived"]
    assert found["Metric"]["properties"]["better"]["default"] == "higher"


def test_schema_output_is_plain_json_on_stdout() -> None:
    result = run("schema")
    assert result.stderr == ""
    assert json.loads(result.stdout)


def test_the_docs_show_the_schema_directive_and_taplo_mapping() -> None:
    text = (COMMITTED.parent / "schema.md").read_text(encoding="utf-8")
    assert "#:schema ./regions.schema.json" in text
    assert "[rule.schema]" in text
