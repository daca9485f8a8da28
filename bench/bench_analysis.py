"""Projection and gap-report time on synthetic landscapes of 1k, 10k and 100k nodes.

For each size: load the landscape, then measure in one run
- ``projection``: Neo4j -> networkx typed graph (two statements, each answering one collected list);
- ``report``: the full gap report on that graph (all nine analyses), built as
  ``GapService.report`` builds it: full collections deferred, the deferred one timed with it;
- ``first call``: what a first ``GapService.report()`` costs (projection + report);
- ``repeated call``: the same call again without writes (median of 20): one revision
  query and a cache lookup;
- ``network map``: the cockpit's map after the report (layout, weak points, backbone; the
  collaboration graph and betweenness are already cached), and how many ties it draws;
- ``map after write``: what a visitor waits for the first map after a write, with the
  background recomputation running as in the server (``GapService.newest``): the newest
  finished map, flagged ``updating``; and ``recompute``: how long the background
  recomputation then takes (projection, warm set: gap lists, measures, map);
- the seconds of every analysis of the report, the betweenness sample and its error
  bound (95 %);
- the peak RSS of a server's process (the ``GapService`` part runs in a fresh process
  of its own, ``as_a_server``): after its first report (``report_rss_mb``), after the
  warm set (``warm_rss_mb``: every gap list, the measures, the map) and during the
  background recomputation after a write (``recompute_rss_mb``: the previous result is
  kept for visitors while the new one is built).
Run: ``python -m bench analysis [--sizes 1000,10000,100000]``.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import neo4j
import networkx as nx
from rich.console import Console
from rich.table import Table

from bench.support import bench_settings, load_synthetic, median_ms, save, timed
from graph import revision as revisions
from graph.analysis import GapReport, gap_report
from graph.db import open_driver
from graph.gap_service import GapService
from graph.memory import collector_paused, limit_arenas
from graph.projection import project
from graph.revision import REVISION_BUMP

COLUMNS = (
    "nodes",
    "relationships",
    "projection_s",
    "report_s",
    "first_call_s",
    "repeated_call_ms",
    "network_map_s",
    "map_after_write_s",
    "recompute_s",
    "drawn_ties",
    "sampled",
    "error_bound",
    "report_rss_mb",
    "warm_rss_mb",
    "recompute_rss_mb",
)


def loaded(driver: neo4j.Driver, database: str, size: int, reuse: bool) -> int:
    """Load the landscape of ``size`` nodes, unless ``reuse`` and about that many are there."""
    if reuse:
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database)
        if abs(int(records[0]["n"]) - size) <= size // 20:
            return 0
    return load_synthetic(driver, database, size)


def measure_after_write(size: int, reuse: bool) -> dict[str, Any]:
    """Only the map before and after a write (``--after-write-only``): the issue's goal."""
    settings = bench_settings()
    database = settings.neo4j_database
    with open_driver(settings) as driver:
        loaded(driver, database, size, reuse)
        service = GapService(driver, database)
        map_s = timed(lambda: service.network_map())
        drawn = service.network_map()
        after_write_s, recompute_s, flagged = after_write(service, driver, database)
        return {
            "nodes": service.typed().number_of_nodes(),
            "network_map_s": round(map_s, 3),
            "map_after_write_s": round(after_write_s, 3),
            "map_after_write_flagged_updating": flagged,
            "recompute_s": round(recompute_s, 3),
            "drawn_ties": f"{len(drawn.edges)} of {drawn.total_edges}",
        }


def measure(size: int, reuse: bool = False) -> dict[str, Any]:
    settings = bench_settings()
    database = settings.neo4j_database
    with open_driver(settings) as driver:
        entities = loaded(driver, database, size, reuse)
        projection_s = timed(lambda: project(driver, database))
        typed = project(driver, database)
    report, report_s = report_as_served(typed)
    served = as_a_server()
    return {
        "nodes": typed.number_of_nodes(),
        "relationships": typed.number_of_edges(),
        "entities_loaded": entities,
        "projection_s": round(projection_s, 3),
        "report_s": round(report_s, 3),
        **served,
        "sampled": list(report.sampled),
        "betweenness_samples": report.brokers.samples,
        "error_bound": report.brokers.error_bound and round(report.brokers.error_bound, 3),
        "timings": sorted(
            ((t.name, round(t.seconds, 2)) for t in report.timings), key=lambda p: -p[1]
        ),
    }


