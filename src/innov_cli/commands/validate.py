"""`innov validate`: check files alone and layered over the built-in knowledge base."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from innov_cli.errors import ExitCode, InvalidKnowledgeBase, Problem
from innov_cli.kb.layers import Layer, build_knowledge_base, layers_for
from innov_cli.output.sanitize import json_safe, visible, visible_lines


def validate_paths(paths: Sequence[Path], base: Sequence[Layer]) -> tuple[list[Problem], list[str]]:
    """Every problem in each file, checked layered over the built-in file (so references to
    built-in ids resolve and clashes show), plus a one-line verdict per file."""
    from innov_cli.kb.reading import read_bytes

    # `base`: the layers a file will sit on in use (the built-in file, INNOV_DATA, --data).
    base_contents = [read_bytes(b.path, b.label) for b in base]
    problems: list[Problem] = []
    notes: list[str] = []
    for path in paths:
        layer = layers_for([path], builtin=False)[0]
        try:
            data = read_bytes(layer.path, layer.label)
        except InvalidKnowledgeBase as exc:
            problems += exc.problems
            continue
        _, found = build_knowledge_base([*base, layer], [*base_contents, data])
        problems += found
        if found:
            continue
        if not data.replace(b"\xef\xbb\xbf", b"").strip():
            verdict = "empty file: valid, adds nothing"
        elif not _adds_something(data, layer.label):
            verdict = "valid, but adds nothing (no entries)"
        else:
            verdict = "valid"
        notes.append(f"{layer.label}: {verdict}")
    return problems, notes


def _adds_something(data: bytes, label: str) -> bool:
    """Whether a valid file holds any entry (an empty or comments-only file holds none)."""
    from innov_cli.kb.reading import decode, parse_toml

    raw = parse_toml(decode(data, label), label)
    return any(isinstance(v, list) and v for v in raw.values())


def run_validate(paths: Sequence[Path], base: Sequence[Layer], *, as_json: bool) -> int:
    """Report every problem; the exit code says whether all files are valid."""
    problems, notes = validate_paths(paths, base)
    if as_json:
        sys.stdout.write(
            json_safe(json.dumps([p.as_dict() for p in problems], ensure_ascii=False, indent=2))
            + "\n"
        )
    else:
        for problem in problems:
            sys.stdout.write(visible_lines(problem.render()) + "\n")
        for note in notes:
            sys.stderr.write(visible(note) + "\n")
        if problems:
            count = len(problems)
            sys.stderr.write(f"innov: {count} problem{'s' if count != 1 else ''} found\n")
    return ExitCode.INVALID_DATA if problems else ExitCode.OK
