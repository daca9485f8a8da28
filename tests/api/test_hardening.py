"""Issue 13, server side: no single request may stall, crash or exhaust the server.

Each query bomb of the issue is replayed against a real uvicorn server on loopback while a
cheap query is sent at the same time: the bomb must be refused quickly with the right code,
and the cheap query must answer in under a second. Malformed requests must get a 400 with a
GraphQL error body, never a 500 or a traceback.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import neo4j
import pytest
import strawberry
import uvicorn
from starlette.testclient import TestClient

from bench.bombs import BOMBS, Bomb, topic_chain
from graph.settings import Settings
from schema.app import create_app
from schema.context import Info
from schema.limits import Limits
from schema.schema import build_schema
from tests.api.test_http import free_port

CHEAP = '{ actor(id: "kvhs-gifhorn") { name } }'


@contextmanager
def uvicorn_serving(settings: Settings) -> Iterator[int]:
    """The app under a real uvicorn server on loopback (a thread); yields its port."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings, run_migrations=False), host="127.0.0.1", port=port, log_level="error"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def served(landscape: neo4j.Driver, settings: Settings) -> Iterator[str]:
    """The app under uvicorn on loopback; yields its base URL."""
    with uvicorn_serving(settings) as port:
        yield f"http://127.0.0.1:{port}"


async def _timed(client: httpx.AsyncClient, body: bytes) -> tuple[float, httpx.Response]:
    started = time.monotonic()
    response = await client.post(
        "/graphql", content=body, headers={"content-type": "application/json"}
    )
    return time.monotonic() - started, response


async def _bomb_and_cheap(
    base: str, body: bytes
) -> tuple[float, httpx.Response, float, httpx.Response]:
    cheap_body = json.dumps({"query": CHEAP}).encode()
    async with httpx.AsyncClient(base_url=base, timeout=15) as client:
        await _timed(client, cheap_body)  # warm the connection pool
        bomb = asyncio.create_task(_timed(client, body))
        await asyncio.sleep(0.01)
        cheap = await _timed(client, cheap_body)
        bombed = await bomb
    return bombed[0], bombed[1], cheap[0], cheap[1]


@pytest.mark.parametrize("bomb", BOMBS, ids=[b.name for b in BOMBS])
def test_a_bomb_is_refused_quickly_while_a_cheap_query_answers(served: str, bomb: Bomb) -> None:
    bomb_seconds, bombed, cheap_seconds, cheap = asyncio.run(_bomb_and_cheap(served, bomb.body))

    assert bombed.status_code == bomb.status, bombed.text[:300]
    error = bombed.json()["errors"][0]
    assert error["extensions"]["code"] == bomb.code, error
    assert bomb_seconds < 1.0, f"{bomb.name}: refused after {bomb_seconds:.2f} s"
    assert cheap.json() == {"data": {"actor": {"name": "Kreisvolkshochschule Gifhorn"}}}
    assert cheap_seconds < 1.0, f"cheap query waited {cheap_seconds:.2f} s"


