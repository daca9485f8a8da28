"""Our GraphQL API vs. the Neo4j GraphQL Library vs. the floor, side by side in one run.

The quality bar: a GraphQL request costs at most a small ratio over hand-written Cypher that
returns the same data through the driver (the *floor*), and beats the official Neo4j GraphQL
Library (``@neo4j/graphql`` 7, served by Apollo Server 5 on Node.js) on the same data and
queries. Three contestants answer the same planner and dashboard questions:

- ``ours``: the real app (``schema.app:create_app``) under uvicorn in its own process,
  HTTP POST to ``/graphql``;
- ``library``: ``bench/neo4j_graphql_library/server.mjs`` under node in its own process,
  HTTP POST to ``/``; its type definitions describe the same labels, properties and
  relationships (docs/data-format.md) and the library generates the Cypher;
- ``floor``: one hand-written Cypher statement per question, sent with the async Python
  driver's ``execute_query`` from the bench process (no HTTP, no GraphQL, no JSON).

Method:

1. Start (or reuse) the benchmark Neo4j, wipe it and load a dataset: the Gifhorn landscape,
   then a synthetic one (about 10,000 nodes, ``bench.support.load_synthetic``).
2. Pick parameters that exist in that dataset (the actor kind, topic and municipality with
   the most offerings, the actor with the most offerings, fundings and memberships, the
   most common word of actor names).
3. Ask every question once per contestant and reduce each answer to one canonical shape
   (same keys, stored lower-case enum values, ISO dates). The three must be equal, in
   order, before anything is timed; a question whose answers differ is reported and not
   timed, and the run exits non-zero.
4. Time each question at concurrency 1 and 8 (``httpx.AsyncClient`` with keep-alive for
   HTTP, the async driver for the floor): a warm-up per contestant, then ``--requests``
   requests per contestant, interleaved in ``--rounds`` rounds whose order rotates, so
   that drift of the machine's load hits all three alike. A request counts when the whole
   response body has arrived (status 200, no ``errors``).
5. Report p50/p95 latency (ms), throughput (requests/s) and the ratios ours/floor and
   ours/library of the p50 latencies, as a table and in ``bench/results/library.json``.

Fairness: the same database on the same machine, warm caches (everything warmed up and the
page cache holds the whole dataset), the same questions with the same semantics. Where our
API applies an implicit rule the library's query spells it out: every nested list is
ordered by name or title, then id, and capped at 100 (our default nested page size); root
lists are ordered the same way; ``Municipality.offerings`` is asked with ``scope: EXACT``
because the library knows no municipality hierarchy. Enumerations are strings in the
library's type definitions (the stored lower-case value), which costs it nothing. Both
servers run one process without request logging (uvicorn ``--no-access-log``); the library
builds and runs its generated Cypher, ours its own. The load generator shares the machine
with both servers and the database, as a client on the same host would.

Run: ``python -m bench library [--datasets gifhorn,synthetic] [--nodes 10000]
[--requests 200]``. ``--neo4j-dir DIR --neo4j-port N`` use a private local Neo4j instead of
the shared bench server (stopped at the end unless ``--keep-neo4j``), for runs beside other
benchmarks. ``--library-debug`` makes the library log its generated Cypher (the log path is
printed). Needs ``node`` (>= 20) and ``npm``; ``npm ci`` runs once when node_modules is
missing. Everything this bench starts stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import neo4j
from rich.console import Console
from rich.table import Table

from bench.support import bench_settings, load_synthetic, save, wipe
from graph import launcher
from graph.db import credentials, open_async_driver, open_driver
from graph.migrations import migrate
from graph.settings import PROJECT_ROOT, Settings, load_settings
from graph.store.writer import write_landscape
from loaders.landscape import load_landscape

GIFHORN = PROJECT_ROOT / "loaders" / "data" / "gifhorn"
LIBRARY_DIR = PROJECT_ROOT / "bench" / "neo4j_graphql_library"
CONTESTANTS = ("ours", "library", "floor")
START_TIMEOUT = 120.0

Json = Any
Call = Callable[[], Awaitable[object]]


class BenchError(RuntimeError):
    """A contestant failed: it did not start, or answered with an error."""


# --- the questions -------------------------------------------------------------------------

# The library spells out what our API does implicitly in every nested list.
BY_NAME = "(limit: 100, sort: [{name: ASC}, {id: ASC}])"
BY_TITLE = "(limit: 100, sort: [{title: ASC}, {id: ASC}])"
EDGES_BY_NAME = "(first: 100, sort: [{node: {name: ASC}}, {node: {id: ASC}}])"
EDGES_BY_TITLE = "(first: 100, sort: [{node: {title: ASC}}, {node: {id: ASC}}])"


def _nested(pattern: str, node: str, order: str, projection: str) -> str:
    """A floor subquery: related nodes ordered like our API, capped at 100."""
    return (
        f"COLLECT {{ MATCH {pattern} WITH {node} ORDER BY {node}.{order}, {node}.id "
        f"LIMIT 100 RETURN {node} {projection} }}"
    )


def _edges(value: Json, node: str, *props: str) -> list[Json]:
    """A library connection's edges as ``{prop..., node: {...}}`` items."""
    return [
        {**{p: edge["properties"][p] for p in props}, node: edge["node"]} for edge in value["edges"]
    ]


