"""The Python API: docs/api.md's examples run, records match the CLI's JSON, errors are ours,
and arguments of the wrong type are refused by name."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import innov_cli
import innov_cli as innov
from innov_cli.errors import InnovError, NotFound, UsageProblem
from tests.helpers import MINI, ROOT

from .conftest import run


def api_page_python_blocks() -> list[str]:
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", page, re.DOTALL)


def test_the_api_page_examples_run(capsys: pytest.CaptureFixture[str]) -> None:
    blocks = api_page_python_blocks()
    assert blocks, "docs/api.md has a python block"
    for block in blocks:
        exec(compile(block, "docs/api.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "unknown region 'atlantis'" in printed


def test_rank_records_are_the_cli_json() -> None:
    kb = innov.load(data=[MINI], builtin=False)
    rows = innov.rank(kb, "gdp", kind="cluster")
    cli = run("--no-builtin", "--data", str(MINI), "rank", "--by", "gdp", "--kind", "cluster")
    assert cli.exit_code == 0
    as_json = run("--no-builtin", "--data", str(MINI), "rank", "--json").json()
    assert [r.to_dict() for r in rows] == as_json
    assert rows[0].id == as_json[0]["id"]


def test_compare_records_are_the_cli_jsonl() -> None:
    kb = innov.load(data=[MINI], builtin=False)
    records = innov.compare(kb, ["jingjinji", "gba"])
    cli = run("--no-builtin", "--data", str(MINI), "compare", "jjj", "gba", "--format", "jsonl")
    assert [r.to_dict() for r in records] == [json.loads(line) for line in cli.stdout.splitlines()]


def test_facts_filters_and_resolves_names() -> None:
    kb = innov.load(data=[MINI], builtin=False)
    every = innov.facts(kb)
    cli = run("--no-builtin", "--data", str(MINI), "export", "--format", "json").json()
    assert [f.to_dict() for f in every] == cli
    jjj = innov.facts(kb, region="Jing-Jin-Ji", metric="gdp")
    assert jjj and all(f.region == "jingjinji" and f.metric == "gdp" for f in jjj)
    assert len(jjj) < len(every)
    assert innov.facts(kb, region="jjj", year=1900) == []


def test_errors_are_the_cli_error_family() -> None:
    kb = innov.load(data=[MINI], builtin=False)
    with pytest.raises(NotFound) as unknown:
        innov.rank(kb, "no_such_metric")
    assert unknown.value.exit_code == 3
    with pytest.raises(UsageProblem):
        innov.compare(kb, ["gba"])
    with pytest.raises(InnovError):
        innov.load(data=["/nonexistent/kb.toml"], builtin=False)


def test_importing_the_package_does_not_load_the_api() -> None:
    code = "import json, sys, innov_cli; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = set(json.loads(done.stdout))
    assert "innov_cli.api" not in modules and "innov_cli.kb.knowledge_base" not in modules


def test_the_api_page_examples_type_check_strictly(tmp_path: Path) -> None:
    """The package ships `py.typed`, so a user's mypy sees the API's types."""
    pytest.importorskip("mypy")
    script = tmp_path / "example.py"
    script.write_text("\n".join(api_page_python_blocks()), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"),
         str(script)],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout


# The API, untyped: these tests call it with the wrong types on purpose.
API: Any = innov_cli


@pytest.fixture(scope="module")
def kb() -> innov_cli.KnowledgeBase:
    return innov_cli.load()


def test_a_single_region_string_is_one_region_not_its_letters(
    kb: innov_cli.KnowledgeBase,
) -> None:
    with pytest.raises(InnovError, match="at least two regions"):
        innov_cli.compare(kb, "gba")
    rows = innov_cli.compare(kb, ["gba", "jingjinji"])
    assert {r.region for r in rows} == {"gba", "jingjinji"}


def test_a_digit_string_year_is_taken_as_that_year(kb: innov_cli.KnowledgeBase) -> None:
    as_text = API.rank(kb, "gdp", kind="province", year="2024")
    assert as_text and as_text == innov_cli.rank(kb, "gdp", kind="province", year=2024)


@pytest.mark.parametrize(
    ("call", "parameter"),
    [
        (lambda kb: API.rank("kb", "gdp"), "kb"),
        (lambda kb: API.rank(kb, 5), "metric"),
        (lambda kb: API.rank(kb, "gdp", year="last"), "year"),
        (lambda kb: API.rank(kb, "gdp", top=True), "top"),
        (lambda kb: API.facts(kb, region=["beijing"]), "region"),
        (lambda kb: API.compare(kb, ["gba", 3]), "regions"),
        (lambda kb: API.load(data=3), "data"),
        (lambda kb: API.load(cache="no"), "cache"),
    ],
)
def test_wrong_types_raise_type_error_naming_the_parameter(
    kb: innov_cli.KnowledgeBase, call: object, parameter: str
) -> None:
    with pytest.raises(TypeError, match=rf"^{parameter} must be"):
        call(kb)  # type: ignore[operator]


def test_a_single_data_path_string_is_one_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    shutil.copyfile(MINI, path)
    kb = innov_cli.load(data=str(path), builtin=False)
    assert "jingjinji" in kb.regions


def test_an_unknown_region_is_not_found_with_a_suggestion(kb: innov_cli.KnowledgeBase) -> None:
    with pytest.raises(NotFound) as caught:
        innov_cli.facts(kb, region="bejing")
    assert "beijing" in (caught.value.hint or "")
