"""The role matrix: every role x every mutation of the schema x own record and another's.

The member speaks for the Caritas (``caritas-gifhorn``) and the Agentur für Arbeit; "own"
records are theirs (their actor, the offerings they OFFER, a coordinator who WORKS_FOR them,
their memberships, the status of a measure the Caritas is RESPONSIBLE_FOR), "other"
records belong to the KVHS or the Stabsstelle. The cases are
keyed by the schema's mutation fields, and a test asserts they are exactly the schema's: a
new mutation without a row here fails the suite instead of escaping the policy.

Every refused write must leave the graph as it was (a dump before and after compares equal).
"""

from __future__ import annotations

from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graph.settings import Settings
from graph.tokens import create_token
from schema.schema import schema
from tests.api.conftest import write_landscape
from tests.loaded_data import ensure_loaded

MEMBER_ACTORS = ["caritas-gifhorn", "agentur-fuer-arbeit"]
ROLES = ("anonymous", "reader", "member", "editor", "admin")

SETUP = """
MATCH (caritas:Actor {id: 'caritas-gifhorn'})
CREATE (p:Coordinator {id: 'petra-caritas', name: 'Petra Sommer', role: 'Koordination',
        email: 'p.sommer@caritas.de', source: 'test'})-[:WORKS_FOR]->(caritas)
CREATE (:WorkingGroup {id: 'ak-neu', name: 'AK Neu', source: 'test'})
CREATE (:Account {id: 'acc-test', email: 'x@gifhorn.de', role: 'reader', actorIds: [],
        passwordHash: 'x', disabled: false, createdAt: datetime()})
CREATE (caritas)-[:RESPONSIBLE_FOR]->(:Measure {id: 'm-kurs', title: 'Sprachkurs für Frauen',
        status: 'idea', source: 'test'})
WITH caritas MATCH (kvhs:Actor {id: 'kvhs-gifhorn'})
CREATE (kvhs)-[:RESPONSIBLE_FOR]->(:Measure {id: 'm-kvhs', title: 'Kurs der KVHS',
        status: 'idea', source: 'test'})
CREATE (:GapDecision {key: 'coverage:gifhorn:wohnen', reason: 'kein Bedarf',
        decidedBy: 'test', decidedAt: datetime()})
"""

GAP_KEY = "{GAP_KEY}"
"""Stands for a current gap's key, asked of the API when the case runs (``current_gap``)."""
CHANGE_ID = "{CHANGE_ID}"
"""Stands for the id of a change the seed made through the API (``seed``)."""


def _input(**fields: str) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}"


