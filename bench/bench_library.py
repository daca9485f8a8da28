"""Our GraphQL API vs. the Neo4j GraphQL Library vs. the floor, side by side in one run.

The quality bar: a GraphQL request costs at most a small ratio over hand-written Cypher that
returns the same data through the driver (the *floor*), and beats the official Neo4j GraphQL
Library (``@neo4j/graphql`` 7, served by Apollo Server 5 on Node.js) on the same data and
queries. Three contestants (four with ``--resolver-path``) answer the same planner and
dashboard questions:

- ``ours``: our server as users run it, ``integration-graph serve --workers N`` (default one
  worker process per CPU core, ``--workers``), HTTP POST to ``/graphql``;
- ``resolver`` (with ``--resolver-path``): the same with ``API_COMPILED=false``, the
  resolver path (one statement per nesting level), to compare it with the compiled one;
- ``library``: ``bench/neo4j_graphql_library/server.mjs`` under node in its own process,
  HTTP POST to ``/``; its type definitions describe the same labels, properties and
  relationships (docs/data-format.md) and the library generates the Cypher;
- ``floor``: one hand-written Cypher statement per question, sent with the async Python
  driver's ``execute_query`` from the bench process (no HTTP, no GraphQL, no JSON);
- ``floor_http``: the same statement behind a minimal Starlette route on our HTTP stack
  (``bench/floor_server.py``: uvicorn, the same h11 protocol, as many workers as ours), so
  that ours/floor_http is what GraphQL costs and floor_http/floor what HTTP costs.

The questions are in ``bench/library_questions.py``; the twelve of other shapes change their
ids and arguments from request to request (:func:`choose_pools`), so that no cache of
answers serves a repeat, and every request's answer is checked against the floor's.

Method:

1. Start (or reuse) the benchmark Neo4j, wipe it and load a dataset: the Gifhorn landscape,
   then a synthetic one (about 10,000 nodes, ``bench.support.load_synthetic``).
2. Pick parameters that exist in that dataset (the actor kind, topic and municipality with
   the most offerings, the actor with the most offerings, fundings and memberships, the
   most common word of actor names, the working group addressing the most topics).
3. Ask every question once per contestant and reduce each answer to one canonical shape
   (same keys, stored lower-case enum values, ISO dates). Each server's must equal the
   floor's, in order, before anything is timed; a server that answers with an error (a
   filter it does not know yet, say) or with other data is reported for that question and
   left out of its timing, the others go on, and the run exits non-zero.
4. Time each question at concurrency 1 and 8 (``httpx.AsyncClient`` with keep-alive for
   HTTP, the async driver for the floor): a warm-up per contestant, then ``--requests``
   requests per contestant, interleaved in ``--rounds`` rounds whose order rotates, so
   that drift of the machine's load hits all alike. A request counts when the whole
   response body has arrived (status 200, no ``errors``). Around each timed burst the CPU
   time of every server's processes (all workers, summed) and their resident memory
   (sampled during the burst for the peak, and after it) are measured (``bench.resources``).
5. Report p50/p95 latency (ms), throughput (requests/s), the ratios ours/floor and
   ours/library of the p50 latencies, and each server's CPU ms per request and RSS MB
   (peak / after), as tables and in ``bench/results/library.json``.

Fairness: the same database on the same machine, warm caches (everything warmed up and the
page cache holds the whole dataset), the same questions with the same semantics. Where our
API applies an implicit rule the library's query spells it out: every nested list is
ordered by name or title, then id, and capped at 100 (our default nested page size); root
lists are ordered the same way; ``Municipality.offerings`` is asked with ``scope: EXACT``
because the library knows no municipality hierarchy. Enumerations are strings in the
library's type definitions (the stored lower-case value), which costs it nothing. Neither
server logs requests (``serve --no-access-log``). Ours runs ``--workers`` processes as a
user's would; the library runs one Node process (Node's event loop is its concurrency
model; Apollo's standalone server has no worker mode), so the CPU and memory columns show
what each costs for what it delivers. The library builds and runs its generated Cypher,
ours its own. The load generator shares the machine
with both servers and the database, as a client on the same host would.

Run: ``python -m bench library [--datasets gifhorn,synthetic] [--nodes 10000]
[--requests 200] [--workers N] [--resolver-path]``. ``--neo4j-dir DIR --neo4j-port N``
use a private local Neo4j instead of the shared bench server (stopped at the end unless
``--keep-neo4j``), for runs beside other benchmarks. ``--library-debug`` makes the library
log its generated Cypher (the log path is printed). Needs ``node`` (>= 20) and ``npm``;
``npm ci`` runs once when node_modules is missing. Everything this bench starts stops by
itself (on SIGTERM too).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import neo4j
from rich.console import Console
from rich.table import Table

from bench.library_questions import ALIASES, CASES, Case
from bench.resources import Meter, Spent
from bench.support import bench_settings, load_synthetic, save, wipe
from cli.main import default_workers
from graph import launcher
from graph.db import credentials, open_async_driver, open_driver
from graph.migrations import migrate
from graph.settings import PROJECT_ROOT, Settings, load_settings
from graph.store.writer import write_landscape
from loaders.landscape import load_landscape

GIFHORN = PROJECT_ROOT / "loaders" / "data" / "gifhorn"
LIBRARY_DIR = PROJECT_ROOT / "bench" / "neo4j_graphql_library"
CONTESTANTS = ("ours", "resolver", "library", "floor_http", "floor")
"""``resolver`` (our server with API_COMPILED=false) runs only with ``--resolver-path``."""
SERVER_CONTESTANTS = frozenset({"ours", "resolver", "library", "floor_http"})
POOL_SIZE = 10
"""Values per varied parameter: request i of a question uses value i mod 10 of each pool."""
MB = 1024 * 1024
START_TIMEOUT = 600.0
LOAD_TIMEOUT = 600.0
"""Seconds the Gifhorn load may take: on a busy machine it outlasts Neo4j's default 30 s."""

