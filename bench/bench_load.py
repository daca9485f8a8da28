"""Load speed: the batch writer against a naive one-statement-per-record writer.

For each size (synthetic landscapes of about 1k, 10k and 100k nodes, written as JSON and
read back through the loaders), in one run on the same server:

- ``read``: files -> validated ``Landscape`` (parse, validate, check references);
- ``batch``: ``write_landscape`` into an empty graph: one transaction, ``UNWIND`` batches
  (median of three runs up to 20k nodes, one run above);
- ``naive``: the same landscape into an empty graph, one ``MERGE`` statement per node and
  per relationship, also in one transaction (so the difference is the statements, not the
  commits). At large sizes it can be limited to a time budget (``--naive-budget``): it then
  writes records until the budget is spent, reports the rate it reached, and rolls back.

Rates are entities (nodes + relationships) per second. The aim on a 2-core machine:
batch >= 20 x naive, and >= 50,000/s at 100k.

Run: ``python -m bench load [--sizes 1000,10000,100000] [--naive-budget 60]``. One
transaction for 100k nodes needs about 1.5 GB of transaction memory on the server: give the
bench server the heap for it (``NEO4J_BENCH_HEAP=4g``).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j
from rich.console import Console
from rich.table import Table

from bench.support import bench_settings, save, wipe
from domain.contract import RelationshipKind
from domain.landscape import Landscape
from domain.registry import NODE_SECTIONS
from graph.db import open_driver
from graph.migrations import migrate
from graph.store.rows import node_rows
from graph.store.writer import WriteError, relationship_rows, write_landscape
from loaders.landscape import load_landscape
from loaders.synthetic import actors_for_nodes, count_nodes, generate, write_document

COLUMNS = (
    "nodes",
    "relationships",
    "read_s",
    "batch_s",
    "batch_per_s",
    "naive_s",
    "naive_per_s",
    "naive_complete",
    "speedup",
)


def _statements(landscape: Landscape) -> list[tuple[str, dict[str, Any]]]:
    """One (query, parameters) per node and per relationship: the naive way."""
    statements: list[tuple[str, dict[str, Any]]] = []
    for section in NODE_SECTIONS:
        query = f"MERGE (n:{section.label} {{id: $id}}) SET n = $props, n.updatedAt = $now"
        statements += [(query, row) for row in node_rows(section, landscape.nodes[section.name])]
    for kind, rows in relationship_rows(landscape):
        statements += [(_naive_relationship(kind), row) for row in rows]
    return statements


def _naive_relationship(kind: RelationshipKind) -> str:
    keys = ", ".join(f"{p}: $props.{p}" for p in kind.key_properties)
    key_pattern = f" {{{keys}}}" if keys else ""
    return (
        f"MATCH (a:{kind.start.label} {{id: $start}}) MATCH (b:{kind.end.label} {{id: $end}}) "
        f"MERGE (a)-[r:{kind.rel_type}{key_pattern}]->(b) SET r = $props, r.updatedAt = $now"
    )


def naive_write(
    driver: neo4j.Driver, database: str, landscape: Landscape, budget_s: float
) -> tuple[int, float, bool]:
    """Write record by record in one transaction; ``(written, seconds, complete)``.

    Stops when the budget is spent; an incomplete run is rolled back.
    """
    statements = _statements(landscape)
    now = datetime.now(UTC)
    written = 0
    with driver.session(database=database) as session, session.begin_transaction() as tx:
        started = time.perf_counter()
        for query, row in statements:
            tx.run(query, {**row, "now": now}).consume()
            written += 1
            if written % 500 == 0 and time.perf_counter() - started > budget_s:
                break
        complete = written == len(statements)
        if complete:
            tx.commit()
        seconds = time.perf_counter() - started
        if not complete:
            tx.rollback()
    return written, seconds, complete


def measure(
    driver: neo4j.Driver, database: str, size: int, seed: int, budget: float, repeat: int = 3
) -> dict[str, Any]:
    """Read once; batch-load ``repeat`` times (median; once above 20k nodes); naive once."""
    document = generate(actors_for_nodes(size), seed=seed)
    nodes, relationships = count_nodes(document)
    with tempfile.TemporaryDirectory() as folder:
        write_document(document, Path(folder), "json")
        started = time.perf_counter()
        landscape = load_landscape([folder])
        read_s = time.perf_counter() - started

    seconds = []
    for _ in range(repeat if size <= 20_000 else 1):
        wipe(driver, database)
        result = write_landscape(driver, landscape, database=database)
        seconds.append(result.seconds)
    batch_s = statistics.median(seconds)
    batch_rate = result.entities / batch_s

    wipe(driver, database)
    written, naive_s, complete = naive_write(driver, database, landscape, budget)
    naive_rate = written / naive_s
    wipe(driver, database)
    return {
        "nodes": nodes,
        "relationships": relationships,
        "read_s": round(read_s, 2),
        "batch_s": round(batch_s, 2),
        "batch_per_s": round(batch_rate),
        "naive_s": round(naive_s, 2),
        "naive_per_s": round(naive_rate),
        "naive_complete": complete,
        "naive_written": written,
        "speedup": round(batch_rate / naive_rate, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench load")
    parser.add_argument("--sizes", default="1000,10000,100000", help="node counts")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--naive-budget",
        type=float,
        default=45.0,
        help="seconds the naive writer may run per size before it is sampled and rolled back",
    )
    args = parser.parse_args(argv)
    settings = bench_settings()
    database = settings.neo4j_database
    with open_driver(settings) as driver:
        migrate(driver, database)
        measure(driver, database, 1000, args.seed, 5.0, 1)  # warm the server's caches and JIT
        rows = []
        for size in args.sizes.split(","):
            try:
                rows.append(measure(driver, database, int(size), args.seed, args.naive_budget))
            except WriteError as error:
                print(f"{size} nodes: {error}")
                print("give the bench server more memory: NEO4J_BENCH_HEAP=4g (see docstring)")
                raise SystemExit(1) from None
    table = Table(title="Load: batch writer vs one statement per record (entities = nodes + rels)")
    for column in COLUMNS:
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(*(str(row[column]) for column in COLUMNS))
    Console().print(table)
    print(f"saved {save('load', rows)}")


if __name__ == "__main__":
    main()
