"""A cache of the validated knowledge base, so a warm start needs neither TOML nor pydantic.

Keyed by the innov version, the Python version, the record layout, the code (the names, sizes
and modification times of the .py files of `kb/`, which make everything a cache holds, so an
edited rule never meets data a cache accepted under the old one) and the content of every
input file. The file carries a checksum of its payload: a corrupt, stale, truncated or edited
cache is ignored, never trusted, and a cache that cannot be read or written (read-only home,
full disk, a file where the directory should be) is simply skipped.

The key's checksums are zlib's CRC-32 with each input's length: they tell inputs apart. The
payload is sealed with a keyed BLAKE2b tag whose key is a random secret this installation keeps
in its cache directory (created on the first write, readable by its owner only): a cache file
someone else wrote or edited, even with a recomputed checksum, fails the tag and is rebuilt
silently. CRC-32 cannot do this (anyone can recompute it). BLAKE2b comes from CPython's
built-in `_blake2` module, not `hashlib`, which would cost a warm start more to import (it
loads OpenSSL) than the tag takes to compute (under a millisecond for the built-in file).
As a second line, every fact value read back must be a finite number within the ±1e15 that
validation enforces.

Beside a cache file, under the same key, "parts" keep what is computed from exactly that
knowledge base (the figures derived for a set of metrics: `kb/derive.py`; one metric's slice
for a ranking: `kb/slices.py`), sealed the same way and bound to their name; they are removed
with their cache file.

The payload is `marshal` data of positional rows (tuples of str/int/float/None): about 20x
faster to load than JSON, which matters because a warm start is dominated by this load.
marshal only rebuilds plain values and never runs code, and the format is tied to the Python
version, which is therefore part of the key. It lives in the user's own cache directory, like
the rest of what the user's programs cache there.
"""

from __future__ import annotations

import contextlib
import itertools
import marshal
import os
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from innov_cli import __version__
from innov_cli.kb.collection import building_records
from innov_cli.kb.knowledge_base import KnowledgeBase
from innov_cli.kb.records import Fact, Metric, Region, Source

FORMAT = 5
_MAGIC = b"innov-kb-cache"
_RECORDS: tuple[tuple[str, type[Any]], ...] = (
    ("regions", Region),
    ("metrics", Metric),
    ("sources", Source),
    ("facts", Fact),
)
# Rows are positional: a change to any record's fields must change the key, even when the
# innov version stays the same (as it does between commits during development).
_LAYOUT = ";".join(f"{name}:{','.join(cls._fields)}" for name, cls in _RECORDS)
# Cache files from other inputs (other --data files, older versions) kept beside the current
# one; older ones are removed when a new cache is written.
_KEEP = 8
# A temporary file older than this was left by a run that was killed (SIGKILL, power loss):
# pruning removes it. A younger one may be another innov writing right now.
_STALE_TEMP_SECONDS = 15 * 60


