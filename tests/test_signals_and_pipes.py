"""Closed pipes and Ctrl-C: innov ends quietly with the conventional exit code."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import BROKEN_BASE, INNOV, benchmark_generator, big_file

from .conftest import run


def test_ctrl_c_during_a_large_parse_ends_as_interrupted(tmp_path: Path) -> None:
    toml_path, _ = benchmark_generator().write(20000, tmp_path / "big")
    process = subprocess.Popen(
        [*INNOV, "--no-builtin", "--data", str(toml_path), "rank", "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "INNOV_NO_CACHE": "1"},
    )
    _wait_for_cpu(process.pid, seconds=0.8)  # into the parse, however loaded the machine
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "innov: interrupted" in stderr and "Traceback" not in stderr


def _wait_for_cpu(pid: int, seconds: float) -> None:
    """Until the process has had `seconds` of CPU: a fixed sleep on a loaded machine could
    still find Python starting up (the parse of 20,000 regions takes about 2 s of CPU; how
    fast innov answers a Ctrl-C is benchmarks/interrupt.py's job)."""
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():  # no /proc: wait by the clock
        time.sleep(1.0)
        return
    ticks = os.sysconf("SC_CLK_TCK")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        if (int(fields[11]) + int(fields[12])) / ticks >= seconds:  # utime + stime
            return
        time.sleep(0.02)


INNOV_SHELL = f"{sys.executable} -m innov_cli"


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
        f"{INNOV_SHELL} --no-builtin --data {data} {args} 2>{err} | head -c 1 >/dev/null; "
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
        # A shell that runs this test in the background or under nohup makes
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
    result = run("--no-builtin", "--data", str(BROKEN_BASE), "list")
    assert result.exit_code == 130
    assert result.stderr in ("", "innov: interrupted\n")
