"""Every hand-written broken file in tests/broken/ produces exactly the messages it expects."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import run

BROKEN = Path(__file__).parent / "broken"


CASES = sorted(p.name for p in BROKEN.glob("*.toml") if not p.name.startswith("_"))


# Files whose header cannot be read as UTF-8 text carry their expectation here.
SPECIAL = {"utf16.toml": ["utf16.toml:1:1: not valid UTF-8 (byte 0xff) (save the file as UTF-8)"]}


def expectations(name: str) -> list[str]:
    if name in SPECIAL:
        return SPECIAL[name]
    text = (BROKEN / name).read_bytes().decode("utf-8", errors="replace")
    found = [
        line.removeprefix("# expect:").strip()
        for line in text.splitlines()
        if line.startswith("# expect:")
    ]
    assert found, f"{name} has no '# expect:' line"
    return found


def test_the_folder_has_a_case_for_every_kind_of_mistake() -> None:
    prefixes = {name.split("_")[0] for name in CASES}
    assert {"syntax", "wrong", "unknown", "duplicate", "not", "out", "missing"} <= prefixes
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", CASES)
def test_validate_prints_the_expected_messages(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BROKEN)
    result = run("--no-builtin", "validate", name)
    assert result.exit_code == 4, result.stdout + result.stderr
    for expected in expectations(name):
        assert expected in result.stdout, f"{expected!r} not in:\n{result.stdout}"
    assert "Traceback" not in result.stdout + result.stderr
    assert "problem" in result.stderr


@pytest.mark.parametrize("name", CASES)
def test_validate_json_lists_the_same_problems(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BROKEN)
    result = run("--no-builtin", "validate", "--json", name)
    assert result.exit_code == 4
    problems = result.json()
    assert isinstance(problems, list) and problems
    for problem in problems:
        assert set(problem) == {"file", "line", "column", "entity", "field", "message", "hint"}
        assert problem["file"] == name
        assert isinstance(problem["message"], str) and problem["message"]
    # Every expected file:line:column is the location of one of the JSON problems.
    located = {(p["line"], p["column"]) for p in problems}
    for expected in expectations(name):
        parts = expected.split(": ")[0].split(":")
        if len(parts) == 3 and parts[0] == name:
            assert (int(parts[1]), int(parts[2])) in located


@pytest.mark.parametrize("name", CASES)
def test_a_broken_data_file_stops_any_command_with_the_same_messages(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(BROKEN)
    for args in (["rank", "--json"], ["show", "alpha"]):
        result = run("--no-builtin", "--data", name, *args)
        assert result.exit_code == 4
        assert result.stdout == ""
        for expected in expectations(name):
            assert expected in result.stderr
        assert "innov: invalid knowledge base:" in result.stderr
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["unknown_key.toml", "unknown_references.toml", "not_utf8.toml"])
def test_innov_data_reports_like_data(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BROKEN)
    result = run("--no-builtin", "list", env={"INNOV_DATA": name})
    assert result.exit_code == 4
    for expected in expectations(name):
        assert expected in result.stderr


@pytest.mark.parametrize(
    "name", ["unknown_key.toml", "unknown_references.toml", "syntax_bare_text.toml"]
)
def test_the_same_messages_layered_over_the_builtin_file(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Layered over the built-in knowledge base (whatever it holds), the file's own problems are
    # still reported with the same locations.
    monkeypatch.chdir(BROKEN)
    result = run("validate", name)
    assert result.exit_code == 4
    for expected in expectations(name):
        if "did you mean" in expected:
            # Over a bigger knowledge base a closer id may be suggested; the rest is the same.
            expected = expected.split(" (did you mean")[0]
        assert expected in result.stdout
