"""Output files are written atomically: links, FIFOs, full disks, /dev/stdout, SIGTERM and
concurrent writers never leave a half-written file or a temporary one."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import BROKEN_BASE, big_file, concurrently

from .conftest import run


def test_a_symlink_is_followed_and_hard_links_stay_linked(tmp_path: Path) -> None:
    """The link stays a link to the new content; hard links share it."""
    data = ("--no-builtin", "--data", str(BROKEN_BASE))
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
    """A FIFO at the target gets the data and stays a FIFO."""
    fifo = tmp_path / "facts.csv"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    try:
        result = run("--no-builtin", "--data", str(BROKEN_BASE), "export", str(fifo))
        received, _ = reader.communicate(timeout=30)
    finally:
        if reader.poll() is None:  # never leave a reader blocked on the FIFO
            reader.kill()
            reader.wait()
    assert result.exit_code == 0, result.stderr
    assert received.startswith(b"region,metric,value")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_full_disk_and_a_long_name_are_clear_errors(tmp_path: Path) -> None:
    """ENOSPC and ENAMETOOLONG are exit 4 with a reason, not an internal error, and
    the temporary file is gone."""

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

    data = ("--no-builtin", "--data", str(BROKEN_BASE))
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
    """Writing to /dev/full is exit 4, "No space left on device"."""
    full = run("--no-builtin", "--data", str(BROKEN_BASE), "export", "--format", "csv", "/dev/full")
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
    """SIGTERM while writing unwinds like Ctrl-C: no `.X.tmp` left, exit 143."""
    target = tmp_path / "facts.csv"
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _SLOW_WRITE,
            "--no-builtin",
            "--data",
            str(BROKEN_BASE),
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


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
def test_dev_stdout_is_written_through_not_replaced(tmp_path: Path) -> None:
    """`export /dev/stdout` reaches stdout whatever it is: a pipe, or a file the
    shell opened for appending (which keeps what it held)."""
    command = [sys.executable, "-m", "innov_cli", "--no-builtin", "--data", str(BROKEN_BASE)]
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


def test_export_to_a_path_is_atomic_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "out" / "facts.csv"
    target.parent.mkdir()
    target.write_text("old content\n")
    result = run(
        "--no-builtin", "--data", str(BROKEN_BASE), "export", "--format", "csv", str(target)
    )
    assert result.exit_code == 0
    assert target.read_text().splitlines()[0].startswith("region,")
    assert sorted(p.name for p in target.parent.iterdir()) == ["facts.csv"]


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
