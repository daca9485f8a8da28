"""What a polling dashboard costs, before and after HTTP caching (``schema.caching``).

A dashboard asks the same question again and again: here the cockpit's own overview (key
figures, coverage matrix, every gap analysis's summary) on the Gifhorn data, asked by
``integration-graph serve --workers N``. Three ways to poll, side by side in one run:

- ``full``: POST the document each time (what every poll cost before: a full execution);
- ``revalidate``: the same POST with the ``If-None-Match`` of the last answer: 304 after one
  revision read, no execution;
- ``apq-get``: what an Apollo dashboard sends, GET by persisted-query hash with
  ``If-None-Match`` (cacheable by a browser, proxy or CDN), also 304.

For each: polls per second at the given concurrency, and CPU milliseconds per poll of the
API server's processes and of Neo4j (user + system, around the burst). The answers are
checked first (a full answer with data, then 304s).

``python -m bench polling [--seconds 10] [--concurrency 4] [--workers 1]
[--neo4j-dir DIR --neo4j-port N]``
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import psutil
from rich.console import Console
from rich.table import Table

from bench.bench_library import Server, start_ours, wait_ready
from bench.resources import Meter
from bench.support import bench_settings, save, wipe
from graph import launcher
from graph.db import open_driver
from graph.migrations import migrate
from graph.settings import PROJECT_ROOT, Settings, load_settings
from graph.store.writer import write_landscape
from loaders.landscape import load_landscape

OVERVIEW = (PROJECT_ROOT / "web" / "src" / "graphql" / "overview.graphql").read_text("utf-8")
HASH = hashlib.sha256(OVERVIEW.encode("utf-8")).hexdigest()
JSON_HEADERS = {"content-type": "application/json", "accept": "application/json"}
APQ = {"persistedQuery": {"version": 1, "sha256Hash": HASH}}


def neo4j_process(settings: Settings) -> psutil.Process | None:
    """The local Neo4j's JVM (its command line names the instance folder), if it is ours."""
    folder = str(settings.neo4j_local_dir)
    for process in psutil.process_iter(["cmdline"]):
        cmdline = process.info.get("cmdline") or []
        if any("java" in part for part in cmdline[:1]) and any(folder in p for p in cmdline):
            return process
    return None


def cpu_of(process: psutil.Process | None) -> float:
    if process is None:
        return 0.0
    times = process.cpu_times()
    return float(times.user + times.system)


async def burst(
    url: str, kind: str, etag: str | None, seconds: float, concurrency: int
) -> tuple[int, dict[int, int]]:
    """Poll for ``seconds`` with ``concurrency`` clients; polls done and their statuses."""
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + seconds

    async def client() -> int:
        done = 0
        async with httpx.AsyncClient(timeout=60) as http:
            while time.monotonic() < deadline:
                response = await poll(http, url, kind, etag)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                done += 1
        return done

    counts = await asyncio.gather(*(client() for _ in range(concurrency)))
    return sum(counts), statuses


async def poll(http: httpx.AsyncClient, url: str, kind: str, etag: str | None) -> httpx.Response:
    validator = {"if-none-match": etag} if etag else {}
    if kind == "apq-get":
        extensions = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": HASH}})
        return await http.get(
            url,
            params={"extensions": extensions},
            headers={"accept": "application/json", **validator},
        )
    body = json.dumps({"query": OVERVIEW}).encode()
    return await http.post(url, content=body, headers={**JSON_HEADERS, **validator})


def prepare(url: str) -> dict[str, str]:
    """Check the answers and fetch the ETag each way of polling revalidates against."""
    full = httpx.post(url, json={"query": OVERVIEW}, headers=JSON_HEADERS, timeout=120)
    assert full.status_code == 200 and full.json().get("data"), full.text[:500]
    registered = httpx.post(
        url,
        json={
            "query": OVERVIEW,
            "extensions": {"persistedQuery": {"version": 1, "sha256Hash": HASH}},
        },
        headers=JSON_HEADERS,
        timeout=120,
    )
    assert registered.status_code == 200, registered.text[:500]
    by_get = httpx.get(
        url,
        params={"extensions": json.dumps(APQ)},
        headers={"accept": "application/json"},
        timeout=120,
    )
    assert by_get.status_code == 200 and by_get.json().get("data"), by_get.text[:500]
    return {"revalidate": full.headers["etag"], "apq-get": by_get.headers["etag"]}


def measure(
    server: Server, settings: Settings, seconds: float, concurrency: int
) -> list[dict[str, Any]]:
    tags = prepare(server.url)
    database = neo4j_process(settings)
    rows = []
    for kind in ("full", "revalidate", "apq-get"):
        etag = tags.get(kind)
        asyncio.run(burst(server.url, kind, etag, 1.0, concurrency))  # warm up
        neo4j_before = cpu_of(database)
        with Meter(server.process.pid) as meter:
            started = time.monotonic()
            polls, statuses = asyncio.run(burst(server.url, kind, etag, seconds, concurrency))
            elapsed = time.monotonic() - started
        neo4j_cpu = cpu_of(database) - neo4j_before
        rows.append(
            {
                "kind": kind,
                "polls": polls,
                "statuses": statuses,
                "polls_per_second": polls / elapsed,
                "server_cpu_ms_per_poll": meter.usage.cpu_seconds * 1000 / polls,
                "neo4j_cpu_ms_per_poll": neo4j_cpu * 1000 / polls,
                "concurrency": concurrency,
                "seconds": seconds,
            }
        )
    return rows


def report(rows: list[dict[str, Any]], console: Console) -> None:
    table = Table(title="Polling the cockpit's overview (Gifhorn)")
    for column in ("poll", "answers", "polls/s", "server CPU ms/poll", "Neo4j CPU ms/poll"):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(
            row["kind"],
            ", ".join(f"{n}x {status}" for status, n in sorted(row["statuses"].items())),
            f"{row['polls_per_second']:.1f}",
            f"{row['server_cpu_ms_per_poll']:.2f}",
            f"{row['neo4j_cpu_ms_per_poll']:.2f}",
        )
    console.print(table)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench polling", description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each burst")
    parser.add_argument("--concurrency", type=int, default=4, help="polling clients at once")
    parser.add_argument("--workers", type=int, default=1, help="serve --workers N")
    parser.add_argument("--neo4j-dir", type=Path, default=None, help="a private local Neo4j")
    parser.add_argument("--neo4j-port", type=int, default=7790)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    console = Console()
    if args.neo4j_dir is None:
        settings = bench_settings()
    else:
        settings = load_settings(
            neo4j_local_dir=args.neo4j_dir.resolve(), neo4j_local_port=args.neo4j_port
        )
        console.print(launcher.start(settings).describe())
    with open_driver(settings) as driver:
        wipe(driver, settings.neo4j_database)
        migrate(driver, settings.neo4j_database)
        dataset = load_landscape([PROJECT_ROOT / "loaders" / "data" / "gifhorn"])
        write_landscape(driver, dataset, database=settings.neo4j_database)
    with tempfile.TemporaryDirectory() as logs:
        server = start_ours("ours", settings, Path(logs), args.workers)
        try:
            wait_ready(
                server,
                lambda: (
                    httpx.get(
                        server.url.removesuffix("/graphql") + "/readyz", timeout=2
                    ).status_code
                    == 200
                ),
            )
            rows = measure(server, settings, args.seconds, args.concurrency)
        finally:
            server.stop()
    report(rows, console)
    console.print(f"saved {save('polling', rows)}")
