"""Reading is public; writing needs a token of role editor (admin for cascade deletes).

Tokens are made with the CLI and stored hashed; a bad or revoked token is refused with 401,
never silently treated as anonymous.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
import strawberry
from starlette.testclient import TestClient
from typer.testing import CliRunner

from cli.main import app as cli
from graph.settings import Settings, get_settings
from graph.tokens import create_token, list_tokens, revoke_token
from schema.app import create_app
from schema.context import Info
from schema.mutations import Mutation
from schema.permissions import is_authenticated
from schema.schema import build_schema

CREATE_TOPIC_FREE_ACTOR = """
mutation { createActor(input: {id: "kvhs", name: "KVHS", kind: ASSOCIATION, source: "t"}) {
  id outcome } }"""


def actors(driver: neo4j.Driver, settings: Settings) -> list[str]:
    records, _, _ = driver.execute_query(
        "MATCH (a:Actor) RETURN a.id AS id ORDER BY id", database_=settings.neo4j_database
    )
    return [r["id"] for r in records]


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_anonymous_callers_read_but_cannot_write(
    empty_db: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    read = client.post("/graphql", json={"query": '{ actor(id: "x") { id } }'})
    assert read.json() == {"data": {"actor": None}}

    write = client.post("/graphql", json={"query": CREATE_TOPIC_FREE_ACTOR})

    assert write.status_code == 200
    error = write.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert "Bearer" in error["message"]
    assert actors(empty_db, settings) == []


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_admins_may_write(
    empty_db: neo4j.Driver, settings: Settings, client: TestClient, role: str
) -> None:
    _, secret = create_token(empty_db, settings.neo4j_database, role, "test")

    response = client.post(
        "/graphql", json={"query": CREATE_TOPIC_FREE_ACTOR}, headers=bearer(secret)
    )

    assert response.json() == {"data": {"createActor": {"id": "kvhs", "outcome": "CREATED"}}}
    assert actors(empty_db, settings) == ["kvhs"]


def test_a_revoked_token_is_refused_with_401(
    empty_db: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    info, secret = create_token(empty_db, settings.neo4j_database, "editor", "leaver")
    revoke_token(empty_db, settings.neo4j_database, info.id)

    response = client.post(
        "/graphql", json={"query": CREATE_TOPIC_FREE_ACTOR}, headers=bearer(secret)
    )

    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    assert f"token {info.id} was revoked" in error["message"]
    assert "data" not in response.json()
    assert actors(empty_db, settings) == []


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("Bearer igt_not-a-real-token", "unknown token"),
        ("Basic dXNlcjpwYXNz", "must be 'Bearer <token>'"),
        ("Bearer ", "must be 'Bearer <token>'"),
    ],
)
def test_a_bad_token_is_refused_even_for_reading(
    empty_db: neo4j.Driver, client: TestClient, header: str, words: str
) -> None:
    response = client.post(
        "/graphql", json={"query": '{ actor(id: "x") { id } }'}, headers={"Authorization": header}
    )

    assert response.status_code == 401
    assert words in response.json()["errors"][0]["message"]


def test_only_the_hash_of_a_token_is_stored(empty_db: neo4j.Driver, settings: Settings) -> None:
    info, secret = create_token(empty_db, settings.neo4j_database, "editor", "hash check")

    records, _, _ = empty_db.execute_query(
        "MATCH (t:Token {id: $id}) RETURN properties(t) AS p",
        {"id": info.id},
        database_=settings.neo4j_database,
    )
    stored = records[0]["p"]
    assert stored["hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in [str(v) for v in stored.values()]
    assert set(stored) == {"id", "hash", "role", "name", "actorIds", "createdAt"}


@strawberry.type
class WhoQuery:
    @strawberry.field
    def authenticated(self, info: Info) -> bool:
        return is_authenticated(info)

    @strawberry.field
    def role(self, info: Info) -> str | None:
        return info.context.role


def test_is_authenticated_tells_resolvers_who_is_asking(
    empty_db: neo4j.Driver, settings: Settings
) -> None:
    _, secret = create_token(empty_db, settings.neo4j_database, "admin", "who")
    schema = build_schema(query=WhoQuery, mutation=Mutation)

    with TestClient(create_app(settings, run_migrations=False, schema=schema)) as client:
        anonymous = client.post("/graphql", json={"query": "{ authenticated role }"})
        known = client.post(
            "/graphql", json={"query": "{ authenticated role }"}, headers=bearer(secret)
        )

    assert anonymous.json() == {"data": {"authenticated": False, "role": None}}
    assert known.json() == {"data": {"authenticated": True, "role": "admin"}}


# --- the CLI ---------------------------------------------------------------------------------


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the CLI's settings (read from the environment) at the test server."""
    if settings.uses_local_server:
        monkeypatch.setenv("NEO4J_LOCAL_DIR", str(settings.neo4j_local_dir))
        monkeypatch.setenv("NEO4J_LOCAL_PORT", str(settings.neo4j_local_port))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def invoke(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args))
    return result


def test_token_cli_creates_lists_and_revokes(
    empty_db: neo4j.Driver, settings: Settings, client: TestClient, cli_env: None
) -> None:
    created = invoke("token", "create", "--role", "editor", "--name", "Caritas Gifhorn")
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip()
    assert secret.startswith("igt_") and len(secret) > 40
    (info,) = list_tokens(empty_db, settings.neo4j_database)
    assert (info.role, info.name, info.active) == ("editor", "Caritas Gifhorn", True)
    write = client.post("/graphql", json={"query": CREATE_TOPIC_FREE_ACTOR}, headers=bearer(secret))
    assert write.json()["data"]["createActor"]["outcome"] == "CREATED"

    listed = invoke("token", "list")
    assert listed.exit_code == 0
    assert info.id in listed.stdout and "Caritas Gifhorn" in listed.stdout
    assert secret not in listed.stdout

    revoked = invoke("token", "revoke", info.id)
    assert revoked.exit_code == 0
    assert f"token {info.id} revoked" in revoked.stdout
    refused = client.post(
        "/graphql", json={"query": '{ actor(id: "kvhs") { id } }'}, headers=bearer(secret)
    )
    assert refused.status_code == 401


def test_token_cli_refuses_an_unknown_role_and_id(empty_db: neo4j.Driver, cli_env: None) -> None:
    bad_role = invoke("token", "create", "--role", "superuser")
    assert bad_role.exit_code == 2
    assert "editor, admin" in bad_role.stderr

    unknown = invoke("token", "revoke", "tok-nothing")
    assert unknown.exit_code == 1
    assert "no token with id" in unknown.stderr
