"""The Python API: docs/api.md's examples run, records match the CLI's JSON, errors are ours."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import innov_cli as innov
from innov_cli.errors import InnovError, NotFound, UsageProblem

from .conftest import run

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "data" / "mini.toml"


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
