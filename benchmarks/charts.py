"""Chart rendering time: innov against a minimal script drawing the same chart with matplotlib.

    .venv/bin/python benchmarks/charts.py            # 9 runs of each, alternated
    .venv/bin/python benchmarks/charts.py --runs 15

Two comparisons, both printed as ratios (innov / minimal; medians of alternated runs):

- process: `innov rank --by nature-index --kind city --top 10 --format png -o FILE` (warm cache)
  against `python -c MINIMAL` - a script that imports matplotlib, draws the same ten bars with
  names, value labels and a title at 1200×675 px and saves the PNG. Both pay Python's and
  matplotlib's start-up; what is left is innov's own work (query, view, layout, fonts, footer).
- render: in one process, innov's `render_chart` on the view it built, against the minimal
  drawing function, each after a warm-up (matplotlib imported, font cache loaded). This is
  the drawing alone, in PNG and in SVG.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ARGS = ["rank", "--by", "nature-index", "--kind", "city", "--top", "10"]

MINIMAL = """
import json, sys
import matplotlib
from matplotlib.figure import Figure

matplotlib.rcParams["svg.fonttype"] = "none"  # text as text, as innov writes it

def draw(rows, fmt, target):
    worst = max(r["value"] for r in rows)
    figure = Figure(figsize=(12, 6.75), dpi=100)
    axes = figure.add_subplot()
    names = [r["name"] for r in rows]
    lengths = [worst + 1 - r["value"] for r in rows]
    axes.barh(range(len(rows)), lengths, color="#0072B2")
    axes.set_yticks(range(len(rows)), names)
    axes.invert_yaxis()
    for y, (r, length) in enumerate(zip(rows, lengths)):
        axes.annotate(f"#{r['value']:.0f}", (length, y), xytext=(5, 0),
                      textcoords="offset points", va="center")
    figure.suptitle("Nature Index Science Cities rank, city regions, 2024 (ed. 2025)")
    figure.savefig(target, format=fmt, dpi=100, facecolor="white")

if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        draw(json.load(f), "png", sys.argv[2])
"""


def median_pair(a: Callable[[], object], b: Callable[[], object], runs: int) -> tuple[float, float]:
    """Medians of `a` and `b`, run alternately after one warm-up each."""
    a()
    b()
    times_a, times_b = [], []
    for _ in range(runs):
        for call, times in ((a, times_a), (b, times_b)):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
    return statistics.median(times_a), statistics.median(times_b)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each (default 9)")
    options = parser.parse_args()
    innov = Path(sys.executable).with_name("innov")
    rows_out: list[tuple[str, float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache"), "NO_COLOR": "1"}
        rows_json = subprocess.run(
            [str(innov), *ARGS, "--json"], env=env, capture_output=True, check=True, text=True
        ).stdout
        data = work / "rows.json"
        data.write_text(rows_json, encoding="utf-8")
        script = work / "minimal.py"
        script.write_text(MINIMAL, encoding="utf-8")

        def innov_process() -> None:
            command = [str(innov), *ARGS, "--format", "png", "-o", str(work / "innov.png")]
            subprocess.run(command, env=env, check=True, capture_output=True)

        def minimal_process() -> None:
            command = [sys.executable, str(script), str(data), str(work / "minimal.png")]
            subprocess.run(command, env=env, check=True, capture_output=True)

        a, b = median_pair(innov_process, minimal_process, options.runs)
        rows_out.append(("process, png (whole command)", a, b))

        # In-process: the drawing alone.
        os.environ["XDG_CACHE_HOME"] = str(work / "cache")
        sys.path.insert(0, str(work))
        import minimal  # type: ignore[import-not-found]

        from innov_cli.commands.rank import rank_regions, rank_view
        from innov_cli.kb.layers import layers, load_knowledge_base
        from innov_cli.output.chart import render_chart

        kb = load_knowledge_base(layers([], builtin=True), use_cache=True)
        output = rank_view(rank_regions(kb, "nature-index", kind="city", top=10), kb)
        chart = output.chart
        assert chart is not None
        rows: list[dict[str, Any]] = json.loads(rows_json)
        sink = io.StringIO()
        for fmt in ("png", "svg"):

            def innov_render(fmt: str = fmt) -> None:
                render_chart(chart, output.sources, fmt, sink)

            def minimal_render(fmt: str = fmt) -> None:
                minimal.draw(rows, fmt, io.BytesIO())

            a, b = median_pair(innov_render, minimal_render, options.runs)
            rows_out.append((f"render only, {fmt}", a, b))

    print(f"{'case':<30} {'innov s':>8} {'minimal s':>10} {'ratio':>7}")
    for case, a, b in rows_out:
        print(f"{case:<30} {a:>8.3f} {b:>10.3f} {a / b:>6.2f}x")
    print(f"(medians of {options.runs} alternated runs; Python {sys.version.split()[0]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
