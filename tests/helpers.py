"""Paths and process helpers shared by several test modules."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).parent
ROOT = HERE.parent
# A small, real knowledge base, and the options that load only it.
MINI = HERE / "data" / "mini.toml"
MINI_ONLY = ("--no-builtin", "--data", str(MINI))
# The valid file that the hand-written broken files (and the validation tests) start from.
BROKEN_BASE = HERE / "broken" / "_base.toml"


def big_file(tmp_path: Path, regions: int = 3000) -> Path:
    """Enough output to overflow a pipe buffer, so an early-closing reader really breaks it."""
    parts = [BROKEN_BASE.read_text(encoding="utf-8")]
    for n in range(regions):
        parts.append(
            f'[[region]]\nid = "r{n}"\nname = "Region number {n}"\nkinds = ["city"]\n'
            f'country = "CN"\n\n[[fact]]\nregion = "r{n}"\nmetric = "gdp_test"\n'
            f'value = {n}\nyear = 2023\nsource = "stat-office"\nconfidence = "exact"\n'
        )
    path = tmp_path / "big.toml"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


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


INNOV = [sys.executable, "-m", "innov_cli"]


def innov_process(
    *args: str, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    """innov in its own process, as a shell runs it (real streams, real encodings)."""
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [*INNOV, *args],
        capture_output="stdout" not in kwargs,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        **kwargs,
    )


def benchmark_generator() -> ModuleType:
    """benchmarks/generate.py, which writes synthetic knowledge bases of any size."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "innov_bench_generate", ROOT / "benchmarks" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
