"""How long `innov check` takes on a 5,000-word article, warm (goal: under a second).

    .venv/bin/python benchmarks/check_bench.py
    .venv/bin/python benchmarks/check_bench.py --words 20000

Builds the article from the test article's paragraphs (with years and regions varied so that
claims are judged against different figures), then times the whole command in a fresh process
(knowledge base from the cache, so "warm") and the core alone in-process. Prints each time as a
ratio of the goal: below 1.0 meets it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "data" / "check" / "clusters-article.md"
GOAL_SECONDS = 1.0
VARIANTS = [
    ("2024", "Beijing-Tianjin-Hebei"),
    ("2023", "the Yangtze River Delta"),
    ("2022", "Shanghai"),
    ("2021", "Guangdong"),
]


def article(words: int) -> str:
    base = ARTICLE.read_text(encoding="utf-8").split("\n\n", 2)[2]
    parts: list[str] = []
    count = 0
    n = 0
    while count < words:
        year, region = VARIANTS[n % len(VARIANTS)]
        text = base.replace("2024", year).replace("Beijing-Tianjin-Hebei", region)
        parts.append(text)
        count += len(text.split())
        n += 1
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    text = article(args.words)
    innov = Path(sys.executable).with_name("innov")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        path.write_text(text, encoding="utf-8")
        command = [str(innov), "check", "--file", str(path), "--json"]
        subprocess.run(command, capture_output=True, check=True)  # fill the cache
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
    claims = done.stdout.count(b'"verdict"')
    from innov_cli import api
    from innov_cli.commands.check import check_text
    from innov_cli.kb.derive import with_derived

    kb = with_derived(api.load())
    core = []
    for _ in range(args.runs):
        start = time.perf_counter()
        check_text(kb, text)
        core.append(time.perf_counter() - start)
    words = len(text.split())
    cli, inner = statistics.median(times), statistics.median(core)
    print(f"article: {words} words, {claims} claims")
    print(f"innov check (process, warm cache): {cli:.3f} s  ratio {cli / GOAL_SECONDS:.2f}")
    print(f"check_text (in-process core):      {inner:.3f} s  ratio {inner / GOAL_SECONDS:.2f}")


if __name__ == "__main__":
    main()