@dataclass(frozen=True)
class Case:
    """One question asked three ways, with a shape function per contestant.

    Each ``*_shape`` turns that contestant's (normalised) answer into the canonical shape;
    the floor's Cypher returns the canonical shape in its single column ``answer``.
    """

    name: str
    purpose: str
    ours: str
    library: str
    floor: str
    ours_shape: Callable[[Json], Json]
    library_shape: Callable[[Json], Json]


def _library_actor(data: Json) -> Json:
    if not data["actors"]:
        return None
    actor = dict(data["actors"][0])
    actor["fundings"] = _edges(actor.pop("fundingsConnection"), "offering", "program")
    actor["memberships"] = _edges(
        actor.pop("workingGroupsConnection"), "workingGroup", "role", "since"
    )
    return actor


def _library_groups(data: Json) -> Json:
    groups = []
    for group in data["workingGroups"]:
        shaped = dict(group)
        shaped["members"] = _edges(shaped.pop("membersConnection"), "actor", "role")
        groups.append(shaped)
    return groups


CASES: tuple[Case, ...] = (
    Case(
        "actors_by_kind",
        "dashboard: 100 actors of one kind with their offerings' titles",
        """query ($kindEnum: ActorKind!) {
          actors(where: {kind: {eq: $kindEnum}}, first: 100) {
            edges { node { id name offerings { id title } } }
          }
        }""",
        f"""query ($kind: String!) {{
          actors(where: {{kind: {{eq: $kind}}}}, limit: 100,
                 sort: [{{name: ASC}}, {{id: ASC}}]) {{
            id name offerings{BY_TITLE} {{ id title }}
          }}
        }}""",
        f"""MATCH (a:Actor {{kind: $kind}}) WITH a ORDER BY a.name, a.id LIMIT 100
        RETURN collect(a {{.id, .name,
          offerings: {_nested("(a)-[:OFFERS]->(o:Offering)", "o", "title", "{.id, .title}")}
        }}) AS answer""",
        lambda data: [edge["node"] for edge in data["actors"]["edges"]],
        lambda data: data["actors"],
    ),
    Case(
        "offerings_by_topic",
        "planner: 100 offerings on one topic with providers, languages, municipalities",
        """query ($topic: ID!) {
          offerings(where: {topic: {eq: $topic}}, first: 100) {
            edges { node {
              id title
              providers { id name } languages { id name } municipalities { id name }
            } }
          }
        }""",
        f"""query ($topic: ID!) {{
          offerings(where: {{topics: {{some: {{id: {{eq: $topic}}}}}}}}, limit: 100,
                    sort: [{{title: ASC}}, {{id: ASC}}]) {{
            id title
            providers{BY_NAME} {{ id name }}
            languages{BY_NAME} {{ id name }}
            municipalities{BY_NAME} {{ id name }}
          }}
        }}""",
        f"""MATCH (o:Offering) WHERE EXISTS {{ (o)-[:ADDRESSES]->(:Topic {{id: $topic}}) }}
        WITH o ORDER BY o.title, o.id LIMIT 100
        RETURN collect(o {{.id, .title,
          providers: {_nested("(o)<-[:OFFERS]-(a:Actor)", "a", "name", "{.id, .name}")},
          languages: {_nested("(o)-[:IN_LANGUAGE]->(l:Language)", "l", "name", "{.id, .name}")},
          municipalities:
            {_nested("(o)-[:AVAILABLE_IN]->(m:Municipality)", "m", "name", "{.id, .name}")}
        }}) AS answer""",
        lambda data: [edge["node"] for edge in data["offerings"]["edges"]],
        lambda data: data["offerings"],
    ),
    Case(
        "municipality_3_levels",
        "dashboard: a municipality -> its offerings -> their providers -> working groups",
        """query ($municipality: ID!) {
          municipality(id: $municipality) {
            id name
            offerings(scope: EXACT) {
              id title
              providers { id name memberships { workingGroup { id name } } }
            }
          }
        }""",
        f"""query ($municipality: ID!) {{
          municipalities(where: {{id: {{eq: $municipality}}}}) {{
            id name
            offerings{BY_TITLE} {{
              id title
              providers{BY_NAME} {{ id name workingGroups{BY_NAME} {{ id name }} }}
            }}
          }}
        }}""",
        f"""MATCH (m:Municipality {{id: $municipality}})
        RETURN m {{.id, .name,
          offerings: COLLECT {{
            MATCH (m)<-[:AVAILABLE_IN]-(o:Offering) WITH o ORDER BY o.title, o.id LIMIT 100
            RETURN o {{.id, .title,
              providers: COLLECT {{
                MATCH (o)<-[:OFFERS]-(a:Actor) WITH a ORDER BY a.name, a.id LIMIT 100
                RETURN a {{.id, .name, workingGroups:
                  {_nested("(a)-[:MEMBER_OF]->(w:WorkingGroup)", "w", "name", "{.id, .name}")}
                }}
              }}
            }}
          }}
        }} AS answer""",
        lambda data: {
            **{k: v for k, v in data["municipality"].items() if k != "offerings"},
            "offerings": [
                {
                    **{k: v for k, v in offering.items() if k != "providers"},
                    "providers": [
                        {
                            "id": provider["id"],
                            "name": provider["name"],
                            "workingGroups": [m["workingGroup"] for m in provider["memberships"]],
                        }
                        for provider in offering["providers"]
                    ],
                }
                for offering in data["municipality"]["offerings"]
            ],
        },
        lambda data: data["municipalities"][0] if data["municipalities"] else None,
    ),
    Case(
        "actors_name_page",
        "planner: actors whose name contains a word, first page of 20, total and hasNext",
        """query ($text: String!) {
          actors(where: {name: {contains: $text}}, first: 20) {
            totalCount
            pageInfo { hasNextPage }
            edges { node { id name kind locatedIn { id name } } }
          }
        }""",
        """query ($text: String!) {
          actorsConnection(where: {name: {contains: $text}}, first: 20,
                           sort: [{name: ASC}, {id: ASC}]) {
            totalCount
            pageInfo { hasNextPage }
            edges { node { id name kind locatedIn { id name } } }
          }
        }""",
        """CALL () { MATCH (a:Actor) WHERE a.name CONTAINS $text RETURN count(a) AS total }
        CALL () {
          MATCH (a:Actor) WHERE a.name CONTAINS $text WITH a ORDER BY a.name, a.id LIMIT 20
          RETURN collect(a {.id, .name, .kind,
            locatedIn: [(a)-[:LOCATED_IN]->(m:Municipality) | m {.id, .name}][0]}) AS nodes
        }
        RETURN {totalCount: total, hasNextPage: total > 20, nodes: nodes} AS answer""",
        lambda data: {
            "totalCount": data["actors"]["totalCount"],
            "hasNextPage": data["actors"]["pageInfo"]["hasNextPage"],
            "nodes": [edge["node"] for edge in data["actors"]["edges"]],
        },
        lambda data: {
            "totalCount": data["actorsConnection"]["totalCount"],
            "hasNextPage": data["actorsConnection"]["pageInfo"]["hasNextPage"],
            "nodes": [edge["node"] for edge in data["actorsConnection"]["edges"]],
        },
    ),
    Case(
        "actor_everything",
        "planner: one actor by id with everything around it (5 lists, 4 nested in offerings)",
        """query ($actor: ID!) {
          actor(id: $actor) {
            id name kind description website
            locatedIn { id name } partOf { id name }
            activeIn { id name } parts { id name }
            offerings {
              id title kind
              topics { id name } targetGroups { id name }
              languages { id name } municipalities { id name }
            }
            fundings { program offering { id title } }
            memberships { role since workingGroup { id name } }
          }
        }""",
        f"""query ($actor: ID!) {{
          actors(where: {{id: {{eq: $actor}}}}) {{
            id name kind description website
            locatedIn {{ id name }} partOf {{ id name }}
            activeIn{BY_NAME} {{ id name }} parts{BY_NAME} {{ id name }}
            offerings{BY_TITLE} {{
              id title kind
              topics{BY_NAME} {{ id name }} targetGroups{BY_NAME} {{ id name }}
              languages{BY_NAME} {{ id name }} municipalities{BY_NAME} {{ id name }}
            }}
            fundingsConnection{EDGES_BY_TITLE} {{
              edges {{ properties {{ program }} node {{ id title }} }}
            }}
            workingGroupsConnection{EDGES_BY_NAME} {{
              edges {{ properties {{ role since }} node {{ id name }} }}
            }}
          }}
        }}""",
        f"""MATCH (a:Actor {{id: $actor}})
        RETURN a {{.id, .name, .kind, .description, .website,
          locatedIn: [(a)-[:LOCATED_IN]->(m:Municipality) | m {{.id, .name}}][0],
          partOf: [(a)-[:PART_OF]->(p:Actor) | p {{.id, .name}}][0],
          activeIn:
            {_nested("(a)-[:ACTIVE_IN]->(m:Municipality)", "m", "name", "{.id, .name}")},
          parts: {_nested("(a)<-[:PART_OF]-(p:Actor)", "p", "name", "{.id, .name}")},
          offerings: COLLECT {{
            MATCH (a)-[:OFFERS]->(o:Offering) WITH o ORDER BY o.title, o.id LIMIT 100
            RETURN o {{.id, .title, .kind,
              topics: {_nested("(o)-[:ADDRESSES]->(t:Topic)", "t", "name", "{.id, .name}")},
              targetGroups:
                {_nested("(o)-[:TARGETS]->(g:TargetGroup)", "g", "name", "{.id, .name}")},
              languages:
                {_nested("(o)-[:IN_LANGUAGE]->(l:Language)", "l", "name", "{.id, .name}")},
              municipalities:
                {_nested("(o)-[:AVAILABLE_IN]->(m:Municipality)", "m", "name", "{.id, .name}")}
            }}
          }},
          fundings: COLLECT {{
            MATCH (a)-[f:FUNDS]->(o:Offering) WITH f, o ORDER BY o.title, o.id LIMIT 100
            RETURN {{program: f.program, offering: o {{.id, .title}}}}
          }},
          memberships: COLLECT {{
            MATCH (a)-[r:MEMBER_OF]->(w:WorkingGroup) WITH r, w ORDER BY w.name, w.id LIMIT 100
            RETURN {{role: r.role, since: r.since, workingGroup: w {{.id, .name}}}}
          }}
        }} AS answer""",
        lambda data: data["actor"],
        _library_actor,
    ),
    Case(
        "working_groups",
        "dashboard: 50 working groups with members (role, actor) and topics",
        """{
          workingGroups(first: 50) {
            edges { node {
              id name
              members { role actor { id name } }
              topics { id name }
            } }
          }
        }""",
        f"""{{
          workingGroups(limit: 50, sort: [{{name: ASC}}, {{id: ASC}}]) {{
            id name
            membersConnection{EDGES_BY_NAME} {{
              edges {{ properties {{ role }} node {{ id name }} }}
            }}
            topics{BY_NAME} {{ id name }}
          }}
        }}""",
        f"""MATCH (w:WorkingGroup) WITH w ORDER BY w.name, w.id LIMIT 50
        RETURN collect(w {{.id, .name,
          members: COLLECT {{
            MATCH (w)<-[r:MEMBER_OF]-(a:Actor) WITH r, a ORDER BY a.name, a.id LIMIT 100
            RETURN {{role: r.role, actor: a {{.id, .name}}}}
          }},
          topics: {_nested("(w)-[:ADDRESSES]->(t:Topic)", "t", "name", "{.id, .name}")}
        }}) AS answer""",
        lambda data: [edge["node"] for edge in data["workingGroups"]["edges"]],
        _library_groups,
    ),
)


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
        write_landscape(driver, load_landscape([GIFHORN]), database=database)
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
    }


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


