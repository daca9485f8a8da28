"""Reverting changes, the mass-deletion rule and the person purge, through /graphql.

Each test compares the whole graph (without the history itself) before and after, so a
revert is shown to bring back exactly what was there, and a refusal to leave it untouched.
"""

from __future__ import annotations

import json
from typing import Any

import neo4j
from starlette.testclient import TestClient

from domain.contract import BOOKKEEPING
from graph.settings import Settings
from tests.api.test_history import CONNECT_MEMBERSHIP, CREATE_GROUP, stored_changes
from tests.api.test_mutations_nodes import (
    CREATE_ACTOR,
    DELETE_ACTOR,
    KVHS,
    UPDATE_ACTOR,
    admin,
    editor,
    gql,
    only_error,
    seeded,
)

__all__ = ["admin", "editor", "seeded"]  # fixtures shared with the mutation tests

REVERT = """
mutation($id: ID!) {
  revertChange(id: $id) { reverted revision change { id action revertOf author summary } }
}"""

CREATE_OFFERING = """
mutation($input: OfferingInput!) { createOffering(input: $input) { outcome } }"""


def landscape(driver: neo4j.Driver, settings: Settings) -> tuple[list[Any], list[Any]]:
    """Every landscape node and relationship with all properties (``updatedAt`` too)."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:Token AND NOT n:Change AND NOT n:_Meta "
        "RETURN labels(n) AS l, properties(n) AS p ORDER BY l[0], n.id",
        database_=settings.neo4j_database,
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p "
        "ORDER BY a, t, b",
        database_=settings.neo4j_database,
    )
    return [tuple(r.values()) for r in nodes], [tuple(r.values()) for r in rels]


def unstamped(rows: list[Any]) -> list[Any]:
    """Node rows without their bookkeeping (``updatedAt``, ``version`` ...: a revert is a new
    write, stamped and counted anew)."""
    return [(r[0], {k: v for k, v in r[1].items() if k not in BOOKKEEPING}) for r in rows]


def last_change_id(driver: neo4j.Driver, settings: Settings) -> str:
    return str(stored_changes(driver, settings)[-1]["id"])


def test_an_admin_reverts_an_update_and_the_revert_is_a_change_of_its_own(
    seeded: neo4j.Driver,
    settings: Settings,
    client: TestClient,
    editor: dict[str, str],
    admin: dict[str, str],
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    before = landscape(seeded, settings)
    patch = {"phone": "05371 999", "activeIn": ["gifhorn"], "name": "KVHS"}
    gql(client, UPDATE_ACTOR, editor, id="kvhs-gifhorn", input=patch)
    update_id = last_change_id(seeded, settings)

    body = gql(client, REVERT, admin, id=update_id)

    assert not body.get("errors"), body
    revert = body["data"]["revertChange"]["change"]
    assert revert["action"] == "revert" and revert["revertOf"] == update_id
    nodes, rels = landscape(seeded, settings)
    assert unstamped(nodes) == unstamped(before[0])
    assert [r[:3] for r in rels] == [r[:3] for r in before[1]]
    reverted = next(c for c in stored_changes(seeded, settings) if c["id"] == update_id)
    assert reverted["revertedBy"] == revert["id"]
    again = only_error(gql(client, REVERT, admin, id=update_id))
    assert again["extensions"]["code"] == "CONFLICT"


def test_a_deleted_actor_comes_back_with_its_relationships_and_offerings(
    seeded: neo4j.Driver,
    settings: Settings,
    client: TestClient,
    editor: dict[str, str],
    admin: dict[str, str],
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    group = {"id": "ak-bildung", "name": "AK Bildung", "source": "example", "topics": ["sprache"]}
    gql(client, CREATE_GROUP, editor, input=group)
    member = {
        "actor": "kvhs-gifhorn",
        "workingGroup": "ak-bildung",
        "role": "SPOKESPERSON",
        "since": "2018-06-01",
        "source": "article",
    }
    assert not gql(client, CONNECT_MEMBERSHIP, editor, input=member).get("errors")
    offering = {
        "id": "integrationskurs",
        "title": "Integrationskurs",
        "kind": "COURSE",
        "source": "example",
        "startDate": "2024-01-15",
        "providers": ["kvhs-gifhorn"],
        "topics": ["sprache"],
    }
    assert not gql(client, CREATE_OFFERING, editor, input=offering).get("errors")
    before = landscape(seeded, settings)

    deleted = gql(client, DELETE_ACTOR, admin, id="kvhs-gifhorn", cascade=True)
    assert len(deleted["data"]["deleteActor"]["deleted"]) == 2
    assert landscape(seeded, settings) != before
    body = gql(client, REVERT, admin, id=last_change_id(seeded, settings))

    assert not body.get("errors"), body
    assert landscape(seeded, settings) == before
    [entry_ops] = [
        {e["op"] for e in json.loads(c["entries"])}
        for c in stored_changes(seeded, settings)
        if c["action"] == "revert"
    ]
    assert entry_ops == {"created"}


def test_a_revert_is_refused_while_a_later_change_touched_the_same_record(
    seeded: neo4j.Driver,
    settings: Settings,
    client: TestClient,
    editor: dict[str, str],
    admin: dict[str, str],
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    gql(client, UPDATE_ACTOR, editor, id="kvhs-gifhorn", input={"phone": "05371 1"})
    first = last_change_id(seeded, settings)
    gql(client, UPDATE_ACTOR, editor, id="kvhs-gifhorn", input={"phone": "05371 2"})
    later = last_change_id(seeded, settings)
    before, count = landscape(seeded, settings), len(stored_changes(seeded, settings))

    error = only_error(gql(client, REVERT, admin, id=first))

    assert error["extensions"]["code"] == "CONFLICT"
    assert error["extensions"]["laterChange"] == later
    assert "spätere Änderung" in error["message"] and later in error["message"]
    assert "Actor 'kvhs-gifhorn'" in error["message"]
    assert landscape(seeded, settings) == before
    assert len(stored_changes(seeded, settings)) == count


def test_only_an_admin_reverts(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    error = only_error(gql(client, REVERT, editor, id=last_change_id(seeded, settings)))
    assert error["extensions"]["code"] == "FORBIDDEN"
    anonymous = only_error(gql(client, REVERT, {}, id=last_change_id(seeded, settings)))
    assert anonymous["extensions"]["code"] == "UNAUTHENTICATED"


# --- mass deletion --------------------------------------------------------------------------


def _actors(client: TestClient, headers: dict[str, str], count: int) -> list[str]:
    ids = [f"verein-{n}" for n in range(count)]
    for actor_id in ids:
        actor = {"id": actor_id, "name": actor_id, "kind": "ASSOCIATION", "source": "example"}
        assert not gql(client, CREATE_ACTOR, headers, input=actor).get("errors")
    return ids


def test_thirty_aliased_deletes_by_an_editor_are_refused_and_delete_nothing(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    ids = _actors(client, editor, 30)
    before = landscape(seeded, settings)
    fields = " ".join(f'd{n}: deleteActor(id: "{i}") {{ id }}' for n, i in enumerate(ids))

    body = gql(client, f"mutation {{ {fields} }}", editor)

    assert body["data"] is None  # the first refusal ends the (serial) mutation operation
    assert {e["extensions"]["code"] for e in body["errors"]} == {"FORBIDDEN"}
    assert {e["extensions"]["reason"] for e in body["errors"]} == {"TOO_MANY_DELETIONS"}
    assert "Zu viele Löschungen" in body["errors"][0]["message"]
    assert landscape(seeded, settings) == before


def test_an_editor_deletes_at_most_five_records_per_ten_minutes(
    seeded: neo4j.Driver,
    settings: Settings,
    client: TestClient,
    editor: dict[str, str],
    admin: dict[str, str],
) -> None:
    ids = _actors(client, editor, 8)
    for actor_id in ids[:5]:
        assert not gql(client, DELETE_ACTOR, editor, id=actor_id).get("errors")
    before = landscape(seeded, settings)

    error = only_error(gql(client, DELETE_ACTOR, editor, id=ids[5]))

    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["extensions"]["reason"] == "TOO_MANY_DELETIONS"
    assert landscape(seeded, settings) == before
    for actor_id in ids[5:]:  # the rule is for roles below admin
        assert not gql(client, DELETE_ACTOR, admin, id=actor_id).get("errors")


# --- personal data --------------------------------------------------------------------------

CREATE_COORDINATOR = """
mutation($input: CoordinatorInput!) { createCoordinator(input: $input) { outcome } }"""
UPDATE_COORDINATOR = """
mutation($id: ID!, $input: CoordinatorPatch!) { updateCoordinator(id: $id, input: $input) {
  outcome } }"""
DELETE_COORDINATOR = """
mutation($id: ID!) { deleteCoordinator(id: $id) { id } }"""


def test_deleting_a_person_removes_their_values_from_the_whole_history(
    seeded: neo4j.Driver,
    settings: Settings,
    client: TestClient,
    editor: dict[str, str],
    admin: dict[str, str],
) -> None:
    person = {
        "id": "erika-muster",
        "name": "Erika Muster",
        "role": "Integrationskoordinatorin",
        "email": "erika.muster@gifhorn.de",
        "phone": "05371 82-111",
        "source": "example",
    }
    assert not gql(client, CREATE_COORDINATOR, editor, input=person).get("errors")
    gql(client, UPDATE_COORDINATOR, editor, id="erika-muster", input={"phone": "05371 82-222"})
    gql(client, CREATE_ACTOR, editor, input=KVHS)  # a change about someone else
    assert "Erika" in json.dumps(stored_changes(seeded, settings), default=str)

    assert not gql(client, DELETE_COORDINATOR, editor, id="erika-muster").get("errors")

    history = json.dumps(stored_changes(seeded, settings), default=str)
    for value in ("Erika", "erika-muster", "82-111", "82-222", "Integrationskoordinatorin"):
        assert value not in history
    assert "Kreisvolkshochschule Gifhorn" in history  # the others' entries stay
    delete_id = last_change_id(seeded, settings)
    error = only_error(gql(client, REVERT, admin, id=delete_id))
    assert error["extensions"]["code"] == "CONFLICT"


def test_deletes_hidden_in_fragments_count_too(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    ids = _actors(client, editor, 6)
    before = landscape(seeded, settings)
    direct = " ".join(f'a{n}: deleteActor(id: "{i}") {{ id }}' for n, i in enumerate(ids[:3]))
    inline = " ".join(f'b{n}: deleteActor(id: "{i}") {{ id }}' for n, i in enumerate(ids[3:5]))
    spread = f'c0: deleteActor(id: "{ids[5]}") {{ id }}'
    document = (
        f"mutation {{ {direct} ... on Mutation {{ {inline} }} ...more }} "
        f"fragment more on Mutation {{ {spread} }}"
    )

    body = gql(client, document, editor)

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["reason"] == "TOO_MANY_DELETIONS"
    assert "6 angefragt" in body["errors"][0]["message"]
    assert landscape(seeded, settings) == before
