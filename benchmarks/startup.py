"""Start-up cost of innov's dependencies, per interpreter (for docs/dependencies.md).

Give it the Python of each throwaway virtualenv to compare, e.g. one with typer 0.28 and one
with typer 0.29 (each with pydantic and rich installed):

    python3 -m venv /tmp/typer-0.28 && /tmp/typer-0.28/bin/pip install 'typer~=0.28.0' pydantic
    python3 -m venv /tmp/typer-0.29 && /tmp/typer-0.29/bin/pip install 'typer~=0.29.0' pydantic
    python benchmarks/startup.py /tmp/typer-0.28/bin/python /tmp/typer-0.29/bin/python

All cases of all interpreters run in turn, round after round; medians are printed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time

HELLO = """
import sys, typer
app = typer.Typer()
@app.command()
def hello(json: bool = False) -> None:
    print("[]")
sys.argv[0] = "hello"
app()
"""

CASES: dict[str, list[str]] = {
    "python -c pass": ["-c", "pass"],
    "import typer": ["-c", "import typer"],
    "typer hello, run": ["-c", HELLO, "--json"],
    "typer hello, --help": ["-c", HELLO, "--help"],
    "import pydantic": ["-c", "import pydantic"],
    "import rich.console": ["-c", "import rich.console"],
    "import tomllib": ["-c", "import tomllib"],
    "import tomli": ["-c", "import tomli"],
    "pydantic loaded to run a command?": [
        "-c",
        HELLO.replace("app()", "app(standalone_mode=False)")
        + "sys.exit('pydantic' in sys.modules)",
    ],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pythons", nargs="+")
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    times: dict[tuple[str, str], list[float]] = {}
    flags: dict[tuple[str, str], str] = {}
    for _ in range(args.runs):
        for case, argv in CASES.items():
            for python in args.pythons:
                start = time.perf_counter()
                done = subprocess.run([python, *argv], capture_output=True)
                times.setdefault((case, python), []).append(time.perf_counter() - start)
                if case.endswith("?"):
                    flags[(case, python)] = "yes" if done.returncode else "no"
                elif done.returncode:
                    flags[(case, python)] = "n/a"
    print(f"{'case':<28}" + "".join(f"{p[-28:]:>30}" for p in args.pythons))
    for case in CASES:
        cells = []
        for python in args.pythons:
            flag = flags.get((case, python))
            if case.endswith("?") or flag:
                cells.append(f"{flag:>30}")
            else:
                cells.append(f"{statistics.median(times[(case, python)]) * 1000:>27.0f} ms")
        print(f"{case:<28}" + "".join(cells))


if __name__ == "__main__":
    main()
