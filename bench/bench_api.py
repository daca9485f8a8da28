"""GraphQL endpoint vs. the floor: latency and throughput of dashboard and planner queries.

For the Gifhorn dataset and a synthetic landscape (10,000 nodes by default) the bench loads
the data into the benchmark Neo4j, starts the real app under uvicorn on 127.0.0.1 (its own
process), and measures each query two ways, side by side in one run:

- ``graphql``: an HTTP POST to ``/graphql`` with httpx (keep-alive), until the whole
  response body has arrived;
- ``floor``: hand-written Cypher that returns the same data in one statement, sent with
  the async driver's ``execute_query`` from this process (no HTTP, no GraphQL).

Before timing, both answers are reduced to the multiset of their leaf values and compared,
so the floor really is the same data (a mismatch is reported, not hidden).

Each cell runs a bounded number of requests (``--requests``, 8x for concurrency 8) and at
most ``--seconds``; the bench stops by itself. Reported: p50 and p95 latency (ms),
throughput (requests/s) at concurrency 1 and 8, and ``ratio`` = p50 graphql / p50 floor.

Run: ``python -m bench api [--datasets gifhorn,synthetic] [--nodes 10000]``
(``NEO4J_URI`` or the bench server of ``bench.support``; results in bench/results/api.json).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import neo4j
from rich.console import Console
from rich.table import Table

from bench.support import bench_settings, load_synthetic, save, wipe
from graph.db import open_async_driver, open_driver
from graph.migrations import migrate
from graph.queries.search import lucene_query
from graph.settings import PROJECT_ROOT, Settings
from graph.store.writer import write_landscape
from loaders.landscape import load_landscape

GIFHORN = PROJECT_ROOT / "loaders" / "data" / "gifhorn"
CONCURRENCY = (1, 8)
WARMUP = 15


@dataclass(frozen=True)
class Case:
    """One representative query: the GraphQL document and the floor's hand-written Cypher.

    ``params`` is filled from the loaded data (ids that exist in this dataset); the floor
    gets the same values. ``finish`` turns the floor's records into the answer's shape
    where Cypher alone would be awkward (zero-filling the coverage matrix).
    """

    name: str
    purpose: str
    graphql: str
    floor: str
    finish: Callable[[list[neo4j.Record], Mapping[str, Any]], Any] | None = None


def _record_values(records: list[neo4j.Record], params: Mapping[str, Any]) -> Any:
    return [record.data() for record in records]


def _fill_coverage(records: list[neo4j.Record], params: Mapping[str, Any]) -> Any:
    record = records[0]
    counted = {(cell["row"], cell["column"]): cell["count"] for cell in record["cells"]}
    matrix = [[counted.get((r, c), 0) for c in record["columns"]] for r in record["rows"]]
    return {"rows": record["rows"], "columns": record["columns"], "matrix": matrix}


# Hand-written scope of a municipality: itself, what it contains, what contains it.
PLACES = """
MATCH (anchor:Municipality {id: $municipality})
WITH anchor, [anchor]
  + COLLECT { MATCH (anchor)<-[:PART_OF*1..5]-(d:Municipality) RETURN d }
  + COLLECT { MATCH (anchor)-[:PART_OF*1..5]->(u:Municipality) RETURN u } AS places
