"""Data files given with --data or INNOV_DATA: layering, devices, FIFOs, size limits, large
files, and never a write to the user's file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from innov_cli.kb import reading
from tests.helpers import BROKEN_BASE, MINI, MINI_ONLY, benchmark_generator

from .conftest import run


def test_layered_file_replaces_a_fact_with_the_same_key(write: object) -> None:
    override = write(  # type: ignore[operator]
        """
[[fact]]
region = "chengdu-chongqing"
metric = "gdp"
value = 8701
year = 2024
source = "asiacity-chengdu-chongqing"
confidence = "exact"
"""
    )
    rows = run(*MINI_ONLY, "--data", str(override), "rank", "--json").json()
    assert next(r for r in rows if r["id"] == "chengdu-chongqing")["value"] == 8701


def test_innov_data_env_layers_like_data(write: object) -> None:
    result = run("--no-builtin", "rank", "--json", env={"INNOV_DATA": str(MINI)})
    assert result.exit_code == 0
    assert result.json()[0]["id"] == "jingjinji"


def test_a_large_file_parsed_in_pieces_equals_the_whole(tmp_path: Path) -> None:
    toml_path, _ = benchmark_generator().write(3000, tmp_path / "big")
    text = toml_path.read_text(encoding="utf-8")
    assert len(text) > 2 * reading.CHUNK_CHARS // 4
    toml = reading._toml_module()
    whole = toml.loads(text)
    size = reading.CHUNK_CHARS
    try:
        reading.CHUNK_CHARS = 100_000  # several pieces from a small file
        pieces = reading._parse_in_pieces(toml, text)
    finally:
        reading.CHUNK_CHARS = size
    assert pieces == whole


def test_a_device_as_data_file_is_just_empty(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "innov_cli",
            "--no-builtin",
            "--data",
            "/dev/null",
            "list",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout == "[]\n"
    assert result.stderr == ""


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_innov_never_writes_to_a_data_file(tmp_path: Path) -> None:
    data = tmp_path / "mine.toml"
    data.write_bytes(BROKEN_BASE.read_bytes())
    os.utime(data, ns=(1_000_000_000, 1_000_000_000))  # an old mtime: any write would change it
    before = snapshot(data)
    for args in (
        ["validate", str(data)],
        ["--data", str(data), "rank", "--by", "gdp_test"],
        ["--data", str(data), "rank", "--by", "gdp_test"],  # from the cache this time
        ["--data", str(data), "export", "--format", "csv"],
        ["--data", str(data), "export", "--format", "jsonl", str(tmp_path / "out.jsonl")],
        ["--data", str(data), "show", "alpha", "--json"],
    ):
        assert run("--no-builtin", *args).exit_code == 0, args
        assert snapshot(data) == before, args


def test_an_endless_device_is_read_only_up_to_the_limit() -> None:
    """/dev/zero stops at the size limit instead of filling memory."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("needs /dev/zero")
    done = subprocess.run(
        [sys.executable, "-m", "innov_cli", "--no-builtin", "--data", "/dev/zero", "list"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 4
    assert "/dev/zero: is more than 64 MiB, the limit" in done.stderr


def test_import_of_an_endless_device_stops_at_the_limit(tmp_path: Path) -> None:
    """The same limit for `innov import`, which read /dev/zero until memory ran out."""
    if not os.path.exists("/dev/zero"):
        pytest.skip("needs /dev/zero")
    done = subprocess.run(
        [sys.executable, "-m", "innov_cli", "import", "/dev/zero", "-o", str(tmp_path / "z.toml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 4 and "the limit is 64 MiB" in done.stderr
    assert not (tmp_path / "z.toml").exists()


def test_a_fifo_is_read_with_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A FIFO (what `--data <(...)` gives) has no size to check: the limit applies
    while reading."""
    from innov_cli.kb import reading

    monkeypatch.setattr(reading, "MAX_FILE_BYTES", 1024 * 1024)
    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)

    def feed() -> None:
        try:
            with open(fifo, "wb") as out:
                for _ in range(64):
                    out.write(b"#" * 65536 + b"\n")
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed)
    writer.start()
    result = run("--no-builtin", "--data", str(fifo), "list")
    writer.join(timeout=30)
    assert result.exit_code == 4
    assert "is more than 1 MiB, the limit" in result.stderr


def test_a_fifo_is_read_once_and_answers(tmp_path: Path) -> None:
    """`--data <(...)` gives a FIFO, which can be read only once: the cache key and the parse
    must both come from that one read (a second read would wait for a writer for ever)."""
    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)
    text = (Path(__file__).parent / "data" / "mini.toml").read_bytes()

    def feed() -> None:
        with open(fifo, "wb") as out:
            out.write(text)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-m", "innov_cli", "--no-builtin", "--data", str(fifo), "rank", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["id"] == "jingjinji"