def node_cases() -> dict[str, dict[str, str]]:
    """Documents of the node mutations, own and other."""
    return {
        "createActor": {
            "own": 'createActor(input: {id: "caritas-neu", name: "Caritas Neu", '
            'kind: ASSOCIATION, source: "t", partOf: "caritas-gifhorn"}) { id }',
            "other": 'createActor(input: {id: "kvhs-neu", name: "KVHS Neu", '
            'kind: ASSOCIATION, source: "t", partOf: "kvhs-gifhorn"}) { id }',
        },
        "updateActor": {
            "own": 'updateActor(id: "caritas-gifhorn", input: {phone: "05371 1"}) { id }',
            "other": 'updateActor(id: "kvhs-gifhorn", input: {phone: "05371 1"}) { id }',
        },
        "deleteActor": {
            "own": 'deleteActor(id: "agentur-fuer-arbeit") { id }',
            "other": 'deleteActor(id: "landkreis-gifhorn") { id }',
        },
        "createWorkingGroup": {
            "own": 'createWorkingGroup(input: {id: "ak-x", name: "AK X", source: "t"}) { id }',
            "other": 'createWorkingGroup(input: {id: "ak-y", name: "AK Y", source: "t"}) { id }',
        },
        "updateWorkingGroup": {
            "own": 'updateWorkingGroup(id: "ak-bildung", input: {name: "AK B"}) { id }',
            "other": 'updateWorkingGroup(id: "ak-neu", input: {name: "AK N"}) { id }',
        },
        "deleteWorkingGroup": {
            "own": 'deleteWorkingGroup(id: "ak-neu") { id }',
            "other": 'deleteWorkingGroup(id: "ak-neu") { id }',
        },
        "createOffering": {
            "own": 'createOffering(input: {id: "caritas-kurs", title: "Kurs", kind: COURSE, '
            'source: "t", providers: ["caritas-gifhorn"]}) { id }',
            "other": 'createOffering(input: {id: "kvhs-kurs", title: "Kurs", kind: COURSE, '
            'source: "t", providers: ["kvhs-gifhorn"]}) { id }',
        },
        "updateOffering": {
            "own": 'updateOffering(id: "mbe-beratung", input: {capacity: 12}) { id }',
            "other": 'updateOffering(id: "kvhs-integrationskurs", input: {capacity: 12}) { id }',
        },
        "deleteOffering": {
            "own": 'deleteOffering(id: "mbe-beratung") { id }',
            "other": 'deleteOffering(id: "kvhs-integrationskurs") { id }',
        },
        "createCoordinator": {
            "own": 'createCoordinator(input: {id: "c-neu", name: "C", role: "K", source: "t", '
            'worksFor: ["caritas-gifhorn"]}) { id }',
            "other": 'createCoordinator(input: {id: "c-neu", name: "C", role: "K", source: "t", '
            'worksFor: ["kvhs-gifhorn"]}) { id }',
        },
        "updateCoordinator": {
            "own": 'updateCoordinator(id: "petra-caritas", input: {phone: "05371 12345"}) { id }',
            "other": 'updateCoordinator(id: "julia-redeker", input: {phone: "05371 12345"}) { id }',
        },
        "deleteCoordinator": {
            "own": 'deleteCoordinator(id: "petra-caritas") { id }',
            "other": 'deleteCoordinator(id: "julia-redeker") { id }',
        },
    }


def link_cases() -> dict[str, dict[str, str]]:
    own = '{kind: OFFERING_TOPICS, from: "mbe-beratung", to: "sprache"}'
    other = '{kind: OFFERING_TOPICS, from: "kvhs-integrationskurs", to: "beratung"}'
    return {
        "connect": {
            "own": f"connect(input: {own}) {{ outcome }}",
            "other": f"connect(input: {other}) {{ outcome }}",
        },
        "disconnect": {
            "own": 'disconnect(input: {kind: OFFERING_TOPICS, from: "mbe-beratung", '
            'to: "beratung"}) { outcome }',
            "other": 'disconnect(input: {kind: OFFERING_TOPICS, from: "kvhs-integrationskurs", '
            'to: "sprache"}) { outcome }',
        },
    }


