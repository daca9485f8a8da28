"""The change history through /graphql: one ``Change`` per write, in the write's transaction.

Each mutation kind is run once against a small seeded graph, and its change is read back
both from the database and through ``changes``: exactly one change, by the token's name,
with each field's old and new value. A refused mutation records nothing.
"""

from __future__ import annotations

import json
from typing import Any

import neo4j
from starlette.testclient import TestClient

from graph.settings import Settings
from tests.api.test_mutations_nodes import (
    CREATE_ACTOR,
    DELETE_ACTOR,
    KVHS,
    UPDATE_ACTOR,
    admin,
    auth,
    editor,
    gql,
    only_error,
    seeded,
    snapshot,
)

__all__ = ["admin", "editor", "seeded"]  # fixtures shared with the mutation tests

CHANGES = """
query($recordId: ID, $author: String, $first: Int, $after: String, $since: DateTime) {
  changes(recordId: $recordId, author: $author, first: $first, after: $after, since: $since) {
    totalCount
    edges { cursor node {
      id at author action revision summary revertOf revertedBy
      entries { label recordId recordName op fields { field old new } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}"""


def stored_changes(driver: neo4j.Driver, settings: Settings) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        "MATCH (c:Change) RETURN properties(c) AS c ORDER BY c.revision",
        database_=settings.neo4j_database,
    )
    return [dict(r["c"]) for r in records]


