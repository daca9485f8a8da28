"""Events are editable, and a meeting is an event: its kind, its working group, who took
part, its agenda (items about gaps and measures) and its decisions, through /graphql on a
real Neo4j. The landscape is the one of ``test_measures`` (Meine has no Sprache for Frauen:
``coverage:meine:sprache:frauen`` is an open gap).
"""

from __future__ import annotations

import json
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graph.settings import Settings
from graph.tokens import create_token
from schema.app import create_app
from tests.api.test_measures import CREATE_MEASURE, KEY, SEED, SPRACHKURS, gql, ok

pytestmark = pytest.mark.neo4j

CREATE_EVENT = """
mutation($input: EventInput!) { createEvent(input: $input) { id outcome } }
"""
UPDATE_EVENT = """
mutation($id: ID!, $input: EventPatch!, $v: Int) {
  updateEvent(id: $id, input: $input, expectedVersion: $v) { outcome }
}
"""
EVENT = """
query($id: ID!) { event(id: $id) {
  name kind date place status version agenda
  workingGroup { id }
  participants { role participant { ... on Actor { id } } }
  agendaItems {
    number title gapKey gapKind measureId
    gap { key state reason }
    measure { id title }
  }
  decisions { id }
  history { action entries { op fields { field } } }
  provenance { field }
} }
"""
AGENDA = [
    {"title": "Kein Sprachkurs für Frauen in Meine", "gapKey": KEY},
    {"title": "Stand des Sprachkurses", "measure": "sprachkurs-meine"},
    {"title": "Verschiedenes"},
]
SITZUNG = {
    "id": "ak-bildung-2026-12",
    "name": "AK-Sitzung Bildung Dezember",
    "kind": "WORKING_GROUP_MEETING",
    "date": "2026-12-10",
    "place": "Kreishaus Gifhorn",
    "status": "PLANNED",
    "workingGroup": "ak-bildung",
    "agenda": json.dumps(AGENDA, ensure_ascii=False),
    "source": "Einladung AK Bildung",
}