def relationship_cases() -> dict[str, dict[str, str]]:
    def pair(name: str, own: dict[str, str], other: dict[str, str]) -> dict[str, str]:
        return {
            "own": f"{name}(input: {_input(**own)}) {{ outcome }}",
            "other": f"{name}(input: {_input(**other)}) {{ outcome }}",
        }

    src = '"t"'
    return {
        "connectMembership": pair(
            "connectMembership",
            {"actor": '"caritas-gifhorn"', "workingGroup": '"ak-ausbildung-arbeit"', "source": src},
            {"actor": '"kvhs-gifhorn"', "workingGroup": '"ak-ausbildung-arbeit"', "source": src},
        ),
        "disconnectMembership": pair(
            "disconnectMembership",
            {"actor": '"caritas-gifhorn"', "workingGroup": '"ak-bildung"'},
            {"actor": '"kvhs-gifhorn"', "workingGroup": '"ak-bildung"'},
        ),
        "connectCooperation": pair(
            "connectCooperation",
            {"from": '"caritas-gifhorn"', "to": '"jobcenter-gifhorn"', "source": src},
            {"from": '"kvhs-gifhorn"', "to": '"jobcenter-gifhorn"', "source": src},
        ),
        "disconnectCooperation": pair(
            "disconnectCooperation",
            {"from": '"caritas-gifhorn"', "to": '"kvhs-gifhorn"'},
            {"from": '"fluechtlingshilfe-meinersen"', "to": '"caritas-gifhorn"'},
        ),
        "connectFunding": pair(
            "connectFunding",
            {"funder": '"caritas-gifhorn"', "offering": '"mbe-beratung"', "source": src},
            {"funder": '"stabsstelle-integration"', "offering": '"mbe-beratung"', "source": src},
        ),
        "disconnectFunding": pair(
            "disconnectFunding",
            {"funder": '"caritas-gifhorn"', "offering": '"mbe-beratung"'},
            {"funder": '"stabsstelle-integration"', "offering": '"ausbildungslotsen"'},
        ),
        "connectParticipation": pair(
            "connectParticipation",
            {
                "event": '"neustart-2018"',
                "role": "GUEST",
                "actor": '"caritas-gifhorn"',
                "source": src,
            },
            {"event": '"neustart-2018"', "role": "GUEST", "actor": '"kvhs-gifhorn"', "source": src},
        ),
        "disconnectParticipation": pair(
            "disconnectParticipation",
            {"event": '"neustart-2018"', "actor": '"caritas-gifhorn"'},
            {"event": '"neustart-2018"', "actor": '"stabsstelle-integration"'},
        ),
        "connectResident": pair(
            "connectResident",
            {
                "country": '"sy"',
                "municipality": '"gifhorn"',
                "count": "3",
                "year": "2020",
                "source": src,
            },
            {
                "country": '"af"',
                "municipality": '"gifhorn"',
                "count": "3",
                "year": "2020",
                "source": src,
            },
        ),
        "disconnectResident": pair(
            "disconnectResident",
            {"country": '"sy"', "municipality": '"meinersen"', "year": "2018"},
            {"country": '"ua"', "municipality": '"gifhorn"', "year": "2022"},
        ),
        "connectLanguageShare": pair(
            "connectLanguageShare",
            {"language": '"de"', "country": '"sy"', "share": "0.1", "source": src},
            {"language": '"de"', "country": '"af"', "share": "0.1", "source": src},
        ),
        "disconnectLanguageShare": pair(
            "disconnectLanguageShare",
            {"language": '"ar"', "country": '"sy"'},
            {"language": '"uk"', "country": '"ua"'},
        ),
    }


def account_cases() -> dict[str, dict[str, str]]:
    create = (
        'createAccount(input: {email: "neu@gifhorn.de", role: "reader"}) '
        "{ account { id } oneTimePassword }"
    )
    update = 'updateAccount(id: "acc-test", input: {role: "editor"}) { id role }'
    reset = 'resetPassword(id: "acc-test") { oneTimePassword }'
    return {
        "createAccount": {"own": create, "other": create},
        "updateAccount": {"own": update, "other": update},
        "resetPassword": {"own": reset, "other": reset},
    }


def stabsstelle_cases() -> dict[str, dict[str, str]]:
    """Meetings, measures, gap decisions and reverts: the Stabsstelle's (editor and up;
    reverts admin). A member may not write events, its own participation included."""
    create = (
        'createMeasure(input: {id: "m-neu", title: "Neue Maßnahme", source: "t", '
        'actors: ["caritas-gifhorn"]}) { id }'
    )
    # the status of a measure its actor is responsible for is the member's to update
    update = {
        "own": 'updateMeasure(id: "m-kurs", input: {status: PLANNED}) { id }',
        "other": 'updateMeasure(id: "m-kvhs", input: {status: PLANNED}) { id }',
    }
    delete = 'deleteMeasure(id: "m-kurs") { id }'
    mark = f'markGapDeliberatelyOpen(key: "{GAP_KEY}", reason: "Nachbargemeinde") {{ key }}'
    reopen = 'reopenGap(key: "coverage:gifhorn:wohnen") { key }'
    revert = f'revertChange(id: "{CHANGE_ID}") {{ revision }}'
    meeting = (
        'createEvent(input: {id: "ak-bildung-sitzung", name: "AK-Sitzung Bildung", '
        'kind: WORKING_GROUP_MEETING, date: "2026-12-10", source: "t", '
        'workingGroup: "ak-bildung", agenda: "[{\\"title\\": \\"Sprachkurse\\", '
        '\\"measure\\": \\"m-kurs\\"}]"}) { id }'
    )
    update_event = 'updateEvent(id: "neustart-2018", input: {place: "Rittersaal"}) { id }'
    delete_event = 'deleteEvent(id: "neustart-2018") { id }'
    return {
        "createEvent": {"own": meeting, "other": meeting},
        "updateEvent": {"own": update_event, "other": update_event},
        "deleteEvent": {"own": delete_event, "other": delete_event},
        "createMeasure": {"own": create, "other": create},
        "updateMeasure": update,
        "deleteMeasure": {"own": delete, "other": delete},
        "markGapDeliberatelyOpen": {"own": mark, "other": mark},
        "reopenGap": {"own": reopen, "other": reopen},
        "revertChange": {"own": revert, "other": revert},
    }


