"""Issue 12, items 3, 5, 5b and 7: CSV that is safe to open, export by file name and with
filters, writing to special files and failing disks, a cache that follows the code."""

from __future__ import annotations

import csv
import io
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from innov_cli.output.machine import write_csv

from .conftest import run

BASE = Path(__file__).parent / "broken" / "_base.toml"

HOSTILE = """
[[region]]
id = "gamma"
name = "=HYPERLINK(\\"http://evil.example\\",\\"click\\")"
kinds = ["city"]
country = "CN"
aliases = ["\\u001b[31mred\\u0007 bell \\u009b csi"]

[[fact]]
region = "gamma"
metric = "gdp_test"
value = 7
year = 2023
source = "stat-office"
confidence = "exact"
note = "-2+3 then a bare\\rreturn"
"""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.toml"
    path.write_text(BASE.read_text(encoding="utf-8") + HOSTILE, encoding="utf-8")
    return path


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_escapes_control_characters_and_defuses_formulas(hostile: Path) -> None:
    """Item 3: no raw ESC/BEL/C1 in CSV; formula-like text shows as text; numbers stay."""
    result = run("--no-builtin", "--data", str(hostile), "list", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\x9b" not in result.stdout
    gamma = next(r for r in _csv_rows(result.stdout) if r["id"] == "gamma")
    assert gamma["name"].startswith("'=HYPERLINK(")
    assert "\\x1b[31mred\\x07" in gamma["aliases"]

    export = run("--no-builtin", "--data", str(hostile), "export", "--format", "csv")
    facts = _csv_rows(export.stdout)
    gamma_fact = next(r for r in facts if r["region"] == "gamma")
    assert gamma_fact["note"] == "'-2+3 then a bare\rreturn"
    assert gamma_fact["value"] == "7"  # a number, not defused


def test_csv_keeps_negative_numbers_numbers_and_quotes_a_bare_cr() -> None:
    """Item 3 (and 6b's last point): a lone CR is quoted; -3 stays a number."""
    out = io.StringIO()
    write_csv(
        [{"a": -3, "b": "x\ry", "c": "-3", "d": 1.5, "e": "\tlead", "f": "@sum", "g": "+1"}],
        out,
        list("abcdefg"),
    )
    lines = out.getvalue().split("\n")
    assert lines[1] == "-3,\"x\ry\",'-3,1.5,'\tlead,'@sum,'+1"
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert rows[1][1] == "x\ry"  # one field, one row: the CR did not split it


def test_bom_on_every_csv_writer(hostile: Path, tmp_path: Path) -> None:
    """Item 3: --bom starts CSV with a UTF-8 BOM; with another format it is a usage error."""
    data = ("--no-builtin", "--data", str(hostile))
    ranked = run(*data, "rank", "--by", "gdp_test", "--format", "csv", "--bom")
    assert ranked.exit_code == 0 and ranked.stdout.startswith("\ufeffrank,")
    target = tmp_path / "facts.csv"
    assert run(*data, "export", "--bom", str(target)).exit_code == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfregion,metric,")
    assert run(*data, "rank", "--by", "gdp_test", "--json", "--bom").exit_code == 2
    assert run(*data, "export", "--bom", "--format", "jsonl").exit_code == 2


def test_import_reads_back_a_defused_cell(hostile: Path, tmp_path: Path) -> None:
    """Item 3: export, then import, gives back the text as it was (the apostrophe goes)."""
    data = ("--no-builtin", "--data", str(hostile))
    facts = tmp_path / "facts.csv"
    assert run(*data, "export", str(facts)).exit_code == 0
    toml = tmp_path / "back.toml"
    result = run(*data, "import", str(facts), "-o", str(toml))
    assert result.exit_code == 0, result.stderr
    text = toml.read_text(encoding="utf-8")
    assert 'note = "-2+3 then a bare\\rreturn"' in text
    assert "'-2+3" not in text


# -- item 5: export by file name, filters, one exit code for bad paths ----------------------


def test_export_infers_the_format_from_the_file_name(tmp_path: Path) -> None:
    """Item 5: `innov export kb.db` writes SQLite; a contradicting --format is exit 2."""
    data = ("--no-builtin", "--data", str(BASE))
    for name, start in (
        ("kb.db", b"SQLite format 3\x00"),
        ("kb.sqlite", b"SQLite format 3\x00"),
        ("facts.csv", b"region,metric,value"),
        ("facts.json", b"[\n  {"),
        ("facts.jsonl", b'{"region": '),
        ("facts.md", b"### "),
    ):
        assert run(*data, "export", str(tmp_path / name)).exit_code == 0, name
        assert (tmp_path / name).read_bytes().startswith(start), name
    database = (tmp_path / "kb.db").read_bytes()
    refused = run(*data, "export", "--format", "jsonl", str(tmp_path / "kb.db"))
    assert refused.exit_code == 2
    assert "innov: error: --format jsonl contradicts" in refused.stderr
    assert "--force" in refused.stderr
    assert (tmp_path / "kb.db").read_bytes() == database  # untouched
    forced = run(*data, "export", "--format", "jsonl", "--force", str(tmp_path / "kb.db"))
    assert forced.exit_code == 0
    assert (tmp_path / "kb.db").read_bytes().startswith(b'{"region": ')
    # An ending that names no format: --format decides, else JSON Lines as before.
    assert run(*data, "export", str(tmp_path / "facts.txt")).exit_code == 0
    assert (tmp_path / "facts.txt").read_bytes().startswith(b'{"region": ')


def test_export_filters_by_region_metric_and_year(tmp_path: Path) -> None:
    """Item 5: --region, --metric and --year, repeatable or comma lists; unknown -> exit 3."""
    data = ("--no-builtin", "--data", str(BASE))
    everything = [r["region"] for r in _jsonl(run(*data, "export").stdout)]
    assert sorted(everything) == ["alpha", "alpha", "beta"]
    by_region = _jsonl(run(*data, "export", "--region", "Alpha").stdout)
    assert {r["region"] for r in by_region} == {"alpha"} and len(by_region) == 2
    both = _jsonl(run(*data, "export", "--region", "alpha,beta", "--metric", "gdp_test").stdout)
    assert sorted(r["region"] for r in both) == ["alpha", "beta"]
    repeated = _jsonl(run(*data, "export", "--metric", "rd_share", "--metric", "gdp_test").stdout)
    assert len(repeated) == 3
    assert _jsonl(run(*data, "export", "--year", "2022").stdout) == []
    assert len(_jsonl(run(*data, "export", "--year", "2022,2023").stdout)) == 3
    unknown = run(*data, "export", "--region", "alfa")
    assert unknown.exit_code == 3
    assert unknown.stderr.startswith("innov: error: unknown region 'alfa'")
    assert "hint: did you mean" in unknown.stderr and unknown.stdout == ""
    assert run(*data, "export", "--metric", "gdp").exit_code == 3
    assert run(*data, "export", "--year", "last").exit_code == 2
    # Filters apply to the SQLite facts table too.
    import sqlite3

    db = tmp_path / "kb.db"
    assert run(*data, "export", "--region", "beta", str(db)).exit_code == 0
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT region FROM facts").fetchall() == [("beta",)]


def _jsonl(text: str) -> list[dict[str, Any]]:
    import json

    return [json.loads(line) for line in text.splitlines()]


def test_a_bad_path_is_exit_4_whether_read_or_written(tmp_path: Path) -> None:
    """Item 5: a missing folder to write into, like a missing file to read, is exit 4."""
    missing_read = run("--no-builtin", "--data", str(tmp_path / "nope.toml"), "list")
    data = ("--no-builtin", "--data", str(BASE))
    missing_folder = run(*data, "export", str(tmp_path / "nope" / "facts.csv"))
    a_directory = run(*data, "export", str(tmp_path))
    to_file = run(*data, "rank", "--by", "gdp_test", "-o", str(tmp_path / "nope" / "r.csv"))
    assert {missing_read.exit_code, missing_folder.exit_code, a_directory.exit_code} == {4}
    assert to_file.exit_code == 4
    assert "folder" in missing_folder.stderr and missing_folder.stdout == ""
    # A name no file system accepts: 4 too, read (--data, import) or written.
    bad_name = "bad\x00name.csv"
    assert run(*data, "import", bad_name, "-o", str(tmp_path / "x.toml")).exit_code == 4
    assert run(*data, "export", bad_name).exit_code == 4


# -- item 5b: special files, links, failing disks, SIGTERM -----------------------------------


def test_dash_is_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 5b: `-` is standard output for export and for -o, never a file named '-'."""
    monkeypatch.chdir(tmp_path)
    data = ("--no-builtin", "--data", str(BASE))
    exported = run(*data, "export", "--format", "csv", "-")
    assert exported.stdout.startswith("region,metric,value")
    ranked = run(*data, "rank", "--by", "gdp_test", "--format", "csv", "-o", "-")
    assert ranked.stdout.startswith("rank,")
    assert not (tmp_path / "-").exists()


def test_a_symlink_is_followed_and_hard_links_stay_linked(tmp_path: Path) -> None:
    """Item 5b: the link stays a link to the new content; hard links share it."""
    data = ("--no-builtin", "--data", str(BASE))
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    os.chmod(real, 0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    hard = tmp_path / "hard.csv"
    os.link(real, hard)
    assert run(*data, "export", str(link)).exit_code == 0
    assert link.is_symlink()
    assert real.read_text().startswith("region,metric,value")
    assert hard.read_text() == real.read_text()  # still one file
    assert os.stat(real).st_nlink == 2
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o640  # a replaced file keeps its mode
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_fifo_is_written_in_place(tmp_path: Path) -> None:
    """Item 5b: a FIFO at the target gets the data and stays a FIFO."""
    fifo = tmp_path / "facts.csv"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        result = run("--no-builtin", "--data", str(BASE), "export", str(fifo))
        received, _ = reader.communicate(timeout=30)
    finally:
        if reader.poll() is None:  # never leave a reader blocked on the FIFO
            reader.kill()
            reader.wait()
    assert result.exit_code == 0, result.stderr
    assert received.startswith(b"region,metric,value")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_full_disk_and_a_long_name_are_clear_errors(tmp_path: Path) -> None:
    """Item 5b: ENOSPC and ENAMETOOLONG are exit 4 with a reason, not an internal error, and
    the temporary file is gone."""
    import errno

    from innov_cli.errors import ExitCode, UnusableFile
    from innov_cli.output.atomic import write_atomically

    def fill_the_disk(temp: Path) -> None:
        temp.write_text("half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(UnusableFile) as raised:
        write_atomically(tmp_path / "facts.csv", fill_the_disk)
    assert raised.value.exit_code == ExitCode.INVALID_DATA
    assert int(raised.value.exit_code) == 4
    assert "No space left on device" in raised.value.message
    assert list(tmp_path.iterdir()) == []

    data = ("--no-builtin", "--data", str(BASE))
    long_name = run(*data, "export", str(tmp_path / ("x" * 300 + ".csv")))
    assert long_name.exit_code == 4
    assert "too long" in long_name.stderr and "internal error" not in long_name.stderr
    # A name the file system takes, whose temporary name would be too long, still works.
    fits = tmp_path / ("y" * 250 + ".csv")
    assert run(*data, "export", str(fits)).exit_code == 0 and fits.exists()


@pytest.mark.skipif(
    not os.path.exists("/dev/full") or os.geteuid() == 0,
    # As root, a regression would replace the machine's /dev/full by a regular file (which
    # is the bug): the FIFO test above covers writing in place without that risk.
    reason="needs /dev/full, and not as root",
)
def test_dev_full_is_a_clear_error() -> None:
    """Item 5b: writing to /dev/full is exit 4, "No space left on device"."""
    full = run("--no-builtin", "--data", str(BASE), "export", "--format", "csv", "/dev/full")
    assert full.exit_code == 4
    assert "No space left on device" in full.stderr and "internal error" not in full.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


_SLOW_WRITE = """
import os, sys, time
sys.argv[0] = "innov"
import innov_cli.output.machine as machine
original = machine.write_csv
def slow(records, out, columns, **kw):
    out.write("partial\\n"); out.flush()
    sys.stderr.write("writing\\n"); sys.stderr.flush()
    time.sleep(60)
machine.write_csv = slow
from innov_cli.cli import main
main()
"""


def test_sigterm_during_an_export_removes_the_temporary_file(tmp_path: Path) -> None:
    """Item 5b: SIGTERM while writing unwinds like Ctrl-C: no `.X.tmp` left, exit 143."""
    target = tmp_path / "facts.csv"
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _SLOW_WRITE,
            "--no-builtin",
            "--data",
            str(BASE),
            "export",
            str(target),
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "INNOV_NO_CACHE": "1"},
        preexec_fn=lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL),
    )
    assert process.stderr is not None
    assert process.stderr.readline() == "writing\n"
    assert [p.name for p in tmp_path.glob(".facts.csv.*.tmp")] != []  # it was there
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 143
    assert "Traceback" not in stderr and "innov: terminated" in stderr
    assert list(tmp_path.iterdir()) == []


# -- item 7: the cache ---------------------------------------------------------------------


def test_the_cache_key_follows_the_code() -> None:
    """Item 7: a changed code file (here its modification time) changes the key."""
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
    """Item 7: reading a cache file keeps it; the least recently used go; stale temps go."""
    from innov_cli.kb import cache
    from innov_cli.kb.layers import layers_for, load_knowledge_base

    files = []
    for n in range(cache._KEEP + 2):
        path = tmp_path / f"kb{n}.toml"
        path.write_text(BASE.read_text(encoding="utf-8") + f"\n# {n}\n", encoding="utf-8")
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
    remaining = {p.name for p in cache.cache_dir().glob("kb-*")}
    assert len(remaining) == cache._KEEP
    key_of = {path: cache.cache_path(cache.cache_key([path.read_bytes()])).name for path in files}
    assert key_of[oldest] in remaining
    assert key_of[files[1]] not in remaining and key_of[files[2]] not in remaining
    assert not stale.exists() and fresh.exists()


def test_a_relative_xdg_cache_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 7: XDG says a relative path is invalid and must be ignored."""
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
    """Item 5b: the cache's `.kb-*.tmp` goes too."""
    cache_home = tmp_path / "cache"
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_CACHE, "--no-builtin", "--data", str(BASE), "list"],
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


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
def test_dev_stdout_is_written_through_not_replaced(tmp_path: Path) -> None:
    """Item 5b: `export /dev/stdout` reaches stdout whatever it is: a pipe, or a file the
    shell opened for appending (which keeps what it held)."""
    command = [sys.executable, "-m", "innov_cli", "--no-builtin", "--data", str(BASE)]
    piped = subprocess.run(
        [*command, "export", "--format", "csv", "/dev/stdout"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert piped.returncode == 0 and piped.stdout.startswith("region,metric,value")
    log = tmp_path / "log.csv"
    log.write_text("previous\n")
    with log.open("a") as appending:
        subprocess.run(
            [*command, "export", "--format", "csv", "/dev/stdout"],
            stdout=appending,
            timeout=60,
            check=True,
        )
    lines = log.read_text().splitlines()
    assert lines[0] == "previous" and lines[1].startswith("region,metric,value,")
    assert list(tmp_path.glob(".*.tmp")) == []


def test_a_year_only_source_date_is_not_newer_than_a_full_date() -> None:
    """Item 7: "2025" (some day in 2025) is not preferred over "2025-09-30" because "2025"
    sorts after it as a string; "2025-09" sits between "2025" and "2025-09-30"."""
    from innov_cli.kb.knowledge_base import KnowledgeBase
    from innov_cli.kb.records import Fact, Source

    def source(ident: str, date: str) -> Source:
        return Source(ident, "P", "T", date, "https://example.org/", "primary")

    sources = {s.id: s for s in (source("year", "2025"), source("month", "2025-09"))}
    sources["day"] = source("day", "2025-09-30")
    facts = tuple(Fact("a", "m", 1, 2024, ident, "exact") for ident in ("year", "month", "day"))
    kb = KnowledgeBase(regions={}, metrics={}, sources=sources, facts=facts)
    assert kb.preferred(facts).source == "day"
    assert kb.preferred(facts[:2]).source == "month"
