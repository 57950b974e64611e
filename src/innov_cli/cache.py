"""A cache of the validated knowledge base, so a warm start needs neither TOML nor pydantic.

Keyed by the innov version and the content of every input file. The file carries a digest of
its payload: a corrupt, stale, tampered or unreadable cache is ignored, never trusted, and a
cache that cannot be written (read-only home, full disk) is simply skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any

from innov_cli import __version__
from innov_cli.kb import KnowledgeBase
from innov_cli.records import Fact, Metric, Region, Source

FORMAT = 1
_RECORDS: dict[str, type[Any]] = {
    "regions": Region,
    "metrics": Metric,
    "sources": Source,
    "facts": Fact,
}


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/innov`, defaulting to `~/.cache/innov`."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "innov"


def cache_key(contents: list[bytes]) -> str:
    """A digest of the innov version and every input file's bytes, in layer order."""
    digest = hashlib.sha256(f"innov {__version__} cache {FORMAT}\n".encode())
    for data in contents:
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def cache_path(key: str) -> Path:
    return cache_dir() / f"kb-{key[:40]}.json"


def read_cache(key: str) -> KnowledgeBase | None:
    """The cached knowledge base for this key, or None if absent or not trustworthy."""
    try:
        with cache_path(key).open("rb") as handle:
            header = json.loads(handle.readline())
            payload = handle.read()
        if header.get("format") != FORMAT or header.get("key") != key:
            return None
        if hashlib.sha256(payload).hexdigest() != header.get("digest"):
            return None
        return _decode(json.loads(payload))
    except Exception:  # any failure means "no usable cache", never a crash
        return None


def write_cache(key: str, kb: KnowledgeBase) -> None:
    """Write atomically (temp file + rename) so a concurrent reader never sees half a file."""
    payload = json.dumps(_encode(kb), ensure_ascii=False, separators=(",", ":")).encode()
    header = {"format": FORMAT, "key": key, "digest": hashlib.sha256(payload).hexdigest()}
    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=directory, prefix=".kb-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(json.dumps(header).encode() + b"\n" + payload)
            os.replace(temp, cache_path(key))
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        pass  # a cache is an optimisation; failing to write one is not the user's problem


def _encode(kb: KnowledgeBase) -> dict[str, list[list[Any]]]:
    tables: dict[str, Any] = {
        "regions": kb.regions.values(),
        "metrics": kb.metrics.values(),
        "sources": kb.sources.values(),
        "facts": kb.facts,
    }
    return {
        name: [[getattr(record, f.name) for f in fields(_RECORDS[name])] for record in records]
        for name, records in tables.items()
    }


def _decode(data: dict[str, list[list[Any]]]) -> KnowledgeBase:
    built: dict[str, list[Any]] = {}
    for name, record in _RECORDS.items():
        tuple_columns = [i for i, f in enumerate(fields(record)) if str(f.type).startswith("tuple")]
        rows = data[name]
        for row in rows:
            for column in tuple_columns:
                row[column] = tuple(row[column])
        built[name] = [record(*row) for row in rows]
    return KnowledgeBase(
        regions={r.id: r for r in built["regions"]},
        metrics={m.id: m for m in built["metrics"]},
        sources={s.id: s for s in built["sources"]},
        facts=tuple(built["facts"]),
    )