def report_as_served(typed: nx.MultiDiGraph) -> tuple[GapReport, float]:
    """The report and its seconds, built as ``GapService.report`` builds it: Python's full
    collections deferred while it runs (``graph.memory.collector_paused``), then the
    deferred one, which the time includes."""
    started = time.perf_counter()
    with collector_paused():
        report = gap_report(typed)
    gc.collect()
    return report, time.perf_counter() - started


def as_a_server() -> dict[str, Any]:
    """What a server process does with the analyses, measured in a fresh process of its own.

    Why a process of its own: its peak RSS is then a server's. This benchmark's process
    holds a second typed graph and report besides (``measure``), which made the figure
    twice what a server needs (3,387 MB here against 1,666 MB for a server's warm set at
    100,000 nodes, on 2026-12-07).
    """
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
        return pool.submit(serve_analyses).result()


def serve_analyses() -> dict[str, Any]:
    """A server's first report, repeated reports, the warm set (the map among it), then a
    write and the background recomputation; the peak RSS after each of the three."""
    limit_arenas()  # as ``serve`` does for its workers (graph.memory)
    settings = bench_settings()
    database = settings.neo4j_database
    with open_driver(settings) as driver:
        service = GapService(driver, database)
        first_s = timed(lambda: service.report())
        report_rss = peak_rss_mb()
        repeated_ms = median_ms(lambda: service.report(), repeat=20)
        service.actor_measures()  # what the map shares with the API's network fields
        map_s = timed(lambda: service.network_map())
        drawn = service.network_map()
        service.gap_row("")  # the rest of the warm set: every gap list
        warm_rss = peak_rss_mb()
        after_write_s, recompute_s, flagged = after_write(service, driver, database)
        return {
            "first_call_s": round(first_s, 3),
            "repeated_call_ms": round(repeated_ms, 2),
            "network_map_s": round(map_s, 3),
            "map_after_write_s": round(after_write_s, 3),
            "map_after_write_flagged_updating": flagged,
            "recompute_s": round(recompute_s, 3),
            "drawn_ties": f"{len(drawn.edges)} of {drawn.total_edges}",
            "report_rss_mb": report_rss,
            "warm_rss_mb": warm_rss,
            "recompute_rss_mb": peak_rss_mb(),
        }


def peak_rss_mb() -> int:
    """The peak resident memory of this process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


WRITE = (
    "MERGE (a:Actor {id: 'bench-after-write'}) "
    "SET a.name = 'Bench after write', a.kind = 'association', a.source = 'example', "
    "a.updatedAt = datetime() WITH 1 AS done " + REVISION_BUMP
)


def after_write(
    service: GapService, driver: neo4j.Driver, database: str
) -> tuple[float, float, bool]:
    """A write, then the first map a visitor gets, while the background recomputation runs
    (as in the server); then how long that recomputation takes to finish."""
    service.newest().network_map()  # the finished result a visitor is answered from
    service.start(debounce=0.0)
    try:
        records, _, _ = driver.execute_query(WRITE, database_=database)
        revisions.announce(int(records[0]["value"]))  # what a write through the API does
        started = time.perf_counter()
        drawn = service.newest().network_map()
        waited = time.perf_counter() - started
        assert service.recomputer is not None
        service.recomputer.wait_idle(3600)
        recompute = time.perf_counter() - started
        return waited, recompute, drawn.updating
    finally:
        service.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench analysis")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument(
        "--reuse", action="store_true", help="keep a loaded landscape of about that size"
    )
    parser.add_argument(
        "--after-write-only",
        action="store_true",
        help="only the map, then the map after a write and the background recomputation",
    )
    args = parser.parse_args(argv)
    if args.after_write_only:
        found = [measure_after_write(int(size), args.reuse) for size in args.sizes.split(",")]
        for row in found:
            print(row)
        print(f"saved {save('analysis_after_write', found)}")
        return
    rows = [measure(int(size), args.reuse) for size in args.sizes.split(",")]
    table = Table(title="Gap analyses: projection and report (seconds; repeated call in ms)")
    for column in COLUMNS:
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(row[column]) for column in COLUMNS))
    Console(width=300).print(table)  # the same table on every terminal
    for row in rows:
        print(f"{row['nodes']} nodes, seconds per analysis: {row['timings']}")
    print(f"saved {save('analysis', rows)}")


if __name__ == "__main__":
    main()
