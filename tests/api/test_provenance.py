"""Provenance survives edits: an edit marks the fields it changed, not the whole record.

An example record edited in one field keeps ``source: "example"``; ``provenance`` lists the
changed field with the channel (``API`` for a token, ``Cockpit`` for a session), who and
when (who: signed-in callers only). The ``source`` of an existing record is a citation:
only an admin changes it. ``confirm<Label>`` says "Angaben stimmen noch" and sets
``verifiedAt``; ``staleRecords`` counts and lists what nobody confirmed for 12 months.
"""

from __future__ import annotations

from typing import Any

import neo4j
from starlette.testclient import TestClient

from graph.settings import Settings
from tests.api.test_mutations_nodes import (
    CREATE_ACTOR,
    KVHS,
    auth,
    gql,
    only_error,
    seeded,  # noqa: F401  (fixture)
    snapshot,
)

UPDATE = """
mutation($input: ActorPatch!) { updateActor(id: "kvhs-gifhorn", input: $input) { outcome } }"""

READ = """query {
  actor(id: "kvhs-gifhorn") {
    source phone version verifiedAt verifiedBy
    provenance { field source changedBy changedAt }
  }
}"""


def actor(client: TestClient, headers: dict[str, str] | None = None) -> dict[str, Any]:
    body = gql(client, READ, headers or {})
    assert "errors" not in body, body
    value: dict[str, Any] = body["data"]["actor"]
    return value


def test_an_edit_marks_only_the_changed_field_and_keeps_the_record_source(
    seeded: neo4j.Driver,  # noqa: F811
    settings: Settings,
    client: TestClient,
) -> None:
    editor = auth(seeded, settings)
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    assert actor(client, editor)["provenance"] == []

    gql(client, UPDATE, editor, input={"phone": "05371 1234"})

    signed_in, anonymous = actor(client, editor), actor(client)
    assert signed_in["source"] == "example"  # every other field: still illustrative
    [field] = signed_in["provenance"]
    assert (field["field"], field["source"], field["changedBy"]) == ("phone", "API", "test editor")
    assert field["changedAt"] is not None
    assert anonymous["provenance"] == [{**field, "changedBy": None}]


def test_an_editor_cannot_relabel_a_record_source_but_an_admin_can(
    seeded: neo4j.Driver,  # noqa: F811
    settings: Settings,
    client: TestClient,
) -> None:
    editor, admin = auth(seeded, settings), auth(seeded, settings, "admin")
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    before = snapshot(seeded, settings.neo4j_database)

    hijack = gql(client, UPDATE, editor, input={"source": "hijacked", "phone": "05371 9"})
    unchanged = snapshot(seeded, settings.neo4j_database)
    same = gql(client, UPDATE, editor, input={"source": "example"})
    cited = gql(client, UPDATE, admin, input={"source": "Landkreis Gifhorn 2024"})

    error = only_error(hijack)
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (
        "FORBIDDEN",
        "input.source",
    )
    assert same["data"]["updateActor"]["outcome"] == "UNCHANGED"
    assert unchanged == before  # the refusal wrote nothing
    assert cited["data"]["updateActor"]["outcome"] == "UPDATED"
    after = actor(client, editor)
    assert after["source"] == "Landkreis Gifhorn 2024"
    assert after["provenance"] == []  # a new citation is not an edit of a field


CONFIRM = 'mutation { confirmActor(id: "kvhs-gifhorn") { id verifiedAt } }'


def test_confirming_sets_verified_at_and_by_and_keeps_the_version(
    seeded: neo4j.Driver,  # noqa: F811
    settings: Settings,
    client: TestClient,
) -> None:
    editor = auth(seeded, settings)
    gql(client, CREATE_ACTOR, editor, input=KVHS)

    body = gql(client, CONFIRM, editor)

    confirmed = body["data"]["confirmActor"]
    record = actor(client, editor)
    assert record["verifiedAt"] == confirmed["verifiedAt"] is not None
    assert record["verifiedBy"] == "test editor"
    assert record["version"] == 1
    assert actor(client)["verifiedBy"] is None  # a name: signed-in callers only
    missing = gql(client, 'mutation { confirmActor(id: "nobody") { id } }', editor)
    assert only_error(missing)["extensions"]["code"] == "NOT_FOUND"
    anonymous = gql(client, CONFIRM, {})
    assert only_error(anonymous)["extensions"]["code"] == "UNAUTHENTICATED"


STALE = """query($after: String, $months: Int! = 12) {
  staleRecords(olderThanMonths: $months, first: 2, after: $after) {
    totalCount
    edges { node { label id name verifiedAt updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}"""


def test_stale_records_are_those_nobody_confirmed_for_twelve_months(
    seeded: neo4j.Driver,  # noqa: F811
    settings: Settings,
    client: TestClient,
) -> None:
    editor = auth(seeded, settings)
    for name in ("a", "b", "c", "d"):
        gql(client, CREATE_ACTOR, editor, input={**KVHS, "id": f"actor-{name}", "name": name})
    seeded.execute_query(  # loaded two years ago; b and c confirmed since, c long ago
        "MATCH (a:Actor) SET a.updatedAt = datetime() - duration({years: 2}) "
        "WITH a WHERE a.id = 'actor-b' SET a.verifiedAt = datetime() - duration({months: 1}) "
        "WITH a MATCH (c:Actor {id: 'actor-c'}) "
        "SET c.verifiedAt = datetime() - duration({months: 13})",
        database_=settings.neo4j_database,
    )
    gql(client, 'mutation { confirmActor(id: "actor-d") { id } }', editor)

    first = gql(client, STALE, {})["data"]["staleRecords"]
    second = gql(client, STALE, {}, after=first["pageInfo"]["endCursor"])["data"]["staleRecords"]
    everything = gql(client, STALE, {}, months=0)["data"]["staleRecords"]

    assert first["totalCount"] == 2
    assert [e["node"]["id"] for e in first["edges"]] == ["actor-a", "actor-c"]  # oldest first
    assert first["edges"][0]["node"]["label"] == "Actor"
    assert first["pageInfo"]["hasNextPage"] is False
    assert second["edges"] == []
    assert everything["totalCount"] == 4
