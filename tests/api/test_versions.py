"""Versions: every record counts its changes, and a stale edit is refused, not lost.

``version`` is 1 on create and grows by one per change (API or load); a write that changes
nothing leaves it. ``update<Label>(..., expectedVersion)`` names the version the edit started
from: when someone saved in between, the update is refused with CONFLICT, the current
version and what the other person changed. The check runs under the node's write lock,
inside the write transaction: of two concurrent updates from the same version, one wins.
"""

from __future__ import annotations

import asyncio
import json
import threading
from datetime import datetime
from typing import Any

import neo4j
from starlette.testclient import TestClient

from domain.errors import ErrorCode, Refusal
from domain.registry import NODE_SECTION
from graph.db import open_async_driver
from graph.mutations.nodes import update_node
from graph.mutations.transaction import Body, write
from graph.mutations.versions import Editor
from graph.settings import Settings
from tests.api.test_mutations_nodes import (
    COURSE,
    CREATE_ACTOR,
    CREATE_OFFERING,
    KVHS,
    auth,
    gql,
    only_error,
    read_actor,
    seeded,  # noqa: F401  (fixture)
    snapshot,
)

UPDATE = """
mutation($id: ID!, $input: ActorPatch!, $v: Int) {
  updateActor(id: $id, input: $input, expectedVersion: $v) { outcome }
}"""

VERSION = 'query { actor(id: "kvhs-gifhorn") { version } }'


def version(client: TestClient, headers: dict[str, str]) -> int:
    body = gql(client, VERSION, headers)
    value: int = body["data"]["actor"]["version"]
    return value


def test_version_starts_at_one_and_counts_changes_not_unchanged_writes(
    seeded: neo4j.Driver,  # noqa: F811
    settings: Settings,
    client: TestClient,
) -> None:
    editor = auth(seeded, settings)
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    assert version(client, editor) == 1

    gql(client, UPDATE, editor, id="kvhs-gifhorn", input={"phone": "05371 1"})
    gql(client, UPDATE, editor, id="kvhs-gifhorn", input={"activeIn": ["gifhorn"]})
    same = gql(client, UPDATE, editor, id="kvhs-gifhorn", input={"phone": "05371 1"})

    assert same["data"]["updateActor"]["outcome"] == "UNCHANGED"
    assert version(client, editor) == 3  # a property, then a reference field


def test_a_node_without_version_reads_as_one(
    seeded: neo4j.Driver,  # noqa: F811
    settings: Settings,
    client: TestClient,
) -> None:
    seeded.execute_query(
        "CREATE (:Actor {id: 'kvhs-gifhorn', name: 'KVHS', kind: 'education_provider', "
        "source: 't'})",
        database_=settings.neo4j_database,
    )
    editor = auth(seeded, settings)
    assert version(client, editor) == 1
    body = gql(client, UPDATE, editor, id="kvhs-gifhorn", input={"phone": "05371 11"}, v=1)
    assert body["data"]["updateActor"]["outcome"] == "UPDATED", body
    assert version(client, editor) == 2


def test_a_stale_expected_version_is_refused_with_what_the_other_person_changed(
    seeded: neo4j.Driver,  # noqa: F811
    settings: Settings,
    client: TestClient,
) -> None:
    editor = auth(seeded, settings)
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    first = gql(client, UPDATE, editor, id="kvhs-gifhorn", input={"phone": "05371 1"}, v=1)
    assert first["data"]["updateActor"]["outcome"] == "UPDATED"
    before = snapshot(seeded, settings.neo4j_database)

    stale = gql(client, UPDATE, editor, id="kvhs-gifhorn", input={"phone": "05371 2"}, v=1)

    error = only_error(stale)
    extensions = error["extensions"]
    assert extensions["code"] == "CONFLICT"
    assert extensions["currentVersion"] == 2
    [change] = extensions["changes"]
    assert change["author"] == "test editor"
    assert change["fields"] == [{"field": "phone", "old": None, "new": "05371 1"}]
    assert extensions["changesComplete"] is True
    assert snapshot(seeded, settings.neo4j_database) == before
    assert read_actor(seeded, settings, "kvhs-gifhorn")["phone"] == "05371 1"


def test_without_expected_version_the_last_write_wins(
    seeded: neo4j.Driver,  # noqa: F811
    settings: Settings,
    client: TestClient,
) -> None:
    editor = auth(seeded, settings)
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    gql(client, UPDATE, editor, id="kvhs-gifhorn", input={"phone": "05371 11"})
    gql(client, UPDATE, editor, id="kvhs-gifhorn", input={"phone": "05371 22"})
    assert read_actor(seeded, settings, "kvhs-gifhorn")["phone"] == "05371 22"
    assert version(client, editor) == 3


