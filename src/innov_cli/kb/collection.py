"""innov's one policy on the cyclic garbage collector, stated once.

Loading the knowledge base builds hundreds of thousands of small acyclic records (NamedTuples,
tuples, strings). The cyclic collector would rescan them again and again while they are built
and after: 10-15% of a cold load, and a 30,000-region ranking took 1.7x as long. Reference
counting frees them all the same, so:

- while records are built (parsing, validating, decoding the cache), cyclic collection is
  paused (`building_records`);
- a one-shot command-line run then freezes what it loaded (`freeze_loaded`), so that later
  collections skip it. A process that runs many invocations (the tests, the Python API) must
  not freeze: cycles alive at that moment would never be collected.
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


def freeze_loaded() -> None:
    """Move everything alive now out of the collector's sight (one-shot processes only)."""
    gc.freeze()
