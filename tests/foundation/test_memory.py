"""Freed memory goes back to the system: a server shrinks after a result is replaced."""

from __future__ import annotations

import gc
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


def test_full_collections_wait_until_the_last_paused_block_of_any_thread_ends() -> None:
    """The recomputer builds in a thread of its own while a request computes a value:
    the first to finish must not give the other its full collections back."""
    normal = gc.get_threshold()
    entered, release = threading.Event(), threading.Event()

    def other_block() -> None:
        with memory.collector_paused():
            entered.set()
            release.wait(60)

    other = threading.Thread(target=other_block)
    other.start()
    entered.wait(60)
    with memory.collector_paused():
        assert gc.get_threshold() == (*normal[:2], memory.FULL_COLLECTIONS_DEFERRED)
    still = gc.get_threshold()
    release.set()
    other.join(60)

    assert still == (*normal[:2], memory.FULL_COLLECTIONS_DEFERRED)  # young ones as always
    assert gc.get_threshold() == normal


def test_a_failing_block_gives_the_collections_back() -> None:
    normal = gc.get_threshold()
    with pytest.raises(ZeroDivisionError), memory.collector_paused():
        1 / 0  # noqa: B018
    assert gc.get_threshold() == normal
