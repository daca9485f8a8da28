"""Giving freed memory back to the system (glibc), so a server's size follows its data.

A recomputation builds the analyses of a new revision beside the old ones, then drops the
old: hundreds of megabytes on a large landscape. Python returns those blocks to the C
allocator, but glibc keeps freed pages in its heaps (one *arena* per thread that allocates,
up to eight per core) and gives them back to the system only when told. Without that the
resident size stays at its peak after every recomputation (the soak saw 1.8 GB after the
load had ended). Two settings bound it:

- :func:`limit_arenas`: at most ``ARENAS`` arenas (``MALLOC_ARENA_MAX``), so the request
  threads and the recomputer do not each keep their own heap of freed pages; ``serve`` sets
  it for itself and, through the environment, for its worker processes;
- :func:`trim`: ``malloc_trim(0)`` after a result is replaced, which returns every wholly
  free page of every arena.

Both do nothing where glibc is not the C library (macOS, musl).

A third setting is Python's own: :func:`collector_paused` holds back the full collections
of the cycle collector while a large, lasting result is built, so that the growing heap
is not scanned again and again for garbage it does not hold:

- the projection (:func:`graph.projection.project_with_revision`): the typed graph of
  100,000 nodes holds 820,000 objects the collector tracks, scanned nine or ten times while
  it grew (3.1 to 3.3 s of a projection of 13.1 to 13.5 s, which took 9.0 to 9.9 s without
  them, alternating on the bench database);
- each step of the recomputer's warm set (``graph.gap_service.warm``), which collects
  right after it in its own thread (``Snapshot.settle``): a rebuild at 100,000 nodes ran 14
  full collections, 11.0 to 13.7 s, before, and 4, 3.0 to 3.2 s, after (the whole rebuild
  96.7 and 112.0 s -> 82.4 and 88.2 s, alternating);
- the full report (``GapService.report``), collected the same way right after it: three
  full collections (2.6 to 3.0 s) became one (0.8 to 1.1 s), and the report at 100,000
  nodes took 21.6 to 25.4 s instead of 24.3 to 28.6 s (six runs each, alternating).

Not around every value a visitor asks for: a deferred collection is paid by whichever
thread allocates next, and with the analyses paused that way the benchmark's map after a
write, a visitor's small request, took 1.07 s (0.017 to 0.025 s in the runs before).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

ARENAS = 2
M_ARENA_MAX = -8
"""``mallopt`` parameter number of ``M_ARENA_MAX`` (glibc's malloc.h)."""

_trimming = threading.Lock()
_pausing = threading.Lock()
_pauses = 0
"""How many :func:`collector_paused` blocks are running (in any thread)."""
_thresholds = gc.get_threshold()
"""The collector's thresholds when the first of them began."""


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


def limit_arenas(arenas: int = ARENAS) -> bool:
    """At most ``arenas`` malloc arenas in this process and (through the environment) in
    the processes it starts; False when the C library is not glibc."""
    os.environ.setdefault("MALLOC_ARENA_MAX", str(arenas))
    libc = _libc()
    return libc is not None and bool(libc.mallopt(M_ARENA_MAX, arenas))


def trim() -> bool:
    """Collect unreachable cycles, then give wholly free pages back to the system; False
    when the C library is not glibc (or another trim is under way)."""
    libc = _libc()
    if libc is None or not _trimming.acquire(blocking=False):
        return False
    try:
        gc.collect()
        libc.malloc_trim(0)
        return True
    finally:
        _trimming.release()


FULL_COLLECTIONS_DEFERRED = 1_000_000_000
"""The collector's third threshold while :func:`collector_paused` blocks run: young
collections before a full one, never reached by a block."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Defer Python's full cycle collections while the block builds a large, lasting result.

    Only the full collections wait (the third threshold, :func:`gc.set_threshold`); the
    young generations are still collected, so the short-lived cycles of the requests other
    threads serve meanwhile are freed as always. The thresholds come back when the last
    paused block (of any thread) ends.

    >>> import gc
    >>> before = gc.get_threshold()
    >>> with collector_paused():
    ...     with collector_paused():
    ...         pass
    ...     gc.get_threshold()[2] == FULL_COLLECTIONS_DEFERRED
    True
    >>> gc.get_threshold() == before
    True
    """
    global _pauses, _thresholds
    with _pausing:
        if _pauses == 0:
            _thresholds = gc.get_threshold()
            young, middle, _ = _thresholds
            gc.set_threshold(young, middle, FULL_COLLECTIONS_DEFERRED)
        _pauses += 1
    try:
        yield
    finally:
        with _pausing:
            _pauses -= 1
            if _pauses == 0:
                gc.set_threshold(*_thresholds)