def start_ours(settings: Settings, logs: Path) -> Server:
    """The real app under uvicorn on a free 127.0.0.1 port, without access logging."""
    env = dict(os.environ, ENVIRONMENT="production")
    if settings.neo4j_uri is None:
        env["NEO4J_LOCAL_DIR"] = str(settings.neo4j_local_dir)
        env["NEO4J_LOCAL_PORT"] = str(settings.neo4j_local_port)
    env["NEO4J_DATABASE"] = settings.neo4j_database
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "schema.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    process, log = _spawn("ours", command, PROJECT_ROOT, env, logs)
    return Server("ours", process, f"http://127.0.0.1:{port}/graphql", log)


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


def wait_for_both(ours: Server, library: Server) -> None:
    base = ours.url.removesuffix("/graphql")
    wait_ready(ours, lambda: httpx.get(f"{base}/readyz", timeout=2).status_code == 200)
    wait_ready(
        library,
        lambda: (
            httpx.post(library.url, json={"query": "{ __typename }"}, timeout=2).status_code == 200
        ),
    )


# --- measuring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    p50_ms: float
    p95_ms: float
    rps: float
    requests: int

    @classmethod
    def of(cls, latencies: list[float], wall: float) -> Cell:
        ordered = sorted(latencies)
        middle = len(ordered) // 2
        p50 = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
        p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
        return cls(p50 * 1000, p95 * 1000, len(ordered) / wall, len(ordered))


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
    await asyncio.gather(*(worker() for _ in range(min(concurrency, count))))
    return latencies, time.perf_counter() - started


