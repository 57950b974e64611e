"""Peak memory of `innov import` on a synthetic tidy CSV (about 12 MB, 160,000 facts).

Everything is synthetic: 1,000 regions "synthetic-region-0000".. in a knowledge base of their
own, 8 sources, 20 years, made-up figures in 亿元 (converted, so every fact carries a note).
The peak resident set size of a fresh `innov` process is printed next to `innov --version`'s
(the cost of starting at all), and the difference as a multiple of the file's size.

    python benchmarks/import_memory.py
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REGIONS, SOURCES, YEARS = 1000, 8, range(2005, 2025)


def base_knowledge_base() -> str:
    parts = ["schema_version = 1", "", "[[metric]]", 'id = "gdp"', 'name = "GDP"']
    parts.append('unit = "CNY bn"')
    for s in range(SOURCES):
        parts += ["", "[[source]]", f'id = "synthetic-source-{s:02d}"', 'publisher = "Synthetic"']
        parts += [f'title = "Synthetic table {s}"', 'date = "2025"']
        parts += ['url = "https://example.invalid/"', 'tier = "secondary"']
    for n in range(REGIONS):
        parts += ["", "[[region]]", f'id = "synthetic-region-{n:04d}"']
        parts += [f'name = "Synthetic Region {n:04d}"', 'kinds = ["province"]', 'country = "CN"']
    return "\n".join(parts) + "\n"


def tidy_table(path: Path, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write("region,metric,value,unit,year,source,confidence,note\n")
        for n in range(REGIONS):
            for s in range(SOURCES):
                for year in YEARS:
                    value = f"{rng.uniform(1000, 90000):.1f}"
                    out.write(
                        f"synthetic-region-{n:04d},gdp,{value},亿元,{year},"
                        f"synthetic-source-{s:02d},exact,\n"
                    )


def peak_mb(command: list[str], env: dict[str, str]) -> float:
    """The peak RSS of one command, in MB (a fresh interpreter runs it, so that the peaks of
    earlier children do not count)."""
    probe = (
        "import resource, subprocess, sys; "
        "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *command], env=env, check=True, capture_output=True
    )
    return int(done.stdout) / 1024  # kilobytes on Linux


def main() -> None:
    if sys.platform != "linux":
        print("ru_maxrss is in kilobytes on Linux only; run this on Linux")
        return
    innov = shutil.which("innov", path=str(Path(sys.executable).parent)) or "innov"
    work = Path(tempfile.mkdtemp(prefix="innov-import-memory-"))
    try:
        base = work / "base.toml"
        base.write_text(base_knowledge_base(), encoding="utf-8")
        table = work / "tidy.csv"
        tidy_table(table)
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "NO_COLOR": "1"}
        env.pop("INNOV_DATA", None)
        size = table.stat().st_size / 1e6
        start = peak_mb([innov, "--version"], env)
        out = work / "out.toml"
        command = [innov, "--no-builtin", "--data", str(base), "import", str(table), "-o"]
        imported = peak_mb([*command, str(out), "--force"], env)
        print(f"tidy CSV {size:.1f} MB, {REGIONS * SOURCES * len(YEARS):,} facts")
        print(f"innov --version peak  {start:7.1f} MB")
        print(f"innov import peak     {imported:7.1f} MB")
        over = imported - start
        print(f"import - start-up     {over:7.1f} MB = {over / size:.1f}x the file")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