def cache_dir() -> Path:
    """`$XDG_CACHE_HOME/innov`, defaulting to `~/.cache/innov`; a relative XDG_CACHE_HOME is
    ignored, as the XDG Base Directory specification says."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "innov"


def code_fingerprint() -> str:
    """A checksum of the code that makes what a cache holds: each .py file of `kb/` (reading,
    validation, records, layering, derivation, this module) by path, size and modification
    time. Code outside `kb/` only reads what is cached, so it is not counted: a warm start
    stats 16 files, not 90.

    Cheap (a stat per file, no reading) and enough: installing another version or editing a
    file in a checkout changes a size or a time."""
    root = str(Path(__file__).resolve().parent)
    entries: list[str] = []
    folders = [root]
    while folders:
        with os.scandir(folders.pop()) as found:
            for entry in sorted(found, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    relative = entry.path[len(root) :]
                    entries.append(f"{relative} {info.st_size} {info.st_mtime_ns}")
                elif entry.name != "__pycache__" and entry.is_dir():
                    folders.append(entry.path)
    return checksum("\n".join(entries).encode("utf-8", "surrogateescape"))


def checksum(data: bytes) -> str:
    """CRC-32 and length in hex: a change to `data` changes it (see above)."""
    return f"{zlib.crc32(data):08x}{len(data):x}"


def cache_key(contents: Sequence[bytes | str]) -> str:
    """A checksum of the innov and Python versions, record layout, code and every input: its
    bytes, or for a file of the installed package, its identity (path, size and time)."""
    parts = [
        f"innov {__version__} cache {FORMAT} python {sys.version_info[:2]} "
        f"marshal {marshal.version}\n{_LAYOUT}\ncode {code_fingerprint()}"
    ]
    parts.extend(checksum(data) if isinstance(data, bytes) else data for data in contents)
    return checksum("\n".join(parts).encode())


_SECRET_BYTES = 32
# checks.MAX_MAGNITUDE, repeated so that a warm start does not import the checks (a test keeps
# the two equal); NaN fails the comparison too.
MAX_MAGNITUDE = 1e15


def _secret(*, create: bool) -> bytes | None:
    """This installation's cache secret (None when there is none and `create` is False, or it
    cannot be read or made)."""
    path = cache_dir() / "secret"
    try:
        secret = path.read_bytes()
        if len(secret) == _SECRET_BYTES:
            return secret
        if not create:
            return None
        path.unlink()
    except FileNotFoundError:
        if not create:
            return None
    except OSError:
        return None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        secret = os.urandom(_SECRET_BYTES)
        with os.fdopen(handle, "wb") as out:
            out.write(secret)
        return secret
    except FileExistsError:  # another innov made it a moment ago
        return _secret(create=False)
    except OSError:
        return None


def seal(secret: bytes, key: str, payload: bytes | memoryview) -> bytes:
    """The keyed tag of a cache file: only the holder of `secret` can make it."""
    from _blake2 import blake2b  # built into CPython; no OpenSSL load

    # Fed in two parts: joining them would copy the whole payload first.
    tag = blake2b(key.encode() + b"\n", key=secret, digest_size=16)
    tag.update(payload)
    return tag.hexdigest().encode()


def cache_path(key: str, part: str | None = None) -> Path:
    """The cache file for a key (one file per distinct set of inputs); with `part`, a file
    kept beside it for the same inputs (the figures derived for a set of metrics)."""
    stem = f"kb-{key[:40]}"
    return cache_dir() / (f"{stem}.cache" if part is None else f"{stem}.{part}.part")


def read_cache(key: str) -> KnowledgeBase | None:
    """The cached knowledge base for this key, or None if absent or not trustworthy."""
    path = cache_path(key)
    try:
        with building_records():
            data = _read_sealed(path, key)
            kb = None if data is None else decode(data)
        if kb is None or not plausible(kb.facts):
            return None
    except Exception:  # any failure means "no usable cache", never a crash
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: pruning removes the least recently used files first
    return kb


def write_cache(key: str, kb: KnowledgeBase) -> None:
    """Write atomically (temp file + rename) so a concurrent reader never sees half a file."""
    if _write_sealed(cache_path(key), key, encode(kb)):
        # Parts made from a file this one replaces go with it, as they go when it is pruned.
        for part in cache_dir().glob(f"{cache_path(key).stem}.*.part"):
            with contextlib.suppress(OSError):
                part.unlink()
        _prune(cache_dir(), keep=cache_path(key))


def read_part(key: str, part: str) -> Any:
    """The data kept beside the cache of `key` under the name `part` (see `write_part`), or
    None if absent or not trustworthy. What it holds is the caller's to check further."""
    try:
        return _read_sealed(cache_path(key, part), f"{key}.{part}")
    except Exception:  # as for the knowledge base: no usable file, never a crash
        return None


def write_part(key: str, part: str, data: Any) -> None:
    """Keep `data` (marshal values) beside the cache of `key`, sealed like it and bound to
    both names, so that one part can never be read as another or for other inputs."""
    _write_sealed(cache_path(key, part), f"{key}.{part}", data)


def _read_sealed(path: Path, key: str) -> Any:
    """A sealed file's payload, or None when its header or tag is not this key's."""
    data = path.read_bytes()
    end = data.index(b"\n")
    header = data[:end].split()
    payload = memoryview(data)[end + 1 :]  # the rest, not a copy of it
    if header != [_MAGIC, str(FORMAT).encode(), key.encode(), header[-1]]:
        return None
    secret = _secret(create=False)
    if secret is None or seal(secret, key, payload) != header[-1]:
        return None
    return marshal.loads(payload)