async def contest(
    calls: Mapping[str, Call],
    concurrency: int,
    requests: int,
    rounds: int,
    warmup: int,
    seconds: float,
) -> dict[str, Cell]:
    """Warm up each contestant, then ``requests`` each in rotating, interleaved rounds.

    A contestant that has spent ``seconds`` of wall time stops early (fewer requests, which
    the result records).
    """
    for call in calls.values():
        await burst(call, concurrency, warmup)
    names = list(calls)
    latencies: dict[str, list[float]] = {name: [] for name in names}
    wall = dict.fromkeys(names, 0.0)
    chunk = math.ceil(requests / rounds)
    for round_index in range(rounds):
        shift = round_index % len(names)
        for name in names[shift:] + names[:shift]:
            todo = min(chunk, requests - len(latencies[name]))
            if todo <= 0 or wall[name] >= seconds:
                continue
            spent, elapsed = await burst(calls[name], concurrency, todo)
            latencies[name] += spent
            wall[name] += elapsed
    return {name: Cell.of(latencies[name], wall[name]) for name in names}


def http_call(
    client: httpx.AsyncClient, url: str, document: str, params: Mapping[str, Any]
) -> Call:
    body = json.dumps({"query": document, "variables": variables(document, params)}).encode()
    headers = {"content-type": "application/json", "accept": "application/json"}

    async def call() -> object:
        response = await client.post(url, content=body, headers=headers)
        if response.status_code != 200 or b'"errors"' in response.content:
            raise BenchError(f"{url}: HTTP {response.status_code}: {response.text[:500]}")
        return response.content

    return call


