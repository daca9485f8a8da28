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
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import threading
from functools import cache

ARENAS = 2
M_ARENA_MAX = -8
"""``mallopt`` parameter number of ``M_ARENA_MAX`` (glibc's malloc.h)."""

_trimming = threading.Lock()


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
