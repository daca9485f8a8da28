"""Freed memory goes back to the system: a server shrinks after a result is replaced."""

from __future__ import annotations

import os
import threading

import psutil
import pytest

from graph import memory

MB = 1024 * 1024
glibc = pytest.mark.skipif(memory._libc() is None, reason="the C library is not glibc")


def allocated_in_a_thread(blocks: int) -> tuple[list[bytearray], list[bytearray]]:
    """Blocks of 3 kB (C malloc, not Python's small-object pools) made by another thread
    (its own arena, as the recomputer's), with a few survivors spread among them."""
    freed: list[bytearray] = []
    kept: list[bytearray] = []

    def fill() -> None:
        for number in range(blocks):
            freed.append(bytearray(3000))
            if number % 50 == 0:
                kept.append(bytearray(3000))

    worker = threading.Thread(target=fill)
    worker.start()
    worker.join()
    return freed, kept


@glibc
def test_trimming_gives_freed_blocks_back_to_the_system() -> None:
    process = psutil.Process()
    freed, kept = allocated_in_a_thread(70_000)  # about 210 MB
    freed.clear()
    held = process.memory_info().rss

    assert memory.trim()
    assert process.memory_info().rss < held - 100 * MB  # measured: 223 MB -> 21 MB
    assert len(kept) == 1400


@glibc
def test_arenas_are_limited_for_this_process_and_its_children(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)

    assert memory.limit_arenas()
    assert os.environ["MALLOC_ARENA_MAX"] == str(memory.ARENAS)