@pytest.fixture
def seeded(empty_db: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    empty_db.execute_query(SEED, database_=settings.neo4j_database)
    return empty_db


@pytest.fixture
def editor(seeded: neo4j.Driver, settings: Settings) -> dict[str, str]:
    _, secret = create_token(seeded, settings.neo4j_database, "editor", "Stabsstelle")
    return {"Authorization": f"Bearer {secret}"}


def dump(driver: neo4j.Driver, settings: Settings) -> list[Any]:
    """Every node and relationship, comparable (tokens aside)."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:Token AND NOT n:Session AND NOT n:_Throttle "
        "RETURN labels(n) AS l, properties(n) AS p ORDER BY n.id",
        database_=settings.neo4j_database,
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b ORDER BY a, t, b",
        database_=settings.neo4j_database,
    )
    return [(r["l"], sorted(r["p"].items())) for r in nodes] + [tuple(r.values()) for r in rels]


def test_a_meeting_with_agenda_items_about_a_gap_and_a_measure(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    ok(client, CREATE_MEASURE, editor, input=SPRACHKURS)

    created = ok(client, CREATE_EVENT, editor, input=SITZUNG)["createEvent"]

    assert created == {"id": "ak-bildung-2026-12", "outcome": "CREATED"}
    event = ok(client, EVENT, editor, id="ak-bildung-2026-12")["event"]
    assert (event["kind"], event["status"], event["version"]) == (
        "WORKING_GROUP_MEETING",
        "PLANNED",
        1,
    )
    assert event["workingGroup"] == {"id": "ak-bildung"}
    first, second, third = event["agendaItems"]
    assert first["number"] == 1 and first["gapKey"] == KEY
    assert first["gapKind"] == "Gemeinde × Handlungsfeld (× Zielgruppe) ohne Angebot"
    assert first["gap"]["state"] == "OPEN"
    assert "Sprache für Frauen in Meine" in first["gap"]["reason"]
    assert first["measure"] is None
    assert second["measure"] == {"id": "sprachkurs-meine", "title": SPRACHKURS["title"]}
    assert (third["title"], third["gapKey"], third["measureId"]) == ("Verschiedenes", None, None)
    [change] = event["history"]
    assert change["action"] == "create"
    assert "agenda" in {f["field"] for f in change["entries"][0]["fields"]}

    group = ok(client, '{ workingGroup(id: "ak-bildung") { meetings { id kind } } }')
    assert group["workingGroup"]["meetings"] == [
        {"id": "ak-bildung-2026-12", "kind": "WORKING_GROUP_MEETING"}
    ]
    found = ok(
        client,
        '{ events(where: {kind: {eq: WORKING_GROUP_MEETING}, workingGroup: {eq: "ak-bildung"}})'
        " { totalCount edges { node { id } } } }",
    )
    assert found["events"]["totalCount"] == 1


def test_a_bad_gap_key_in_the_agenda_is_refused_and_nothing_is_written(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    before = dump(seeded, settings)
    agenda = [{"title": "Sprache"}, {"title": "Wohnen", "gapKey": "wohnen:meine"}]

    body = gql(client, CREATE_EVENT, editor, input={**SITZUNG, "agenda": json.dumps(agenda)})

    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "input.agenda"
    assert "Tagesordnung, Punkt 2: 'wohnen:meine' ist kein Lückenschlüssel" in error["message"]
    assert dump(seeded, settings) == before


def test_an_agenda_item_naming_an_unknown_measure_is_refused(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    ok(client, CREATE_EVENT, editor, input={**SITZUNG, "agenda": None})
    before = dump(seeded, settings)
    agenda = json.dumps([{"title": "Lotsen", "measure": "gibt-es-nicht"}])

    created = gql(client, CREATE_EVENT, editor, input={**SITZUNG, "id": "x", "agenda": agenda})
    updated = gql(client, UPDATE_EVENT, editor, id=SITZUNG["id"], input={"agenda": agenda})

    for body in (created, updated):
        [error] = body["errors"]
        assert error["extensions"]["code"] == "NOT_FOUND"
        assert error["extensions"]["field"] == "input.agenda"
        assert error["extensions"]["missing"] == ["gibt-es-nicht"]
    assert dump(seeded, settings) == before


def test_an_agenda_item_needs_a_title_and_names_only_known_fields(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    for agenda in ([{"gapKey": KEY}], [{"title": "x", "topic": "sprache"}], "kein JSON"):
        text = agenda if isinstance(agenda, str) else json.dumps(agenda)
        body = gql(client, CREATE_EVENT, editor, input={**SITZUNG, "agenda": text})
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", agenda
        assert body["errors"][0]["message"].startswith("Ungültige Eingabe"), agenda


def test_an_unknown_working_group_is_refused(
    seeded: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    before = dump(seeded, settings)

    body = gql(client, CREATE_EVENT, editor, input={**SITZUNG, "workingGroup": "ak-gibt-es-nicht"})

    assert body["errors"][0]["extensions"]["field"] == "input.workingGroup"
    assert dump(seeded, settings) == before


def test_a_decision_becomes_a_measure_that_shows_its_meeting(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    ok(client, CREATE_EVENT, editor, input={**SITZUNG, "agenda": None})

    decided = {**SPRACHKURS, "decidedIn": "ak-bildung-2026-12"}
    ok(client, CREATE_MEASURE, editor, input=decided)

    measure = ok(client, '{ measure(id: "sprachkurs-meine") { decidedIn { id kind } } }')
    assert measure["measure"]["decidedIn"] == {
        "id": "ak-bildung-2026-12",
        "kind": "WORKING_GROUP_MEETING",
    }
    event = ok(client, EVENT, editor, id="ak-bildung-2026-12")["event"]
    assert event["decisions"] == [{"id": "sprachkurs-meine"}]
    where = ok(
        client,
        '{ measures(where: {decidedIn: {eq: "ak-bildung-2026-12"}}) { totalCount } }',
    )
    assert where["measures"]["totalCount"] == 1


def test_editing_a_meeting_keeps_versions_provenance_and_history(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    ok(client, CREATE_MEASURE, editor, input=SPRACHKURS)  # the agenda names it
    ok(client, CREATE_EVENT, editor, input=SITZUNG)
    agenda = json.dumps([{"title": "Nur noch ein Punkt", "gapKey": KEY}])

    ok(client, UPDATE_EVENT, editor, id=SITZUNG["id"], input={"agenda": agenda}, v=1)
    stale = gql(client, UPDATE_EVENT, editor, id=SITZUNG["id"], input={"place": "Online"}, v=1)

    assert stale["errors"][0]["extensions"]["code"] == "CONFLICT"
    assert stale["errors"][0]["extensions"]["currentVersion"] == 2
    event = ok(client, EVENT, editor, id=SITZUNG["id"])["event"]
    assert event["version"] == 2 and event["place"] == "Kreishaus Gifhorn"
    assert [i["title"] for i in event["agendaItems"]] == ["Nur noch ein Punkt"]
    assert [p["field"] for p in event["provenance"]] == ["agenda"]
    assert [c["action"] for c in event["history"]] == ["update", "create"]
    assert [f["field"] for f in event["history"][0]["entries"][0]["fields"]] == ["agenda"]


def test_participants_of_a_meeting_reuse_participations(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str], settings: Settings
) -> None:
    ok(client, CREATE_MEASURE, editor, input=SPRACHKURS)  # the agenda names it
    ok(client, CREATE_EVENT, editor, input=SITZUNG)

    ok(
        client,
        'mutation { connectParticipation(input: {event: "ak-bildung-2026-12", actor: "kvhs", '
        'role: HOST, source: "Einladung"}) { outcome } }',
        editor,
    )

    event = ok(client, EVENT, editor, id=SITZUNG["id"])["event"]
    assert event["participants"] == [{"role": "HOST", "participant": {"id": "kvhs"}}]
    # the same participation from the actor's side, on the compiled and the resolver path
    taken = '{ actor(id: "kvhs") { participations { role event { id } } } }'
    expected = {"actor": {"participations": [{"role": "HOST", "event": {"id": SITZUNG["id"]}}]}}
    assert ok(client, taken, editor) == expected
    resolvers = settings.model_copy(update={"api_compiled": False})
    with TestClient(create_app(resolvers, run_migrations=False)) as resolver_path:
        assert ok(resolver_path, taken, editor) == expected


def test_events_without_a_kind_are_veranstaltungen(
    seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    plain = {"id": "sommerfest", "name": "Sommerfest", "source": "t"}

    ok(client, CREATE_EVENT, editor, input=plain)

    event = ok(client, EVENT, editor, id="sommerfest")["event"]
    # no kind: a Veranstaltung, stored without one (as every event before meetings existed)
    assert (event["kind"], event["status"], event["agendaItems"]) == (None, "HELD", [])


def test_a_member_may_not_write_meetings(
    seeded: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    _, secret = create_token(seeded, settings.neo4j_database, "member", "KVHS", ["kvhs"])
    member = {"Authorization": f"Bearer {secret}"}
    before = dump(seeded, settings)

    body = gql(client, CREATE_EVENT, member, input=SITZUNG)

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["errors"][0]["message"].startswith("Keine Berechtigung")
    assert dump(seeded, settings) == before
