"""`innov show`: a region's figures with their sources, and --fields on the show document."""

from __future__ import annotations

from .conftest import run


def test_show_fields_keep_the_show_document() -> None:
    document = run("show", "beijing", "--json", "--fields", "metric,value").json()
    assert isinstance(document, dict) and document["id"] == "beijing"
    assert document["facts"] and all(list(f) == ["metric", "value"] for f in document["facts"])


def test_show_jingjinji_lists_figures_with_sources() -> None:
    result = run("show", "jingjinji", "--json")
    assert result.exit_code == 0
    data = result.json()
    assert set(data["members"]) >= {"beijing", "tianjin", "hebei"}
    assert data["facts"] and all(f["source"] and f["year"] for f in data["facts"])
    table = run("show", "jingjinji").stdout
    assert "11,500 CNY bn" in table and "cgtn" in table
