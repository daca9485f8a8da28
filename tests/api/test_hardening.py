"""Issue 13, server side: no single request may stall, crash or exhaust the server.

Each query bomb of the issue is replayed against a real uvicorn server on loopback. What
keeps the server responsive is that a bomb is refused before it costs the database anything:
the test counts the statements the app's drivers send (``tests.api.counting``) and a bomb
must send none. Then it is replayed while a cheap query is sent at the same time: the bomb is
refused with the right code and the cheap query gets its data, both well within generous
bounds (the figures themselves: ``python -m bench bombs``). Malformed requests must get a 400
with a GraphQL error body, never a 500 or a traceback.
"""

from __future__ import annotations

import asyncio
import gc
import json
import re
import socket
import threading
import time
import warnings
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
from schema.http import UNSTARTED_BY_ENGINE
from schema.limits import Limits
from schema.schema import build_schema
from tests.api.counting import StatementCount, count_statements
from tests.conftest import free_port

CHEAP = '{ actor(id: "kvhs-gifhorn") { name } }'
JSON_BODY = {"content-type": "application/json"}


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
def served(
    landscape: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, StatementCount]]:
    """The app under uvicorn on loopback, counting what its drivers send; yields its base
    URL and the count."""
    count = count_statements(monkeypatch)
    with uvicorn_serving(settings) as port:
        yield f"http://127.0.0.1:{port}", count


async def _timed(client: httpx.AsyncClient, body: bytes) -> tuple[float, httpx.Response]:
    started = time.monotonic()
    response = await client.post("/graphql", content=body, headers=JSON_BODY)
    return time.monotonic() - started, response


async def _bomb_and_cheap(
    base: str, body: bytes
) -> tuple[float, httpx.Response, float, httpx.Response]:
    cheap_body = json.dumps({"query": CHEAP}).encode()
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        await _timed(client, cheap_body)  # warm the connection pool
        bomb = asyncio.create_task(_timed(client, body))
        await asyncio.sleep(0.01)
        cheap = await _timed(client, cheap_body)
        bombed = await bomb
    return bombed[0], bombed[1], cheap[0], cheap[1]


BOMB_BOUND = 10.0
"""Seconds a refused bomb or the cheap query beside it may take: a guard against a server
that hangs, not the promise (which is that no statement is sent). Measured on the shared
2-core machine at load 16: refusals 0.002 to 0.08 s, 1.04 s for 20,000 ORed conditions (it
broke the former 1 s bound); the cheap query beside them 0.02 to 0.29 s."""


def _refused_as(response: httpx.Response, bomb: Bomb) -> None:
    assert response.status_code == bomb.status, response.text[:300]
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == bomb.code, error


@pytest.mark.parametrize("bomb", BOMBS, ids=[b.name for b in BOMBS])
def test_a_bomb_is_refused_before_any_statement_while_a_cheap_query_answers(
    served: tuple[str, StatementCount], bomb: Bomb
) -> None:
    base, count = served
    cheap_body = json.dumps({"query": CHEAP}).encode()
    with httpx.Client(base_url=base, timeout=60) as client:
        client.post("/graphql", content=cheap_body, headers=JSON_BODY)  # the app is warm
        count.clear()
        alone = client.post("/graphql", content=bomb.body, headers=JSON_BODY)
        sent_for_the_bomb = list(count.statements)
        client.post("/graphql", content=cheap_body, headers=JSON_BODY)
        sent_for_a_cheap_query = list(count.statements)

    _refused_as(alone, bomb)
    assert sent_for_the_bomb == [], f"{bomb.name} reached Neo4j: {sent_for_the_bomb}"
    assert sent_for_a_cheap_query, "the counting sees the statements of a query that runs"

    bomb_seconds, bombed, cheap_seconds, cheap = asyncio.run(_bomb_and_cheap(base, bomb.body))

    _refused_as(bombed, bomb)
    assert cheap.json() == {"data": {"actor": {"name": "Kreisvolkshochschule Gifhorn"}}}
    assert bomb_seconds < BOMB_BOUND, f"{bomb.name}: refused after {bomb_seconds:.2f} s"
    assert cheap_seconds < BOMB_BOUND, f"cheap query waited {cheap_seconds:.2f} s"


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
    # The budget answered, not Neo4j's transaction timeout (60 s) nor the statement (minutes):
    # 1.2 s measured at load 16, bounded at half the transaction timeout.
    assert took < budget.neo4j_tx_timeout / 2
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


@strawberry.type
class Item:
    @strawberry.field
    async def value(self) -> int:
        return 1


@strawberry.type
class ListBesideABlock:
    @strawberry.field
    async def items(self) -> list[Item]:
        """Answers on the loop's next turn, the one in which the budget runs out."""
        await asyncio.sleep(0)
        return [Item(), Item()]

    @strawberry.field
    async def block(self) -> int:
        """Holds the loop past the budget, so the budget's timer fires on that next turn."""
        time.sleep(1.5)
        return 0


def test_a_request_stopped_by_its_budget_leaves_no_warning_about_the_engines_unstarted_work(
    settings: Settings,
) -> None:
    budget = settings.model_copy(update={"api_request_timeout": 1.0})
    schema = build_schema(Limits.from_settings(budget), query=ListBesideABlock, mutation=None)

    def stopped_request(overrule: bool = False) -> list[str]:
        """The never-awaited warnings of one stopped request, with the app's filters only."""
        with warnings.catch_warnings(record=True) as caught:
            warnings.resetwarnings()  # not pytest's filters (tests/conftest.py has this one)
            app = create_app(budget, run_migrations=False, schema=schema)
            if overrule:
                warnings.filterwarnings("always", category=RuntimeWarning)
            with TestClient(app) as client:
                response = client.post("/graphql", json={"query": "{ items { value } block }"})
            gc.collect()
        assert response.status_code == 504
        return [str(w.message) for w in caught if "never awaited" in str(w.message)]

    assert stopped_request() == []
    # the request does leave the engine's coroutines unstarted: seen with the filter overruled
    unstarted = stopped_request(overrule=True)
    assert unstarted
    assert all(re.fullmatch(UNSTARTED_BY_ENGINE, message) for message in unstarted)


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
        socket.create_connection(("127.0.0.1", port), timeout=60) as sock,
    ):
        sock.sendall(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"query": '
        )
        started = time.monotonic()
        answer = sock.recv(65536).decode("latin-1")
        took = time.monotonic() - started

    # 408 with the app's code: the body timeout cut the request off (the client never
    # closes; only API_BODY_TIMEOUT answers). 0.51 s measured for the 0.5 s timeout; the bound
    # only tells a timeout that works from one that waits for something else.
    assert answer.startswith("HTTP/1.1 408"), answer[:200]
    assert "REQUEST_TIMEOUT" in answer
    assert took < 20 * quick.api_body_timeout
