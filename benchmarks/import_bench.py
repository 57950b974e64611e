"""`innov import` of an NBS-style 31-region x 20-year table, and ranking from the result.

Everything is synthetic: 31 regions named "合成省01".."合成省31" (Synthetic Province 01..31) in a
small knowledge base of their own, and made-up figures in 亿元; nothing here is a real statistic.
Each step runs as a user would run it (a fresh `innov` process); medians of --runs runs are
printed, next to `innov --version` (the cost of starting at all) as the yardstick.

    python benchmarks/import_bench.py --runs 5
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REGIONS = 31
YEARS = list(range(2024, 2004, -1))  # 20 years, newest first as the NBS portal lists them


def base_knowledge_base(count: int) -> str:
    parts = [
        "schema_version = 1",
        "",
        "[[metric]]",
        'id = "gdp"',
        'name = "GDP"',
        'unit = "CNY bn"',
    ]
    for n in range(1, count + 1):
        parts += [
            "",
            "[[region]]",
            f'id = "synthetic-province-{n:02d}"',
            f'name = "Synthetic Province {n:02d}"',
            f'name_zh = "合成省{n:02d}"',
            'kinds = ["province"]',
            'country = "CN"',
        ]
    return "\n".join(parts) + "\n"


def nbs_table(count: int, years: list[int], seed: int = 13) -> str:
    """An NBS data-portal style CSV (UTF-8 with BOM) of made-up figures."""
    rng = random.Random(seed)
    lines = [
        "数据库：分省年度数据",
        "指标：地区生产总值(亿元)",
        f"时间：最近{len(years)}年",
        "地区," + ",".join(f"{y}年" for y in years),
    ]
    for n in range(1, count + 1):
        values = [f"{rng.uniform(1000, 90000):.1f}" for _ in years]
        lines.append(f"合成省{n:02d}," + ",".join(values))
    lines += ["注：合成数字，仅供基准测试。", "数据来源：国家统计局"]
    return "\ufeff" + "\n".join(lines) + "\n"


def timed(command: list[str], env: dict[str, str], before: object = None) -> float:
    if callable(before):
        before()
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    innov = shutil.which("innov", path=str(Path(sys.executable).parent)) or "innov"
    work = Path(tempfile.mkdtemp(prefix="innov-import-bench-"))
    try:
        base = work / "base.toml"
        base.write_text(base_knowledge_base(REGIONS), encoding="utf-8")
        table = work / "gdp.csv"
        table.write_text(nbs_table(REGIONS, YEARS), encoding="utf-8")
        out = work / "gdp.toml"
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "NO_COLOR": "1"}
        env.pop("INNOV_DATA", None)
        common = [innov, "--no-builtin", "--data", str(base)]
        source = ["--url", "https://example.invalid/synthetic", "--date", "2025"]
        importing = [*common, "import", str(table), "-o", str(out), "--force", *source]
        steps = {
            "innov --version (start-up)": ([innov, "--version"], None),
            "import 31 x 20 NBS table": (importing, None),
            "rank from the result, first use": (
                [*common, "--data", str(out), "rank", "--kind", "province", "--json"],
                lambda: shutil.rmtree(work / "cache", ignore_errors=True),
            ),
            "rank from the result, warm": (
                [*common, "--data", str(out), "rank", "--kind", "province", "--json"],
                None,
            ),
        }
        # The import must exist before ranking from it.
        subprocess.run(steps["import 31 x 20 NBS table"][0], env=env, check=True)
        samples: dict[str, list[float]] = {name: [] for name in steps}
        for _ in range(args.runs):  # steps alternate, so a busy moment hits all of them
            for name, (command, before) in steps.items():
                samples[name].append(timed(command, env, before))
        facts = out.read_text(encoding="utf-8").count("[[fact]]")
        baseline = statistics.median(samples["innov --version (start-up)"])
        print(f"{REGIONS} regions x {len(YEARS)} years = {facts} facts; medians of {args.runs}")
        print(f"{'step':36} {'seconds':>8} {'x start-up':>11}")
        for name, values in samples.items():
            middle = statistics.median(values)
            print(f"{name:36} {middle:8.3f} {middle / baseline:10.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