"""

CASES: tuple[Case, ...] = (
    Case(
        "baseline",
        "the fixed cost: an empty GraphQL request vs. the cheapest statement",
        "{ __typename }",
        "RETURN 'Query' AS typename",
        lambda records, params: {"typename": records[0]["typename"]},
    ),
    Case(
        "actor_detail",
        "planner: one actor with offerings, vocabulary, memberships",
        """query ($actor: ID!) { actor(id: $actor) {
            id name kind description
            locatedIn { name }
            offerings { id title kind topics { name } languages { id } }
            memberships { role workingGroup { name } }
        } }""",
        """MATCH (a:Actor {id: $actor})
        RETURN a {.id, .name, .kind, .description,
          locatedIn: [(a)-[:LOCATED_IN]->(m:Municipality) | m {.name}][0],
          offerings: COLLECT {
            MATCH (a)-[:OFFERS]->(o:Offering) WITH o ORDER BY o.title, o.id LIMIT 100
            RETURN o {.id, .title, .kind,
              topics: COLLECT { MATCH (o)-[:ADDRESSES]->(t:Topic)
                                WITH t ORDER BY t.name, t.id LIMIT 100 RETURN t {.name} },
              languages: COLLECT { MATCH (o)-[:IN_LANGUAGE]->(l:Language)
                                   WITH l ORDER BY l.name, l.id LIMIT 100 RETURN l {.id} } } },
          memberships: COLLECT {
            MATCH (a)-[r:MEMBER_OF]->(w:WorkingGroup) WITH r, w ORDER BY w.name, w.id LIMIT 100
            RETURN {role: r.role, workingGroup: w {.name}} }
        } AS actor""",
    ),
    Case(
        "offerings_in_place",
        "planner: language offerings for a Samtgemeinde (hierarchy), page of 50 + total",
        """query ($municipality: ID!) {
          offerings(where: {municipality: {id: $municipality}, topic: {in: ["sprache", "bildung"]}},
                    first: 50) {
            totalCount
            edges { node { id title kind providers { name } languages { id } } }
          }
        }""",
        PLACES
        + """
        CALL (places) {
          MATCH (o:Offering)-[:AVAILABLE_IN]->(x:Municipality) WHERE x IN places
            AND EXISTS { (o)-[:ADDRESSES]->(t:Topic) WHERE t.id IN ['sprache', 'bildung'] }
          RETURN collect(DISTINCT o) AS matches
        }
        RETURN size(matches) AS totalCount,
          COLLECT { UNWIND matches AS o WITH o ORDER BY o.title, o.id LIMIT 50
            RETURN o {.id, .title, .kind,
              providers: COLLECT { MATCH (o)<-[:OFFERS]-(a:Actor)
                                   WITH a ORDER BY a.name, a.id LIMIT 100 RETURN a {.name} },
              languages: COLLECT { MATCH (o)-[:IN_LANGUAGE]->(l:Language)
                                   WITH l ORDER BY l.name, l.id LIMIT 100 RETURN l {.id} } }
          } AS nodes""",
        lambda records, params: {
            "totalCount": records[0]["totalCount"],
            "nodes": records[0]["nodes"],
        },
    ),
    Case(
        "actors_table",
        "dashboard: 100 actors, 3 levels (place, offerings, their topics) + total",
        """{ actors(first: 100) {
            totalCount
            edges { node {
              id name kind
              locatedIn { name }
              offerings(first: 10) { title topics { name } }
            } }
        } }""",
        """CALL () { MATCH (a:Actor) RETURN count(a) AS totalCount }
        CALL () {
          MATCH (a:Actor) WITH a ORDER BY a.name, a.id LIMIT 100
          RETURN collect(a {.id, .name, .kind,
            locatedIn: [(a)-[:LOCATED_IN]->(m:Municipality) | m {.name}][0],
            offerings: COLLECT {
              MATCH (a)-[:OFFERS]->(o:Offering) WITH o ORDER BY o.title, o.id LIMIT 10
              RETURN o {.title, topics: COLLECT { MATCH (o)-[:ADDRESSES]->(t:Topic)
                WITH t ORDER BY t.name, t.id LIMIT 100 RETURN t {.name} } } }
          }) AS nodes
        }
        RETURN totalCount, nodes""",
    ),
    Case(
        "who_works_on",
        "planner: who offers Sprache in a Samtgemeinde in Arabic or Persian, and why",
        """query ($municipality: ID!) {
          whoWorksOn(topic: ["sprache"], municipality: [$municipality], language: ["ar", "fa"]) {
            offeringCount actorCount
            offerings { offering { id title } reasons { criterion id relation } }
            actors { actor { id name } offerings { offering { id } } }
          }
        }""",
        PLACES
        + """
        CALL (anchor, places) {
          MATCH (o:Offering)-[:AVAILABLE_IN]->(x:Municipality) WHERE x IN places
            AND EXISTS { (o)-[:ADDRESSES]->(t:Topic) WHERE t.id = 'sprache' }
            AND EXISTS { (o)-[:IN_LANGUAGE]->(l:Language) WHERE l.id IN ['ar', 'fa'] }
          WITH DISTINCT o ORDER BY o.title, o.id
          RETURN collect({offering: o {.id, .title}, reasons:
            [(o)-[:ADDRESSES]->(t:Topic) WHERE t.id = 'sprache'
               | {criterion: 'topic', id: t.id, relation: null}]
            + COLLECT { MATCH (o)-[:IN_LANGUAGE]->(l:Language) WHERE l.id IN ['ar', 'fa']
                        WITH l ORDER BY l.name, l.id
                        RETURN {criterion: 'language', id: l.id, relation: null} }
            + COLLECT { MATCH (o)-[:AVAILABLE_IN]->(x:Municipality) WHERE x IN places
                        WITH x ORDER BY x.name, x.id
                        RETURN {criterion: 'municipality', id: x.id, relation:
                          CASE WHEN x = anchor THEN 'exact'
                               WHEN EXISTS { (x)-[:PART_OF*1..5]->(anchor) } THEN 'part'
                               ELSE 'enclosing' END} }
          }) AS matches
        }
        WITH matches, [m IN matches | m.offering.id] AS ids
        CALL (ids) {
          MATCH (a:Actor)-[:OFFERS]->(o:Offering) WHERE o.id IN ids
          WITH a, o ORDER BY o.title, o.id
          WITH a, collect({offering: o {.id}}) AS offerings
          ORDER BY size(offerings) DESC, a.name, a.id
          RETURN collect({actor: a {.id, .name}, offerings: offerings[..50]}) AS actors
        }
        RETURN size(matches) AS offeringCount, size(actors) AS actorCount,
          matches[..50] AS offerings, actors[..50] AS actors""",
    ),
    Case(
        "coverage",
        "dashboard: offerings per municipality x topic (hierarchy, zero cells included)",
        "{ coverage(rows: MUNICIPALITY, columns: TOPIC) { rows { id } columns { id } matrix } }",
        """CALL () { MATCH (m:Municipality) WITH m ORDER BY m.name, m.id
                    RETURN collect(m.id) AS rows }
        CALL () { MATCH (t:Topic) WITH t ORDER BY t.name, t.id RETURN collect(t.id) AS columns }
        CALL () {
          MATCH (o:Offering)-[:AVAILABLE_IN]->(x:Municipality)
          CALL (x) {
            MATCH (x)-[:PART_OF*0..5]->(m:Municipality) RETURN m
            UNION MATCH (x)<-[:PART_OF*1..5]-(m:Municipality) RETURN m
          }
          WITH DISTINCT o, m
          MATCH (o)-[:ADDRESSES]->(t:Topic)
          WITH m.id AS row, t.id AS column, count(DISTINCT o) AS count
          RETURN collect({row: row, column: column, count: count}) AS cells
        }
        RETURN rows, columns, cells""",
        _fill_coverage,
    ),
    Case(
        "search",
        "planner: full-text search, 20 best hits",
        """query ($text: String!) { search(text: $text, first: 20) {
            score kind
            node {
              ... on Actor { id name } ... on Offering { id title }
              ... on WorkingGroup { id name } ... on Topic { id name }
              ... on TargetGroup { id name } ... on Event { id name }
            }
        } }""",
        """CALL db.index.fulltext.queryNodes('landscape_search', $lucene) YIELD node, score
        WITH node, score, [l IN labels(node)
          WHERE l IN ['Actor', 'Offering', 'WorkingGroup', 'Topic', 'TargetGroup', 'Event']][0]
          AS kind
        WHERE kind IS NOT NULL
        RETURN score, kind, node {.id, .name, .title} AS node
        ORDER BY score DESC, node.id LIMIT 20""",
    ),
    Case(
        "working_groups",
        "dashboard: working groups with members (role, actor) and topics",
        """{ workingGroups(first: 50) { edges { node {
            id name
            members { role actor { id name kind } }
            topics { name }
        } } } }""",
        """MATCH (w:WorkingGroup) WITH w ORDER BY w.name, w.id LIMIT 50
        RETURN w {.id, .name,
          members: COLLECT { MATCH (w)<-[r:MEMBER_OF]-(a:Actor)
                             WITH r, a ORDER BY a.name, a.id LIMIT 100
                             RETURN {role: r.role, actor: a {.id, .name, .kind}} },
          topics: COLLECT { MATCH (w)-[:ADDRESSES]->(t:Topic)
                            WITH t ORDER BY t.name, t.id LIMIT 100 RETURN t {.name} }
        } AS node""",
    ),
    Case(
        "municipality_detail",
        "dashboard: a Samtgemeinde with its parts, residents by country and offerings",
        """query ($municipality: ID!) { municipality(id: $municipality) {
            name population
            parts { id name population }
            residents(first: 10) { count year country { name } }
            offerings(first: 20) { id title }
        } }""",
        PLACES
        + """
        WITH anchor, places, COLLECT {
          MATCH (anchor)<-[:PART_OF*0..5]-(:Municipality)<-[r:RESIDES_IN]-(:Country)
          RETURN max(r.year) }[0] AS latest
        CALL (anchor, latest) {
          MATCH (anchor)<-[:PART_OF*0..5]-(:Municipality)<-[r:RESIDES_IN]-(c:Country)
          WHERE r.year = latest
          WITH c, sum(r.count) AS count ORDER BY count DESC, c.id LIMIT 10
          RETURN collect({count: count, year: latest, country: c {.name}}) AS residents
        }
        RETURN anchor {.name, .population, residents: residents,
          parts: COLLECT { MATCH (anchor)<-[:PART_OF]-(p:Municipality)
                           WITH p ORDER BY p.name, p.id LIMIT 100
                           RETURN p {.id, .name, .population} },
          offerings: COLLECT {
            MATCH (o:Offering)-[:AVAILABLE_IN]->(x:Municipality) WHERE x IN places
            WITH DISTINCT o ORDER BY o.title, o.id LIMIT 20 RETURN o {.id, .title} }
        } AS municipality""",
    ),
)


# --- data ------------------------------------------------------------------------------------


def load_dataset(driver: neo4j.Driver, database: str, name: str, nodes: int) -> str:
    """Wipe the bench database and load one dataset; return a description."""
    if name == "gifhorn":
        wipe(driver, database)
        migrate(driver, database)
        write_landscape(driver, load_landscape([GIFHORN]), database=database)
    else:
        load_synthetic(driver, database, nodes)
    records, _, _ = driver.execute_query(
        "MATCH (n) RETURN count(n) AS nodes, COUNT { ()-[]->() } AS relationships",
        database_=database,
    )
    return f"{name}: {records[0]['nodes']} nodes, {records[0]['relationships']} relationships"


def choose_params(driver: neo4j.Driver, database: str) -> dict[str, Any]:
    """Ids that exist in the loaded data: the busiest actor and Samtgemeinde."""
    actor, _, _ = driver.execute_query(
        "MATCH (a:Actor)-[:OFFERS]->(o) WITH a.id AS id, count(o) AS n "
        "RETURN id ORDER BY n DESC, id LIMIT 1",
        database_=database,
    )
    place, _, _ = driver.execute_query(
        "MATCH (m:Municipality {kind: 'samtgemeinde'})<-[:PART_OF*0..5]-(:Municipality)"
        "<-[:AVAILABLE_IN]-(o:Offering) WITH m.id AS id, count(o) AS n "
        "RETURN id ORDER BY n DESC, id LIMIT 1",
        database_=database,
    )
    text = "Sprache Beratung Integration"
    return {
        "actor": actor[0]["id"],
        "municipality": place[0]["id"],
        "text": text,
        "lucene": lucene_query(text),
    }


# --- comparing answers -----------------------------------------------------------------------


def leaves(value: Any) -> Counter[str]:
    """The multiset of scalar values in an answer, spelled alike on both sides.

    Enum names (``WORKING_GROUP``) and stored values or labels (``working_group``,
    ``WorkingGroup``) compare equal; dates compare by their ISO form; floats by 6 digits.
    """
    found: Counter[str] = Counter()

    def walk(item: Any) -> None:
        if isinstance(item, Mapping):
            for child in item.values():
                walk(child)
        elif isinstance(item, list | tuple):
            for child in item:
                walk(child)
        elif item is None:
            return
        elif isinstance(item, bool):
            found[str(item)] += 1
        elif isinstance(item, float):
            found[f"{item:.6g}"] += 1
        elif isinstance(item, int):
            found[str(item)] += 1
        elif isinstance(item, date) or hasattr(item, "iso_format"):
            found[item.isoformat() if isinstance(item, date) else item.iso_format()] += 1
        else:
            found[str(item).lower().replace("_", "")] += 1

    walk(value)
    return found


# --- measuring -------------------------------------------------------------------------------


@dataclass
class Cell:
    p50_ms: float
    p95_ms: float
    rps: float
    requests: int


async def measure(
    call: Callable[[], Awaitable[Any]], concurrency: int, requests: int, seconds: float
) -> Cell:
    """Run ``call`` ``requests`` times (or until ``seconds``) with ``concurrency`` workers."""
    for _ in range(WARMUP):
        await call()
    latencies: list[float] = []
    budget = requests
    started = time.perf_counter()
    deadline = started + seconds

    async def worker() -> None:
        nonlocal budget
        while budget > 0 and time.perf_counter() < deadline:
            budget -= 1
            begun = time.perf_counter()
            await call()
            latencies.append(time.perf_counter() - begun)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return Cell(
        p50_ms=statistics.median(ordered) * 1000,
        p95_ms=p95 * 1000,
        rps=len(ordered) / wall,
        requests=len(ordered),
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env(settings: Settings) -> dict[str, str]:
    """The environment that points the app at the bench database."""
    env = dict(os.environ)
    if settings.neo4j_uri is None:
        env["NEO4J_LOCAL_DIR"] = str(settings.neo4j_local_dir)
        env["NEO4J_LOCAL_PORT"] = str(settings.neo4j_local_port)
    env["ENVIRONMENT"] = "production"
    return env


def start_server(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    """uvicorn with the real app on 127.0.0.1:port, in its own process; wait until ready."""
    process = subprocess.Popen(
        [
            sys.executable, "-m", "uvicorn", "schema.app:create_app", "--factory",
            "--host", "127.0.0.1", "--port", str(port),
            "--log-level", "warning", "--no-access-log",
        ],
        cwd=PROJECT_ROOT,
        env=server_env(settings),
    )  # fmt: skip
    deadline = time.monotonic() + 120
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
    raise RuntimeError("the API server did not become ready within 120 s")


async def bench_dataset(
    settings: Settings,
    url: str,
    dataset: str,
    params: dict[str, Any],
    cases: list[Case],
    requests: int,
    seconds: float,
    console: Console,
) -> list[dict[str, Any]]:
    """Every case at every concurrency, GraphQL and floor in turn."""
    rows: list[dict[str, Any]] = []
    driver = open_async_driver(settings)
    limits = httpx.Limits(max_connections=16, max_keepalive_connections=16)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        try:
            for case in cases:
                payload = {"query": case.graphql, "variables": params}
                finish = case.finish or _record_values

                async def via_graphql(payload: dict[str, Any] = payload) -> bytes:
                    response = await client.post(url, json=payload)
                    response.raise_for_status()
                    return response.content

                async def via_driver(case: Case = case, finish: Any = finish) -> Any:
                    result = await driver.execute_query(
                        case.floor,
                        params,
                        database_=settings.neo4j_database,
                        routing_=neo4j.RoutingControl.READ,
                    )
                    return finish(result.records, params)

                body = (await client.post(url, json=payload)).json()
                if "errors" in body:
                    raise RuntimeError(f"{case.name}: {body['errors']}")
                same = leaves(body["data"]) == leaves(await via_driver())
                for concurrency in CONCURRENCY:
                    budget = requests * concurrency
                    api = await measure(via_graphql, concurrency, budget, seconds)
                    floor = await measure(via_driver, concurrency, budget, seconds)
                    row = {
                        "dataset": dataset,
                        "query": case.name,
                        "concurrency": concurrency,
                        "graphql_p50_ms": round(api.p50_ms, 2),
                        "graphql_p95_ms": round(api.p95_ms, 2),
                        "graphql_rps": round(api.rps, 1),
                        "floor_p50_ms": round(floor.p50_ms, 2),
                        "floor_p95_ms": round(floor.p95_ms, 2),
                        "floor_rps": round(floor.rps, 1),
                        "ratio_p50": round(api.p50_ms / floor.p50_ms, 2),
                        "requests": [api.requests, floor.requests],
                        "same_data": same,
                    }
                    rows.append(row)
                    console.print(
                        f"  {case.name:22} c={concurrency}"
                        f"  graphql p50 {row['graphql_p50_ms']:7.2f}"
                        f"  floor p50 {row['floor_p50_ms']:7.2f}  ratio {row['ratio_p50']:5.2f}"
                        f"{'' if same else '  DATA DIFFERS'}"
                    )
        finally:
            await driver.close()
    return rows


def report(rows: list[dict[str, Any]], console: Console) -> None:
    table = Table(title="GraphQL over HTTP vs. hand-written Cypher through the driver (ms)")
    for column in (
        "dataset", "query", "c", "gql p50", "gql p95", "gql req/s",
        "floor p50", "floor p95", "floor req/s", "ratio p50", "same",
    ):  # fmt: skip
        table.add_column(column, justify="right" if column not in ("dataset", "query") else "left")
    for row in rows:
        table.add_row(
            row["dataset"], row["query"], str(row["concurrency"]),
            f"{row['graphql_p50_ms']:.2f}", f"{row['graphql_p95_ms']:.2f}",
            f"{row['graphql_rps']:.0f}", f"{row['floor_p50_ms']:.2f}",
            f"{row['floor_p95_ms']:.2f}", f"{row['floor_rps']:.0f}",
            f"{row['ratio_p50']:.2f}", "yes" if row["same_data"] else "NO",
        )  # fmt: skip
    console.print(table)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench api", description=__doc__)
    parser.add_argument("--datasets", default="gifhorn,synthetic")
    parser.add_argument("--nodes", type=int, default=10_000, help="size of the synthetic one")
    parser.add_argument("--requests", type=int, default=100, help="per cell at concurrency 1")
    parser.add_argument("--seconds", type=float, default=8.0, help="at most, per cell")
    parser.add_argument("--queries", default=",".join(case.name for case in CASES))
    args = parser.parse_args(argv)
    wanted = args.queries.split(",")
    cases = [case for case in CASES if case.name in wanted]
    console = Console()
    settings = bench_settings()
    port = free_port()
    server: subprocess.Popen[bytes] | None = None
    rows: list[dict[str, Any]] = []
    try:
        for dataset in args.datasets.split(","):
            with open_driver(settings) as driver:
                console.print(load_dataset(driver, settings.neo4j_database, dataset, args.nodes))
                params = choose_params(driver, settings.neo4j_database)
            if server is None:
                server = start_server(settings, port)
            url = f"http://127.0.0.1:{port}/graphql"
            rows += asyncio.run(
                bench_dataset(
                    settings, url, dataset, params, cases, args.requests, args.seconds, console
                )
            )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    report(rows, console)
    console.print(f"saved {save('api', rows)}")


if __name__ == "__main__":
    main()