Json = Any
Call = Callable[[], Awaitable[object]]


class BenchError(RuntimeError):
    """A contestant failed: it did not start, or answered with an error."""


# --- canonical answers ---------------------------------------------------------------------

ENUM_KEYS = frozenset({"kind", "role"})


def normalise(value: Json, key: str = "") -> Json:
    """Enum names as the stored lower-case value, dates and times in ISO form."""
    if isinstance(value, Mapping):
        return {k: normalise(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [normalise(item) for item in value]
    if isinstance(value, str) and key in ENUM_KEYS:
        return value.lower()
    if hasattr(value, "iso_format"):
        return str(value.iso_format())
    return value


def first_difference(left: Json, right: Json, path: str = "") -> str | None:
    """Where two canonical answers first differ (None when equal)."""
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right)):
            if key not in left or key not in right:
                return f"{path}.{key}: only on one side"
            found = first_difference(left[key], right[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(left, list) and isinstance(right, list):
        for index, (a, b) in enumerate(zip(left, right, strict=False)):
            found = first_difference(a, b, f"{path}[{index}]")
            if found:
                return found
        if len(left) != len(right):
            return f"{path}: {len(left)} vs {len(right)} items"
        return None
    return None if left == right else f"{path}: {left!r} vs {right!r}"


def answer_size(value: Json) -> int:
    """Number of objects in a canonical answer (reported, so that 'same' is not vacuous)."""
    if isinstance(value, dict):
        return 1 + sum(answer_size(v) for v in value.values())
    if isinstance(value, list):
        return sum(answer_size(v) for v in value)
    return 0


# --- data ----------------------------------------------------------------------------------


def load_dataset(driver: neo4j.Driver, database: str, name: str, nodes: int) -> str:
    """Wipe the database and load one dataset; describe what is there."""
    if name == "gifhorn":
        wipe(driver, database)
        migrate(driver, database)
        write_landscape(driver, load_landscape([GIFHORN]), database=database, timeout=LOAD_TIMEOUT)
    elif name == "synthetic":
        load_synthetic(driver, database, nodes)
    else:
        raise BenchError(f"unknown dataset {name!r} (gifhorn or synthetic)")
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN count(n) AS nodes, COUNT { ()-[]->() } AS relationships",
        database_=database,
    )
    return f"{records[0]['nodes']} nodes, {records[0]['relationships']} relationships"


def choose_params(driver: neo4j.Driver, database: str) -> dict[str, Any]:
    """Values that exist in the loaded data and give each question real work."""

    def one(query: str) -> Any:
        records, _, _ = driver.execute_query(query, database_=database)
        if not records:
            raise BenchError(f"the dataset has nothing for: {query}")
        return records[0][0]

    kind = one(
        "MATCH (a:Actor)-[:OFFERS]->(:Offering) WITH a.kind AS kind, count(DISTINCT a) AS n "
        "RETURN kind ORDER BY n DESC, kind LIMIT 1"
    )
    names, _, _ = driver.execute_query("MATCH (a:Actor) RETURN a.name AS name", database_=database)
    words = Counter(
        word for record in names for word in re.findall(r"[^\W\d_]{5,}", record["name"])
    )
    return {
        "kind": kind,
        "kindEnum": str(kind).upper(),
        "topic": one(
            "MATCH (o:Offering)-[:ADDRESSES]->(t:Topic) WITH t.id AS id, count(o) AS n "
            "RETURN id ORDER BY n DESC, id LIMIT 1"
        ),
        "municipality": one(
            "MATCH (o:Offering)-[:AVAILABLE_IN]->(m:Municipality) WITH m.id AS id, count(o) AS n "
            "RETURN id ORDER BY n DESC, id LIMIT 1"
        ),
        "actor": one(
            "MATCH (a:Actor) RETURN a.id "
            "ORDER BY COUNT { (a)-[:OFFERS|FUNDS|MEMBER_OF]->() } DESC, a.id LIMIT 1"
        ),
        "text": min(words, key=lambda word: (-words[word], word)),
        "workingGroup": one(
            "MATCH (w:WorkingGroup)-[:ADDRESSES]->(t:Topic) WITH w.id AS id, count(t) AS n "
            "RETURN id ORDER BY n DESC, id LIMIT 1"
        ),
    }


def choose_pools(driver: neo4j.Driver, database: str) -> dict[str, list[Any]]:
    """Values for the varied questions' parameters, POOL_SIZE of each where the data has them.

    An empty pool (no events in the synthetic data, say) leaves its questions out for that
    dataset. ``after`` (cursors into the middle of the actor list) is filled once our server
    runs (:func:`middle_cursors`).
    """

    def ids(query: str) -> list[Any]:
        records, _, _ = driver.execute_query(query, database_=database)
        return [record[0] for record in records]

    actors = ids(
        "MATCH (a:Actor) RETURN a.id ORDER BY COUNT { (a)--() } DESC, a.id LIMIT $n".replace(
            "$n", str(POOL_SIZE * ALIASES)
        )
    )
    topics = ids(
        "MATCH (t:Topic) RETURN t.id ORDER BY COUNT { (t)<-[:ADDRESSES]-() } DESC, t.id LIMIT 30"
    )
    kinds = ids(
        "MATCH (a:Actor) WITH a.kind AS kind, count(*) AS n RETURN kind ORDER BY n DESC, kind"
    )
    offering_kinds = ids(
        "MATCH (o:Offering) WITH o.kind AS kind, count(*) AS n RETURN kind ORDER BY n DESC, kind"
    )
    offerings = ids("MATCH (o:Offering) RETURN count(o)")[0]
    actor_count = ids("MATCH (a:Actor) RETURN count(a)")[0]
    pools: dict[str, list[Any]] = {
        f"a{alias}": [actors[(i * ALIASES + alias) % len(actors)] for i in range(POOL_SIZE)]
        for alias in range(ALIASES)
    }
    kind_pairs = [[kinds[i % len(kinds)], kinds[(i + 1) % len(kinds)]] for i in range(POOL_SIZE)]
    pools |= {
        "topics": [rotate(topics, 5 * i, 5) for i in range(POOL_SIZE)],
        "topicTrio": [rotate(topics, 3 * i, 3) for i in range(POOL_SIZE)],
        "size": [min(300, offerings) - 7 * i for i in range(POOL_SIZE)],
        "event": ids(
            "MATCH (e:Event) WHERE EXISTS { (e)<-[:PARTICIPATED_IN]-() } "
            "RETURN e.id ORDER BY COUNT { (e)<-[:PARTICIPATED_IN]-() } DESC, e.id LIMIT $n".replace(
                "$n", str(POOL_SIZE)
            )
        ),
        "actor": ids(
            "MATCH (a:Actor) RETURN a.id ORDER BY COUNT { (a)-[:OFFERS]->() } DESC, a.id "
            f"LIMIT {POOL_SIZE}"
        ),
        "offeringKinds": [offering_kinds[:2]] * POOL_SIZE,
        "offeringKindsEnum": [[kind.upper() for kind in offering_kinds[:2]]] * POOL_SIZE,
        "workingGroup": ids(
            "MATCH (w:WorkingGroup) RETURN w.id ORDER BY COUNT { (w)<-[:MEMBER_OF]-() } DESC, "
            f"w.id LIMIT {POOL_SIZE}"
        ),
        "topic": topics[:POOL_SIZE],
        "kinds": kind_pairs,
        "kindsEnum": [[kind.upper() for kind in pair] for pair in kind_pairs],
        "offset": [actor_count // 2 + 3 * i for i in range(POOL_SIZE)],
        "offering": ids(
            "MATCH (o:Offering) RETURN o.id ORDER BY COUNT { (o)--() } DESC, o.id "
            f"LIMIT {POOL_SIZE}"
        ),
        "place": ids(
            "MATCH (m:Municipality) RETURN m.id ORDER BY COUNT { (m)<-[:AVAILABLE_IN]-() } DESC, "
            f"m.id LIMIT {POOL_SIZE}"
        ),
    }
    return pools


def rotate(items: list[Any], start: int, size: int) -> list[Any]:
    """``size`` items from ``start`` on, wrapping around (all of them when there are fewer)."""
    if len(items) <= size:
        return list(items)
    return [items[(start + i) % len(items)] for i in range(size)]


def variants(
    case: Case, params: Mapping[str, Any], pools: Mapping[str, list[Any]]
) -> list[dict[str, Any]]:
    """The parameters of each request of a question: value i of each pool for request i."""
    if not case.vary:
        return [dict(params)]
    count = max(len(pools[name]) for name in case.vary)
    return [
        {**params, **{name: pools[name][i % len(pools[name])] for name in case.vary}}
        for i in range(count)
    ]


def runnable(case: Case, pools: Mapping[str, list[Any]]) -> bool:
    """Whether the dataset has values for every varied parameter of the question."""
    return all(pools.get(name) for name in case.vary)


def variables(document: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters a GraphQL document declares, and only those."""
    return {name: params[name] for name in dict.fromkeys(re.findall(r"\$(\w+)", document))}


# --- servers -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _spawn(
    name: str, command: list[str], cwd: Path, env: dict[str, str], logs: Path
) -> tuple[subprocess.Popen[bytes], Path]:
    log = logs / f"{name}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=sink, stderr=sink)
    return process, log


def start_ours(
    name: str, settings: Settings, logs: Path, workers: int, compiled: bool = True
) -> Server:
    """Our API as users run it, ``integration-graph serve --workers N``, on a free port.

    Without access logging (the library logs no requests either); ``compiled=False`` serves
    the resolver path (``API_COMPILED=false``) for comparison.
    """
    env = dict(os.environ, ENVIRONMENT="production", API_COMPILED=str(compiled).lower())
    if settings.neo4j_uri is None:
        env["NEO4J_LOCAL_DIR"] = str(settings.neo4j_local_dir)
        env["NEO4J_LOCAL_PORT"] = str(settings.neo4j_local_port)
    env["NEO4J_DATABASE"] = settings.neo4j_database
    port = free_port()
    command = [
        sys.executable, "-m", "cli.main", "serve", "--workers", str(workers),
        "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
    ]  # fmt: skip
    process, log = _spawn(name, command, PROJECT_ROOT, env, logs)
    return Server(name, process, f"http://127.0.0.1:{port}/graphql", log)


def start_floor_http(settings: Settings, logs: Path, workers: int) -> Server:
    """The second floor (``bench.floor_server``): the floor's statements behind a minimal
    Starlette route on our HTTP stack, with as many workers as ours."""
    env = dict(os.environ, ENVIRONMENT="production")
    if settings.neo4j_uri is None:
        env["NEO4J_LOCAL_DIR"] = str(settings.neo4j_local_dir)
        env["NEO4J_LOCAL_PORT"] = str(settings.neo4j_local_port)
    env["NEO4J_DATABASE"] = settings.neo4j_database
    port = free_port()
    command = [
        sys.executable, "-m", "bench.floor_server", "--port", str(port), "--workers", str(workers),
    ]  # fmt: skip
    process, log = _spawn("floor_http", command, PROJECT_ROOT, env, logs)
    return Server("floor_http", process, f"http://127.0.0.1:{port}/", log)


def library_versions() -> dict[str, str]:
    manifest = json.loads((LIBRARY_DIR / "package.json").read_text())
    return {str(k): str(v) for k, v in manifest["dependencies"].items()}


def ensure_library_installed(console: Console) -> str:
    """The node binary; ``npm ci`` from the committed lock file when nothing is installed."""
    node = shutil.which("node")
    if node is None:
        raise BenchError("node (>= 20) is needed for the Neo4j GraphQL Library contestant")
    if not (LIBRARY_DIR / "node_modules" / "@neo4j" / "graphql").is_dir():
        npm = shutil.which("npm")
        if npm is None:
            raise BenchError("npm is needed once to install bench/neo4j_graphql_library")
        console.print("installing the Neo4j GraphQL Library (npm ci) ...")
        subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=LIBRARY_DIR, check=True
        )
    return node


def start_library(settings: Settings, node: str, logs: Path, debug: bool) -> Server:
    """server.mjs under node on a free 127.0.0.1 port, against the same database."""
    uri, user, password = credentials(settings)
    port = free_port()
    env = dict(
        os.environ,
        NEO4J_URI=uri,
        NEO4J_USER=user,
        NEO4J_PASSWORD=password,
        NEO4J_DATABASE=settings.neo4j_database,
        PORT=str(port),
        NODE_ENV="production",
    )
    if debug:
        env["DEBUG"] = "@neo4j/graphql:execute"
    process, log = _spawn("library", [node, "server.mjs"], LIBRARY_DIR, env, logs)
    return Server("library", process, f"http://127.0.0.1:{port}/", log)


def wait_ready(server: Server, probe: Callable[[], bool]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            tail = server.log.read_text(errors="replace")[-2000:]
            raise BenchError(f"{server.name} exited with {server.process.returncode}:\n{tail}")
        try:
            if probe():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise BenchError(f"{server.name} did not answer within {START_TIMEOUT:.0f} s")


def _answers(server: Server) -> bool:
    """The server is ready: our ``/readyz`` says so, the library answers a query."""
    if server.name == "library":
        probe = httpx.post(server.url, json={"query": "{ __typename }"}, timeout=2)
    elif server.name == "floor_http":
        probe = httpx.post(server.url + "wide_list_500", content=b"{}", timeout=10)
    else:
        probe = httpx.get(server.url.removesuffix("/graphql") + "/readyz", timeout=2)
    return probe.status_code == 200


def wait_for_all(servers: Mapping[str, Server]) -> None:
    for server in servers.values():
        wait_ready(server, partial(_answers, server))


# --- measuring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One contestant's figures for one question at one concurrency."""

    p50_ms: float
    p95_ms: float
    rps: float
    requests: int
    spent: Spent | None = None  # CPU and memory of a server contestant (None: the floor)

    @classmethod
    def of(cls, latencies: list[float], wall: float, spent: Spent | None) -> Cell:
        ordered = sorted(latencies)
        middle = len(ordered) // 2
        p50 = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
        p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
        return cls(p50 * 1000, p95 * 1000, len(ordered) / wall, len(ordered), spent)


async def burst(call: Call, concurrency: int, count: int) -> tuple[list[float], float]:
    """``count`` calls by ``concurrency`` workers; each latency and the wall time."""
    latencies: list[float] = []
    remaining = count

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            begun = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - begun)

    started = time.perf_counter()
    workers = [asyncio.ensure_future(worker()) for _ in range(min(concurrency, count))]
    try:
        await asyncio.gather(*workers)
    except BaseException:  # one worker failed: the others stop too, nothing runs on
        for running in workers:
            running.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        raise
    return latencies, time.perf_counter() - started


async def metered_burst(
    call: Call, concurrency: int, count: int, pid: int | None, spent: Spent | None
) -> tuple[list[float], float]:
    """A burst; for a server (``pid``), its CPU time and memory around it go to ``spent``."""
    if pid is None or spent is None:
        return await burst(call, concurrency, count)
    with Meter(pid) as meter:
        result = await burst(call, concurrency, count)
    spent.add(meter.usage, count)
    return result


async def contest(
    calls: Mapping[str, Call],
    pids: Mapping[str, int],
    concurrency: int,
    args: argparse.Namespace,
) -> tuple[dict[str, Cell], dict[str, str]]:
    """Warm up each contestant, then ``--requests`` each in rotating, interleaved rounds.

    A contestant that has spent ``--seconds`` of wall time stops early (fewer requests, which
    the result records). The servers' CPU time and memory are measured around each timed
    burst (``bench.resources``), never around the warm-up. A contestant that fails under
    this load (an error answer, a timeout) is left out of the cell and named with its
    error in the second result: the others go on.
    """
    failed: dict[str, str] = {}

    async def attempt(name: str, run: Awaitable[Any]) -> Any:
        try:
            return await run
        except Exception as error:
            failed[name] = f"failed at c={concurrency}: {type(error).__name__}: {str(error)[:300]}"
            return None

    for name, call in calls.items():
        await attempt(name, burst(call, concurrency, args.warmup))
    names = [name for name in calls if name not in failed]
    latencies: dict[str, list[float]] = {name: [] for name in names}
    spent = {name: Spent() for name in names if name in pids}
    wall = dict.fromkeys(names, 0.0)
    chunk = math.ceil(args.requests / args.rounds)
    for round_index in range(args.rounds):
        shift = round_index % len(names) if names else 0
        for name in names[shift:] + names[:shift]:
            todo = min(chunk, args.requests - len(latencies[name]))
            if name in failed or todo <= 0 or wall[name] >= args.seconds:
                continue
            timed = await attempt(
                name, metered_burst(calls[name], concurrency, todo, pids.get(name), spent.get(name))
            )
            if timed is not None:
                latencies[name] += timed[0]
                wall[name] += timed[1]
    cells = {
        name: Cell.of(latencies[name], wall[name], spent.get(name))
        for name in names
        if name not in failed
    }
    return cells, failed


def http_call(
    client: httpx.AsyncClient, server: Server, case: Case, requests: list[dict[str, Any]]
) -> Call:
    """Post the question, with the next request's parameters each time (round robin)."""
    bodies = [json.dumps(request_body(server, case, params)).encode() for params in requests]
    url = request_url(server, case)
    headers = {"content-type": "application/json", "accept": "application/json"}
    turn = itertools.count()

    async def call() -> object:
        body = bodies[next(turn) % len(bodies)]
        response = await client.post(url, content=body, headers=headers)
        if response.status_code != 200 or b'"errors"' in response.content:
            raise BenchError(f"{url}: HTTP {response.status_code}: {response.text[:500]}")
        return response.content

    return call


def request_body(server: Server, case: Case, params: Mapping[str, Any]) -> Json:
    """A GraphQL request, or for the second floor the parameters of its statement."""
    if server.name == "floor_http":
        return dict(params)
    document = document_of(case, server.name)
    return {"query": document, "variables": variables(document, params)}


def request_url(server: Server, case: Case) -> str:
    return server.url + case.name if server.name == "floor_http" else server.url


async def floor_answer(
    driver: neo4j.AsyncDriver, database: str, case: Case, params: Mapping[str, Any]
) -> Json:
    """The floor's canonical answer for one request's parameters."""
    result = await driver.execute_query(case.floor, dict(params), database_=database)
    return normalise(result.records[0]["answer"])


def floor_call(
    driver: neo4j.AsyncDriver, database: str, case: Case, requests: list[dict[str, Any]]
) -> Call:
    """The floor: the statement through the driver, the next request's parameters each time."""
    turn = itertools.count()

    async def call() -> object:
        result = await driver.execute_query(
            case.floor,
            requests[next(turn) % len(requests)],
            database_=database,
            routing_=neo4j.RoutingControl.READ,
        )
        return result.records

    return call


async def server_answer(
    client: httpx.AsyncClient, server: Server, case: Case, params: Mapping[str, Any]
) -> Json:
    """One answer's data (for the second floor: its whole body)."""
    url = request_url(server, case)
    response = await client.post(url, json=request_body(server, case, params))
    try:
        body = response.json()
    except ValueError:
        raise BenchError(f"{url}: HTTP {response.status_code}: {response.text[:300]}") from None
    if server.name == "floor_http":
        if response.status_code != 200:
            raise BenchError(f"{url}: HTTP {response.status_code}")
        return body
    if response.status_code != 200 or body.get("errors"):
        raise BenchError(f"{url}: HTTP {response.status_code}: {body.get('errors')}")
    return body["data"]


def document_of(case: Case, name: str) -> str:
    return case.library if name == "library" else case.ours


def shape_of(case: Case, name: str) -> Callable[[Json], Json]:
    if name == "floor_http":
        return lambda answer: answer
    return case.library_shape if name == "library" else case.ours_shape


async def check_answers(
    case: Case,
    clients: Mapping[str, httpx.AsyncClient],
    servers: Mapping[str, Server],
    requests: list[dict[str, Any]],
    floor_answers: list[Json],
) -> dict[str, str]:
    """Each server's answers against the floor's, for every request's parameters: what went
    wrong, by contestant.

    A contestant that answers with an error (say, a filter it does not know yet) or with
    other data is left out of this question's timing; the others go on.
    """
    problems: dict[str, str] = {}
    for name, server in servers.items():
        for index, (params, floor_answer) in enumerate(zip(requests, floor_answers, strict=True)):
            try:
                data = await server_answer(clients[name], server, case, params)
            except BenchError as error:
                problems[name] = f"error: {str(error)[:300]}"
                break
            difference = first_difference(floor_answer, shape_of(case, name)(normalise(data)))
            if difference:
                problems[name] = f"answers differ (request {index}): {difference}"
                break
    return problems


async def middle_cursors(
    client: httpx.AsyncClient, server: Server, offsets: list[int]
) -> list[str]:
    """Our cursors before each offset of the actor list, walking it by pages of 100."""
    query = """query ($after: String) {
      actors(first: 100, after: $after) { edges { cursor } pageInfo { hasNextPage } }
    }"""
    cursors: list[str] = []
    after: str | None = None
    while len(cursors) < max(offsets):
        response = await client.post(
            server.url, json={"query": query, "variables": {"after": after}}
        )
        page = response.json()["data"]["actors"]
        cursors += [edge["cursor"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = cursors[-1]
    return [cursors[offset - 1] for offset in offsets]


async def bench_dataset(
    settings: Settings,
    servers: Mapping[str, Server],
    dataset: str,
    params: Mapping[str, Any],
    pools: dict[str, list[Any]],
    cases: list[Case],
    args: argparse.Namespace,
    console: Console,
) -> list[dict[str, Any]]:
    """Every question: compare the answers with the floor's (for every request's
    parameters), then time them at each level."""
    rows: list[dict[str, Any]] = []
    driver = open_async_driver(settings)
    limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
    clients = {name: httpx.AsyncClient(timeout=120, limits=limits) for name in servers}
    pids = {name: server.process.pid for name, server in servers.items()}
    try:
        if any("after" in case.vary for case in cases):
            pools["after"] = await middle_cursors(clients["ours"], servers["ours"], pools["offset"])
        for case in cases:
            if not runnable(case, pools):
                console.print(f"  {case.name}: the dataset has nothing for it, left out")
                continue
            requests = variants(case, params, pools)
            floor_answers = [
                await floor_answer(driver, settings.neo4j_database, case, request)
                for request in requests
            ]
            size = answer_size(floor_answers[0])
            problems = await check_answers(case, clients, servers, requests, floor_answers)
            for name, problem in problems.items():
                console.print(f"  [red]{case.name}: {name}: {problem}[/red]")
            calls: dict[str, Call] = {
                name: http_call(clients[name], server, case, requests)
                for name, server in servers.items()
                if name not in problems
            }
            if not calls:
                rows.append(result_row(dataset, case, 0, {}, problems, size, len(requests)))
                continue
            calls["floor"] = floor_call(driver, settings.neo4j_database, case, requests)
            gone: dict[str, str] = {}  # failed under load: not asked again at a higher level
            for concurrency in args.concurrency:
                cells, failed = await contest(calls, pids, concurrency, args)
                for name, problem in failed.items():
                    console.print(f"  [red]{case.name}: {name}: {problem}[/red]")
                    calls.pop(name)
                gone.update(failed)
                found = {**problems, **gone}
                row = result_row(dataset, case, concurrency, cells, found, size, len(requests))
                rows.append(row)
                console.print(
                    f"  {case.name:22} c={concurrency}  p50 ms: "
                    + "  ".join(f"{name} {cell.p50_ms:8.2f}" for name, cell in cells.items())
                )
    finally:
        for client in clients.values():
            await client.aclose()
        await driver.close()
    return rows


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return round(top / bottom, 2) if top is not None and bottom else None


def result_row(
    dataset: str,
    case: Case,
    concurrency: int,
    cells: Mapping[str, Cell],
    problems: Mapping[str, str],
    size: int,
    variants: int = 1,
) -> dict[str, Any]:
    """One row of the results: every contestant's figures (None where it was not timed)."""
    row: dict[str, Any] = {
        "dataset": dataset,
        "query": case.name,
        "purpose": case.purpose,
        "concurrency": concurrency,
        "same_data": not problems,
        "objects": size,
        "variants": variants,
        "problems": dict(problems),
    }
    for name in CONTESTANTS:
        cell = cells.get(name)
        row[f"{name}_p50_ms"] = round(cell.p50_ms, 2) if cell else None
        row[f"{name}_p95_ms"] = round(cell.p95_ms, 2) if cell else None
        row[f"{name}_rps"] = round(cell.rps, 1) if cell else None
        row[f"{name}_requests"] = cell.requests if cell else None
        if name in SERVER_CONTESTANTS:
            spent = cell.spent if cell else None
            row[f"{name}_cpu_ms_per_request"] = (
                round(spent.cpu_ms_per_request, 2) if spent else None
            )
            row[f"{name}_rss_peak_mb"] = round(spent.peak_rss / MB, 1) if spent else None
            row[f"{name}_rss_after_mb"] = round(spent.after_rss / MB, 1) if spent else None
    row["floor_http_over_floor"] = _ratio(row["floor_http_p50_ms"], row["floor_p50_ms"])
    for name in ("ours", "resolver"):
        row[f"{name}_over_floor"] = _ratio(row[f"{name}_p50_ms"], row["floor_p50_ms"])
        row[f"{name}_over_floor_http"] = _ratio(row[f"{name}_p50_ms"], row["floor_http_p50_ms"])
        row[f"{name}_over_library"] = _ratio(row[f"{name}_p50_ms"], row["library_p50_ms"])
        row[f"{name}_rps_over_library_rps"] = _ratio(row[f"{name}_rps"], row["library_rps"])
    return row


def _figure(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


RATIO_KEYS = {"ours/library req/s": "ours_rps_over_library_rps"}


def report(rows: list[dict[str, Any]], contestants: list[str], console: Console) -> None:
    """Two tables: latency and throughput of every contestant; the servers' CPU and memory."""
    resolver = " vs. ours (resolver path)" if "resolver" in contestants else ""
    table = Table(
        title=f"Ours{resolver} vs. the Neo4j GraphQL Library vs. hand-written Cypher (floor): "
        "latency in ms, throughput in requests/s"
    )
    ratios = [f"{name}/{other}" for name in ("ours", "resolver") if name in contestants
              for other in ("floor", "floor_http", "library")]  # fmt: skip
    ratios += ["ours/library req/s"]
    for column in (
        "dataset", "query", "c",
        *(f"{name} {measure}" for name in contestants for measure in ("p50", "p95", "req/s")),
        *ratios,
    ):  # fmt: skip
        table.add_column(column, justify="left" if column in ("dataset", "query") else "right")
    for row in rows:
        if not row["concurrency"]:
            table.add_row(
                row["dataset"], row["query"], "-", "no server's answer matched: not timed"
            )
            continue
        table.add_row(
            row["dataset"], row["query"], str(row["concurrency"]),
            *(
                _figure(row[f"{name}_{measure}"], 0 if measure == "rps" else 2)
                for name in contestants
                for measure in ("p50_ms", "p95_ms", "rps")
            ),
            *(_figure(row[RATIO_KEYS.get(ratio, ratio.replace("/", "_over_"))], 2)
              for ratio in ratios),
        )  # fmt: skip
    console.print(table)
    servers = [name for name in contestants if name in SERVER_CONTESTANTS]
    usage = Table(
        title="Server processes around each timed burst: CPU ms per request (user + system, "
        "all processes of the server), resident memory in MB (summed RSS) peak / after"
    )
    for column in (
        "dataset", "query", "c",
        *(f"{name} {measure}" for name in servers
          for measure in ("CPU ms/req", "RSS peak", "RSS after")),
    ):  # fmt: skip
        usage.add_column(column, justify="left" if column in ("dataset", "query") else "right")
    for row in rows:
        if row["concurrency"]:
            usage.add_row(
                row["dataset"], row["query"], str(row["concurrency"]),
                *(
                    _figure(row[f"{name}_{measure}"], digits)
                    for name in servers
                    for measure, digits in
                    (("cpu_ms_per_request", 2), ("rss_peak_mb", 0), ("rss_after_mb", 0))
                ),
            )  # fmt: skip
    console.print(usage)
    problems = {
        (row["dataset"], row["query"], name): problem
        for row in rows
        for name, problem in row["problems"].items()
    }
    for (dataset, query, name), problem in problems.items():
        console.print(f"[red]{dataset} {query}: {name}: {problem}[/red]")


# --- main ----------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench library",
        description="Our GraphQL API vs. the Neo4j GraphQL Library vs. the Cypher floor.",
    )
    parser.add_argument("--datasets", default="gifhorn,synthetic")
    parser.add_argument("--nodes", type=int, default=10_000, help="size of the synthetic one")
    parser.add_argument("--requests", type=int, default=200, help="per contestant and cell")
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds per cell")
    parser.add_argument("--warmup", type=int, default=20, help="requests per contestant")
    parser.add_argument("--seconds", type=float, default=60.0, help="at most, per contestant")
    parser.add_argument("--concurrency", default="1,8", help="comma-separated levels")
    parser.add_argument("--queries", default=",".join(case.name for case in CASES))
    parser.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="worker processes of our server (serve --workers; default: one per CPU core, "
        f"here {default_workers()})",
    )
    parser.add_argument(
        "--resolver-path",
        action="store_true",
        help="also run our server with API_COMPILED=false as the contestant 'resolver'",
    )
    parser.add_argument("--neo4j-dir", type=Path, help="a private local Neo4j instance folder")
    parser.add_argument("--neo4j-port", type=int, default=7792, help="its Bolt port")
    parser.add_argument("--keep-neo4j", action="store_true", help="leave the private one up")
    parser.add_argument("--library-debug", action="store_true", help="log the library's Cypher")
    args = parser.parse_args(argv)
    try:
        args.concurrency = [int(level) for level in args.concurrency.split(",")]
    except ValueError:
        parser.error(f"--concurrency must be comma-separated numbers (got {args.concurrency!r})")
    if min(args.concurrency) < 1:
        parser.error("--concurrency levels must be at least 1")
    if args.workers < 1:
        parser.error(f"--workers must be at least 1 (got {args.workers})")
    unknown = set(args.queries.split(",")) - {case.name for case in CASES}
    if unknown:
        parser.error(f"unknown queries: {', '.join(sorted(unknown))}")
    return args


def settings_for(args: argparse.Namespace) -> tuple[Settings, bool]:
    """The bench server's settings, and whether this run owns (and stops) the server."""
    if args.neo4j_dir is None or os.environ.get("NEO4J_URI"):
        return bench_settings(), False
    settings = load_settings(
        neo4j_local_dir=args.neo4j_dir.resolve(),
        neo4j_local_port=args.neo4j_port,
        neo4j_heap=os.environ.get("NEO4J_BENCH_HEAP", "2g"),
        neo4j_pagecache=os.environ.get("NEO4J_BENCH_PAGECACHE", "512m"),
    )
    print(launcher.start(settings).describe())
    return settings, not args.keep_neo4j


def start_servers(
    settings: Settings, node: str, logs: Path, args: argparse.Namespace
) -> dict[str, Server]:
    """Our server (and its resolver-path twin with ``--resolver-path``) and the library's."""
    servers = {"ours": start_ours("ours", settings, logs, args.workers)}
    if args.resolver_path:
        servers["resolver"] = start_ours("resolver", settings, logs, args.workers, compiled=False)
    servers["library"] = start_library(settings, node, logs, args.library_debug)
    servers["floor_http"] = start_floor_http(settings, logs, args.workers)
    return servers


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # so that ``finally`` stops the servers this run started


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    started = time.monotonic()
    wanted = args.queries.split(",")
    cases = [case for case in CASES if case.name in wanted]
    contestants = [name for name in CONTESTANTS if name != "resolver" or args.resolver_path]
    console = Console(width=None if sys.stdout.isatty() else 360)
    node = ensure_library_installed(console)
    versions = library_versions()
    node_version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout
    libraries = ", ".join(f"{name} {version}" for name, version in versions.items())
    resolver = ", resolver (the same, API_COMPILED=false)" if args.resolver_path else ""
    console.print(
        f"contestants: ours (integration-graph serve --workers {args.workers}, "
        f"API_COMPILED=true){resolver}, "
        f"library ({libraries}, node {node_version.strip()}, one process), floor (neo4j Python "
        f"driver {neo4j.__version__})"
    )
    settings, owns_neo4j = settings_for(args)
    logs = Path(tempfile.mkdtemp(prefix="bench-library-"))
    servers: dict[str, Server] = {}
    rows: list[dict[str, Any]] = []
    try:
        for dataset in args.datasets.split(","):
            with open_driver(settings) as driver:
                described = load_dataset(driver, settings.neo4j_database, dataset, args.nodes)
                params = choose_params(driver, settings.neo4j_database)
                pools = choose_pools(driver, settings.neo4j_database)
            console.print(f"[bold]{dataset}[/bold]: {described}; parameters {params}")
            if not servers:
                servers = start_servers(settings, node, logs, args)
                wait_for_all(servers)
            rows += asyncio.run(
                bench_dataset(settings, servers, dataset, params, pools, cases, args, console)
            )
    finally:
        for server in servers.values():
            server.stop()
        if owns_neo4j:
            launcher.stop(settings)
    report(rows, contestants, console)
    minutes = (time.monotonic() - started) / 60
    console.print(f"saved {save('library', rows)}; server logs in {logs}; took {minutes:.1f} min")
    if not all(row["same_data"] for row in rows):
        raise SystemExit("some contestants failed or answered differently (see above)")


if __name__ == "__main__":
    main()
