"""Property-based tests: whatever the input, innov loads it or explains why, never crashes."""

from __future__ import annotations

import json
import math
import string
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innov_cli.errors import InvalidKnowledgeBase, Problem
from innov_cli.kb.layers import Layer, builtin_path, load_knowledge_base
from tests.helpers import BROKEN_BASE

from .conftest import run

# A budget that keeps the whole module well under a minute on a slow CI machine.
FAST = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def check_load(data: bytes, tmp_path: Path) -> None:
    """Load one file: a knowledge base, or InvalidKnowledgeBase with usable problems."""
    path = tmp_path / "case.toml"
    path.write_bytes(data)
    try:
        load_knowledge_base([Layer(path, "case.toml")], use_cache=False)
    except InvalidKnowledgeBase as exc:
        assert exc.problems
        lines = data.count(b"\n") + 2
        for problem in exc.problems:
            assert isinstance(problem, Problem)
            assert problem.file == "case.toml"
            assert problem.message
            assert problem.line is None or 1 <= problem.line <= lines
            problem.render()
            json.dumps(problem.as_dict())


KEYS = st.sampled_from(
    ["id", "name", "kinds", "country", "region", "metric", "value", "year", "source", "unit",
     "confidence", "date", "url", "title", "publisher", "x", "a-b", "note", "members"]
)  # fmt: skip


SCALARS = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.sampled_from(["city", "CN", "exact", "alpha", "stat-office", "gdp_test", "2024"]),
)


VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)


ENTRY = st.dictionaries(KEYS, VALUES, max_size=8)


DOCUMENT = st.dictionaries(
    st.sampled_from(["source", "metric", "region", "fact", "schema_version", "sources", "x"]),
    st.one_of(st.lists(ENTRY, max_size=4), VALUES),
    max_size=5,
)


def toml_key(key: str) -> str:
    return (
        key
        if key and all(c in string.ascii_letters + string.digits + "_-" for c in key)
        else json.dumps(key)
    )


def toml_value(value: Any) -> str:
    """A small TOML writer: inline forms only, which is all the generator needs."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # JSON string escapes are valid TOML basic-string escapes
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_document(document: dict[str, Any]) -> str:
    lines: list[str] = []
    tables: list[tuple[str, list[dict[str, Any]]]] = []
    for key, value in document.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            tables.append((key, value))  # written as [[key]] blocks below
        else:
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
    for key, entries in tables:
        for entry in entries:
            lines.append(f"\n[[{toml_key(key)}]]")
            lines.extend(f"{toml_key(k)} = {toml_value(v)}" for k, v in entry.items())
    return "\n".join(lines) + "\n"


@FAST
@given(document=DOCUMENT)
def test_random_documents_load_or_raise_invalid_knowledge_base(
    document: dict[str, Any], tmp_path: Path
) -> None:
    check_load(toml_document(document).encode(), tmp_path)


@FAST
@given(data=st.binary(max_size=300))
def test_random_bytes_load_or_raise_invalid_knowledge_base(data: bytes, tmp_path: Path) -> None:
    check_load(data, tmp_path)


def corpus() -> list[bytes]:
    texts = [BROKEN_BASE.read_bytes()]
    builtin = builtin_path()
    if builtin.is_file() and builtin.stat().st_size > 0:
        # The built-in file can be large: mutate a slice of whole lines to keep examples fast.
        lines = builtin.read_bytes().splitlines(keepends=True)
        texts.append(b"".join(lines[:400]))
    return texts


CORPUS = corpus()


EDITS = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "swap", "flip", "insert", "truncate"]),
        st.integers(min_value=0, max_value=10**6),
        st.integers(min_value=0, max_value=255),
    ),
    min_size=1,
    max_size=4,
)


SNIPPETS = [b"[[region]]", b'id = "alpha"', b"value = 1e999", b"[source]", b'"', b"[", b"\xff",
            b"\xef\xbb\xbf", b"year = 2023.5", b"kinds = []", b"x.y = 1", b'"""']  # fmt: skip


def mutate(text: bytes, edits: list[tuple[str, int, int]]) -> bytes:
    lines = text.splitlines(keepends=True) or [b""]
    for kind, where, byte in edits:
        i = where % len(lines)
        if kind == "delete" and len(lines) > 1:
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = (where // 7) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "flip" and lines[i]:
            line = bytearray(lines[i])
            line[where % len(line)] ^= byte or 1
            lines[i] = bytes(line)
        elif kind == "insert":
            lines.insert(i, SNIPPETS[byte % len(SNIPPETS)] + b"\n")
        elif kind == "truncate":
            lines = lines[: i + 1]
    return b"".join(lines)


@settings(FAST, max_examples=200)
@given(which=st.sampled_from(range(len(CORPUS))), edits=EDITS)
def test_mutated_knowledge_bases_load_or_raise_invalid_knowledge_base(
    which: int, edits: list[tuple[str, int, int]], tmp_path: Path
) -> None:
    check_load(mutate(CORPUS[which], edits), tmp_path)


WORDS = [
    "rank", "compare", "show", "list", "metrics", "sources", "export", "trend", "search",
    "validate", "schema", "--json", "--format", "json", "jsonl", "csv", "markdown", "table",
    "sqlite", "--by", "gdp_test", "rd_share", "--kind", "city", "cluster", "--year", "2023",
    "--edition", "--top", "0", "-1", "3", "--country", "CN", "--fields", "id,name", "nope",
    "--limit", "alpha", "beta", "Alpha", "--data", "--no-builtin", "--no-cache", "--no-color",
    "--help", "--version", "-f", "-n", "", " ", "[bold]", "\x1b[31m", "长三角", "--", "-",
    "99999999999999999999", "out.csv", "BROKEN_BASE", "BROKEN", "MISSING", "DIR",
]  # fmt: skip


@settings(FAST, max_examples=300)
@given(words=st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=7))
def test_random_command_lines_give_only_documented_exit_codes(
    words: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # anything an export writes lands here
    # A copy: `export BROKEN` would otherwise overwrite the fixture in tests/broken/.
    broken = tmp_path / "unknown_key.toml"
    if not broken.exists():
        broken.write_bytes((BROKEN_BASE.parent / "unknown_key.toml").read_bytes())
    paths = {
        "BROKEN_BASE": str(BROKEN_BASE),
        "BROKEN": str(broken),
        "MISSING": str(tmp_path / "missing.toml"),
        "DIR": str(tmp_path),
    }
    args = ["--no-builtin", "--data", str(BROKEN_BASE), *(paths.get(w, w) for w in words)]
    result = run(*args)
    assert result.exit_code in (0, 2, 3, 4), (args, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    assert "internal error" not in result.stderr