def test_delete_with_a_stale_version_is_refused(
    seeded: neo4j.Driver,  # noqa: F811
    settings: Settings,
    client: TestClient,
) -> None:
    editor = auth(seeded, settings)
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    gql(client, UPDATE, editor, id="kvhs-gifhorn", input={"phone": "05371 11"})

    body = gql(
        client,
        'mutation { deleteActor(id: "kvhs-gifhorn", expectedVersion: 1) { id } }',
        editor,
    )

    assert only_error(body)["extensions"]["code"] == "CONFLICT"
    assert read_actor(seeded, settings, "kvhs-gifhorn")["phone"] == "05371 11"


def test_of_two_concurrent_updates_from_the_same_version_exactly_one_wins(
    seeded: neo4j.Driver,  # noqa: F811
    settings: Settings,
    client: TestClient,
) -> None:
    editor = auth(seeded, settings)
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    results: list[dict[str, Any]] = []
    start = threading.Barrier(4)

    def edit(phone: str) -> None:
        start.wait()
        results.append(gql(client, UPDATE, editor, id="kvhs-gifhorn", input={"phone": phone}, v=1))

    threads = [threading.Thread(target=edit, args=(f"0537{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    won = [r for r in results if "errors" not in r]
    lost = [r for r in results if "errors" in r]
    assert len(won) == 1, results
    assert [only_error(r)["extensions"]["code"] for r in lost] == ["CONFLICT"] * 3
    assert version(client, editor) == 2


async def test_the_check_holds_when_both_transactions_are_open_at_once(
    seeded: neo4j.Driver,  # noqa: F811
    settings: Settings,
    client: TestClient,
) -> None:
    """Both bodies read before either commits: the lock makes the second wait, then see
    version 2 and refuse (without the lock both would pass the check and one edit be lost)."""
    gql(client, CREATE_ACTOR, auth(seeded, settings), input=KVHS)
    section = NODE_SECTION["actors"]
    inside = asyncio.Event()

    def body(phone: str, first: bool) -> Body[bool]:
        async def run(tx: neo4j.AsyncManagedTransaction, now: datetime) -> bool:
            if not first:
                await inside.wait()  # start while the first still holds its transaction
            _, changed = await update_node(
                tx, now, section, "kvhs-gifhorn", {"phone": phone}, Editor(phone), expected=1
            )
            if first:
                inside.set()
                await asyncio.sleep(0.5)  # keep the transaction open
            return changed

        return run

    async with open_async_driver(settings) as driver:
        results = await asyncio.gather(
            write(driver, settings.neo4j_database, 10.0, body("05371 1", True)),
            write(driver, settings.neo4j_database, 10.0, body("05371 2", False)),
            return_exceptions=True,
        )

    assert not isinstance(results[0], BaseException), results
    assert isinstance(results[1], Refusal) and results[1].code is ErrorCode.CONFLICT, results
    assert read_actor(seeded, settings, "kvhs-gifhorn")["phone"] == "05371 1"


CONNECT = """
mutation($input: LinkInput!) { connect(input: $input) { outcome } }"""


def test_connecting_a_reference_changes_the_owner_and_may_name_its_version(
    seeded: neo4j.Driver,  # noqa: F811
    settings: Settings,
    client: TestClient,
) -> None:
    editor = auth(seeded, settings)
    gql(client, CREATE_ACTOR, editor, input={**KVHS, "activeIn": ["gifhorn"]})
    link = {"kind": "ACTOR_ACTIVE_IN", "from": "kvhs-gifhorn", "to": "meinersen"}

    gql(client, CONNECT, editor, input={**link, "expectedVersion": 1})
    again = gql(client, CONNECT, editor, input=link)  # already there: unchanged
    stale = gql(client, CONNECT, editor, input={**link, "to": "gifhorn", "expectedVersion": 1})

    assert again["data"]["connect"]["outcome"] == "UNCHANGED"
    assert only_error(stale)["extensions"]["currentVersion"] == 2
    assert version(client, editor) == 2


def test_deleting_a_provider_changes_the_offerings_that_named_it(
    seeded: neo4j.Driver,  # noqa: F811
    settings: Settings,
    client: TestClient,
) -> None:
    editor = auth(seeded, settings)
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    gql(client, CREATE_ACTOR, editor, input={**KVHS, "id": "caritas", "name": "Caritas"})
    gql(client, CREATE_OFFERING, editor, input={**COURSE, "providers": ["kvhs-gifhorn", "caritas"]})

    gql(client, 'mutation { deleteActor(id: "caritas") { id } }', editor)

    body = gql(client, 'query { offering(id: "kvhs-integrationskurs") { version } }', editor)
    assert body["data"]["offering"]["version"] == 2
    recent = seeded.execute_query(
        "MATCH (o:Offering) RETURN o.recentChanges AS r", database_=settings.neo4j_database
    ).records[0]["r"]
    fields = json.loads(recent[-1])["fields"]
    assert fields == [
        {"field": "providers", "old": ["caritas", "kvhs-gifhorn"], "new": ["kvhs-gifhorn"]}
    ]
