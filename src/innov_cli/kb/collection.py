"""innov's one policy on the cyclic garbage collector, stated once.

Loading the knowledge base builds hundreds of thousands of small acyclic records (NamedTuples,
tuples, strings). The cyclic collector would rescan them again and again while they are built
and after: 10-15% of a cold load, and a 30,000-region ranking took 1.7x as long. Reference
counting frees them all the same, so:

- while records are built (parsing, validating, decoding the cache), cyclic collection is
  paused (`building_records`);
- a one-shot command-line run keeps collection paused for the whole load and freezes what it
  loaded before collection resumes (`loading(once=True)`), so that no collection ever scans it:
  resuming first would let the next allocation scan every record just built (about 1 ms of a
  warm start). A process that runs many invocations (the tests, the Python API) must not
  freeze: cycles alive at that moment would never be collected.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def building_records() -> Iterator[None]:
    """Pause cyclic collection while acyclic records are built; restore it after."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@contextmanager
def loading(*, once: bool) -> Iterator[None]:
    """Loading the knowledge base. In a one-shot process (`once`): no collection while it
    loads, then everything alive moved out of the collector's sight before collection resumes.
    Otherwise collection goes on as usual (the records built pause it themselves)."""
    if not once:
        yield
        return
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
