"""Mutations are safe to retry: idempotent creates and the ``Idempotency-Key`` header.

A client whose mutation answered 503 cannot know whether it was committed (issue 13 saw
one such create of 5,951 during a kill -9 of Neo4j). A retry must not fail or write twice.
"""

from __future__ import annotations

import neo4j
import pytest
from starlette.testclient import TestClient

from graph.settings import Settings
from tests.api.test_mutations_nodes import (
    CREATE_ACTOR,
    DELETE_ACTOR,
    KVHS,
    SEED,
    auth,
    gql,
    only_error,
    read_actor,
    revision,
    snapshot,
)


@pytest.fixture
def seeded(empty_db: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    empty_db.execute_query(SEED, database_=settings.neo4j_database)
    return empty_db


@pytest.fixture
def editor(seeded: neo4j.Driver, settings: Settings) -> dict[str, str]:
    return auth(seeded, settings, "editor")


def test_a_retried_create_with_the_same_content_answers_with_the_existing_record(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    first = gql(client, CREATE_ACTOR, editor, input=KVHS)
    stored = read_actor(seeded, settings, "kvhs-gifhorn")

    retry = gql(client, CREATE_ACTOR, editor, input={**KVHS, "activeIn": ["meinersen", "gifhorn"]})

    assert first["data"]["createActor"]["outcome"] == "CREATED"
    assert "errors" not in retry, retry
    assert retry["data"]["createActor"]["id"] == "kvhs-gifhorn"
    assert retry["data"]["createActor"]["outcome"] == "UNCHANGED"
    assert read_actor(seeded, settings, "kvhs-gifhorn") == stored


def test_a_create_with_the_same_id_and_other_content_stays_a_conflict(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)

    body = gql(client, CREATE_ACTOR, editor, input={**KVHS, "activeIn": ["gifhorn"]})

    assert only_error(body)["extensions"]["code"] == "CONFLICT"


def test_a_retry_with_the_same_key_returns_the_first_result_and_writes_nothing(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    keyed = {**editor, "Idempotency-Key": "create-kvhs-1"}
    first = gql(client, CREATE_ACTOR, keyed, input=KVHS)
    after_first = snapshot(seeded, settings.neo4j_database)

    retry = gql(client, CREATE_ACTOR, keyed, input=KVHS)

    assert first == {
        "data": {"createActor": {"id": "kvhs-gifhorn", "outcome": "CREATED", "revision": 1}}
    }
    assert retry == first  # the original answer, revision included
    assert snapshot(seeded, settings.neo4j_database) == after_first
    assert revision(seeded, settings) == 1


def test_a_retried_delete_with_its_key_answers_as_the_first_time(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    keyed = {**editor, "Idempotency-Key": "delete-kvhs"}

    first = gql(client, DELETE_ACTOR, keyed, id="kvhs-gifhorn")
    retry = gql(client, DELETE_ACTOR, keyed, id="kvhs-gifhorn")
    unkeyed = gql(client, DELETE_ACTOR, editor, id="kvhs-gifhorn")

    assert first["data"]["deleteActor"]["deleted"] == [{"label": "Actor", "id": "kvhs-gifhorn"}]
    assert retry == first
    assert only_error(unkeyed)["extensions"]["code"] == "NOT_FOUND"


def test_a_key_reused_for_another_mutation_is_refused(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    keyed = {**editor, "Idempotency-Key": "k-1"}
    gql(client, CREATE_ACTOR, keyed, input=KVHS)
    before = snapshot(seeded, settings.neo4j_database)

    body = gql(client, CREATE_ACTOR, keyed, input={**KVHS, "id": "other-actor"})

    error = only_error(body)
    assert error["extensions"]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert error["extensions"]["field"] == "Idempotency-Key"
    assert snapshot(seeded, settings.neo4j_database) == before


def test_a_refused_mutation_stores_no_key(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    keyed = {**editor, "Idempotency-Key": "bad-ref"}

    refused = gql(client, CREATE_ACTOR, keyed, input={**KVHS, "locatedIn": "nowhere"})
    fixed = gql(client, CREATE_ACTOR, keyed, input={**KVHS, "locatedIn": "nowhere"})

    assert only_error(refused)["extensions"]["code"] == "NOT_FOUND"
    assert only_error(fixed)["extensions"]["code"] == "NOT_FOUND"  # tried again, not replayed
    records, _, _ = seeded.execute_query(
        "MATCH (k:_Idempotency) RETURN count(k) AS n", database_=settings.neo4j_database
    )
    assert records[0]["n"] == 0


def test_a_malformed_key_is_bad_user_input(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    body = gql(client, CREATE_ACTOR, {**editor, "Idempotency-Key": "x" * 200}, input=KVHS)

    assert only_error(body)["extensions"]["code"] == "BAD_USER_INPUT"