async def graphql_answer(
    client: httpx.AsyncClient, url: str, document: str, params: Mapping[str, Any]
) -> Json:
    response = await client.post(
        url, json={"query": document, "variables": variables(document, params)}
    )
    body = response.json()
    if response.status_code != 200 or body.get("errors"):
        raise BenchError(f"{url}: HTTP {response.status_code}: {body.get('errors')}")
    return body["data"]


async def bench_dataset(
    settings: Settings,
    servers: Mapping[str, Server],
    dataset: str,
    params: Mapping[str, Any],
    cases: list[Case],
    args: argparse.Namespace,
    console: Console,
) -> list[dict[str, Any]]:
    """Every question: compare the three answers, then time them at each concurrency."""
    rows: list[dict[str, Any]] = []
    driver = open_async_driver(settings)
    limits = httpx.Limits(max_connections=32, max_keepalive_connections=32)
    floor_params = dict(params)
    try:
        async with (
            httpx.AsyncClient(timeout=120, limits=limits) as ours_client,
            httpx.AsyncClient(timeout=120, limits=limits) as library_client,
        ):
            for case in cases:

                async def floor(case: Case = case) -> object:
                    result = await driver.execute_query(
                        case.floor,
                        floor_params,
                        database_=settings.neo4j_database,
                        routing_=neo4j.RoutingControl.READ,
                    )
                    return result.records

                ours_data = await graphql_answer(
                    ours_client, servers["ours"].url, case.ours, params
                )
                library_data = await graphql_answer(
                    library_client, servers["library"].url, case.library, params
                )
                floor_records: Any = await floor()
                answers = {
                    "ours": case.ours_shape(normalise(ours_data)),
                    "library": case.library_shape(normalise(library_data)),
                    "floor": normalise(floor_records[0]["answer"]),
                }
                problems = {
                    name: first_difference(answers["floor"], answers[name])
                    for name in ("ours", "library")
                }
                same = not any(problems.values())
                size = answer_size(answers["floor"])
                if not same:
                    console.print(f"  [red]{case.name}: answers differ[/red] {problems}")
                    rows.append(
                        {"dataset": dataset, "query": case.name, "same_data": False,
                         "objects": size, "problems": problems}
                    )  # fmt: skip
                    continue
                calls: dict[str, Call] = {
                    "ours": http_call(ours_client, servers["ours"].url, case.ours, params),
                    "library": http_call(
                        library_client, servers["library"].url, case.library, params
                    ),
                    "floor": floor,
                }
                for concurrency in args.concurrency:
                    cells = await contest(
                        calls, concurrency, args.requests, args.rounds, args.warmup, args.seconds
                    )
                    row = result_row(dataset, case, concurrency, cells, size)
                    rows.append(row)
                    console.print(
                        f"  {case.name:22} c={concurrency}  p50 ms: ours {row['ours_p50_ms']:8.2f}"
                        f"  library {row['library_p50_ms']:8.2f}  floor {row['floor_p50_ms']:8.2f}"
                        f"  ours/floor {row['ours_over_floor']:5.2f}"
                        f"  ours/library {row['ours_over_library']:5.2f}"
                    )
    finally:
        await driver.close()
    return rows


