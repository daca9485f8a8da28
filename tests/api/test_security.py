"""The security test of issue 17: cookie-authenticated writes that must all be refused.

A member of the Caritas signs in with e-mail and password, as in the browser. Then writes
are sent with the session cookie from another origin, without the CSRF header, with a wrong
one, with no cookie, with an expired and an idle session, and with the member's own valid
session on another organisation's record. Every one is refused, and the graph (landscape,
accounts) is exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graph.settings import Settings
from tests.api.test_roles import SETUP, dump
from tests.api.test_sign_in import make_account, sign_in

EMAIL = "ak@caritas.de"
HIJACK = 'mutation { updateActor(id: "kvhs-gifhorn", input: {source: "hijacked"}) { id } }'
OWN = 'mutation { updateActor(id: "caritas-gifhorn", input: {phone: "05371 999"}) { id } }'


@pytest.fixture
def member(landscape: neo4j.Driver, settings: Settings, client: TestClient) -> str:
    """The member signed in on ``client``; returns its CSRF token."""
    landscape.execute_query(SETUP, database_=settings.neo4j_database)
    make_account(settings, EMAIL, "member", ["caritas-gifhorn"])
    response = sign_in(client, EMAIL)
    assert response.status_code == 200
    token: str = response.json()["csrfToken"]
    return token


def expire(driver: neo4j.Driver, settings: Settings) -> None:
    driver.execute_query(
        "MATCH (s:Session) SET s.expiresAt = datetime() - duration('PT1S')",
        database_=settings.neo4j_database,
    )


def idle(driver: neo4j.Driver, settings: Settings) -> None:
    driver.execute_query(
        "MATCH (s:Session) SET s.lastSeenAt = datetime() - duration('PT2H')",
        database_=settings.neo4j_database,
    )


Attack = Callable[[TestClient, str, neo4j.Driver, Settings], Any]


def from_another_origin(client: TestClient, csrf: str, *_: Any) -> Any:
    return client.post(
        "/graphql",
        json={"query": OWN},
        headers={"X-CSRF-Token": csrf, "Origin": "https://evil.example"},
    )


def without_csrf_header(client: TestClient, csrf: str, *_: Any) -> Any:
    return client.post("/graphql", json={"query": OWN})


def with_a_wrong_csrf_token(client: TestClient, csrf: str, *_: Any) -> Any:
    return client.post("/graphql", json={"query": OWN}, headers={"X-CSRF-Token": csrf[:-2] + "xx"})


def with_no_cookie(client: TestClient, csrf: str, *_: Any) -> Any:
    client.cookies.clear()
    return client.post("/graphql", json={"query": OWN}, headers={"X-CSRF-Token": csrf})


def with_an_expired_session(
    client: TestClient, csrf: str, driver: neo4j.Driver, settings: Settings
) -> Any:
    expire(driver, settings)
    return client.post("/graphql", json={"query": OWN}, headers={"X-CSRF-Token": csrf})


def with_an_idle_session(
    client: TestClient, csrf: str, driver: neo4j.Driver, settings: Settings
) -> Any:
    idle(driver, settings)
    return client.post("/graphql", json={"query": OWN}, headers={"X-CSRF-Token": csrf})


def on_another_members_record(client: TestClient, csrf: str, *_: Any) -> Any:
    return client.post("/graphql", json={"query": HIJACK}, headers={"X-CSRF-Token": csrf})


def thirty_aliased_deletes(client: TestClient, csrf: str, *_: Any) -> Any:
    deletes = " ".join(
        f'd{n}: deleteOffering(id: "kvhs-integrationskurs") {{ id }}' for n in range(30)
    )
    return client.post(
        "/graphql", json={"query": f"mutation {{ {deletes} }}"}, headers={"X-CSRF-Token": csrf}
    )


ATTACKS: dict[str, tuple[Attack, int, str, bool]] = {
    # name: (attack, HTTP status, error code, whether the answer says the session expired)
    "another origin": (from_another_origin, 403, "CSRF_REJECTED", False),
    "no CSRF header": (without_csrf_header, 403, "CSRF_REJECTED", False),
    "wrong CSRF token": (with_a_wrong_csrf_token, 403, "CSRF_REJECTED", False),
    "no cookie": (with_no_cookie, 200, "UNAUTHENTICATED", False),
    "expired session": (with_an_expired_session, 200, "UNAUTHENTICATED", True),
    "idle session": (with_an_idle_session, 200, "UNAUTHENTICATED", True),
    "another's record": (on_another_members_record, 200, "FORBIDDEN", False),
    "aliased deletes of another's": (thirty_aliased_deletes, 200, "FORBIDDEN", False),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_every_forged_or_stale_cookie_write_is_refused_and_changes_nothing(
    landscape: neo4j.Driver, settings: Settings, client: TestClient, member: str, name: str
) -> None:
    attack, status, code, expired = ATTACKS[name]
    before = dump(landscape, settings)

    response = attack(client, member, landscape, settings)

    assert response.status_code == status, response.text
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == code, body
    assert all(e["extensions"]["code"] == code for e in body["errors"])
    assert (response.headers.get("x-session") == "expired") is expired
    assert dump(landscape, settings) == before


def test_the_same_session_with_its_token_and_own_origin_may_write_its_own_record(
    landscape: neo4j.Driver, settings: Settings, client: TestClient, member: str
) -> None:
    response = client.post(
        "/graphql",
        json={"query": OWN},
        headers={"X-CSRF-Token": member, "Origin": "http://testserver"},
    )

    assert response.json() == {"data": {"updateActor": {"id": "caritas-gifhorn"}}}
    records, _, _ = landscape.execute_query(
        "MATCH (a:Actor {id: 'caritas-gifhorn'}) RETURN a.phone AS phone",
        database_=settings.neo4j_database,
    )
    assert records[0]["phone"] == "05371 999"


def test_sign_in_from_another_origin_is_refused(
    landscape: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    make_account(settings, EMAIL, "member", ["caritas-gifhorn"])

    response = client.post(
        "/auth/login",
        json={"email": EMAIL, "password": "richtig-geheim-1"},
        headers={"Origin": "https://evil.example"},
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "CSRF_REJECTED"
    assert "set-cookie" not in response.headers


def test_a_bearer_token_wins_over_the_cookie(
    landscape: neo4j.Driver, settings: Settings, client: TestClient, member: str
) -> None:
    """Scripts send a bearer token: it decides, and a cookie beside it adds nothing."""
    from graph.tokens import create_token

    _, secret = create_token(landscape, settings.neo4j_database, "reader", "script")
    before = dump(landscape, settings)

    response = client.post(
        "/graphql", json={"query": OWN}, headers={"Authorization": f"Bearer {secret}"}
    )

    assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert dump(landscape, settings) == before
