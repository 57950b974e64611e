"""The knowledge-base cache: used when valid, ignored when not, never fatal, bypassable, keyed by
code and data, pruned, never served forged, and safe to share between processes."""

from __future__ import annotations

import marshal
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import innov_cli
from innov_cli.kb import cache, reading
from innov_cli.kb import layers as loading
from innov_cli.kb.cache import cache_dir, cache_key, read_cache
from innov_cli.kb.layers import layers_for, load_knowledge_base
from tests.helpers import BROKEN_BASE, MINI, big_file, concurrently

from .conftest import run


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


def _cache_files(pattern: str = "kb-*.cache") -> list[Path]:
    """The knowledge-base cache files (with a pattern, other files of the cache directory)."""
    directory = cache.cache_dir()
    return sorted(directory.glob(pattern)) if directory.is_dir() else []


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
    # The cache and the slice of it a ranking reads.
    for path in [*_cache_files(), *_cache_files("kb-*.ranking-*.part")]:
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
    # innov says it is loading only for a file of 1.5 MB or more: pad the fixture past that.
    with kb_file.open("a", encoding="utf-8") as padded:
        padded.write("\n" + ("# " + "x" * 98 + "\n") * 15_001)
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


def _key(path: Path) -> str:
    layers = loading.layers_for([path], builtin=False)
    return cache.cache_key([reading.read_bytes(layer.path, layer.label) for layer in layers])


def _rank_values(path: Path) -> list[object]:
    result = run("--no-builtin", "--data", str(path), "rank", "--json")
    assert result.exit_code == 0, result.stderr
    return [row["value"] for row in result.json()]


def test_a_forged_cache_with_a_recomputed_checksum_is_never_served(tmp_path: Path) -> None:
    path = tmp_path / "kb.toml"
    shutil.copyfile(MINI, path)
    expected = _rank_values(path)
    key = _key(path)
    [cached] = cache.cache_dir().glob("kb-*.cache")
    header, payload = cached.read_bytes().split(b"\n", 1)
    rows = marshal.loads(payload)
    rows["facts"] = [
        (*row[:2], 1e300, *row[3:]) if row[1] == "gdp" else row for row in rows["facts"]
    ]
    forged = marshal.dumps(rows)
    # Whoever forges it can recompute a plain checksum, but not this installation's seal.
    fields = header.split()
    for tag in (cache.checksum(forged).encode(), b"0" * 32):
        cached.write_bytes(b" ".join([*fields[:-1], tag]) + b"\n" + forged)
        assert cache.read_cache(key) is None
        assert _rank_values(path) == expected


def test_a_sealed_cache_with_an_impossible_value_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "kb.toml"
    shutil.copyfile(MINI, path)
    expected = _rank_values(path)
    key = _key(path)
    real = cache.read_cache(key)
    assert real is not None
    huge = tuple(f._replace(value=1e300) if f.metric == "gdp" else f for f in real.facts)
    cache.write_cache(key, innov_cli.KnowledgeBase(real.regions, real.metrics, real.sources, huge))
    assert cache.read_cache(key) is None
    assert _rank_values(path) == expected