def result_row(
    dataset: str, case: Case, concurrency: int, cells: Mapping[str, Cell], size: int
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "dataset": dataset,
        "query": case.name,
        "purpose": case.purpose,
        "concurrency": concurrency,
        "same_data": True,
        "objects": size,
    }
    for name in CONTESTANTS:
        cell = cells[name]
        row[f"{name}_p50_ms"] = round(cell.p50_ms, 2)
        row[f"{name}_p95_ms"] = round(cell.p95_ms, 2)
        row[f"{name}_rps"] = round(cell.rps, 1)
        row[f"{name}_requests"] = cell.requests
    row["ours_over_floor"] = round(cells["ours"].p50_ms / cells["floor"].p50_ms, 2)
    row["ours_over_library"] = round(cells["ours"].p50_ms / cells["library"].p50_ms, 2)
    row["ours_rps_over_library_rps"] = round(cells["ours"].rps / cells["library"].rps, 2)
    return row


def report(rows: list[dict[str, Any]], console: Console) -> None:
    table = Table(
        title="Ours vs. the Neo4j GraphQL Library vs. hand-written Cypher (floor): "
        "latency in ms, throughput in requests/s"
    )
    left = ("dataset", "query")
    for column in (
        "dataset", "query", "c",
        "ours p50", "ours p95", "ours req/s",
        "library p50", "library p95", "library req/s",
        "floor p50", "floor p95", "floor req/s",
        "ours/floor", "ours/library",
    ):  # fmt: skip
        table.add_column(column, justify="left" if column in left else "right")
    for row in rows:
        if not row["same_data"]:
            table.add_row(row["dataset"], row["query"], "-", "answers differ: not timed")
            continue
        table.add_row(
            row["dataset"], row["query"], str(row["concurrency"]),
            *(
                f"{row[f'{name}_{measure}']:.{0 if measure == 'rps' else 2}f}"
                for name in CONTESTANTS
                for measure in ("p50_ms", "p95_ms", "rps")
            ),
            f"{row['ours_over_floor']:.2f}", f"{row['ours_over_library']:.2f}",
        )  # fmt: skip
    console.print(table)


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
    parser.add_argument("--neo4j-dir", type=Path, help="a private local Neo4j instance folder")
    parser.add_argument("--neo4j-port", type=int, default=7792, help="its Bolt port")
    parser.add_argument("--keep-neo4j", action="store_true", help="leave the private one up")
    parser.add_argument("--library-debug", action="store_true", help="log the library's Cypher")
    args = parser.parse_args(argv)
    args.concurrency = [int(level) for level in args.concurrency.split(",")]
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


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    wanted = args.queries.split(",")
    cases = [case for case in CASES if case.name in wanted]
    console = Console(width=None if sys.stdout.isatty() else 200)
    node = ensure_library_installed(console)
    versions = library_versions()
    node_version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout
    libraries = ", ".join(f"{name} {version}" for name, version in versions.items())
    console.print(
        f"contestants: ours (Strawberry on uvicorn), library ({libraries}, node "
        f"{node_version.strip()}), floor (neo4j Python driver {neo4j.__version__})"
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
            console.print(f"[bold]{dataset}[/bold]: {described}; parameters {params}")
            if not servers:
                servers["ours"] = start_ours(settings, logs)
                servers["library"] = start_library(settings, node, logs, args.library_debug)
                wait_for_both(servers["ours"], servers["library"])
            rows += asyncio.run(
                bench_dataset(settings, servers, dataset, params, cases, args, console)
            )
    finally:
        for server in servers.values():
            server.stop()
        if owns_neo4j:
            launcher.stop(settings)
    report(rows, console)
    console.print(f"saved {save('library', rows)}; server logs in {logs}")
    if not all(row["same_data"] for row in rows):
        raise SystemExit("some answers differed between the contestants (see above)")


if __name__ == "__main__":
    main()
