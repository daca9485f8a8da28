"""Helpers for handling hundreds of thousands of records in one go."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk phase.

    Building a million small dicts while a million others are alive makes the collector
    walk the whole heap again and again (half the time of a 100k-node load); records and
    rows hold no reference cycles, so nothing is lost by collecting afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