def fields_of(change: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """``{field: (old, new)}`` of a stored change's single entry, values decoded."""
    [entry] = json.loads(change["entries"])
    return {f["field"]: (f["old"], f["new"]) for f in entry["fields"]}


def test_create_update_delete_each_write_one_change_with_old_and_new(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    assert not gql(client, CREATE_ACTOR, editor, input=KVHS).get("errors")
    [created] = stored_changes(seeded, settings)
    assert created["action"] == "create"
    assert created["author"] == "test editor"
    assert created["records"] == ["Actor:kvhs-gifhorn"]
    assert fields_of(created)["name"] == (None, "Kreisvolkshochschule Gifhorn")
    assert fields_of(created)["activeIn"] == (None, ["gifhorn", "meinersen"])

    patch = {"phone": "05371 123", "activeIn": ["gifhorn"]}
    assert not gql(client, UPDATE_ACTOR, editor, id="kvhs-gifhorn", input=patch).get("errors")
    updated = stored_changes(seeded, settings)[-1]
    assert updated["action"] == "update"
    assert fields_of(updated) == {
        "phone": (None, "05371 123"),
        "activeIn": (["gifhorn", "meinersen"], ["gifhorn"]),
    }
    assert updated["summary"] == "Akteur 'Kreisvolkshochschule Gifhorn' geändert: Telefon, Aktiv in"

    assert not gql(client, DELETE_ACTOR, editor, id="kvhs-gifhorn").get("errors")
    deleted = stored_changes(seeded, settings)[-1]
    assert deleted["action"] == "delete"
    assert fields_of(deleted)["phone"] == ("05371 123", None)
    [entry] = json.loads(deleted["entries"])
    assert entry["node"]["name"] == "Kreisvolkshochschule Gifhorn"
    kept = {(r["type"], r["end"]) for r in entry["relationships"]}
    assert kept == {("LOCATED_IN", "gifhorn"), ("ACTIVE_IN", "gifhorn")}
    assert len(stored_changes(seeded, settings)) == 3


def test_an_update_that_changes_nothing_records_nothing(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    body = gql(client, UPDATE_ACTOR, editor, id="kvhs-gifhorn", input={"name": KVHS["name"]})
    assert body["data"]["updateActor"]["outcome"] == "UNCHANGED"
    assert len(stored_changes(seeded, settings)) == 1


def test_a_refused_mutation_records_no_change(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    before = snapshot(seeded, settings.neo4j_database)
    bad = {**KVHS, "activeIn": ["gifhorn", "atlantis"]}
    assert only_error(gql(client, CREATE_ACTOR, editor, input=bad))["extensions"]["code"] == (
        "NOT_FOUND"
    )
    assert snapshot(seeded, settings.neo4j_database) == before
    assert stored_changes(seeded, settings) == []


CONNECT = """
mutation($input: LinkInput!) { connect(input: $input) { outcome } }"""
DISCONNECT = """
mutation($input: LinkInput!) { disconnect(input: $input) { outcome } }"""
CONNECT_MEMBERSHIP = """
mutation($input: MembershipInput!) { connectMembership(input: $input) { outcome } }"""
DISCONNECT_MEMBERSHIP = """
mutation($input: MembershipKey!) { disconnectMembership(input: $input) { outcome } }"""
CREATE_GROUP = """
mutation($input: WorkingGroupInput!) { createWorkingGroup(input: $input) { outcome } }"""


def test_links_and_relationships_record_connect_and_disconnect(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    link = {"kind": "ACTOR_LOCATED_IN", "from": "kvhs-gifhorn", "to": "meinersen"}
    assert gql(client, CONNECT, editor, input=link)["data"]["connect"]["outcome"] == "CREATED"
    connected = stored_changes(seeded, settings)[-1]
    assert connected["action"] == "connect"
    assert fields_of(connected) == {"locatedIn": ("gifhorn", "meinersen")}

    assert gql(client, DISCONNECT, editor, input=link)["data"]["disconnect"]["outcome"] == (
        "REMOVED"
    )
    disconnected = stored_changes(seeded, settings)[-1]
    assert disconnected["action"] == "disconnect"
    assert fields_of(disconnected) == {"locatedIn": ("meinersen", None)}

    group = {"id": "ak-bildung", "name": "AK Bildung", "source": "example"}
    gql(client, CREATE_GROUP, editor, input=group)
    member = {
        "actor": "kvhs-gifhorn",
        "workingGroup": "ak-bildung",
        "role": "SPOKESPERSON",
        "source": "t",
    }
    body = gql(client, CONNECT_MEMBERSHIP, editor, input=member)
    assert not body.get("errors"), body
    joined = stored_changes(seeded, settings)[-1]
    assert joined["action"] == "connect"
    assert set(joined["records"]) == {"Actor:kvhs-gifhorn", "WorkingGroup:ak-bildung"}
    [(old, new)] = fields_of(joined).values()
    assert old is None and new["role"] == "spokesperson"

    key = {"actor": "kvhs-gifhorn", "workingGroup": "ak-bildung"}
    assert not gql(client, DISCONNECT_MEMBERSHIP, editor, input=key).get("errors")
    left = stored_changes(seeded, settings)[-1]
    assert left["action"] == "disconnect"
    assert len(stored_changes(seeded, settings)) == 6


def test_changes_pages_newest_first_and_filters_by_record(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    for phone in ("05371 1", "05371 2", "05371 3"):
        gql(client, UPDATE_ACTOR, editor, id="kvhs-gifhorn", input={"phone": phone})
    other = {**KVHS, "id": "caritas", "name": "Caritas", "email": None}
    gql(client, CREATE_ACTOR, editor, input=other)

    first = gql(client, CHANGES, editor, first=2)["data"]["changes"]
    assert first["totalCount"] == 5
    assert first["pageInfo"]["hasNextPage"] is True
    nodes = [e["node"] for e in first["edges"]]
    assert [n["action"] for n in nodes] == ["create", "update"]
    assert nodes[0]["revision"] > nodes[1]["revision"]
    assert nodes[1]["entries"][0]["fields"] == [
        {"field": "phone", "old": '"05371 2"', "new": '"05371 3"'}
    ]

    after = first["pageInfo"]["endCursor"]
    rest = gql(client, CHANGES, editor, first=10, after=after)["data"]["changes"]
    assert [e["node"]["action"] for e in rest["edges"]] == ["update", "update", "create"]
    assert rest["pageInfo"]["hasNextPage"] is False

    mine = gql(client, CHANGES, editor, recordId="caritas")["data"]["changes"]
    assert mine["totalCount"] == 1
    assert mine["edges"][0]["node"]["entries"][0]["recordName"] == "Caritas"


LOAD_ENTRIES = """
query($first: Int, $recordId: ID) { changes(first: 1) { edges { node {
  action entryCount
  entries(first: $first) { recordId }
  own: entries(recordId: $recordId) { label recordId recordName op }
} } } }"""


def test_a_load_change_sends_a_page_of_its_entries_and_says_how_many(
    gifhorn: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    """A load changes hundreds of records: ``entries`` is a page like every nested list
    (100 by default, ``first`` up to API_MAX_PAGE_SIZE), ``recordId`` picks one record's
    entries, and ``entryCount`` says how many there are in all."""
    stored = stored_changes(gifhorn, settings)[-1]
    every = [e["recordId"] for e in json.loads(stored["entries"])]
    assert len(every) > 100

    default = gql(client, LOAD_ENTRIES, {}, recordId="kvhs-gifhorn")["data"]["changes"]
    [node] = [e["node"] for e in default["edges"]]
    assert node["action"] == "load"
    assert node["entryCount"] == len(every)
    assert [e["recordId"] for e in node["entries"]] == every[:100]
    assert node["own"] == [
        {
            "label": "Actor",
            "recordId": "kvhs-gifhorn",
            "recordName": "Kreisvolkshochschule Gifhorn",
            "op": "created",
        }
    ]
    three = gql(client, LOAD_ENTRIES, {}, first=3, recordId="nobody")["data"]["changes"]
    assert [e["recordId"] for e in three["edges"][0]["node"]["entries"]] == every[:3]
    assert three["edges"][0]["node"]["own"] == []

    for first, code in ((-1, "BAD_USER_INPUT"), (10_000, "PAGE_SIZE_EXCEEDED")):
        refused = gql(client, LOAD_ENTRIES, {}, first=first)
        assert refused["errors"][0]["extensions"]["code"] == code, refused


def test_author_is_shown_to_signed_in_callers_only(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    public = gql(client, CHANGES, {})["data"]["changes"]["edges"][0]["node"]
    assert public["author"] is None
    assert public["summary"]
    signed_in = gql(client, CHANGES, editor)["data"]["changes"]["edges"][0]["node"]
    assert signed_in["author"] == "test editor"
    refused = only_error(gql(client, CHANGES, {}, author="test editor"))
    assert refused["extensions"]["code"] == "UNAUTHENTICATED"
    by_author = gql(client, CHANGES, editor, author="test editor")["data"]["changes"]
    assert by_author["totalCount"] == 1


HISTORY = """
query($id: ID!) { actor(id: $id) { name history(first: 5) { action author summary } } }"""


def test_every_node_type_has_its_history(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    gql(client, UPDATE_ACTOR, editor, id="kvhs-gifhorn", input={"phone": "05371 1"})
    actor = gql(client, HISTORY, editor, id="kvhs-gifhorn")["data"]["actor"]
    assert [h["action"] for h in actor["history"]] == ["update", "create"]
    assert actor["history"][0]["author"] == "test editor"
    municipality = gql(client, 'query { municipality(id: "gifhorn") { history { action } } }', {})[
        "data"
    ]["municipality"]
    assert municipality["history"] == []
    other = auth(seeded, settings, "editor")
    assert gql(client, HISTORY, other, id="kvhs-gifhorn")["data"]["actor"]["history"]
