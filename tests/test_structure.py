"""Guards for the structure that keeps innov fast (never the clock: see benchmarks/run.py).

Start-up time is mostly what gets imported: these tests fail when a change makes the CLI module
import Rich or pydantic, or makes a warm run parse TOML, validate, or import them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Region
from tests.helpers import MINI

from .conftest import run

# Runs innov in-process with the arguments given, then prints the names of loaded modules on
# stderr, so the test sees what one real invocation imported.
_PROBE = """
import json, sys
sys.argv[0] = "innov"
from innov_cli.cli import main
try:
    main()
except SystemExit:
    pass
sys.stderr.write(json.dumps(sorted(sys.modules)))
"""


def _modules(*args: str, cache_home: Path) -> set[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "NO_COLOR": "1"}
    env.pop("INNOV_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], env=env, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _heavy(modules: set[str], *roots: str) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in roots)


def test_importing_the_cli_loads_neither_rich_nor_pydantic() -> None:
    code = "import json, sys, innov_cli.cli; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = set(json.loads(done.stdout))
    assert _heavy(modules, "rich", "pydantic", "pydantic_core", "tomli", "tomllib") == []
    assert _heavy(modules, "matplotlib", "numpy") == []


def test_a_warm_run_imports_no_pydantic_rich_or_toml_parser(tmp_path: Path) -> None:
    args = ("--no-builtin", "--data", str(MINI), "rank", "--json")
    cold = _modules(*args, cache_home=tmp_path)
    # The first run parses and validates: the probe really sees those imports.
    assert "pydantic" in cold and "tomli" in cold | {m.split(".")[0] for m in cold}
    warm = _modules(*args, cache_home=tmp_path)
    assert _heavy(warm, "rich", "pydantic", "pydantic_core", "tomli", "tomllib") == []
    # Charts are an optional extra, imported only to draw one.
    assert _heavy(warm, "matplotlib", "numpy") == []
    assert "innov_cli.output.chart" not in warm and "innov_cli.output.html" not in warm
    assert "innov_cli.kb.validation" not in warm and "innov_cli.kb.checks" not in warm


def test_help_imports_no_rich_or_pydantic(tmp_path: Path) -> None:
    modules = _modules("--help", cache_home=tmp_path)
    assert _heavy(modules, "rich", "pydantic", "pydantic_core") == []


def test_cache_hit_performs_no_parse_and_no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    from innov_cli.kb import reading, validation

    args = ("--no-builtin", "--data", str(MINI), "rank", "--json")
    first = run(*args)
    assert first.exit_code == 0

    def forbidden(*_: object, **__: object) -> None:
        raise AssertionError("a cache hit must not parse or validate")

    monkeypatch.setattr(reading, "parse_toml", forbidden)
    monkeypatch.setattr(validation, "validate_document", forbidden)
    second = run(*args)
    assert second.exit_code == 0
    assert second.json() == first.json()


def _naive_parents(kb: KnowledgeBase, region_id: str) -> list[str]:
    found = [r.id for r in kb.regions.values() if region_id in r.members]
    parent = kb.regions[region_id].parent
    if parent and parent not in found:
        found.insert(0, parent)
    return found


def _naive_children(kb: KnowledgeBase, region_id: str) -> list[str]:
    found = list(kb.regions[region_id].members)
    return found + [
        r.id for r in kb.regions.values() if r.parent == region_id and r.id not in found
    ]


def test_indexed_parents_and_children_match_a_scan_of_every_region() -> None:
    # The indexes exist so that loops over regions stay linear; they must say what a scan says.
    def region(rid: str, members: tuple[str, ...] = (), parent: str | None = None) -> Region:
        return Region(rid, rid.upper(), ("cluster",), "CN", members=members, parent=parent)

    regions = [
        region("a", members=("b", "c")),
        region("b", parent="a"),
        region("c"),
        region("d", parent="a", members=("c",)),
        region("e", parent="d"),
    ]
    kb = KnowledgeBase({r.id: r for r in regions}, {}, {}, ())
    for r in regions:
        assert kb.parents_of(r.id) == _naive_parents(kb, r.id)
        assert kb.children_of(r.id) == _naive_children(kb, r.id)


def test_an_invocation_builds_only_the_command_it_runs() -> None:
    """Typer would build all fourteen commands at every start; `main` builds one."""
    from innov_cli.cli.app import command_group

    group = command_group()
    assert group.commands == {}
    with group.make_context("innov", ["rank", "--json"]) as ctx:
        name, command, _ = group.resolve_command(ctx, ["rank", "--json"])
    assert name == "rank" and command is not None
    assert list(group.commands) == ["rank"]


def test_help_from_the_lazy_group_is_the_eager_groups_help() -> None:
    """`innov --help` lists every command with the same summary, without building any."""
    import typer.main

    from innov_cli.cli.app import app, command_group

    def help_text(group: Any) -> str:
        with group.make_context("innov", [], resilient_parsing=True) as ctx:
            return str(group.get_help(ctx))

    lazy = command_group()
    assert help_text(lazy) == help_text(typer.main.get_command(app))
    assert lazy.commands == {}
    typo = subprocess.run(
        [sys.executable, "-m", "innov_cli", "rnk"], capture_output=True, text=True, check=False
    )
    assert typo.returncode == 2
    assert "No such command 'rnk'. Did you mean 'rank'?" in typo.stderr


def test_only_the_console_script_hides_the_knowledge_base_from_the_gc(tmp_path: Path) -> None:
    """A one-shot run freezes the loaded records out of the cyclic GC's view (a large
    ranking is linear again); a process that runs many invocations never freezes."""
    import gc

    probe = (
        "import gc, sys\n"
        "sys.argv = ['innov', 'rank', '--json']\n"
        "from innov_cli.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(str(gc.get_freeze_count()))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert int(done.stderr.strip().splitlines()[-1]) > 0
    before = gc.get_freeze_count()
    assert run("rank", "--json").exit_code == 0
    assert gc.get_freeze_count() == before
