"""What holds the server's memory: the analyses of one revision, value by value.

On the synthetic landscape (``--actors``, default 10,000, the soak's), this measures with
``tracemalloc`` the Python memory that each cached piece keeps alive: the projection, each
value of the warm set (collaboration graph, betweenness, communities, profiles, measures,
gap lists, network map), a snapshot in all, and one value asked with arguments; then the
process's RSS. The cache keeps the newest finished snapshot and, while one is built, a
second (``graph.analysis_cache``), so twice the snapshot is the analyses' bound.

Run: ``python -m bench memory [--actors 10000]`` (reuses the soak's landscape when loaded).
"""

from __future__ import annotations

import argparse
import gc
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
from graph.gap_service import Analyses, GapService

MB = 1024 * 1024


def held(step: Callable[[], Any]) -> tuple[Any, int]:
    """Run ``step``; the bytes its result keeps alive (traced Python allocations)."""
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    result = step()
    gc.collect()
    return result, tracemalloc.get_traced_memory()[0] - before


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench memory")
    parser.add_argument("--actors", type=int, default=10_000)
    args = parser.parse_args(argv)
    settings = bench_settings()
    database = settings.neo4j_database
    rows: list[dict[str, Any]] = []
    with open_driver(settings) as driver:
        nodes = ensure_landscape(driver, database, args.actors, reload=False)
        service = GapService(driver, database)
        rss_start = psutil.Process().memory_info().rss
        tracemalloc.start()
        snapshot, size = held(lambda: service.cache.current(driver, database))
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
        total = sum(row["mb"] for row in rows)
        rows.append({"piece": "one snapshot in all", "mb": total})
        tracemalloc.stop()
        rss_end = psutil.Process().memory_info().rss
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
    rows.append({"piece": "rss_before_mb", "mb": rss_start / MB})
    rows.append({"piece": "rss_after_mb", "mb": rss_end / MB})
    print(f"saved {save('memory', rows)}")


if __name__ == "__main__":
    main()
