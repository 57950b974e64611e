"""The help text is the reference: every command documented, the docs never drift.

README.md keeps the sample session and the quick start; docs/commands.md is generated from
`--help`, docs/json-contract.md's key lists from the record types (scripts/update_docs.py), and
docs/architecture.md names only modules that exist.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import re
from pathlib import Path

import pytest
import typer.main

from innov_cli import __version__
from innov_cli.cli import app

from .conftest import run

ROOT = Path(__file__).resolve().parents[1]


def _update_docs_module() -> object:
    spec = importlib.util.spec_from_file_location(
        "update_docs", ROOT / "scripts" / "update_docs.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_a_summary_and_examples(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    summary = lines[2].strip()
    assert summary.endswith(".") and lines[3] == "", "the summary must fit on one line"
    assert "Examples:" in result.stdout
    assert f"innov {command}" in result.stdout.split("Examples:")[1]


def test_command_reference_lists_every_command() -> None:
    module = _update_docs_module()
    assert sorted(module.COMMANDS) == COMMANDS  # type: ignore[attr-defined]


def test_command_reference_matches_help() -> None:
    module = _update_docs_module()
    page = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    fresh = module.command_reference()  # type: ignore[attr-defined]
    assert fresh == page, "docs/commands.md is out of date: run `python scripts/update_docs.py`"


def test_readme_links_the_command_reference_and_keeps_no_copy() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/commands.md)" in readme
    assert "$ innov rank --help" not in readme


# Every record type a command writes: `class ...Record(NamedTuple)` in src/innov_cli/commands/.
RECORD_CLASSES = sorted(
    (path.stem, match.group(1))
    for path in (ROOT / "src" / "innov_cli" / "commands").glob("*.py")
    for match in re.finditer(r"^class (\w+Record)\(NamedTuple\)", path.read_text("utf-8"), re.M)
)
CONTRACT_PAGE = ROOT / "docs" / "json-contract.md"


def test_every_record_type_is_in_the_contract_page() -> None:
    module = _update_docs_module()
    listed = sorted((m, c) for m, c, _ in module.RECORDS)  # type: ignore[attr-defined]
    assert len(RECORD_CLASSES) >= 11
    assert listed == RECORD_CLASSES, "add the record type to RECORDS in scripts/update_docs.py"


def test_contract_key_lists_are_generated_from_the_records() -> None:
    module = _update_docs_module()
    page = CONTRACT_PAGE.read_text(encoding="utf-8")
    fresh = module.updated_contract(page)  # type: ignore[attr-defined]
    assert fresh == page, "docs/json-contract.md is out of date: run scripts/update_docs.py"


def _described(page: str, command: str) -> str:
    """The bullet of the contract page that describes `command`'s output."""
    described = page.split("## Keys, record by record")[0]
    bullets = re.split(r"\n(?=- `)", described)
    found = [b for b in bullets if re.match(rf"- `{command}[ `]", b)]
    assert len(found) == 1, f"docs/json-contract.md has no single bullet for `{command}`"
    return found[0]


@pytest.mark.parametrize(("module_name", "class_name"), RECORD_CLASSES)
def test_every_key_of_every_record_is_described(module_name: str, class_name: str) -> None:
    """Each key appears, as a word, in the description of the command that writes it."""
    module = _update_docs_module()
    page = CONTRACT_PAGE.read_text(encoding="utf-8")
    used = {c: u for _, c, u in module.RECORDS}  # type: ignore[attr-defined]
    command = re.match(r"`(\w+)`", used[class_name]).group(1)  # type: ignore[union-attr]
    text = _described(page, command)
    keys = module.record_keys(module_name, class_name)  # type: ignore[attr-defined]
    missing = [k for k in keys if not re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", text)]
    assert not missing, f"{class_name}: keys not described under `{command}`: {missing}"


def test_readme_links_every_docs_page() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    where = readme.split("## Where to go next")[1]
    pages = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    assert [p for p in pages if f"(docs/{p})" not in where] == []


def test_links_between_docs_point_at_files_that_exist() -> None:
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text("utf-8")):
            if "://" in target:
                continue
            assert (page.parent / target).exists(), f"{page.name} links to missing {target}"


def test_changelog_names_the_current_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {__version__}" in changelog
    assert run("--version").stdout.strip() == f"innov {__version__}"


def test_readme_stays_short() -> None:
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 350


def test_readme_quick_start_has_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start")[1].split("\n## ")[0]
    blocks = [b for b in quick.split("```sh")[1:]]
    commands = [b.split("```")[0].strip() for b in blocks]
    assert len(commands) == 2
    assert commands[0].endswith("innov rank")
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci


def _ranked_rows(text: str) -> list[int]:
    """The rank numbers that start a table's rows (`  1   Beijing ...`)."""
    return [int(m.group(1)) for m in re.finditer(r"^\s*(\d+)\s{2,}\S", text, re.MULTILINE)]


