"""Create, update and delete through /graphql: what is written, and what a refusal leaves.

Every refusal is checked against a snapshot of the whole graph taken before it: a mutation
that fails changes nothing, not even the revision.
"""

from __future__ import annotations

from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graph.settings import Settings
from graph.tokens import create_token
from schema.app import create_app
from tests.conftest import shared_schema

SEED = """
CREATE (:Municipality {id: 'gifhorn', name: 'Gifhorn', kind: 'einheitsgemeinde', source: 't'})
CREATE (:Municipality {id: 'meinersen', name: 'Meinersen', kind: 'samtgemeinde', source: 't'})
CREATE (:Topic {id: 'sprache', name: 'Sprache', source: 't'})
CREATE (:Topic {id: 'arbeit', name: 'Arbeit', source: 't'})
CREATE (:Language {id: 'ar', name: 'Arabisch', source: 't'})
CREATE (:TargetGroup {id: 'frauen', name: 'Frauen', source: 't'})
"""


def snapshot(driver: neo4j.Driver, database: str) -> tuple[list[Any], list[Any]]:
    """Every node and relationship with all properties, in a stable order."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:Token RETURN labels(n) AS l, properties(n) AS p ORDER BY l[0], n.id",
        database_=database,
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p "
        "ORDER BY a, t, b",
        database_=database,
    )
    return [tuple(r.values()) for r in nodes], [tuple(r.values()) for r in rels]


@pytest.fixture
def seeded(empty_db: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    empty_db.execute_query(SEED, database_=settings.neo4j_database)
    return empty_db


def auth(driver: neo4j.Driver, settings: Settings, role: str = "editor") -> dict[str, str]:
    _, secret = create_token(driver, settings.neo4j_database, role, f"test {role}")
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def editor(seeded: neo4j.Driver, settings: Settings) -> dict[str, str]:
    return auth(seeded, settings, "editor")


@pytest.fixture
def admin(seeded: neo4j.Driver, settings: Settings) -> dict[str, str]:
    return auth(seeded, settings, "admin")


def gql(
    client: TestClient, query: str, headers: dict[str, str], **variables: Any
) -> dict[str, Any]:
    response = client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def only_error(body: dict[str, Any]) -> dict[str, Any]:
    assert body.get("errors"), body
    assert len(body["errors"]) == 1, body["errors"]
    error: dict[str, Any] = body["errors"][0]
    return error


CREATE_ACTOR = """
mutation($input: ActorInput!) {
  createActor(input: $input) { id outcome revision }
}"""

UPDATE_ACTOR = """
mutation($id: ID!, $input: ActorPatch!) {
  updateActor(id: $id, input: $input) { id outcome revision }
}"""

DELETE_ACTOR = """
mutation($id: ID!, $cascade: Boolean! = false) {
  deleteActor(id: $id, cascade: $cascade) {
    id deleted { label id } relationshipsRemoved revision
  }
}"""

KVHS = {
    "id": "kvhs-gifhorn",
    "name": "Kreisvolkshochschule Gifhorn",
    "kind": "EDUCATION_PROVIDER",
    "source": "example",
    "email": "info@kvhs-gifhorn.de",
    "locatedIn": "gifhorn",
    "activeIn": ["gifhorn", "meinersen"],
}


def read_actor(driver: neo4j.Driver, settings: Settings, actor_id: str) -> dict[str, Any]:
    records, _, _ = driver.execute_query(
        "MATCH (a:Actor {id: $id}) RETURN properties(a) AS p, "
        "[(a)-[:LOCATED_IN]->(m) | m.id] AS located, "
        "[(a)-[:ACTIVE_IN]->(m) | m.id] AS active",
        {"id": actor_id},
        database_=settings.neo4j_database,
    )
    assert records, f"no actor {actor_id}"
    return {
        **records[0]["p"],
        "located": records[0]["located"],
        "active": sorted(records[0]["active"]),
    }


def revision(driver: neo4j.Driver, settings: Settings) -> int:
    records, _, _ = driver.execute_query(
        "OPTIONAL MATCH (r:_Meta {id: 'revision'}) RETURN coalesce(r.value, 0) AS v",
        database_=settings.neo4j_database,
    )
    return int(records[0]["v"])


# --- create ---------------------------------------------------------------------------------


def test_create_actor_writes_node_references_and_revision(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    body = gql(client, CREATE_ACTOR, editor, input=KVHS)

    assert body == {
        "data": {"createActor": {"id": "kvhs-gifhorn", "outcome": "CREATED", "revision": 1}}
    }
    actor = read_actor(seeded, settings, "kvhs-gifhorn")
    assert actor["kind"] == "education_provider"  # stored as the lower-case value
    assert actor["email"] == "info@kvhs-gifhorn.de"
    assert actor["located"] == ["gifhorn"]
    assert actor["active"] == ["gifhorn", "meinersen"]
    assert actor["updatedAt"] is not None
    assert revision(seeded, settings) == 1


def test_create_with_a_taken_id_is_a_conflict_and_changes_nothing(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    before = snapshot(seeded, settings.neo4j_database)

    body = gql(client, CREATE_ACTOR, editor, input={**KVHS, "name": "Doppelt"})

    error = only_error(body)
    assert error["extensions"]["code"] == "CONFLICT"
    assert error["extensions"]["field"] == "input.id"
    assert body["data"] is None
    assert snapshot(seeded, settings.neo4j_database) == before


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"email": "not-an-address"}, "input.email", "e-mail"),
        ({"id": "KVHS Gifhorn"}, "input.id", "slug"),
        ({"website": "kvhs.de"}, "input.website", "http"),
        ({"name": "   "}, "input.name", "at least 1"),
    ],
)
def test_invalid_input_names_the_field_and_changes_nothing(
    seeded: neo4j.Driver,
    settings: Settings,
    client: TestClient,
    editor: dict[str, str],
    change: dict[str, Any],
    field: str,
    words: str,
) -> None:
    before = snapshot(seeded, settings.neo4j_database)

    body = gql(client, CREATE_ACTOR, editor, input={**KVHS, **change})

    error = only_error(body)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == field
    assert words in error["message"]
    assert error["extensions"]["problems"][0]["field"] == field
    assert snapshot(seeded, settings.neo4j_database) == before


def test_every_problem_of_an_input_is_reported(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    body = gql(client, CREATE_ACTOR, editor, input={**KVHS, "email": "x", "phone": "call me"})

    error = only_error(body)
    fields = [p["field"] for p in error["extensions"]["problems"]]
    assert fields == ["input.email", "input.phone"]


def test_an_unknown_reference_is_not_found_and_changes_nothing(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    before = snapshot(seeded, settings.neo4j_database)

    body = gql(client, CREATE_ACTOR, editor, input={**KVHS, "activeIn": ["gifhorn", "atlantis"]})

    error = only_error(body)
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["extensions"]["field"] == "input.activeIn"
    assert error["extensions"]["missing"] == ["atlantis"]
    assert snapshot(seeded, settings.neo4j_database) == before


CREATE_OFFERING = """
mutation($input: OfferingInput!) { createOffering(input: $input) { id outcome } }"""

COURSE = {
    "id": "kvhs-integrationskurs",
    "title": "Integrationskurs mit Kinderbetreuung",
    "kind": "COURSE",
    "source": "example",
    "capacity": 16,
    "startDate": "2018-09-01",
    "endDate": "2019-06-30",
    "providers": ["kvhs-gifhorn"],
    "topics": ["sprache"],
    "targetGroups": ["frauen"],
    "languages": ["ar"],
    "municipalities": ["gifhorn"],
}


def test_create_offering_with_every_reference(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)

    body = gql(client, CREATE_OFFERING, editor, input=COURSE)

    assert body["data"]["createOffering"] == {"id": "kvhs-integrationskurs", "outcome": "CREATED"}
    records, _, _ = seeded.execute_query(
        "MATCH (o:Offering {id: 'kvhs-integrationskurs'}) RETURN o.startDate AS start, "
        "[(a:Actor)-[:OFFERS]->(o) | a.id] AS providers, "
        "[(o)-[:ADDRESSES]->(t) | t.id] AS topics, [(o)-[:TARGETS]->(t) | t.id] AS groups, "
        "[(o)-[:IN_LANGUAGE]->(l) | l.id] AS languages, "
        "[(o)-[:AVAILABLE_IN]->(m) | m.id] AS places",
        database_=settings.neo4j_database,
    )
    row = records[0]
    assert str(row["start"]) == "2018-09-01"  # a Neo4j date, as the loader stores it
    assert (row["providers"], row["topics"], row["groups"], row["languages"], row["places"]) == (
        ["kvhs-gifhorn"],
        ["sprache"],
        ["frauen"],
        ["ar"],
        ["gifhorn"],
    )


def test_a_period_ending_before_it_starts_names_the_end_field(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    before = snapshot(seeded, settings.neo4j_database)

    body = gql(client, CREATE_OFFERING, editor, input={**COURSE, "endDate": "2017-01-01"})

    error = only_error(body)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "input.endDate"
    assert snapshot(seeded, settings.neo4j_database) == before


def test_a_wrong_enum_value_is_refused_before_execution(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    body = gql(client, CREATE_ACTOR, editor, input={**KVHS, "kind": "PIRATES"})

    error = only_error(body)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "PIRATES" in error["message"]


# --- update ---------------------------------------------------------------------------------


def test_update_changes_given_fields_clears_nulls_and_replaces_reference_lists(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    gql(client, CREATE_ACTOR, editor, input={**KVHS, "phone": "+49 5371 123"})

    body = gql(
        client,
        UPDATE_ACTOR,
        editor,
        id="kvhs-gifhorn",
        input={"name": "KVHS Gifhorn", "phone": None, "activeIn": ["meinersen"]},
    )

    assert body["data"]["updateActor"]["outcome"] == "UPDATED"
    actor = read_actor(seeded, settings, "kvhs-gifhorn")
    assert actor["name"] == "KVHS Gifhorn"
    assert "phone" not in actor
    assert actor["email"] == "info@kvhs-gifhorn.de"  # not mentioned: kept
    assert actor["located"] == ["gifhorn"]  # not mentioned: kept
    assert actor["active"] == ["meinersen"]


def test_an_update_that_changes_nothing_says_so(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)

    body = gql(client, UPDATE_ACTOR, editor, id="kvhs-gifhorn", input={"name": KVHS["name"]})

    assert body["data"]["updateActor"]["outcome"] == "UNCHANGED"


@pytest.mark.parametrize(
    ("patch", "code", "field"),
    [
        ({"name": None}, "BAD_USER_INPUT", "input.name"),
        ({"email": "nope"}, "BAD_USER_INPUT", "input.email"),
        ({"locatedIn": "atlantis"}, "NOT_FOUND", "input.locatedIn"),
        ({"partOf": "kvhs-gifhorn"}, "BAD_USER_INPUT", "input.partOf"),
    ],
)
def test_a_refused_update_changes_nothing(
    seeded: neo4j.Driver,
    settings: Settings,
    client: TestClient,
    editor: dict[str, str],
    patch: dict[str, Any],
    code: str,
    field: str,
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    before = snapshot(seeded, settings.neo4j_database)

    body = gql(client, UPDATE_ACTOR, editor, id="kvhs-gifhorn", input=patch)

    error = only_error(body)
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, field)
    assert snapshot(seeded, settings.neo4j_database) == before


def test_an_update_that_waits_past_its_time_for_a_load_is_a_timeout_and_changes_nothing(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    """Neo4j stops a write waiting for another's lock as `LockClientStopped`; the editor
    hears "stopped, nothing saved, try again" (TIMEOUT), not "internal error"."""
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    before = snapshot(seeded, settings.neo4j_database)
    brief = settings.model_copy(update={"neo4j_tx_timeout": 0.5})
    app = create_app(brief, run_migrations=False, schema=shared_schema(brief))
    with (
        TestClient(app) as brief_client,
        seeded.session(database=settings.neo4j_database) as session,
    ):
        load = session.begin_transaction()  # a load holding the actor, as a long one does
        load.run("MATCH (a:Actor {id: 'kvhs-gifhorn'}) SET a.held = true").consume()
        try:
            body = gql(brief_client, UPDATE_ACTOR, editor, id="kvhs-gifhorn", input={"name": "X"})
        finally:
            load.rollback()

    error = only_error(body)
    assert error["extensions"]["code"] == "TIMEOUT"
    assert "nichts wurde gespeichert" in error["message"]
    assert snapshot(seeded, settings.neo4j_database) == before


def test_updating_an_unknown_node_is_not_found(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    body = gql(client, UPDATE_ACTOR, editor, id="nobody", input={"name": "X"})

    error = only_error(body)
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("NOT_FOUND", "id")


def test_update_validates_the_whole_record_after_the_change(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    gql(
        client,
        "mutation($i: CoordinatorInput!) { createCoordinator(input: $i) { id } }",
        editor,
        i={
            "id": "k-mueller",
            "name": "K. Müller",
            "role": "Koordination",
            "source": "t",
            "since": "2017-01-01",
        },
    )
    before = snapshot(seeded, settings.neo4j_database)

    body = gql(
        client,
        'mutation { updateCoordinator(id: "k-mueller", input: {until: "2016-12-31"}) { outcome } }',
        editor,
    )

    error = only_error(body)
    assert error["extensions"]["field"] == "input.until"
    assert snapshot(seeded, settings.neo4j_database) == before


def test_working_groups_and_coordinators_round_trip(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    gql(
        client,
        "mutation($i: WorkingGroupInput!) { createWorkingGroup(input: $i) { id } }",
        editor,
        i={
            "id": "ak-bildung",
            "name": "AK Bildung",
            "source": "article",
            "meetingCadence": "quarterly",
            "topics": ["sprache"],
        },
    )
    gql(
        client,
        "mutation($i: CoordinatorInput!) { createCoordinator(input: $i) { id } }",
        editor,
        i={
            "id": "k-mueller",
            "name": "K. Müller",
            "role": "Bildungskoordination",
            "source": "t",
            "email": "k.mueller@gifhorn.de",
            "coordinatesWorkingGroups": ["ak-bildung"],
            "coordinatesTopics": ["sprache"],
        },
    )
    updated = gql(
        client,
        'mutation { updateWorkingGroup(id: "ak-bildung", input: {topics: ["arbeit"]}) '
        '{ outcome } updateCoordinator(id: "k-mueller", input: {coordinatesTopics: []}) '
        "{ outcome } }",
        editor,
    )

    assert updated["data"] == {
        "updateWorkingGroup": {"outcome": "UPDATED"},
        "updateCoordinator": {"outcome": "UPDATED"},
    }
    records, _, _ = seeded.execute_query(
        "MATCH (w:WorkingGroup {id: 'ak-bildung'}), (c:Coordinator {id: 'k-mueller'}) "
        "RETURN w.meetingCadence AS cadence, [(w)-[:ADDRESSES]->(t) | t.id] AS topics, "
        "[(c)-[:COORDINATES]->(x) | x.id] AS coordinates",
        database_=settings.neo4j_database,
    )
    assert records[0]["cadence"] == "quarterly"
    assert records[0]["topics"] == ["arbeit"]
    assert records[0]["coordinates"] == ["ak-bildung"]


# --- delete ---------------------------------------------------------------------------------


def _actor_with_offering(client: TestClient, editor: dict[str, str]) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    gql(client, CREATE_OFFERING, editor, input=COURSE)


def test_deleting_the_only_provider_is_refused_with_its_dependents(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    _actor_with_offering(client, editor)
    before = snapshot(seeded, settings.neo4j_database)

    body = gql(client, DELETE_ACTOR, editor, id="kvhs-gifhorn")

    error = only_error(body)
    assert error["extensions"]["code"] == "HAS_DEPENDENTS"
    assert error["extensions"]["dependents"] == [
        {"kind": "Offering", "id": "kvhs-integrationskurs"}
    ]
    assert snapshot(seeded, settings.neo4j_database) == before


def test_cascade_needs_an_admin(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    _actor_with_offering(client, editor)
    before = snapshot(seeded, settings.neo4j_database)

    body = gql(client, DELETE_ACTOR, editor, id="kvhs-gifhorn", cascade=True)

    assert only_error(body)["extensions"]["code"] == "FORBIDDEN"
    assert snapshot(seeded, settings.neo4j_database) == before


def test_cascade_by_an_admin_deletes_the_offerings_the_actor_alone_provides(
    seeded: neo4j.Driver,
    settings: Settings,
    client: TestClient,
    editor: dict[str, str],
    admin: dict[str, str],
) -> None:
    _actor_with_offering(client, editor)

    body = gql(client, DELETE_ACTOR, admin, id="kvhs-gifhorn", cascade=True)

    result = body["data"]["deleteActor"]
    assert result["deleted"] == [
        {"label": "Actor", "id": "kvhs-gifhorn"},
        {"label": "Offering", "id": "kvhs-integrationskurs"},
    ]
    # the offering: OFFERS, ADDRESSES, TARGETS, IN_LANGUAGE, AVAILABLE_IN; the actor: 3 places
    assert result["relationshipsRemoved"] == 8
    nodes, _ = snapshot(seeded, settings.neo4j_database)
    assert [n for n in nodes if n[0][0] in ("Actor", "Offering")] == []


def test_an_offering_with_a_second_provider_keeps_the_actor_deletable(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    _actor_with_offering(client, editor)
    gql(client, CREATE_ACTOR, editor, input={**KVHS, "id": "caritas-gifhorn", "name": "Caritas"})
    gql(
        client,
        'mutation { updateOffering(id: "kvhs-integrationskurs", '
        'input: {providers: ["kvhs-gifhorn", "caritas-gifhorn"]}) { outcome } }',
        editor,
    )

    body = gql(client, DELETE_ACTOR, editor, id="kvhs-gifhorn")

    assert body["data"]["deleteActor"]["deleted"] == [{"label": "Actor", "id": "kvhs-gifhorn"}]
    records, _, _ = seeded.execute_query(
        "MATCH (a:Actor)-[:OFFERS]->(o:Offering) RETURN a.id AS a, o.id AS o",
        database_=settings.neo4j_database,
    )
    assert [(r["a"], r["o"]) for r in records] == [("caritas-gifhorn", "kvhs-integrationskurs")]


def test_a_working_group_with_members_is_kept_unless_cascade(
    seeded: neo4j.Driver,
    settings: Settings,
    client: TestClient,
    editor: dict[str, str],
    admin: dict[str, str],
) -> None:
    gql(client, CREATE_ACTOR, editor, input=KVHS)
    gql(
        client,
        'mutation { createWorkingGroup(input: {id: "ak-bildung", name: "AK Bildung", '
        'source: "t"}) { id } connectMembership(input: {actor: "kvhs-gifhorn", '
        'workingGroup: "ak-bildung", source: "t"}) { outcome } }',
        editor,
    )
    delete = 'mutation($c: Boolean!) { deleteWorkingGroup(id: "ak-bildung", cascade: $c) { id } }'
    before = snapshot(seeded, settings.neo4j_database)

    refused = gql(client, delete, editor, c=False)
    assert only_error(refused)["extensions"]["dependents"] == [
        {"kind": "Membership", "id": "kvhs-gifhorn"}
    ]
    assert snapshot(seeded, settings.neo4j_database) == before

    done = gql(client, delete, admin, c=True)
    assert done["data"]["deleteWorkingGroup"]["id"] == "ak-bildung"
    assert read_actor(seeded, settings, "kvhs-gifhorn")["name"] == KVHS["name"]  # actor stays


def test_offerings_and_coordinators_are_deleted_with_their_relationships(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    _actor_with_offering(client, editor)

    body = gql(
        client,
        'mutation { deleteOffering(id: "kvhs-integrationskurs") '
        "{ deleted { label id } relationshipsRemoved } }",
        editor,
    )

    assert body["data"]["deleteOffering"] == {
        "deleted": [{"label": "Offering", "id": "kvhs-integrationskurs"}],
        "relationshipsRemoved": 5,
    }
    missing = gql(client, 'mutation { deleteCoordinator(id: "nobody") { id } }', editor)
    assert only_error(missing)["extensions"]["code"] == "NOT_FOUND"
