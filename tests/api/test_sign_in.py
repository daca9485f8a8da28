"""Signing in with e-mail and password: the session cookie, sign-out, throttling, CSRF.

Accounts are made as an admin makes them (``graph.accounts``), sessions live in Neo4j.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from cli.main import app as cli
from graph.accounts import create_account
from graph.db import open_async_driver
from graph.settings import Settings, get_settings
from schema.app import create_app

PASSWORD = "richtig-geheim-1"
READ_CONTACTS = "{ coordinators(first: 5) { edges { node { id email } } } }"
SESSION_QUERY = "{ me { email role actorIds } }"


def make_account(
    settings: Settings,
    email: str,
    role: str,
    actors: list[str] | None = None,
    password: str | None = PASSWORD,
) -> tuple[Any, str | None]:
    async def work() -> tuple[Any, str | None]:
        driver = open_async_driver(settings)
        try:
            return await create_account(
                driver, settings.neo4j_database, email, role, actors, password
            )
        finally:
            await driver.close()

    return asyncio.run(work())


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> Any:
    return client.post("/auth/login", json={"email": email, "password": password})


def emails(body: dict[str, Any]) -> list[str | None]:
    return [edge["node"]["email"] for edge in body["data"]["coordinators"]["edges"]]


def count(driver: neo4j.Driver, settings: Settings, label: str) -> int:
    records, _, _ = driver.execute_query(
        f"MATCH (n:{label}) RETURN count(n) AS n", database_=settings.neo4j_database
    )
    return int(records[0]["n"])


def test_signing_in_sets_an_httponly_samesite_cookie_and_answers_the_account(
    empty_db: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    account, _ = make_account(settings, "Planung@Gifhorn.de", "editor")

    response = sign_in(client, "planung@gifhorn.de")

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["account"] == {
        "id": account.id,
        "email": "planung@gifhorn.de",
        "role": "editor",
        "actorIds": [],
        "displayName": "planung@gifhorn.de",
    }
    assert len(body["csrfToken"]) > 30
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("ig_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http in the test; https adds it
    session = client.get("/auth/session").json()
    assert session["signedIn"] is True and session["csrfToken"] == body["csrfToken"]
    assert session["account"]["email"] == "planung@gifhorn.de"
    # only a hash of the session id is stored
    stored, _, _ = empty_db.execute_query(
        "MATCH (s:Session) RETURN s.id AS id", database_=settings.neo4j_database
    )
    assert [r["id"] for r in stored] != [client.cookies["ig_session"]]
    assert len(stored) == 1


def test_signing_in_again_replaces_the_session(
    empty_db: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    make_account(settings, "planung@gifhorn.de", "editor")
    sign_in(client, "planung@gifhorn.de")
    first = client.cookies["ig_session"]

    sign_in(client, "planung@gifhorn.de")

    assert client.cookies["ig_session"] != first
    assert count(empty_db, settings, "Session") == 1


def test_a_wrong_password_or_unknown_email_is_401_with_the_same_message(
    empty_db: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    make_account(settings, "planung@gifhorn.de", "editor")

    wrong = sign_in(client, "planung@gifhorn.de", "falsch-falsch")
    unknown = sign_in(client, "niemand@gifhorn.de")

    for response in (wrong, unknown):
        assert response.status_code == 401
        assert response.json() == {
            "error": {
                "code": "INVALID_CREDENTIALS",
                "message": "E-Mail oder Passwort ist falsch.",
            }
        }
        assert "set-cookie" not in response.headers
    assert client.get("/auth/session").json() == {"signedIn": False}


def test_repeated_failures_are_throttled_with_429_and_the_minutes_to_wait(
    empty_db: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    make_account(settings, "planung@gifhorn.de", "editor")

    answers = [sign_in(client, "planung@gifhorn.de", f"falsch-{n}") for n in range(5)]
    afterwards = sign_in(client, "planung@gifhorn.de")  # the right password, too late

    assert [a.status_code for a in answers] == [401, 401, 401, 401, 429]
    assert afterwards.status_code == 429
    error = afterwards.json()["error"]
    assert error["code"] == "TOO_MANY_ATTEMPTS"
    assert error["message"] == "Zu viele Fehlversuche. Bitte in 15 Minuten erneut versuchen."
    assert 14 * 60 < error["retryAfter"] <= 15 * 60
    assert afterwards.headers["retry-after"] == str(error["retryAfter"])


def test_the_throttle_is_shared_by_every_worker_through_the_database(
    empty_db: neo4j.Driver, settings: Settings
) -> None:
    make_account(settings, "planung@gifhorn.de", "editor")
    with TestClient(create_app(settings, run_migrations=False)) as first:
        for n in range(4):
            assert sign_in(first, "planung@gifhorn.de", f"falsch-{n}").status_code == 401
    with TestClient(create_app(settings, run_migrations=False)) as second:
        assert sign_in(second, "planung@gifhorn.de", "falsch-5").status_code == 429


def test_a_disabled_account_is_refused_with_403(
    empty_db: neo4j.Driver, settings: Settings, client: TestClient, cli_env: None
) -> None:
    make_account(settings, "weg@gifhorn.de", "editor")
    assert CliRunner().invoke(cli, ["account", "disable", "weg@gifhorn.de"]).exit_code == 0

    response = sign_in(client, "weg@gifhorn.de")

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "ACCOUNT_DISABLED"


def test_signing_out_ends_the_session_on_the_server(
    empty_db: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    make_account(settings, "planung@gifhorn.de", "editor")
    csrf = sign_in(client, "planung@gifhorn.de").json()["csrfToken"]
    cookie = client.cookies["ig_session"]

    refused = client.post("/auth/logout")  # without the CSRF header
    assert refused.status_code == 403
    assert count(empty_db, settings, "Session") == 1

    response = client.post("/auth/logout", headers={"X-CSRF-Token": csrf})

    assert response.status_code == 204
    assert 'ig_session=""' in response.headers["set-cookie"]
    assert count(empty_db, settings, "Session") == 0
    # the old cookie, replayed, is worth nothing
    client.cookies.set("ig_session", cookie)
    assert client.get("/auth/session").json() == {"signedIn": False, "expired": True}


def test_a_session_cookie_signs_graphql_requests_in(
    landscape: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    make_account(settings, "leser@gifhorn.de", "reader")
    anonymous = client.post("/graphql", json={"query": READ_CONTACTS}).json()
    sign_in(client, "leser@gifhorn.de")

    signed_in = client.post("/graphql", json={"query": READ_CONTACTS}).json()

    # a read by POST carries no CSRF header: refused, as any cookie POST without it
    assert signed_in["errors"][0]["extensions"]["code"] == "CSRF_REJECTED"
    csrf = client.get("/auth/session").json()["csrfToken"]
    signed_in = client.post(
        "/graphql", json={"query": READ_CONTACTS}, headers={"X-CSRF-Token": csrf}
    ).json()
    assert any(emails(signed_in)) and not any(emails(anonymous))
    me = client.get("/graphql", params={"query": SESSION_QUERY}).json()
    assert me["data"]["me"] == {"email": "leser@gifhorn.de", "role": "reader", "actorIds": []}


def test_an_expired_cookie_reads_as_anonymous_says_so_and_is_cleared(
    landscape: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    make_account(settings, "leser@gifhorn.de", "reader")
    sign_in(client, "leser@gifhorn.de")
    landscape.execute_query(
        "MATCH (s:Session) SET s.expiresAt = datetime() - duration('PT1M')",
        database_=settings.neo4j_database,
    )

    response = client.post("/graphql", json={"query": READ_CONTACTS})

    assert response.status_code == 200
    assert response.headers["x-session"] == "expired"
    assert 'ig_session=""' in response.headers["set-cookie"]
    assert not any(emails(response.json()))
    assert count(landscape, settings, "Session") == 0


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if settings.uses_local_server:
        monkeypatch.setenv("NEO4J_LOCAL_DIR", str(settings.neo4j_local_dir))
        monkeypatch.setenv("NEO4J_LOCAL_PORT", str(settings.neo4j_local_port))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_account_cli_prints_a_one_time_password_once_or_reads_one(
    empty_db: neo4j.Driver, client: TestClient, cli_env: None
) -> None:
    made = CliRunner().invoke(
        cli, ["account", "create", "--email", "chefin@gifhorn.de", "--role", "admin"]
    )
    assert made.exit_code == 0, made.output
    one_time = made.stdout.strip()
    assert len(one_time) >= 12
    assert sign_in(client, "chefin@gifhorn.de", one_time).status_code == 200

    given = CliRunner().invoke(
        cli,
        ["account", "create", "--email", "m@caritas.de", "--role", "member", "--password-stdin"],
        input="ein-langes-passwort\n",
    )
    assert given.exit_code == 2  # a member needs its actors
    assert "Akteur" in given.stderr

    listed = CliRunner().invoke(cli, ["account", "list"])
    assert "chefin@gifhorn.de" in listed.stdout and one_time not in listed.stdout


# --- accounts in GraphQL (admin) --------------------------------------------------------------


def admin_client(settings: Settings, client: TestClient) -> dict[str, str]:
    """Sign ``client`` in as an admin; the headers a cockpit sends with its POSTs."""
    make_account(settings, "chefin@gifhorn.de", "admin")
    csrf = sign_in(client, "chefin@gifhorn.de").json()["csrfToken"]
    return {"X-CSRF-Token": csrf}


def test_an_admin_creates_an_account_whose_one_time_password_signs_in(
    landscape: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    headers = admin_client(settings, client)

    created = client.post(
        "/graphql",
        json={
            "query": 'mutation { createAccount(input: {email: "AK@Caritas.de", role: "member", '
            'actorIds: ["caritas-gifhorn"]}) { account { id email role actorIds '
            "actors { id name } disabled } oneTimePassword } }"
        },
        headers=headers,
    ).json()["data"]["createAccount"]

    assert created["account"]["email"] == "ak@caritas.de"
    assert created["account"]["actors"] == [
        {"id": "caritas-gifhorn", "name": "Caritasverband Gifhorn"}
    ]
    with TestClient(create_app(settings, run_migrations=False)) as other:
        answer = sign_in(other, "ak@caritas.de", created["oneTimePassword"])
        assert answer.json()["account"]["actorIds"] == ["caritas-gifhorn"]
    listed = client.post(
        "/graphql", json={"query": "{ accounts { email role } }"}, headers=headers
    ).json()
    assert {"email": "ak@caritas.de", "role": "member"} in listed["data"]["accounts"]


def test_changing_or_resetting_an_account_ends_its_sessions(
    landscape: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    account, _ = make_account(settings, "ak@caritas.de", "member", ["caritas-gifhorn"])
    headers = admin_client(settings, client)
    with TestClient(create_app(settings, run_migrations=False)) as member:
        sign_in(member, "ak@caritas.de")
        assert member.get("/auth/session").json()["signedIn"] is True

        changed = client.post(
            "/graphql",
            json={
                "query": f'mutation {{ updateAccount(id: "{account.id}", input: '
                '{role: "reader", actorIds: []}) { role actorIds } }'
            },
            headers=headers,
        ).json()
        assert changed["data"]["updateAccount"] == {"role": "reader", "actorIds": []}
        assert member.get("/auth/session").json() == {"signedIn": False, "expired": True}

        reset = client.post(
            "/graphql",
            json={
                "query": f'mutation {{ resetPassword(id: "{account.id}") {{ oneTimePassword }} }}'
            },
            headers=headers,
        ).json()
        fresh = reset["data"]["resetPassword"]["oneTimePassword"]
        assert sign_in(member, "ak@caritas.de").status_code == 401  # the old password is gone
        assert sign_in(member, "ak@caritas.de", fresh).json()["account"]["role"] == "reader"


def test_a_member_token_is_bound_to_its_actors(
    landscape: neo4j.Driver, settings: Settings, client: TestClient, cli_env: None
) -> None:
    made = CliRunner().invoke(
        cli, ["token", "create", "--role", "member", "--actor", "caritas-gifhorn"]
    )
    assert made.exit_code == 0, made.output
    bearer = {"Authorization": f"Bearer {made.stdout.strip()}"}
    unbound = CliRunner().invoke(cli, ["token", "create", "--role", "member"])
    assert unbound.exit_code == 2 and "actor" in unbound.stderr

    own = client.post(
        "/graphql",
        json={
            "query": 'mutation { updateActor(id: "caritas-gifhorn", input: {phone: "0531 1"}) '
            "{ id } }"
        },
        headers=bearer,
    ).json()
    other = client.post(
        "/graphql",
        json={
            "query": 'mutation { updateActor(id: "kvhs-gifhorn", input: {phone: "0531 1"}) { id } }'
        },
        headers=bearer,
    ).json()

    assert own == {"data": {"updateActor": {"id": "caritas-gifhorn"}}}
    assert other["errors"][0]["extensions"]["code"] == "FORBIDDEN"