def _check_default_rank(stdout: str, shown: str) -> None:
    assert stdout.splitlines()[0].startswith("GDP (CNY bn), cluster regions")
    assert shown.splitlines()[0].startswith("GDP (CNY bn), cluster regions")
    assert _ranked_rows(stdout)[:1] == [1]


def _check_top_ten(stdout: str, shown: str) -> None:
    assert "Nature Index" in stdout.splitlines()[0]
    assert _ranked_rows(stdout) == list(range(1, 11))
    assert _ranked_rows(shown) == list(range(1, 11))


def _check_csv(stdout: str, shown: str) -> None:
    fields = ["rank", "id", "value", "year", "edition", "source"]
    rows = list(csv.DictReader(io.StringIO(stdout)))
    assert stdout.splitlines()[0] == shown.splitlines()[0] == ",".join(fields)
    assert [r["rank"] for r in rows] == ["1", "2", "3"]
    assert all(set(r) == set(fields) and all(r.values()) for r in rows)
    assert all(int(r["edition"]) == int(r["year"]) + 1 for r in rows)  # Nature Index editions


# What each README sample must print, beyond exit 0: checked against the
# live output and against the output the README shows.
_SAMPLE_CHECKS = {
    ("rank",): _check_default_rank,
    ("rank", "--by", "nature-index", "--kind", "city", "--top", "10"): _check_top_ten,
    (
        "rank", "--by", "nature-index", "--kind", "city", "--top", "3", "--format", "csv",
        "--fields", "rank,id,value,year,edition,source",
    ): _check_csv,
}  # fmt: skip


def _shown_output(readme: str, args: list[str]) -> str:
    """The output the README shows under `$ innov ARGS`, up to the next prompt or fence."""
    after = readme.split("$ innov " + " ".join(args) + "\n", 1)[1]
    return re.split(r"\n\$ innov |\n```", after, maxsplit=1)[0]


def test_readme_sample_session_still_runs() -> None:
    module = _update_docs_module()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for args in module.SAMPLES:  # type: ignore[attr-defined]
        assert "$ innov " + " ".join(args) in readme
        result = run(*args)
        assert result.exit_code == 0 and result.stderr == "", (args, result.stderr)
        _SAMPLE_CHECKS[tuple(args)](result.stdout, _shown_output(readme, args))


ARCHITECTURE = ROOT / "docs" / "architecture.md"
PACKAGE = ROOT / "src" / "innov_cli"
_TOP = r"(?:kb|cli|commands|view|output|check|locale|scripts|tests|benchmarks|data)"


def _architecture_paths(text: str) -> list[str]:
    """Every path the page names: `src/innov_cli/...`, or relative to it (`kb/records.py`),
    or a top-level folder of the repository (`scripts/...`, `tests/...`); `<name>` templates
    left out. Bare module files (`api.py`) count too."""
    paths = re.findall(rf"(?<![\w/.-])(?:src/innov_cli/)?{_TOP}/[\w./-]*", text)
    paths += re.findall(r"`(\w+\.py)`", text)
    return sorted({p.rstrip(".") for p in paths})


def _resolve(path: str) -> Path:
    if path.startswith("src/"):
        return ROOT / path
    if path.split("/")[0] in ("scripts", "tests", "benchmarks", "data"):
        return ROOT / path
    return PACKAGE / path


def test_architecture_names_only_paths_that_exist() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    paths = _architecture_paths(text)
    assert "kb/records.py" in paths and "check/" in paths and "commands/check.py" in paths
    assert [p for p in paths if not _resolve(p).exists()] == []


def test_architecture_names_only_modules_and_names_that_exist() -> None:
    """Dotted names (`view.model.Output`, `innov_cli.load`) import; `path.py`'s `name` is
    defined in that file."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    dotted = set(
        re.findall(r"`((?:innov_cli|kb|cli|commands|view|output|check|formats)(?:\.\w+)+)`", text)
    )
    assert "formats.Format" in dotted
    for name in sorted(dotted):
        parts = name.removeprefix("innov_cli.").split(".")
        for cut in range(len(parts), -1, -1):  # the longest module, down to the package
            module_name = ".".join(["innov_cli", *parts[:cut]])
            try:
                found: object = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            for attribute in parts[cut:]:
                assert hasattr(found, attribute), f"{name}: {module_name} has no {attribute}"
                found = getattr(found, attribute)
            break
        else:
            pytest.fail(f"docs/architecture.md names a module that does not exist: {name}")
    owned = re.findall(r"`([\w/]+\.py)`'s `(\w+)`", text)
    assert owned
    for path, defined in owned:
        source = _resolve(path).read_text(encoding="utf-8")
        assert re.search(rf"^\s*(?:def|class) {defined}\b|^{defined} =", source, re.M), (
            f"docs/architecture.md: {path} defines no {defined}"
        )
