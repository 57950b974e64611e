"""Growth checks: a query on 4n regions must cost well under 16x the same query on n.

Linear work costs about 4x; a step that is quadratic in the number of regions costs 16x. The
check compares two timings taken in the same run, so it needs no absolute speed from the
machine (the absolute figures live in benchmarks/run.py). It counts the CPU time of this process,
so that other work on the machine does not move the ratio.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest

from tests.conftest import run
from tests.helpers import benchmark_generator

SMALL, LARGE = 2000, 8000
# Linear measures 4.2-4.4x here, quadratic 16x in the limit; at these sizes the quadratic bar
# helper of innov 0.1 measured 8.3-9.8x (fixed and linear parts dilute it), so the line is 7x.
LIMIT = 7.0


@pytest.fixture(scope="module")
def knowledge_bases(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    generate = benchmark_generator()
    folder = tmp_path_factory.mktemp("growth")
    return {n: generate.write(n, folder / f"kb-{n}")[0] for n in (SMALL, LARGE)}


def _cost(path: Path, *args: str) -> float:
    command = ["--no-builtin", "--data", str(path), *args]
    first = run(*command)  # warms the cache: what is left is the query and its output
    assert first.exit_code == 0, first.stderr
    best = float("inf")
    # Objects left alive by earlier tests would make every garbage collection in the large run
    # dearer than in the small one: set them aside so that only this query's work is compared.
    gc.collect()
    gc.freeze()
    try:
        for _ in range(5):
            start = time.process_time()
            result = run(*command)
            best = min(best, time.process_time() - start)
            assert result.exit_code == 0, result.stderr
    finally:
        gc.unfreeze()
    return best


@pytest.mark.parametrize(
    "args",
    [
        ("rank", "--by", "gdp", "--json"),
        ("rank", "--by", "synthetic_rank", "--format", "csv"),
    ],
    ids=["rank-json", "rank-ranking-csv"],
)
def test_rank_grows_linearly(knowledge_bases: dict[int, Path], args: tuple[str, ...]) -> None:
    small = _cost(knowledge_bases[SMALL], *args)
    large = _cost(knowledge_bases[LARGE], *args)
    ratio = large / small
    assert ratio < LIMIT, f"{' '.join(args)}: {LARGE} regions cost {ratio:.1f}x {SMALL}"
