"""Fuzzing: generated queries, mutations and malformed bodies never give a 5xx or a traceback.

hypothesis-graphql writes documents from the live schema (valid ones, and with ``NEGATIVE``
mode invalid ones); hypothesis writes raw bodies (any bytes, any JSON). Bounded in count and
time (``derandomize``: the same examples on every run, so a failure is reproducible); every
request also runs under a short ``API_REQUEST_TIMEOUT``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import graphql
import neo4j
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema
from starlette.testclient import TestClient

from graph.settings import Settings
from graph.tokens import create_token
from schema.app import create_app
from schema.schema import schema as live_schema

FUZZ = settings(
    max_examples=200,
    deadline=timedelta(seconds=10),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SCALARS = {
    "Date": st.dates().map(lambda d: graphql.StringValueNode(value=d.isoformat())),
    "DateTime": st.datetimes().map(lambda d: graphql.StringValueNode(value=d.isoformat() + "Z")),
}
SDL = str(live_schema)

documents = st.one_of(
    from_schema(SDL, custom_scalars=SCALARS),
    from_schema(SDL, custom_scalars=SCALARS, mode=Mode.NEGATIVE),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=30,
)


@pytest.fixture
def fuzzed(landscape: neo4j.Driver, settings: Settings) -> Iterator[tuple[TestClient, str]]:
    """The app (with a short request budget) and an editor's bearer token."""
    quick = settings.model_copy(update={"api_request_timeout": 5.0})
    _, secret = create_token(landscape, settings.neo4j_database, "editor", "fuzz")
    with TestClient(create_app(quick, run_migrations=False), raise_server_exceptions=False) as c:
        yield c, secret


def _sane(status: int, text: str) -> None:
    assert status < 500, text[:500]
    assert "Traceback" not in text, text[:500]


@FUZZ
@given(document=documents)
def test_generated_documents_never_answer_5xx(
    fuzzed: tuple[TestClient, str], document: object
) -> None:
    client, secret = fuzzed
    response = client.post(
        "/graphql",
        json={"query": document},
        headers={"Authorization": f"Bearer {secret}"},
    )
    _sane(response.status_code, response.text)


@FUZZ
@given(
    body=st.one_of(
        st.binary(max_size=300),
        json_values.map(lambda v: json.dumps(v).encode()),
        st.builds(
            lambda q, v, o: json.dumps({"query": q, "variables": v, "operationName": o}).encode(),
            st.text(max_size=80) | st.just("{ __typename }"),
            json_values,
            st.none() | st.text(max_size=10),
        ),
    )
)
def test_malformed_bodies_never_answer_5xx(fuzzed: tuple[TestClient, str], body: bytes) -> None:
    client, _ = fuzzed
    response = client.post("/graphql", content=body, headers={"content-type": "application/json"})
    _sane(response.status_code, response.text)
