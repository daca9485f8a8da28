"""Every limit refuses with a code, the limit and the setting that changes it.

Depth, aliases, tokens and page size are checked before anything runs; the body size before
the body is read; the transaction timeout by Neo4j itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
import strawberry
from starlette.testclient import TestClient

from graph.settings import Settings, SettingsError, load_settings
from schema.app import create_app
from schema.context import Info
from schema.limits import Limits
from schema.schema import build_schema


@strawberry.type
class Branch:
    depth: int

    @strawberry.field
    def child(self) -> Branch:
        return Branch(depth=self.depth + 1)


@strawberry.type
class LimitsQuery:
    @strawberry.field
    def root(self) -> Branch:
        return Branch(depth=0)

    @strawberry.field
    def items(self, first: int = 10) -> list[int]:
        return list(range(first))

    @strawberry.field
    async def slow(self, info: Info) -> int:
        """Counts for many seconds unless the transaction timeout stops it."""
        records, _, _ = await info.context.driver.execute_query(
            info.context.query(
                "UNWIND range(1, 400000000) AS x WITH x WHERE x = -1 RETURN count(x) AS n"
            ),
            database_=info.context.database,
        )
        return int(records[0]["n"])


LIMITED = {
    "api_max_query_depth": 3,
    "api_max_aliases": 2,
    "api_max_tokens": 60,
    "api_max_page_size": 50,
    "api_max_body_bytes": 2048,
    "neo4j_tx_timeout": 1.0,
}


@pytest.fixture
def limited(driver: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    """The app with small limits and a schema that can reach them."""
    small = settings.model_copy(update=LIMITED)
    schema = build_schema(Limits.from_settings(small), query=LimitsQuery, mutation=None)
    with TestClient(create_app(small, run_migrations=False, schema=schema)) as client:
        yield client


def ask(client: TestClient, query: str, **variables: Any) -> tuple[int, dict[str, Any]]:
    response = client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Accept": "application/graphql-response+json"},
    )
    return response.status_code, response.json()


def test_a_document_within_every_limit_runs(limited: TestClient) -> None:
    status, body = ask(limited, "{ root { child { child { depth } } } items(first: 3) }")

    assert status == 200
    assert body == {"data": {"root": {"child": {"child": {"depth": 2}}}, "items": [0, 1, 2]}}


@pytest.mark.parametrize(
    ("query", "code", "limit", "setting"),
    [
        (
            "{ root { child { child { child { depth } } } } }",
            "QUERY_TOO_DEEP",
            3,
            "API_MAX_QUERY_DEPTH",
        ),
        ("{ a: items b: items c: items }", "TOO_MANY_ALIASES", 2, "API_MAX_ALIASES"),
        ("{ " + "items " * 70 + "}", "TOO_MANY_TOKENS", 60, "API_MAX_TOKENS"),
        ("{ items(first: 51) }", "PAGE_SIZE_EXCEEDED", 50, "API_MAX_PAGE_SIZE"),
    ],
)
def test_a_limit_refuses_the_request_with_400_and_a_code(
    limited: TestClient, query: str, code: str, limit: int, setting: str
) -> None:
    status, body = ask(limited, query)

    assert status == 400
    assert "data" not in body  # a request error: nothing was executed
    error = body["errors"][0]
    assert error["extensions"]["code"] == code
    assert error["extensions"]["limit"] == limit
    assert error["extensions"]["setting"] == setting


def test_the_page_size_is_checked_through_variables_and_their_defaults(
    limited: TestClient,
) -> None:
    by_variable = ask(limited, "query($n: Int!) { items(first: $n) }", n=500)
    by_default = ask(limited, "query($n: Int = 99) { items(first: $n) }")
    fine = ask(limited, "query($n: Int!) { items(first: $n) }", n=50)

    assert by_variable[1]["errors"][0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"
    assert by_default[1]["errors"][0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"
    assert fine == (200, {"data": {"items": list(range(50))}})


def test_the_real_schema_counts_aliases_with_the_configured_limit(
    driver: neo4j.Driver, settings: Settings
) -> None:
    small = settings.model_copy(update={"api_max_aliases": 1})
    with TestClient(create_app(small, run_migrations=False)) as client:
        response = client.post(
            "/graphql",
            json={"query": '{ a: actor(id: "x") { id } b: actor(id: "y") { id } }'},
        )

    assert response.status_code == 200  # application/json: request errors stay 200
    assert response.json()["errors"][0]["extensions"]["code"] == "TOO_MANY_ALIASES"


def test_a_body_over_the_limit_is_413(limited: TestClient) -> None:
    padding = "#" + "x" * 3000 + "\n"
    response = limited.post("/graphql", json={"query": padding + "{ items }"})

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/json"
    error = response.json()["errors"][0]
    assert error["extensions"] == {
        "code": "PAYLOAD_TOO_LARGE",
        "limit": 2048,
        "setting": "API_MAX_BODY_BYTES",
    }
    assert response.headers["x-request-id"]


def test_a_streamed_body_without_length_is_cut_off_at_the_limit(limited: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"query": "#'
        for _ in range(10):
            yield b"x" * 1000
        yield b'\\n{ items }"}'

    response = limited.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )

    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_a_transaction_over_the_timeout_is_stopped_with_a_clear_error(
    limited: TestClient,
) -> None:
    status, body = ask(limited, "{ slow }")

    assert status == 200  # a field error: the document itself was fine
    error = body["errors"][0]
    assert error["extensions"]["code"] == "TIMEOUT"
    assert error["extensions"]["setting"] == "NEO4J_TX_TIMEOUT"
    assert "1.0 s" in error["message"]
    assert "UNWIND" not in str(body)


@pytest.mark.parametrize(
    ("field", "value", "variable"),
    [
        ("api_max_query_depth", 0, "API_MAX_QUERY_DEPTH"),
        ("api_max_page_size", 0, "API_MAX_PAGE_SIZE"),
        ("api_max_body_bytes", 10, "API_MAX_BODY_BYTES"),
        ("api_max_tokens", "many", "API_MAX_TOKENS"),
    ],
)
def test_a_bad_limit_setting_names_its_variable(field: str, value: object, variable: str) -> None:
    with pytest.raises(SettingsError, match=variable):
        load_settings(**{field: value})
