"""The knowledge-base cache: used when valid, ignored when not, never fatal, bypassable."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

from innov_cli.kb import cache, reading
from innov_cli.kb import layers as loading

from .conftest import run

MINI = Path(__file__).parent / "data" / "mini.toml"


@pytest.fixture
def kb_file(tmp_path: Path) -> Path:
    """A private copy of the fixture, so tests may edit it."""
    path = tmp_path / "kb.toml"
    shutil.copyfile(MINI, path)
    return path


def _rank(kb_file: Path, *extra: str, env: dict[str, str] | None = None) -> list[dict[str, object]]:
    result = run("--no-builtin", "--data", str(kb_file), *extra, "rank", "--json", env=env)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    rows: list[dict[str, object]] = result.json()
    return rows


def _cache_files() -> list[Path]:
    directory = cache.cache_dir()
    return sorted(directory.glob("kb-*")) if directory.is_dir() else []


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = reading.parse_toml

    def counting(text: str, label: str) -> dict[str, object]:
        calls.append(label)
        return real(text, label)

    monkeypatch.setattr(reading, "parse_toml", counting)
    return calls


def test_first_run_writes_one_cache_file_under_xdg_cache_home(
    kb_file: Path, tmp_path: Path
) -> None:
    _rank(kb_file)
    files = _cache_files()
    assert len(files) == 1
    assert files[0].parent == tmp_path / "cache" / "innov"


def test_a_warm_cache_answers_without_parsing(
    kb_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _rank(kb_file)
    parses = _count_parses(monkeypatch)
    assert _rank(kb_file) == expected
    assert parses == []


def test_an_edited_input_file_is_never_answered_from_the_stale_cache(kb_file: Path) -> None:
    before = _rank(kb_file)
    text = kb_file.read_text(encoding="utf-8").replace("11500", "11999", 1)
    assert "11999" in text
    kb_file.write_text(text, encoding="utf-8")
    after = _rank(kb_file)
    assert before[0]["value"] == 11500
    assert after[0]["value"] == 11999


def test_a_tampered_payload_is_rejected_and_the_answer_stays_right(
    kb_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _rank(kb_file)
    [path] = _cache_files()
    data = bytearray(path.read_bytes())
    payload_at = data.index(b"\n") + 1
    # Change one byte inside the payload (a digit of a stored value, or any byte).
    position = data.find(b"11500"[:1], payload_at)
    position = position if position >= 0 else len(data) - 1
    data[position] ^= 0x01
    path.write_bytes(bytes(data))
    parses = _count_parses(monkeypatch)
    assert _rank(kb_file) == expected
    assert parses, "the tampered cache must not have been used"


def test_a_forged_cache_is_used_only_without_no_cache(
    kb_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Proves the bypass: a valid-looking cache with different data is what a normal run
    # answers from, yet --no-cache and INNOV_NO_CACHE=1 go back to the file.
    from innov_cli.kb.knowledge_base import KnowledgeBase

    expected = _rank(kb_file)
    layers = loading.layers_for([kb_file], builtin=False)
    key = cache.cache_key([reading.read_bytes(layer.path, layer.label) for layer in layers])
    real = cache.read_cache(key)
    assert real is not None
    forged_facts = tuple(
        f._replace(value=f.value + 1) if f.metric == "gdp" else f for f in real.facts
    )
    cache.write_cache(key, KnowledgeBase(real.regions, real.metrics, real.sources, forged_facts))
    assert _rank(kb_file)[0]["value"] == expected[0]["value"] + 1  # type: ignore[operator]
    assert _rank(kb_file, "--no-cache") == expected
    assert _rank(kb_file, env={"INNOV_NO_CACHE": "1"}) == expected


@pytest.mark.parametrize(
    "content",
    [b"", b"garbage", b"innov-kb-cache 2 nonsense\n\x00\x01", b"\xff" * 100],
    ids=["empty", "text", "bad-header", "binary"],
)
def test_a_corrupt_cache_file_is_ignored(kb_file: Path, content: bytes) -> None:
    expected = _rank(kb_file)
    [path] = _cache_files()
    path.write_bytes(content)
    assert _rank(kb_file) == expected


def test_a_truncated_cache_file_is_ignored(kb_file: Path) -> None:
    expected = _rank(kb_file)
    [path] = _cache_files()
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert _rank(kb_file) == expected


def test_cache_home_that_is_a_file_is_not_fatal(
    kb_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    first = _rank(kb_file)
    assert _rank(kb_file) == first


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permissions"
)
def test_a_read_only_cache_directory_is_not_fatal(kb_file: Path) -> None:
    directory = cache.cache_dir()
    directory.mkdir(parents=True)
    directory.chmod(0o500)
    try:
        first = _rank(kb_file)
        assert _rank(kb_file) == first
        assert _cache_files() == []
    finally:
        directory.chmod(0o700)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permissions"
)
def test_an_unreadable_cache_file_is_not_fatal(kb_file: Path) -> None:
    expected = _rank(kb_file)
    [path] = _cache_files()
    path.chmod(0o000)
    try:
        assert _rank(kb_file) == expected
    finally:
        path.chmod(0o600)


def test_a_cache_that_cannot_be_written_is_skipped(
    kb_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Works as root too: the write itself fails, as on a full disk or read-only home.
    def refuse(*_: object, **__: object) -> object:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # the cache imports it when writing
    first = _rank(kb_file)
    assert _rank(kb_file) == first
    assert _cache_files() == []


def test_no_cache_env_and_option_write_no_cache_file(kb_file: Path) -> None:
    _rank(kb_file, env={"INNOV_NO_CACHE": "1"})
    assert _cache_files() == []
    _rank(kb_file, "--no-cache")
    assert _cache_files() == []


def test_old_cache_files_are_pruned(kb_file: Path) -> None:
    for n in range(cache._KEEP + 3):
        kb_file.write_text(MINI.read_text(encoding="utf-8") + f"\n# edit {n}\n", encoding="utf-8")
        _rank(kb_file)
    assert len(_cache_files()) == cache._KEEP


def test_the_key_covers_every_file_and_the_record_layout() -> None:
    key = cache.cache_key([b"a", b"b"])
    assert key != cache.cache_key([b"b", b"a"])
    assert key != cache.cache_key([b"ab"])
    assert "facts:region,metric,value" in cache._LAYOUT


def test_progress_goes_to_a_terminal_only(
    kb_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(loading, "_PROGRESS_BYTES", 1)
    layers = loading.layers_for([kb_file], builtin=False)
    loading.load_knowledge_base(layers, use_cache=False)
    assert capsys.readouterr().err == ""  # stderr is not a terminal here

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    loading.load_knowledge_base(layers, use_cache=False)
    err = capsys.readouterr().err
    assert err.startswith("innov: loading ") and "cached" not in err


def test_a_changed_built_in_file_is_never_answered_from_the_stale_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The built-in file is known by its size and time, like the code: a new time (an
    update of innov, an edit in a checkout) means a new parse."""
    from innov_cli.kb.layers import builtin_path

    assert run("rank", "--json").exit_code == 0  # warm
    parses = _count_parses(monkeypatch)
    assert run("rank", "--json").exit_code == 0
    assert parses == []
    path = builtin_path()
    info = os.stat(path)
    try:
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        assert run("rank", "--json").exit_code == 0
        assert parses == ["regions.toml (built-in)"]
    finally:
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