def _write_sealed(path: Path, key: str, data: Any) -> bool:
    """Write `data` sealed for `key`, atomically (temp file + rename) so that a concurrent
    reader never sees half a file; whether it was written."""
    payload = marshal.dumps(data)
    secret = _secret(create=True)
    if secret is None:
        return False  # no secret, no cache: an unsealed file would never be trusted anyway
    header = b" ".join([_MAGIC, str(FORMAT).encode(), key.encode(), seal(secret, key, payload)])
    import tempfile  # only a cold start writes: a warm one never pays for this import

    from innov_cli.signals import terminate_as_interrupt

    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with terminate_as_interrupt():
            handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".kb-", suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(header + b"\n" + payload)
                os.replace(temp, path)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
    except OSError:
        return False  # a cache is an optimisation; failing to write one is not the user's problem
    return True


def _prune(directory: Path, keep: Path) -> None:
    """Remove all but the most recently used cache files (a read touches its file), and the
    temporary files of killed runs, so the directory cannot grow forever."""
    import time

    used: list[tuple[float, Path]] = []
    for path in directory.glob("kb-*.cache"):
        if path != keep:
            with contextlib.suppress(OSError):
                used.append((path.stat().st_mtime, path))
    used.sort(reverse=True)
    for _, old in used[_KEEP - 1 :]:
        old.unlink(missing_ok=True)
    # The parts kept beside a cache file go with it.
    kept = {path.name.split(".")[0] for path in directory.glob("kb-*.cache")}
    for part in directory.glob("kb-*.part"):
        if part.name.split(".")[0] not in kept:
            with contextlib.suppress(OSError):
                part.unlink()
    stale = time.time() - _STALE_TEMP_SECONDS
    for temp in directory.glob(".kb-*.tmp"):
        with contextlib.suppress(OSError):
            if temp.stat().st_mtime < stale:
                temp.unlink()


def plausible(facts: Sequence[Fact]) -> bool:
    """Every fact value a finite number within ±1e15, as validation requires of the files.

    In C loops, not one comparison a fact in Python: the bounds by min and max, and NaN by
    the sum (a NaN makes it NaN, which no comparison passes; the bounds keep it finite)."""
    values = [f.value for f in facts]
    if not values:
        return True
    try:
        total = sum(values)
        return min(values) >= -MAX_MAGNITUDE and max(values) <= MAX_MAGNITUDE and total == total
    except TypeError:  # a value that is not a number
        return False


def encode(kb: KnowledgeBase, *, notes: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """The records as marshal values; without `notes`, each record's note None (for a
    command that shows none: the notes are two thirds of the cache)."""
    tables: dict[str, Any] = {
        "regions": kb.regions.values(),
        "metrics": kb.metrics.values(),
        "sources": kb.sources.values(),
        "facts": kb.facts,
    }
    # Records are NamedTuples: a record is its row (without notes: its `note` None).
    encoded: dict[str, list[tuple[Any, ...]]] = {}
    for name, cls in _RECORDS:
        if notes or "note" not in cls._fields:
            encoded[name] = [tuple(row) for row in tables[name]]
        else:
            at = cls._fields.index("note")
            encoded[name] = [(*row[:at], None, *row[at + 1 :]) for row in tables[name]]
    return encoded


def decode(data: dict[str, list[tuple[Any, ...]]]) -> KnowledgeBase:
    """The knowledge base `encode` gave the values of."""
    tables = {name: records(cls, data[name]) for name, cls in _RECORDS}
    return KnowledgeBase(
        regions={r.id: r for r in tables["regions"]},
        metrics={m.id: m for m in tables["metrics"]},
        sources={s.id: s for s in tables["sources"]},
        facts=tuple(tables["facts"]),
    )


def records(cls: type[Any], rows: list[tuple[Any, ...]]) -> list[Any]:
    """Rows as records, made in C: marshal keeps tuples as tuples, and a record is its row, so
    `tuple.__new__` makes each one without a Python call per row (`_make` is one, and checks
    each row's length: here every length is checked at once)."""
    if rows and set(map(len, rows)) != {len(cls._fields)}:
        raise ValueError(f"a {cls.__name__} row of the wrong length")
    return list(map(tuple.__new__, itertools.repeat(cls, len(rows)), rows))