def test_the_complexity_error_states_the_estimate_and_the_limit(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": topic_chain(8, 500)})

    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert error["extensions"]["limit"] == 5_000_000
    assert error["extensions"]["cost"] > 5_000_000
    assert "5,000,000" in error["message"] and "API_MAX_QUERY_COST" in error["message"]


def test_queries_of_readme_dashboard_and_benches_fit_the_default_cost() -> None:
    """The default must never refuse what the project itself asks."""
    from graphql import parse

    from schema.cost import measure_operations
    from schema.limits import DEFAULT_LIMITS
    from schema.schema import PAGE_DEFAULTS, schema

    documents = [
        # bench/bench_library.py: the deepest dashboard question (3 nested default lists)
        """query ($m: ID!) { municipality(id: $m) { id name
             offerings(scope: EXACT) { id title
               providers { id name memberships { workingGroup { id name } } } } } }""",
        # README: a planner's question
        """{ offerings(where: {topic: {eq: "sprache"}}) { totalCount
             edges { node { title providers { name } languages { name }
                             municipalities { name } } } } }""",
        # the dashboard's network map: ~10,000 nodes from one non-paginated field
        """{ topics(first: 500) { edges { node { id name } } }
             municipalities(first: 500) { edges { node { id name partOf { id } } } }
             gaps { brokers(top: 500) { brokers { actorId name } } } }""",
    ]
    for document in documents:
        cost = measure_operations(schema._schema, parse(document), {}, PAGE_DEFAULTS).cost
        assert 0 < cost <= DEFAULT_LIMITS.max_cost, document


def test_a_response_over_the_size_limit_is_refused_with_a_code(
    landscape: neo4j.Driver, settings: Settings
) -> None:
    small = settings.model_copy(update={"api_max_response_bytes": 300})
    with TestClient(create_app(small, run_migrations=False)) as client:
        response = client.post(
            "/graphql", json={"query": "{ actors(first: 50) { edges { node { id name } } } }"}
        )
        fine = client.post("/graphql", json={"query": CHEAP})

    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "RESPONSE_TOO_LARGE"
    assert error["extensions"]["setting"] == "API_MAX_RESPONSE_BYTES"
    assert fine.json()["data"]["actor"]["name"] == "Kreisvolkshochschule Gifhorn"


SLOW = "UNWIND range(1, 2000000000) AS x WITH x WHERE x = -1 RETURN count(x) AS n"


@strawberry.type
class SlowQuery:
    @strawberry.field
    async def slow(self, info: Info) -> int:
        """Counts for minutes unless something stops it."""
        records, _, _ = await info.context.driver.execute_query(
            info.context.query(SLOW), database_=info.context.database
        )
        return int(records[0]["n"])


def test_the_request_budget_stops_the_request_and_its_server_side_transaction(
    driver: neo4j.Driver, settings: Settings
) -> None:
    budget = settings.model_copy(update={"api_request_timeout": 1.0, "neo4j_tx_timeout": 60.0})
    schema = build_schema(Limits.from_settings(budget), query=SlowQuery, mutation=None)
    with TestClient(create_app(budget, run_migrations=False, schema=schema)) as client:
        started = time.monotonic()
        response = client.post(
            "/graphql", json={"query": "{ slow }"}, headers={"X-Request-ID": "budget-test-1"}
        )
        took = time.monotonic() - started

    assert response.status_code == 504
    assert response.json()["errors"][0]["extensions"]["code"] == "TIMEOUT"
    assert took < 5.0
    running = []
    for _ in range(20):  # the server needs a moment to unwind a terminated statement
        records, _, _ = driver.execute_query(
            "SHOW TRANSACTIONS YIELD metaData, currentQuery "
            "WHERE metaData.requestId = 'budget-test-1' OR currentQuery STARTS WITH 'UNWIND' "
            "RETURN currentQuery",
            database_=settings.neo4j_database,
        )
        running = [r["currentQuery"] for r in records]
        if not running:
            break
        time.sleep(0.25)
    assert running == []


# --- malformed input: 400 with a GraphQL error body ---------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b'{"query": "{ actor(id: \\"x\\") { name } }", "x": "\xff\xfe"}',
        b"\xc3\x28",
        b"[" * 5000,
        b"null",
        b"1",
        b'"x"',
        b"true",
        b'{"query": "{ __typename }", "variables": ' + b'{"a":' * 100 + b"1" + b"}" * 101,
    ],
    ids=["bad utf-8", "bad utf-8 only", "5000 brackets", "null", "1", "string", "true", "deep"],
)
def test_a_malformed_body_is_400_with_a_graphql_error(client: TestClient, body: bytes) -> None:
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})

    assert response.status_code == 400, response.text[:300]
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "Traceback" not in response.text


def test_a_search_word_of_1001_characters_is_bad_user_input(
    client: TestClient, landscape: neo4j.Driver
) -> None:
    response = client.post(
        "/graphql",
        json={
            "query": "query($t: String!) { search(text: $t) { score } }",
            "variables": {"t": "a" * 1001},
        },
    )

    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "text"


@pytest.mark.parametrize("value", [1e30, 10**30, "1e400", float("nan")])
def test_a_crafted_cursor_is_bad_user_input(
    client: TestClient, landscape: neo4j.Driver, value: Any
) -> None:
    import base64

    raw = json.dumps(["capacity", value, "x"]).replace('"1e400"', "1e400")
    cursor = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    response = client.post(
        "/graphql",
        json={
            "query": "query($c: String) { offerings(sort: {field: CAPACITY}, after: $c) "
            "{ edges { node { id } } } }",
            "variables": {"c": cursor},
        },
    )

    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert error["extensions"]["field"] == "after"


def test_several_operations_without_a_name_are_refused_and_nothing_runs(
    client: TestClient, landscape: neo4j.Driver
) -> None:
    document = (
        'mutation M { deleteActor(id: "kvhs-gifhorn", cascade: true) { id } } '
        'query Q { actor(id: "kvhs-gifhorn") { name } }'
    )
    response = client.post(
        "/graphql",
        json={"query": document},
        headers={"Accept": "application/graphql-response+json"},
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "operationName" in response.json()["errors"][0]["message"]


def test_a_user_error_is_logged_in_one_line_without_traceback(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("DEBUG"):
        client.post("/graphql", json={"query": "{ actor(id: 1) { nope } }"})
        client.post("/graphql", json={"query": "{ actors(first: -1) { totalCount } }"})

    assert caplog.records, "the user errors are logged"
    for record in caplog.records:
        assert record.exc_info is None, record.getMessage()
        assert "Traceback" not in record.getMessage()
        assert "\n" not in record.getMessage()


def test_a_slow_body_is_cut_off_with_408(landscape: neo4j.Driver, settings: Settings) -> None:
    quick = settings.model_copy(update={"api_body_timeout": 0.5})
    with (
        uvicorn_serving(quick) as port,
        socket.create_connection(("127.0.0.1", port), timeout=10) as sock,
    ):
        sock.sendall(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"query": '
        )
        started = time.monotonic()
        answer = sock.recv(65536).decode("latin-1")
        took = time.monotonic() - started

    assert answer.startswith("HTTP/1.1 408"), answer[:200]
    assert "REQUEST_TIMEOUT" in answer
    assert took < 3.0
