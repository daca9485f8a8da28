"""HTTP caching of /graphql that follows the graph revision (``schema.caching``).

A query's answer carries an ETag; the same request with ``If-None-Match`` is answered 304
after one statement (the revision read) and nothing else, until a write advances the
revision. The statements are counted on the app's real drivers (``tests.api.counting``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import neo4j
import pytest
from starlette.testclient import TestClient

from graph.revision import REVISION_BUMP
from graph.settings import Settings
from graph.tokens import create_token
from schema.app import create_app
from schema.caching import REVISION
from tests.api.counting import StatementCount, count_statements
from tests.api.test_mutations_nodes import CREATE_ACTOR

DASHBOARD = """query Tile($topic: ID!) {
  topic(id: $topic) { name }
  offerings(first: 5) { totalCount edges { node { id title } } }
}"""
VARIABLES = {"topic": "sprache"}
NEW_ACTOR = {
    "id": "neuer-verein",
    "name": "Neuer Verein",
    "kind": "ASSOCIATION",
    "source": "example",
    "locatedIn": "gifhorn",
}


@pytest.fixture
def counted(
    landscape: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[TestClient, StatementCount]]:
    """The app on the small landscape, counting every statement its drivers send."""
    count = count_statements(monkeypatch)
    with TestClient(create_app(settings, run_migrations=False)) as client:
        yield client, count


def test_a_get_query_has_an_etag_and_is_answered_304_after_one_revision_read(
    counted: tuple[TestClient, StatementCount],
) -> None:
    client, count = counted
    first = client.get("/graphql", params={"query": DASHBOARD, "variables": json.dumps(VARIABLES)})
    tag = first.headers["etag"]

    count.clear()
    again = client.get(
        "/graphql",
        params={"query": DASHBOARD, "variables": json.dumps(VARIABLES)},
        headers={"If-None-Match": tag},
    )

    assert first.status_code == 200 and first.json()["data"]["topic"] == {"name": "Sprache"}
    assert tag.startswith('W/"')
    assert first.headers["cache-control"] == "no-cache"
    assert "Accept" in first.headers["vary"]
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    assert again.headers["cache-control"] == "no-cache"
    assert count.statements == [REVISION], count.statements


def test_a_write_changes_the_etag_and_the_old_one_gets_the_full_answer(
    counted: tuple[TestClient, StatementCount], landscape: neo4j.Driver, settings: Settings
) -> None:
    client, _ = counted
    tag = client.post("/graphql", json={"query": DASHBOARD, "variables": VARIABLES}).headers["etag"]
    landscape.execute_query(REVISION_BUMP, database_=settings.neo4j_database)  # as a load does

    after = client.post(
        "/graphql",
        json={"query": DASHBOARD, "variables": VARIABLES},
        headers={"If-None-Match": tag},
    )

    assert after.status_code == 200
    assert after.headers["etag"] != tag
    assert after.json()["data"]["offerings"]["totalCount"] == 7


def test_a_post_query_is_answered_304_too(counted: tuple[TestClient, StatementCount]) -> None:
    client, count = counted
    body = {"query": DASHBOARD, "variables": VARIABLES}
    tag = client.post("/graphql", json=body).headers["etag"]
    count.clear()

    again = client.post("/graphql", json=body, headers={"If-None-Match": f'"other", {tag}'})

    assert again.status_code == 304
    assert count.statements == [REVISION]


@pytest.mark.parametrize(
    "change",
    [
        {"variables": {"topic": "beratung"}},
        {"headers": {"Accept": "application/graphql-response+json"}},
        {"query": DASHBOARD.replace("first: 5", "first: 6")},
    ],
    ids=["variables", "media type", "document"],
)
def test_the_etag_names_document_variables_and_media_type(
    counted: tuple[TestClient, StatementCount], change: dict[str, object]
) -> None:
    client, _ = counted
    base = client.post("/graphql", json={"query": DASHBOARD, "variables": VARIABLES})
    body = {
        "query": change.get("query", DASHBOARD),
        "variables": change.get("variables", VARIABLES),
    }
    other = client.post(
        "/graphql",
        json=body,
        headers={"If-None-Match": base.headers["etag"], **change.get("headers", {})},  # type: ignore[dict-item]
    )

    assert other.status_code == 200
    assert other.headers["etag"] != base.headers["etag"]


def test_signed_in_answers_are_private_and_tagged_apart_from_anonymous_ones(
    counted: tuple[TestClient, StatementCount], landscape: neo4j.Driver, settings: Settings
) -> None:
    client, _ = counted
    _, secret = create_token(landscape, settings.neo4j_database, "reader", "dashboard")
    body = {"query": DASHBOARD, "variables": VARIABLES}
    anonymous = client.post("/graphql", json=body)

    signed_in = client.post(
        "/graphql",
        json=body,
        headers={"Authorization": f"Bearer {secret}", "If-None-Match": anonymous.headers["etag"]},
    )

    assert signed_in.status_code == 200
    assert signed_in.headers["cache-control"] == "private, no-cache"
    assert signed_in.headers["etag"] != anonymous.headers["etag"]


def test_mutations_errors_and_account_data_are_never_cached(
    counted: tuple[TestClient, StatementCount], landscape: neo4j.Driver, settings: Settings
) -> None:
    client, _ = counted
    _, secret = create_token(landscape, settings.neo4j_database, "editor", "writer")
    auth = {"Authorization": f"Bearer {secret}"}

    mutation = client.post(
        "/graphql",
        json={"query": CREATE_ACTOR, "variables": {"input": NEW_ACTOR}},
        headers={**auth, "If-None-Match": "*"},
    )
    error = client.get("/graphql", params={"query": "{ actor { nope } }"})
    me = client.get("/graphql", params={"query": "{ me { id } revision }"}, headers=auth)

    assert mutation.status_code == 200
    assert mutation.json()["data"]["createActor"]["outcome"] == "CREATED"
    for response in (mutation, error, me):
        assert response.headers["cache-control"] == "no-store"
        assert "etag" not in response.headers


def test_a_max_age_setting_makes_anonymous_answers_public(
    landscape: neo4j.Driver, settings: Settings
) -> None:
    public = settings.model_copy(update={"api_cache_max_age": 60})

    with TestClient(create_app(public, run_migrations=False)) as client:
        response = client.get("/graphql", params={"query": "{ revision }"})

    assert response.headers["cache-control"] == "public, max-age=60"
    assert response.headers["etag"]


def test_a_dashboard_on_another_origin_may_send_if_none_match_and_read_the_etag(
    landscape: neo4j.Driver, settings: Settings
) -> None:
    dashboard = "https://dashboard.example.org"
    cross = settings.model_copy(update={"api_cors_origins": dashboard})

    with TestClient(create_app(cross, run_migrations=False)) as client:
        preflight = client.options(
            "/graphql",
            headers={
                "Origin": dashboard,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "if-none-match",
            },
        )
        read = client.get(
            "/graphql", params={"query": "{ revision }"}, headers={"Origin": dashboard}
        )

    assert preflight.status_code == 200
    assert "if-none-match" in preflight.headers["access-control-allow-headers"].lower()
    assert "etag" in read.headers["access-control-expose-headers"].lower()


def test_a_plain_query_costs_its_own_statement_and_no_revision_read(
    counted: tuple[TestClient, StatementCount],
) -> None:
    client, count = counted
    count.clear()

    answer = client.post("/graphql", json={"query": DASHBOARD, "variables": {"topic": "wohnen"}})

    assert answer.status_code == 200 and answer.headers["etag"].startswith('W/"')
    assert REVISION not in count.statements
    assert len(count.statements) == 1, count.statements


def test_after_a_write_of_its_own_the_worker_reads_the_revision_again(
    counted: tuple[TestClient, StatementCount], landscape: neo4j.Driver, settings: Settings
) -> None:
    client, count = counted
    _, secret = create_token(landscape, settings.neo4j_database, "editor", "writer")
    body = {"query": DASHBOARD, "variables": VARIABLES}
    before = client.post("/graphql", json=body).headers["etag"]
    written = client.post(
        "/graphql",
        json={"query": CREATE_ACTOR, "variables": {"input": NEW_ACTOR}},
        headers={"Authorization": f"Bearer {secret}"},
    )
    count.clear()

    after = client.post("/graphql", json=body)

    assert written.json()["data"]["createActor"]["outcome"] == "CREATED"
    assert after.headers["etag"] != before
    assert count.statements.count(REVISION) == 1, count.statements
    count.clear()
    assert client.post("/graphql", json=body).headers["etag"] == after.headers["etag"]
    assert REVISION not in count.statements
