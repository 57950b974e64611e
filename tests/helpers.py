"""Paths shared by several test modules."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
# A small, real knowledge base, and the options that load only it.
MINI = HERE / "data" / "mini.toml"
MINI_ONLY = ("--no-builtin", "--data", str(MINI))
# The valid file that the hand-written broken files (and the validation tests) start from.
BROKEN_BASE = HERE / "broken" / "_base.toml"