def test_the_cache_key_follows_the_code() -> None:
    """A changed code file (here its modification time) changes the key."""
    from innov_cli.kb import cache

    before = cache.cache_key([b"data"])
    checks = Path(cache.__file__).parent / "checks.py"
    info = os.stat(checks)
    try:
        os.utime(checks, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        assert cache.cache_key([b"data"]) != before
    finally:
        os.utime(checks, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert cache.cache_key([b"data"]) == before


def test_cache_pruning_is_least_recently_used(tmp_path: Path) -> None:
    """Reading a cache file keeps it; the least recently used go; stale temps go."""
    from innov_cli.kb import cache
    from innov_cli.kb.layers import layers_for, load_knowledge_base

    files = []
    for n in range(cache._KEEP + 2):
        path = tmp_path / f"kb{n}.toml"
        path.write_text(BROKEN_BASE.read_text(encoding="utf-8") + f"\n# {n}\n", encoding="utf-8")
        files.append(path)
    start = time.time() - 10_000
    for n, path in enumerate(files[: cache._KEEP]):
        load_knowledge_base(layers_for([path], builtin=False))
        for written in cache.cache_dir().glob("kb-*"):  # make ages distinct and old
            if os.stat(written).st_mtime > start + 5_000:
                os.utime(written, (start + n, start + n))
    stale = cache.cache_dir() / ".kb-killed.tmp"
    stale.write_bytes(b"x" * 1000)
    os.utime(stale, (start, start))
    fresh = cache.cache_dir() / ".kb-writing-now.tmp"
    fresh.write_bytes(b"x")
    # The oldest-written file is used now: a read touches it.
    oldest = files[0]
    load_knowledge_base(layers_for([oldest], builtin=False))
    # Two new inputs push two files out: not the one just read.
    for path in files[cache._KEEP :]:
        load_knowledge_base(layers_for([path], builtin=False))
    remaining = {p.name for p in cache.cache_dir().glob("kb-*.cache")}
    assert len(remaining) == cache._KEEP
    key_of = {path: cache.cache_path(cache.cache_key([path.read_bytes()])).name for path in files}
    assert key_of[oldest] in remaining
    assert key_of[files[1]] not in remaining and key_of[files[2]] not in remaining
    assert not stale.exists() and fresh.exists()


def test_a_relative_xdg_cache_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """XDG says a relative path is invalid and must be ignored."""
    from innov_cli.kb.cache import cache_dir

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache_dir() == tmp_path / ".cache" / "innov"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "abs"))
    assert cache_dir() == tmp_path / "abs" / "innov"


_SLOW_CACHE = """
import os, sys, time
sys.argv[0] = "innov"
import innov_cli.kb.cache as cache
def slow_replace(source, target):
    sys.stderr.write("caching\\n"); sys.stderr.flush()
    time.sleep(60)
cache.os.replace = slow_replace
from innov_cli.cli import main
main()
"""


def test_sigterm_during_a_cache_write_removes_the_temporary_file(tmp_path: Path) -> None:
    """The cache's `.kb-*.tmp` goes too."""
    cache_home = tmp_path / "cache"
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_CACHE, "--no-builtin", "--data", str(BROKEN_BASE), "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_home)},
        preexec_fn=lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL),
    )
    assert process.stderr is not None
    assert process.stderr.readline() == "caching\n"
    assert list((cache_home / "innov").glob(".kb-*.tmp")) != []
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 143 and stdout == ""
    assert "Traceback" not in stderr
    # Only the installation's cache secret stays (made before the write began).
    assert [p.name for p in (cache_home / "innov").iterdir()] == ["secret"]


