"""How fast Ctrl-C is answered while innov parses and validates a large knowledge base.

    .venv/bin/python benchmarks/interrupt.py            # 60,000 regions (a 36 MB file)
    .venv/bin/python benchmarks/interrupt.py --regions 20000

Sends SIGINT to a cold `innov rank --json` at several moments of its load and prints how long
each run took to exit after the signal, as a ratio of the goal (0.5 s): below 1.0 meets it.
The compiled TOML parser and pydantic's validator hold the interpreter for a whole call, so
innov parses and validates large files in pieces; this measures that it pays.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (a sibling script, not a package)

GOAL_SECONDS = 0.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regions", type=int, default=60_000)
    parser.add_argument("--innov", default=str(Path(sys.executable).with_name("innov")))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        toml_path, _ = generate.write(args.regions, Path(folder) / "kb")
        size = toml_path.stat().st_size / 1024 / 1024
        env = {**os.environ, "INNOV_NO_CACHE": "1"}
        print(f"{args.regions:,} regions, {size:.1f} MB; goal: exit within {GOAL_SECONDS} s")
        print("signal after   exit code   answered in   ratio to goal")
        worst = 0.0
        for delay in (0.3, 0.8, 1.5, 2.5, 3.5):
            process = subprocess.Popen(
                [args.innov, "--no-builtin", "--data", str(toml_path), "rank", "--json"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
            time.sleep(delay)
            if process.poll() is not None:
                print(f"{delay:>10.1f} s   finished before the signal")
                continue
            start = time.monotonic()
            process.send_signal(signal.SIGINT)
            code = process.wait()
            answered = time.monotonic() - start
            worst = max(worst, answered)
            ratio = answered / GOAL_SECONDS
            print(f"{delay:>10.1f} s   {code:>9}   {answered:>9.2f} s   {ratio:>11.2f}")
        print(f"worst: {worst:.2f} s ({worst / GOAL_SECONDS:.2f}x the goal)")


if __name__ == "__main__":
    main()
