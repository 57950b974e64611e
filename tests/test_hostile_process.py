"""Closed pipes, Ctrl-C, internal errors, user files never written, concurrent runs."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from innov_cli.kb.cache import cache_dir, cache_key, read_cache
from innov_cli.kb.layers import layers_for, load_knowledge_base

from .conftest import run

BASE = Path(__file__).parent / "broken" / "_base.toml"


def big_file(tmp_path: Path, regions: int = 3000) -> Path:
    """Enough output to overflow a pipe buffer, so an early-closing reader really breaks it."""
    parts = [BASE.read_text(encoding="utf-8")]
    for n in range(regions):
        parts.append(
            f'[[region]]\nid = "r{n}"\nname = "Region number {n}"\nkinds = ["city"]\n'
            f'country = "CN"\n\n[[fact]]\nregion = "r{n}"\nmetric = "gdp_test"\n'
            f'value = {n}\nyear = 2023\nsource = "stat-office"\nconfidence = "exact"\n'
        )
    path = tmp_path / "big.toml"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


INNOV = f"{sys.executable} -m innov_cli"


@pytest.mark.parametrize(
    "args",
    [
        "list --json",
        "rank --by gdp_test --json",
        "export --format csv",
        "list",
        "rank --by gdp_test",
    ],
)
def test_a_closed_pipe_ends_quietly(tmp_path: Path, args: str) -> None:
    data = big_file(tmp_path)
    err = tmp_path / "stderr.txt"
    script = (
        f"{INNOV} --no-builtin --data {data} {args} 2>{err} | head -c 1 >/dev/null; "
        'echo "${PIPESTATUS[0]}"'
    )
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)
    stderr = err.read_text()
    assert stderr == "", stderr
    assert result.stdout.strip() == "0"


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_exits_130_without_a_traceback(tmp_path: Path) -> None:
    # innov reads its --data file from a FIFO, so it is provably inside the command (blocked
    # reading) when the signal arrives. A FIFO is also what `--data <(...)` gives innov.
    fifo = tmp_path / "data.fifo"
    os.mkfifo(fifo)
    process = subprocess.Popen(
        [sys.executable, "-m", "innov_cli", "--no-builtin", "--data", str(fifo), "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # Issue 12 item 10: a shell that runs this test in the background or under nohup makes
        # it ignore SIGINT, and a child inherits that; the user's innov would get the default.
        preexec_fn=_default_sigint,
    )
    writer = None
    deadline = time.monotonic() + 30
    while writer is None and time.monotonic() < deadline:
        try:  # succeeds once innov has opened the FIFO for reading
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            assert exc.errno == errno.ENXIO
            time.sleep(0.02)
    assert writer is not None, "innov never opened its data file"
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    os.close(writer)
    assert process.returncode == 130
    assert stderr in ("", "innov: interrupted\n")  # quiet: the shell already showed ^C
    assert stdout == ""


def test_keyboard_interrupt_inside_a_command(monkeypatch: pytest.MonkeyPatch) -> None:
    import innov_cli.commands.list
    import innov_cli.commands.rank

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(innov_cli.commands.list, "list_regions", interrupted)
    result = run("--no-builtin", "--data", str(BASE), "list")
    assert result.exit_code == 130
    assert result.stderr in ("", "innov: interrupted\n")


def test_an_unexpected_error_is_one_line_and_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    import innov_cli.commands.list
    import innov_cli.commands.rank

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("secret-token-123 is not a ranking")

    monkeypatch.setattr(innov_cli.commands.rank, "rank_regions", broken)
    result = run("--no-builtin", "--data", str(BASE), "rank", "--by", "gdp_test")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "innov: internal error: ValueError: secret-token-123 is not a ranking"
    )
    assert "Traceback" not in result.stderr
    assert "╭" not in result.stderr  # no Rich panel
    assert "locals" not in result.stderr

    debug = run("--debug", "--no-builtin", "--data", str(BASE), "rank", "--by", "gdp_test")
    assert debug.exit_code == 1
    assert "Traceback (most recent call last)" in debug.stderr
    assert "╭" not in debug.stderr  # the plain traceback, never Rich's


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
    data.write_bytes(BASE.read_bytes())
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


def test_export_to_a_path_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "out" / "facts.csv"
    target.parent.mkdir()
    target.write_text("old content\n")
    result = run("--no-builtin", "--data", str(BASE), "export", "--format", "csv", str(target))
    assert result.exit_code == 0
    assert target.read_text().splitlines()[0].startswith("region,")
    assert sorted(p.name for p in target.parent.iterdir()) == ["facts.csv"]


def concurrently(
    commands: list[list[str]], env: dict[str, str]
) -> list[subprocess.CompletedProcess[str]]:
    processes = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for c in commands
    ]
    results = []
    for command, process in zip(commands, processes, strict=True):
        stdout, stderr = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(command, process.returncode, stdout, stderr))
    return results


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


def test_two_exports_to_one_path_at_once(tmp_path: Path) -> None:
    data = big_file(tmp_path, regions=400)
    target = tmp_path / "facts.csv"
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = [
        sys.executable, "-m", "innov_cli", "--no-builtin", "--data", str(data),
        "export", "--format", "csv", str(target),
    ]  # fmt: skip
    for result in concurrently([command, command], env):
        assert result.returncode == 0, result.stderr
    lines = target.read_text().splitlines()
    assert len(lines) == 1 + 3 + 400  # header, the base file's facts, one per region
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