def confirm_cases() -> dict[str, dict[str, str]]:
    """ "Angaben stimmen noch": confirming is a write on the record, in the record's scope."""
    return {
        "confirmActor": {
            "own": 'confirmActor(id: "caritas-gifhorn") { verifiedAt }',
            "other": 'confirmActor(id: "kvhs-gifhorn") { verifiedAt }',
        },
        "confirmOffering": {
            "own": 'confirmOffering(id: "mbe-beratung") { verifiedAt }',
            "other": 'confirmOffering(id: "kvhs-integrationskurs") { verifiedAt }',
        },
        "confirmCoordinator": {
            "own": 'confirmCoordinator(id: "petra-caritas") { verifiedAt }',
            "other": 'confirmCoordinator(id: "julia-redeker") { verifiedAt }',
        },
        "confirmWorkingGroup": {
            "own": 'confirmWorkingGroup(id: "ak-bildung") { verifiedAt }',
            "other": 'confirmWorkingGroup(id: "ak-neu") { verifiedAt }',
        },
        "confirmMeasure": {
            "own": 'confirmMeasure(id: "m-kurs") { verifiedAt }',
            "other": 'confirmMeasure(id: "m-kurs") { verifiedAt }',
        },
        "confirmEvent": {
            "own": 'confirmEvent(id: "neustart-2018") { verifiedAt }',
            "other": 'confirmEvent(id: "neustart-2018") { verifiedAt }',
        },
    }


CASES: dict[str, dict[str, str]] = {
    **node_cases(),
    **confirm_cases(),
    **link_cases(),
    **relationship_cases(),
    **account_cases(),
    **stabsstelle_cases(),
}

MEMBER_MAY_OWN = {
    "updateActor",
    "confirmActor",
    "confirmOffering",
    "confirmCoordinator",
    "createOffering",
    "updateOffering",
    "deleteOffering",
    "createCoordinator",
    "updateCoordinator",
    "deleteCoordinator",
    "connect",
    "disconnect",
    "connectMembership",
    "disconnectMembership",
    "updateMeasure",
}
"""What a member may do to its own records; to another's it may do nothing. On a measure its
actor is responsible for: the status only (``test_a_member_cannot_leave_its_scope``)."""

ADMIN_ONLY = {"createAccount", "updateAccount", "resetPassword", "revertChange"}


def expected(role: str, mutation: str, whose: str) -> str | None:
    """The error code the write must fail with, or None when it must succeed."""
    if role == "anonymous":
        return "UNAUTHENTICATED"
    if mutation in ADMIN_ONLY:
        return None if role == "admin" else "FORBIDDEN"
    if role in ("editor", "admin"):
        return None
    if role == "member" and whose == "own" and mutation in MEMBER_MAY_OWN:
        return None
    return "FORBIDDEN"


def test_the_matrix_covers_exactly_the_schemas_mutations() -> None:
    mutation_type = schema._schema.mutation_type
    assert mutation_type is not None
    assert set(CASES) == set(mutation_type.fields)


