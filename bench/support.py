"""What every benchmark needs: its own Neo4j, a wipe, and a synthetic landscape loaded.

Benchmarks run against a real local Neo4j in ``.neo4j/bench`` (port 7790 unless
``NEO4J_BENCH_PORT`` says otherwise), or against ``NEO4J_URI`` when it is set. They never
touch the development or test servers' data.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j

from graph import launcher
from graph.migrations import migrate
from graph.settings import PROJECT_ROOT, Settings, load_settings
from graph.store.writer import write_landscape
from loaders.landscape import load_landscape
from loaders.synthetic import actors_for_nodes, generate, write_document

RESULTS = PROJECT_ROOT / "bench" / "results"


def bench_settings() -> Settings:
    """Settings for the benchmark server, started here when it is the local one."""
    if os.environ.get("NEO4J_URI"):
        chosen = load_settings()
    else:
        chosen = load_settings(
            neo4j_local_dir=Path(
                os.environ.get("NEO4J_BENCH_DIR", PROJECT_ROOT / ".neo4j" / "bench")
            ),
            neo4j_local_port=int(os.environ.get("NEO4J_BENCH_PORT", "7790")),
            neo4j_heap=os.environ.get("NEO4J_BENCH_HEAP", "4g"),
            neo4j_pagecache=os.environ.get("NEO4J_BENCH_PAGECACHE", "512m"),
            neo4j_tx_memory=os.environ.get("NEO4J_BENCH_TX_MEMORY", "3g"),
        )
        print(launcher.start(chosen).describe())
    return chosen


def wipe(driver: neo4j.Driver, database: str) -> None:
    """Delete every node in batches (one huge transaction would exhaust the heap)."""
    with driver.session(database=database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


def load_synthetic(driver: neo4j.Driver, database: str, nodes: int, seed: int = 7) -> int:
    """Wipe, then load a synthetic landscape of about ``nodes`` nodes; return its entities."""
    wipe(driver, database)
    migrate(driver, database)
    document = generate(actors_for_nodes(nodes), seed=seed)
    with tempfile.TemporaryDirectory() as folder:
        write_document(document, Path(folder), "json")
        landscape = load_landscape([folder])
    result = write_landscape(driver, landscape, database=database)
    return sum(c.created for c in result.counts.values())


def timed(step: Callable[[], Any]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def median_ms(step: Callable[[], Any], repeat: int) -> float:
    return statistics.median(timed(step) for _ in range(repeat)) * 1000


def save(name: str, rows: list[dict[str, Any]]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(rows, indent=2))
    return path
