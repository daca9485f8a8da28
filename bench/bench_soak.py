"""Soak: the server under mixed reads and writes for minutes, its memory sampled throughout.

The 10,000-actor synthetic landscape (``--actors``; about 26,300 nodes, the same seed as the
other benches) is loaded into the bench Neo4j, unless it already holds that many actors. The
real app runs under uvicorn in its own process (``--workers`` processes with
``serve --workers``). ``--concurrency`` clients then send requests for ``--minutes``:

- reads: one actor by a varying id, a page of actors, the analysis state;
- gap questions, as the cockpit asks them: coverage, peripheral actors, brokers, gap states,
  the network map; each must come back within the request budget (``API_REQUEST_TIMEOUT``)
  from the newest finished result while the analyses are recomputed after writes;
- writes (``--write-share`` of the requests): an editor's ``updateActor`` of a varying actor.

Every ``--sample`` seconds the server's resident memory (RSS, summed over its processes) is
read. The table: requests, errors, p50 and p99 (ms) per kind, the slowest gap answer against
the budget, RSS at the start (after the first analyses), peak, and at the end (after
``--settle`` quiet seconds), and whether the peak stayed under ``--rss-bound`` (1 GB) and the
end came back within 1.5x of the start. Results in ``bench/results/soak.json``.

Run: ``python -m bench soak [--minutes 10] [--concurrency 8] [--actors 10000]``.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import neo4j
import psutil
from rich.console import Console
from rich.table import Table

from bench.bench_api import free_port, server_env
from bench.resources import process_tree
from bench.support import bench_settings, load_synthetic, save
from graph.db import open_driver
from graph.settings import PROJECT_ROOT, Settings
from graph.tokens import create_token
from loaders.synthetic import NODES_PER_ACTOR

ACTOR = "query($id: ID!) { actor(id: $id) { id name kind description } }"
ACTORS = "query($after: String) { actors(first: 20, after: $after) { totalCount edges { cursor node { id name } } } }"  # noqa: E501
STATUS = "{ analysisStatus { revision latestRevision updating } }"
GAPS = {
    "coverage": "{ gaps { updating coverage(top: 20) { gapCount gaps { key reason } } } }",
    "peripheral": "{ gaps { updating peripheralActors(top: 20) { isolatedCount actors { actorId } } } }",  # noqa: E501
    "brokers": "{ gaps { updating brokers(top: 10) { brokers { actorId betweenness } } } }",
    "gap_states": "{ gaps { updating gapStates { kind state count } } }",
    "network_map": "{ gaps { networkMap { revision updating totalEdges nodes { id x y } } } }",
}
UPDATE = (
    "mutation($id: ID!, $input: ActorPatch!) { updateActor(id: $id, input: $input) "
    "{ id outcome revision } }"
)
KINDS = ("read", "gap", "write")


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    samples: list[str] = field(default_factory=list)
    """The first few errors, as text, for the report."""
    updating_answers: int = 0
    sent: int = 0

    def error(self, kind: str, text: str) -> None:
        self.errors[kind] += 1
        if len(self.samples) < 10:
            self.samples.append(f"{kind}: {text[:300]}")


class RssSampler:
    """Samples the server's RSS (all its processes) every ``seconds`` in a thread."""

    def __init__(self, pid: int, seconds: float) -> None:
        self.pid = pid
        self.seconds = seconds
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="soak-rss", daemon=True)
        self._started = time.monotonic()

    def rss(self) -> int:
        total = 0
        for process in process_tree(self.pid):
            try:
                total += process.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.monotonic() - self._started, self.rss()))
            self._stop.wait(self.seconds)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def start_server(settings: Settings, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "cli.main", "serve", "--workers", str(workers),
        "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=server_env(settings))
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the API server exited with {process.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.terminate()
    raise RuntimeError("the API server did not become ready within 300 s")


def first_answer(url: str, query: str, within: float = 1800.0) -> None:
    """Ask until answered: the very first analyses of a server may outlast a request's
    budget (``TIMEOUT``, 504), and the server goes on computing them (as the cockpit asks)."""
    deadline = time.monotonic() + within
    while True:
        response = httpx.post(f"{url}/graphql", json={"query": query}, timeout=600)
        if response.status_code != 504 or time.monotonic() > deadline:
            response.raise_for_status()
            return
        time.sleep(1)


def ensure_landscape(driver: neo4j.Driver, database: str, actors: int, reload: bool) -> int:
    records, _, _ = driver.execute_query("MATCH (a:Actor) RETURN count(a) AS n", database_=database)
    present = int(records[0]["n"])
    if reload or abs(present - actors) > actors // 50:
        load_synthetic(driver, database, round(actors * NODES_PER_ACTOR))
    records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database)
    return int(records[0]["n"])


async def soak(
    url: str, secret: str, ids: list[str], args: argparse.Namespace, tally: Tally
) -> float:
    budget = args.budget
    ends = time.monotonic() + args.minutes * 60
    rng = random.Random(11)
    choices = [("gap", name) for name in GAPS] + [("read", "actor"), ("read", "actors")] * 2
    choices += [("read", "status")]

    async def one(client: httpx.AsyncClient) -> None:
        if rng.random() < args.write_share:
            kind, payload, headers = (
                "write",
                {
                    "query": UPDATE,
                    "variables": {
                        "id": rng.choice(ids),
                        "input": {"description": f"soak {rng.randrange(10**9)}"},
                    },
                },
                {"Authorization": f"Bearer {secret}"},
            )
        else:
            kind, name = rng.choice(choices)
            headers = {}
            if kind == "gap":
                payload = {"query": GAPS[name]}
            elif name == "actor":
                payload = {"query": ACTOR, "variables": {"id": rng.choice(ids)}}
            elif name == "actors":
                payload = {"query": ACTORS, "variables": {"after": None}}
            else:
                payload = {"query": STATUS}
        started = time.perf_counter()
        tally.sent += 1
        try:
            response = await client.post("/graphql", json=payload, headers=headers)
        except httpx.HTTPError as error:
            tally.error(kind, f"{type(error).__name__}: {error}")
            return
        elapsed = time.perf_counter() - started
        tally.latencies[kind].append(elapsed)
        if response.status_code != 200:
            tally.error(kind, f"HTTP {response.status_code}: {response.text}")
            return
        body = response.json()
        if body.get("errors"):
            tally.error(kind, str(body["errors"]))
        elif kind == "gap" and elapsed > budget:
            tally.error(kind, f"answered after {elapsed:.1f} s, beyond the budget")
        elif kind == "gap" and body["data"]["gaps"].get("updating"):
            tally.updating_answers += 1

    async def worker() -> None:
        async with httpx.AsyncClient(base_url=url, timeout=budget + 30) as client:
            while time.monotonic() < ends:
                await one(client)

    started = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(args.concurrency)))
    return time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench soak")
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--write-share", type=float, default=0.05)
    parser.add_argument("--sample", type=float, default=5.0, help="seconds between RSS reads")
    parser.add_argument("--settle", type=float, default=20.0, help="quiet seconds at the end")
    parser.add_argument("--reload", action="store_true", help="load the landscape afresh")
    parser.add_argument(
        "--rss-bound", type=float, default=1024.0, help="MB the server's RSS must stay under"
    )
    args = parser.parse_args(argv)
    console = Console()

    settings = bench_settings()
    args.budget = settings.api_request_timeout
    database = settings.neo4j_database
    with open_driver(settings) as driver:
        nodes = ensure_landscape(driver, database, args.actors, args.reload)
        _, secret = create_token(driver, database, "editor", "soak")
        records, _, _ = driver.execute_query(
            "MATCH (a:Actor) RETURN a.id AS id ORDER BY a.id LIMIT 2000", database_=database
        )
        ids = [str(r["id"]) for r in records]
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    console.print(f"{nodes} nodes; serving on {url} with {args.workers} worker(s)")
    server = start_server(settings, port, args.workers)
    tally = Tally()
    try:
        with RssSampler(server.pid, args.sample) as sampler:
            # the first analyses (cold) are not part of the soak: the start is after them
            warm_started = time.perf_counter()
            for query in GAPS.values():
                first_answer(url, query)
            warm_s = time.perf_counter() - warm_started
            rss_start = sampler.rss()
            seconds = asyncio.run(soak(url, secret, ids, args, tally))
            time.sleep(args.settle)
            rss_end = sampler.rss()
        rss_peak = max([rss for _, rss in sampler.samples] + [rss_start, rss_end])
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    all_latencies = [x for kind in KINDS for x in tally.latencies[kind]]
    mb = 1024 * 1024
    row: dict[str, Any] = {
        "nodes": nodes,
        "actors": args.actors,
        "minutes": args.minutes,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "seconds": round(seconds, 1),
        "first_analyses_s": round(warm_s, 1),
        "requests": tally.sent,
        "errors": sum(tally.errors.values()),
        "p50_ms": round(statistics.median(all_latencies) * 1000, 1) if all_latencies else 0,
        "p99_ms": round(percentile(all_latencies, 0.99) * 1000, 1),
        "by_kind": {
            kind: {
                "requests": len(tally.latencies[kind]),
                "errors": tally.errors[kind],
                "p50_ms": round(percentile(tally.latencies[kind], 0.5) * 1000, 1),
                "p99_ms": round(percentile(tally.latencies[kind], 0.99) * 1000, 1),
                "max_ms": round(max(tally.latencies[kind], default=0) * 1000, 1),
            }
            for kind in KINDS
        },
        "gap_budget_s": args.budget,
        "gap_answers_flagged_updating": tally.updating_answers,
        "rss_start_mb": round(rss_start / mb),
        "rss_peak_mb": round(rss_peak / mb),
        "rss_end_mb": round(rss_end / mb),
        "rss_bound_mb": args.rss_bound,
        "rss_within_bound": rss_peak / mb <= args.rss_bound,
        "rss_back_within_1_5x": rss_end <= 1.5 * rss_start,
        "rss_samples_mb": [(round(t), round(rss / mb)) for t, rss in sampler.samples],
        "error_samples": tally.samples,
        "load_average": list(psutil.getloadavg()),
    }
    table = Table(
        title=f"Soak: {args.minutes:g} min, c={args.concurrency}, {args.actors} actors "
        f"({nodes} nodes), {args.workers} worker(s), writes {args.write_share:.0%}"
    )
    for column in ("kind", "requests", "errors", "p50 ms", "p99 ms", "max ms"):
        table.add_column(column)
    for kind in KINDS:
        found = row["by_kind"][kind]
        table.add_row(
            kind,
            *(str(found[k]) for k in ("requests", "errors", "p50_ms", "p99_ms", "max_ms")),
        )
    table.add_row("all", str(row["requests"]), str(row["errors"]), str(row["p50_ms"]),
                  str(row["p99_ms"]), "")  # fmt: skip
    console.print(table)
    console.print(
        f"RSS start {row['rss_start_mb']} MB, peak {row['rss_peak_mb']} MB, end "
        f"{row['rss_end_mb']} MB (after {args.settle:g} s quiet); gap answers flagged "
        f"'updating': {tally.updating_answers}; budget {args.budget:g} s; load average "
        f"{', '.join(f'{x:.1f}' for x in row['load_average'])}"
    )
    console.print(
        f"RSS peak under the bound of {args.rss_bound:g} MB: "
        f"{'yes' if row['rss_within_bound'] else 'NO'}; end within 1.5x of the start: "
        f"{'yes' if row['rss_back_within_1_5x'] else 'NO'}"
    )
    for sample in tally.samples:
        console.print(f"  {sample}", markup=False)
    print(f"saved {save('soak', [row])}")


if __name__ == "__main__":
    main()
