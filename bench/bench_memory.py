"""What holds the server's memory: the analyses of one revision, value by value.

On the synthetic landscape (``--actors``, default 10,000, the soak's), this measures with
``tracemalloc`` the Python memory that each cached piece keeps alive: the projection, each
value of the warm set (collaboration graph, betweenness, communities, profiles, measures,
gap lists, network map), a snapshot in all, and one value asked with arguments; then the
process's RSS. The cache keeps the newest finished snapshot and, while one is built, a
second (``graph.analysis_cache``), so twice the snapshot is the analyses' bound.

Then, untraced, ``--rebuilds`` recomputations as the server's recomputer does them (the
revision advanced, a new snapshot built and warmed beside the old one, the old one dropped
and its memory given back, ``graph.memory.trim``): the process's RSS when warm, its peak
while each new result is built (sampled every 0.1 s) and after each.

Run: ``python -m bench memory [--actors 10000] [--rebuilds 3]`` (reuses the soak's
landscape when loaded).
"""

from __future__ import annotations

import argparse
import gc
import threading
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import psutil
from rich.console import Console
from rich.table import Table

from bench.bench_soak import ensure_landscape
from bench.support import bench_settings, save
from graph.analysis_cache import Snapshot
from graph.db import open_driver
from graph.gap_rows import IntroductionRows
from graph.gap_service import Analyses, GapService
from graph.revision import bump_revision

MB = 1024 * 1024


def held(step: Callable[[], Any]) -> tuple[Any, int]:
    """Run ``step``; the bytes its result keeps alive (traced Python allocations)."""
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    result = step()
    gc.collect()
    return result, tracemalloc.get_traced_memory()[0] - before


def pieces_of(service: GapService) -> tuple[list[dict[str, Any]], int, bool]:
    """Traced: what each piece of one snapshot holds; the introduction pairs, and whether
    they are held compactly. Nothing of the snapshot is referenced after it returns."""
    rows: list[dict[str, Any]] = []
    tracemalloc.start()
    snapshot, size = held(lambda: service.cache.current(service.driver, service.database))
    assert isinstance(snapshot, Snapshot)
    rows.append({"piece": "projection (typed graph)", "mb": size / MB})
    at = Analyses(snapshot)
    pieces: list[tuple[str, Callable[[], Any]]] = [
        ("collaboration graph", at.collaboration),
        ("betweenness", at.betweenness),
        ("community index", at.community_index),
        ("profiles", at.profiles),
        ("actor measures", at.actor_measures),
        ("gap lists (all rows)", at.gap_rows),
        ("gap rows by key", lambda: at.gap_row("")),
        ("network map", at.network_map),
        (
            "one value with arguments (coverage top 20)",
            lambda: at.coverage(
                municipality=None, topic=None, target_group=None, by_target_group=False, top=20
            ),
        ),
    ]
    for name, step in pieces:
        _, size = held(step)
        rows.append({"piece": name, "mb": size / MB})
    rows.append({"piece": "one snapshot in all", "mb": sum(row["mb"] for row in rows)})
    tracemalloc.stop()
    listed = at.gap_rows()["introductions"]
    return rows, len(listed), isinstance(listed, IntroductionRows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench memory")
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--rebuilds", type=int, default=3, help="recomputations measured")
    parser.add_argument(
        "--no-trim",
        dest="trim",
        action="store_false",
        help="do not give freed memory back after a recomputation (to see what it saves)",
    )
    args = parser.parse_args(argv)
    settings = bench_settings()
    database = settings.neo4j_database
    with open_driver(settings) as driver:
        nodes = ensure_landscape(driver, database, args.actors, reload=False)
        service = GapService(driver, database)
        rss_start = psutil.Process().memory_info().rss
        rows, pairs, compact = pieces_of(service)
        rss_end = psutil.Process().memory_info().rss
        if args.trim:
            service.cache.release()
        rebuilt = rebuilds(service, args.rebuilds, trim=args.trim)
    table = Table(title=f"Memory held by the analyses: {args.actors} actors ({nodes} nodes)")
    table.add_column("piece")
    table.add_column("MB (tracemalloc)", justify="right")
    for row in rows:
        table.add_row(row["piece"], f"{row['mb']:.1f}")
    Console().print(table)
    print(
        f"process RSS {rss_start / MB:.0f} MB before, {rss_end / MB:.0f} MB after "
        "(tracing itself costs memory too)"
    )
    print(f"introduction gap rows: {pairs} pairs, held compactly: {compact}")
    for row in rebuilt:
        print(
            f"recomputation {row['rebuild']}: RSS before {row['before_mb']:.0f} MB, peak "
            f"{row['peak_mb']:.0f} MB while building, after {row['after_mb']:.0f} MB "
            f"({row['seconds']:.0f} s)"
        )
    rows.append({"piece": "rss_before_mb", "mb": rss_start / MB})
    rows.append({"piece": "rss_after_mb", "mb": rss_end / MB})
    rows.append({"piece": "introduction_pairs", "mb": pairs})
    rows += [{"piece": f"rebuild_{row['rebuild']}", **row} for row in rebuilt]
    print(f"saved {save('memory', rows)}")


def sample(process: psutil.Process, peak: list[int], done: threading.Event) -> None:
    """Keep the highest RSS in ``peak[0]`` until ``done``."""
    while not done.wait(0.1):
        peak[0] = max(peak[0], process.memory_info().rss)


def rebuilds(service: GapService, count: int, *, trim: bool) -> list[dict[str, Any]]:
    """``count`` recomputations, each after a new revision; RSS before, peak, after."""
    process = psutil.Process()
    found = []
    for number in range(1, count + 1):
        with service.driver.session(database=service.database) as session:
            session.execute_write(bump_revision)
        before = process.memory_info().rss
        peak = [before]
        done = threading.Event()
        sampler = threading.Thread(target=sample, args=(process, peak, done), daemon=True)
        sampler.start()
        started = time.perf_counter()
        if service.cache.rebuild(service.driver, service.database) is not None and trim:
            service.cache.release()
        done.set()
        sampler.join()
        found.append(
            {
                "rebuild": number,
                "before_mb": before / MB,
                "peak_mb": max(peak[0], process.memory_info().rss) / MB,
                "after_mb": process.memory_info().rss / MB,
                "seconds": time.perf_counter() - started,
            }
        )
    return found


if __name__ == "__main__":
    main()