@pytest.mark.parametrize("attempt", range(3))
def test_two_innovs_at_once_share_a_cache_safely(tmp_path: Path, attempt: int) -> None:
    data = big_file(tmp_path, regions=400)
    cache_home = tmp_path / "cache"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    command = [
        sys.executable,
        "-m",
        "innov_cli",
        "--no-builtin",
        "--data",
        str(data),
        "list",
        "--json",
    ]
    results = concurrently([command, command, command], env)
    for result in results:
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
    assert results[0].stdout == results[1].stdout == results[2].stdout
    folder = cache_home / "innov"
    leftovers = [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    # The cache they left is valid: it loads, and equals a fresh load.
    os.environ["XDG_CACHE_HOME"] = str(cache_home)
    assert cache_dir() == folder
    layers = layers_for([data], builtin=False)
    cached = read_cache(cache_key([data.read_bytes()]))
    assert cached is not None
    assert cached == load_knowledge_base(layers, use_cache=False)


def _show(kb_file: Path, region: str) -> dict[str, object]:
    result = run("--no-builtin", "--data", str(kb_file), "show", region, "--json")
    assert result.exit_code == 0, result.stderr
    shown: dict[str, object] = result.json()
    return shown


@pytest.fixture
def rules_file(tmp_path: Path) -> Path:
    """A knowledge base whose rules derive figures (a cluster's sum, a currency conversion)."""
    from .test_derived import RULES_KB

    facts = "".join(
        f'\n[[fact]]\nregion = "{region}"\nmetric = "{metric}"\nvalue = {value}\nyear = 2024\n'
        'source = "office-2025"\nconfidence = "exact"\nnote = "As published."\n'
        for region, metric, value in (
            ("delta", "gdp", 1000),
            ("sar", "gdp_hkd", 300),
            ("china", "fx_usd_cny", 7.2),
            ("sar", "fx_usd_hkd", 7.8),
        )
    )
    path = tmp_path / "rules.toml"
    path.write_text(RULES_KB + facts, encoding="utf-8")
    return path


def test_derived_figures_are_kept_beside_the_cache_and_read_back_the_same(
    rules_file: Path,
) -> None:
    from innov_cli.kb.derive import with_derived

    kb_file = rules_file
    fresh = load_knowledge_base(layers_for([kb_file], builtin=False), use_cache=False)
    assert fresh.cache_key is None
    expected = with_derived(fresh)
    assert expected.derivations, "the fixture derives figures"
    for _ in range(2):  # the first derives and keeps them, the second reads them back
        kb = load_knowledge_base(layers_for([kb_file], builtin=False))
        assert kb.cache_key is not None
        assert with_derived(kb) == expected
        assert with_derived(kb, {"gdp"}) == with_derived(fresh, {"gdp"})
    assert sorted(p.name.split(".")[1] for p in _cache_files("kb-*.part")) == [
        "derived",
        "derived-gdp",
    ]
    # The kept figures are what is used: a part saying "nothing derived" is believed.
    kb = load_knowledge_base(layers_for([kb_file], builtin=False))
    assert kb.cache_key is not None
    cache.write_part(kb.cache_key, "derived", {"facts": [], "derivations": [], "gaps": []})
    assert with_derived(kb) is kb
    cache.write_part(kb.cache_key, "derived", {"facts": [("bad",)], "derivations": [], "gaps": []})
    assert with_derived(kb) == expected  # an unusable part is derived again
    # What `show` prints from them, working included, is the same from a cold start.
    warm = _show(kb_file, "bay")
    shutil.rmtree(cache.cache_dir())
    assert _show(kb_file, "bay") == warm


def test_a_tampered_derived_part_is_ignored_and_the_answer_stays_right(rules_file: Path) -> None:
    kb_file = rules_file
    expected = _show(kb_file, "bay")
    [part] = _cache_files("kb-*.derived.part")
    data = bytearray(part.read_bytes())
    data[-2] ^= 0x01  # a byte of the payload
    part.write_bytes(bytes(data))
    assert _show(kb_file, "bay") == expected


def test_a_part_is_never_read_as_another() -> None:
    key = "k" * 40
    cache.write_part(key, "derived-gdp", {"facts": [], "derivations": [], "gaps": []})
    [written] = _cache_files("kb-*.part")
    written.rename(cache.cache_path(key, "derived"))
    assert cache.read_part(key, "derived") is None
    assert cache.read_part(key, "derived-gdp") is None


def test_parts_are_pruned_with_their_cache_file(rules_file: Path) -> None:
    kb_file = rules_file
    _show(kb_file, "bay")
    [cache_file] = _cache_files()
    assert _cache_files("kb-*.part")
    cache_file.unlink()
    other = load_knowledge_base(layers_for([kb_file], builtin=False), use_cache=False)
    cache.write_cache("0" * 40, other)
    assert _cache_files("kb-*.part") == []


def test_a_ranking_reads_only_its_metrics_slice_of_the_cache(rules_file: Path) -> None:
    from innov_cli.kb.derive import with_derived

    files = layers_for([rules_file], builtin=False)
    full = load_knowledge_base(files)  # cold: writes the cache, and no slice yet
    assert any(f.note for f in full.facts)
    assert not _cache_files("kb-*.ranking-*.part")
    made = load_knowledge_base(files, metric="gdp")  # cuts the slice and keeps it
    assert _cache_files("kb-*.ranking-*.part")
    read = load_knowledge_base(files, metric="gdp")  # reads it back
    assert read == made
    assert with_derived(read, {"gdp"}) is read  # its figures are derived already
    whole = with_derived(full, {"gdp"})
    # The published records come without notes; a derived figure keeps its working's.
    published = [f for f in read.facts if f.source != "innov-derived"]
    assert not any(f.note for f in published) and not any(s.note for s in read.sources.values())
    gdp = [f._replace(note=None) for f in whole.facts if f.metric == "gdp"]
    assert [f._replace(note=None) for f in read.facts if f.metric == "gdp"] == gdp
    # Every derived figure's working, down to a cross rate derived on the way to yuan.
    assert read.derivations.keys() == {f.key for f in read.facts if f.source == "innov-derived"}
    assert {k for k in whole.derivations if k[1] == "gdp"} < read.derivations.keys()
    # Beneath the sum, the conversion's inputs (another metric) and their sources are there.
    assert {f.metric for f in read.facts} > {"gdp"}
    assert {f.source for f in read.facts} <= read.sources.keys()
    # Everyone else gets the whole knowledge base, notes included.
    assert load_knowledge_base(files) == full
    # An unknown metric, or one that would not make a file name, gets the whole of it too.
    assert load_knowledge_base(files, metric="no_such_metric") == full
    assert load_knowledge_base(files, metric="../gdp") == full


def test_every_metric_ranks_the_same_from_its_slice_as_from_the_whole() -> None:
    from innov_cli.commands.rank import rank_record, rank_regions, with_ranked_derived

    whole = load_knowledge_base(loading.layers(), use_cache=False)
    load_knowledge_base(loading.layers())  # a warm cache to cut slices from
    for metric in whole.metrics:
        for kind in (None, "city", "province"):
            for _ in range(2):  # the first cuts the slice, the second reads it
                sliced = load_knowledge_base(loading.layers(), metric=metric)
                assert sliced.derived_for == {metric}
                ours, theirs = (with_ranked_derived(k, metric) for k in (sliced, whole))
                got = rank_regions(ours, metric, kind=kind)
                want = rank_regions(theirs, metric, kind=kind)
                assert got._replace(rows=[]) == want._replace(rows=[]), (metric, kind)
                assert [rank_record(row, got.metric, ours).to_dict() for row in got.rows] == [
                    rank_record(row, want.metric, theirs).to_dict() for row in want.rows
                ]


@pytest.mark.parametrize(
    ("args", "fmt"),
    [
        *(((), fmt) for fmt in ("table", "json", "markdown", "html", "csv")),
        *(
            (args, fmt)
            for args in (
                ("--kind", "province", "--by", "rd_intensity"),
                ("--by", "nature_index_rank", "--top", "10"),
                ("--by", "gdp", "--kind", "city", "--all"),
            )
            for fmt in ("table", "html")
        ),
    ],
)
def test_a_ranking_from_its_slice_says_what_the_whole_says(args: tuple[str, ...], fmt: str) -> None:
    whole = run("--no-cache", "rank", *args, "--format", fmt)
    run("rank", *args, "--json")  # a warm cache, and the slice of the metric ranked
    key = _key_of_builtin()
    assert cache.read_part(key, f"ranking-{args[args.index('--by') + 1] if args else 'gdp'}")
    sliced = run("rank", *args, "--format", fmt)
    assert whole.exit_code == 0, whole.stderr
    assert (sliced.exit_code, sliced.stdout) == (whole.exit_code, whole.stdout)


def test_under_tier_a_ranking_ranks_from_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = run("--no-cache", "--tier", "primary", "rank", "--json")
    run("rank", "--json")  # the slice exists, but its derived figures rest on every tier
    assert run("--tier", "primary", "rank", "--json").stdout == expected.stdout


def _key_of_builtin() -> str:
    kb = load_knowledge_base(loading.layers())
    assert kb.cache_key is not None
    return kb.cache_key
