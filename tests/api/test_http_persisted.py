"""Documents by hash at /graphql (``schema.persisted``): Apollo's automatic persisted
queries, trusted documents and ``integration-graph documents``, on the wire.

Apollo Client itself is driven against a real server in ``tests/api/test_http_clients.py``;
here the requests are written out, so each rule of the protocol is visible.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graph.persisted import cockpit_documents, digest
from graph.settings import Settings
from graph.tokens import create_token
from schema.app import create_app
from tests.api.test_auth import cli_env, invoke  # noqa: F401 (cli_env is a fixture)

QUERY = 'query Kvhs { actor(id: "kvhs-gifhorn") { name } }'
HASH = digest(QUERY)
NAME = {"actor": {"name": "Kreisvolkshochschule Gifhorn"}}


def apq(sha: str = HASH) -> dict[str, object]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha}}


def by_get(client: TestClient, extensions: object, **params: str) -> Any:
    return client.get("/graphql", params={"extensions": json.dumps(extensions), **params})


@pytest.fixture
def fresh(landscape: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    """A new app (empty per-worker memory) on the small landscape."""
    with TestClient(create_app(settings, run_migrations=False)) as client:
        yield client


@pytest.fixture
def trusted_only(landscape: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    strict = settings.model_copy(update={"api_trusted_documents_only": True})
    with TestClient(create_app(strict, run_migrations=False)) as client:
        yield client


def test_an_unknown_hash_asks_for_the_full_query_then_every_worker_knows_it(
    fresh: TestClient, settings: Settings
) -> None:
    missing = by_get(fresh, apq())
    registered = fresh.post("/graphql", json={"query": QUERY, "extensions": apq()})
    with TestClient(create_app(settings, run_migrations=False)) as another_worker:
        by_hash = by_get(another_worker, apq())
        by_post = another_worker.post("/graphql", json={"extensions": apq()})

    assert missing.status_code == 200
    error = missing.json()["errors"][0]
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert error["message"].startswith("PersistedQueryNotFound")
    assert missing.headers["cache-control"] == "no-store"
    assert registered.json() == {"data": NAME}
    assert by_hash.json() == {"data": NAME} and by_hash.headers["etag"]
    assert by_post.json() == {"data": NAME}


def test_not_found_is_a_400_for_graphql_response_json(fresh: TestClient) -> None:
    response = fresh.post(
        "/graphql",
        json={"extensions": apq()},
        headers={"Accept": "application/graphql-response+json"},
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_a_registration_whose_hash_is_not_its_query_is_refused_and_not_stored(
    fresh: TestClient,
) -> None:
    forged = fresh.post("/graphql", json={"query": "{ revision }", "extensions": apq()})
    after = fresh.post("/graphql", json={"extensions": apq()})

    assert forged.status_code == 400
    assert forged.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_HASH_MISMATCH"
    assert after.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


def test_an_invalid_document_is_not_stored(fresh: TestClient) -> None:
    broken = "{ actor { nope } }"
    fresh.post("/graphql", json={"query": broken, "extensions": apq(digest(broken))})

    again = fresh.post("/graphql", json={"extensions": apq(digest(broken))})

    assert again.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


@pytest.mark.parametrize(
    "extensions",
    [
        {"persistedQuery": {"version": 2, "sha256Hash": HASH}},
        {"persistedQuery": {"version": 1, "sha256Hash": "abc"}},
        {"persistedQuery": "yes"},
    ],
)
def test_a_malformed_persisted_query_is_a_bad_request(
    fresh: TestClient, extensions: dict[str, object]
) -> None:
    response = fresh.post("/graphql", json={"extensions": extensions})

    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_the_store_is_bounded_and_evicts_the_least_recently_used(
    landscape: neo4j.Driver, settings: Settings
) -> None:
    small = settings.model_copy(update={"api_apq_max_documents": 2})
    documents = [f"query Q{i} {{ revision }}" for i in range(3)]
    with TestClient(create_app(small, run_migrations=False)) as client:
        for text in documents:
            client.post("/graphql", json={"query": text, "extensions": apq(digest(text))})
    stored, _, _ = landscape.execute_query(
        "MATCH (p:_PersistedQuery) RETURN p.id AS id ORDER BY id",
        database_=settings.neo4j_database,
    )

    assert sorted(r["id"] for r in stored) == sorted(digest(t) for t in documents[1:])


def test_a_document_id_runs_a_stored_document(fresh: TestClient) -> None:
    fresh.post("/graphql", json={"query": QUERY, "extensions": apq()})

    by_id = fresh.post("/graphql", json={"documentId": f"sha256:{HASH}"})
    by_get_id = fresh.get("/graphql", params={"documentId": f"sha256:{HASH}"})
    malformed = fresh.post("/graphql", json={"documentId": "Kvhs"})

    assert by_id.json() == {"data": NAME}
    assert by_get_id.json() == {"data": NAME}
    assert malformed.status_code == 400


def test_the_cockpits_documents_are_known_by_id(fresh: TestClient) -> None:
    revision = next(i for i, text in cockpit_documents().items() if "query Revision" in text)

    response = by_get(fresh, apq(revision))

    assert len(cockpit_documents()) > 20
    assert set(response.json()["data"]) == {"revision", "analysisStatus"}


def test_trusted_only_lets_anonymous_callers_run_known_documents_alone(
    trusted_only: TestClient, landscape: neo4j.Driver, settings: Settings
) -> None:
    cockpit_text = next(t for t in cockpit_documents().values() if "query Revision" in t)
    _, secret = create_token(landscape, settings.neo4j_database, "reader", "dashboard")

    cockpit = trusted_only.post("/graphql", json={"query": cockpit_text})
    unknown = trusted_only.post("/graphql", json={"query": QUERY})
    registration = trusted_only.post("/graphql", json={"query": QUERY, "extensions": apq()})
    with_token = trusted_only.post(
        "/graphql", json={"query": QUERY}, headers={"Authorization": f"Bearer {secret}"}
    )

    assert set(cockpit.json()["data"]) == {"revision", "analysisStatus"}
    for refused in (unknown, registration):
        assert refused.status_code == 403
        assert refused.json()["errors"][0]["extensions"]["code"] == "DOCUMENT_NOT_TRUSTED"
    assert with_token.json() == {"data": NAME}


def test_documents_add_makes_a_file_trusted_by_id(
    trusted_only: TestClient,
    tmp_path: Path,
    cli_env: None,  # noqa: F811
) -> None:
    source = tmp_path / "kvhs.graphql"
    source.write_text(QUERY, encoding="utf-8")
    broken = tmp_path / "broken.graphql"
    broken.write_text("{ actor { nope } }", encoding="utf-8")

    added = invoke("documents", "add", str(source))
    refused = invoke("documents", "add", str(broken))
    listed = invoke("documents", "list")
    by_text = trusted_only.post("/graphql", json={"query": QUERY})
    by_id = by_get(trusted_only, apq())
    removed = invoke("documents", "remove", f"sha256:{HASH}")

    assert added.exit_code == 0, added.output
    assert added.stdout.strip() == f"sha256:{HASH}"
    assert refused.exit_code == 2 and "nope" in refused.stderr
    assert HASH[:12] in listed.stdout and "kvhs.graphql" in listed.stdout
    assert by_text.json() == {"data": NAME}
    assert by_id.json() == {"data": NAME}
    assert removed.exit_code == 0