def dump(driver: neo4j.Driver, settings: Settings) -> list[Any]:
    """Every node and relationship of the landscape and the accounts, comparable."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:Session AND NOT n:_Throttle AND NOT n:Token "
        "RETURN labels(n) AS l, properties(n) AS p ORDER BY n.id",
        database_=settings.neo4j_database,
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p "
        "ORDER BY a, t, b",
        database_=settings.neo4j_database,
    )
    return [(r["l"], sorted(r["p"].items())) for r in nodes] + [
        (r["a"], r["t"], r["b"], sorted(r["p"].items())) for r in rels
    ]


def seed(
    driver: neo4j.Driver, settings: Settings, client: TestClient
) -> tuple[dict[str, dict[str, str]], str]:
    """A fresh landscape with a bearer token per role (the member's bound to its actors), and
    one change made through the API by the admin, for the revert case: made anew unless the
    last test's seed is still there unchanged (a refused write changes nothing;
    ``tests/loaded_data.py``)."""
    return ensure_loaded(driver, settings, "roles", lambda: _seed(driver, settings, client))


def _seed(
    driver: neo4j.Driver, settings: Settings, client: TestClient
) -> tuple[dict[str, dict[str, str]], str]:
    write_landscape(driver, settings.neo4j_database)
    driver.execute_query(SETUP, database_=settings.neo4j_database)
    headers: dict[str, dict[str, str]] = {"anonymous": {}}
    for role in ROLES[1:]:
        actors = MEMBER_ACTORS if role == "member" else None
        _, secret = create_token(driver, settings.neo4j_database, role, role, actors)
        headers[role] = {"Authorization": f"Bearer {secret}"}
    edit = 'mutation { updateActor(id: "kvhs-gifhorn", input: {phone: "05371 99"}) { id } }'
    answer = client.post("/graphql", json={"query": edit}, headers=headers["admin"]).json()
    assert "errors" not in answer, answer
    [change] = driver.execute_query(
        "MATCH (c:Change {action: 'update'}) RETURN c.id AS id ORDER BY c.at DESC LIMIT 1",
        database_=settings.neo4j_database,
    ).records
    return headers, str(change["id"])


def current_gap(client: TestClient) -> str:
    """The key of a gap the analyses find now (a decision needs a gap that exists)."""
    query = "{ gaps { coverage(top: 1) { gaps { key } } } }"
    body = client.post("/graphql", json={"query": query}).json()
    return str(body["data"]["gaps"]["coverage"]["gaps"][0]["key"])


@pytest.mark.parametrize("whose", ["own", "other"])
@pytest.mark.parametrize("mutation", sorted(CASES))
def test_every_role_on_every_mutation(
    driver: neo4j.Driver, settings: Settings, client: TestClient, mutation: str, whose: str
) -> None:
    headers, change_id = seed(driver, settings, client)
    template = "mutation { " + CASES[mutation][whose] + " }"
    if GAP_KEY in template:
        template = template.replace(GAP_KEY, current_gap(client))
    document = template.replace(CHANGE_ID, change_id)
    for role in ROLES:
        before = dump(driver, settings)
        body = client.post("/graphql", json={"query": document}, headers=headers[role]).json()
        code = expected(role, mutation, whose)
        if code is None:
            assert "errors" not in body, (role, body)
            assert body["data"][mutation] is not None
            # the next role starts from the same graph
            headers, change_id = seed(driver, settings, client)
            document = template.replace(CHANGE_ID, change_id)
        else:
            assert body.get("errors"), (role, body)
            assert body["errors"][0]["extensions"]["code"] == code, (role, body)
            assert dump(driver, settings) == before, f"{role}: a refused write changed the graph"


def test_a_refusal_names_the_record_in_german(
    driver: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    headers, _ = seed(driver, settings, client)

    body = client.post(
        "/graphql",
        json={"query": "mutation { " + CASES["updateOffering"]["other"] + " }"},
        headers=headers["member"],
    ).json()

    error = body["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN"
    # the kind in German and the names, not the ids, for the member who reads it (user trial)
    [offering] = driver.execute_query(
        "MATCH (o:Offering {id: 'kvhs-integrationskurs'}) RETURN o.title AS title",
        database_=settings.neo4j_database,
    ).records
    actors = driver.execute_query(
        "MATCH (a:Actor) WHERE a.id IN $ids RETURN a.name AS name ORDER BY name",
        ids=MEMBER_ACTORS,
        database_=settings.neo4j_database,
    ).records
    names = ", ".join(a["name"] for a in actors)
    assert len(actors) == len(MEMBER_ACTORS)
    assert error["message"].startswith(
        f"Keine Berechtigung: Angebot „{offering['title']}“ gehört nicht zu Ihren Akteuren "
        f"({names})"
    )
    assert error["extensions"]["record"] == {"label": "Offering", "id": "kvhs-integrationskurs"}


@pytest.mark.parametrize(
    ("document", "why"),
    [
        (
            'disconnect(input: {kind: OFFERING_PROVIDERS, from: "mbe-beratung", '
            'to: "caritas-gifhorn"}) { outcome }',
            "the offering would lose its only provider of the member",
        ),
        (
            'connect(input: {kind: OFFERING_PROVIDERS, from: "kvhs-integrationskurs", '
            'to: "caritas-gifhorn"}) { outcome }',
            "claiming another's offering by adding oneself as provider",
        ),
        (
            'updateCoordinator(id: "petra-caritas", input: {worksFor: ["kvhs-gifhorn"]}) { id }',
            "moving its coordinator to another organisation",
        ),
        (
            'createOffering(input: {id: "kvhs-integrationskurs", title: "Gekapert", '
            'kind: COURSE, source: "t", providers: ["caritas-gifhorn"]}) { id }',
            "creating over another's id is judged on the stored record",
        ),
        (
            'connect(input: {kind: ACTOR_PART_OF, from: "kvhs-gifhorn", '
            'to: "caritas-gifhorn"}) { outcome }',
            "a reference held by another's actor",
        ),
        (
            'deleteOffering(id: "mbe-beratung", cascade: true) { id }',
            "cascade is the admin's",
        ),
        (
            'updateMeasure(id: "m-kurs", input: {title: "Umbenannt"}) { id }',
            "on its own measure, the status only: not the title",
        ),
        (
            'updateMeasure(id: "m-kurs", input: {status: DONE, due: "2030-01-01"}) { id }',
            "the status with another field is refused as a whole",
        ),
        (
            'updateMeasure(id: "m-kurs", input: {internalNote: "intern"}) { id }',
            "nor the internal note",
        ),
        (
            'updateMeasure(id: "m-kurs", input: {status: PLANNED, actors: ["kvhs-gifhorn"]})'
            " { id }",
            "nor who is responsible",
        ),
        (
            'connect(input: {kind: MEASURE_ACTORS, from: "m-kvhs", to: "caritas-gifhorn"})'
            " { outcome }",
            "claiming another's measure by adding oneself as responsible",
        ),
        (
            'disconnect(input: {kind: MEASURE_ACTORS, from: "m-kurs", to: "caritas-gifhorn"})'
            " { outcome }",
            "nor leaving its own",
        ),
    ],
)
def test_a_member_cannot_leave_its_scope(
    driver: neo4j.Driver, settings: Settings, client: TestClient, document: str, why: str
) -> None:
    headers, _ = seed(driver, settings, client)
    before = dump(driver, settings)

    body = client.post(
        "/graphql", json={"query": "mutation { " + document + " }"}, headers=headers["member"]
    ).json()

    assert body.get("errors"), why
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", (why, body)
    assert dump(driver, settings) == before, why


def test_an_editor_may_not_cascade(
    driver: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    headers, _ = seed(driver, settings, client)

    body = client.post(
        "/graphql",
        json={"query": 'mutation { deleteActor(id: "caritas-gifhorn", cascade: true) { id } }'},
        headers=headers["editor"],
    ).json()

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
