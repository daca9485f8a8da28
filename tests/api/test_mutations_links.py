"""``connect`` / ``disconnect`` for every reference kind, and ``connect*`` for the
relationships with properties; each refusal leaves the graph as it was."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from domain.registry import NODE_SECTION
from graph.settings import Settings
from graph.store.kinds import LinkKind, link_kinds
from graph.tokens import create_token
from schema.mutations.links import Link, link_kind

CONNECT = """
mutation($input: LinkInput!) {
  connect(input: $input) { relationship start end outcome revision }
}"""
DISCONNECT = """
mutation($input: LinkInput!) { disconnect(input: $input) { outcome } }"""


def snapshot(driver: neo4j.Driver, database: str) -> tuple[list[Any], list[Any]]:
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
def editor(empty_db: neo4j.Driver, settings: Settings) -> dict[str, str]:
    _, secret = create_token(empty_db, settings.neo4j_database, "editor", "links test")
    return {"Authorization": f"Bearer {secret}"}


def gql(client: TestClient, query: str, headers: dict[str, str], **variables: Any) -> Any:
    response = client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.text
    return response.json()


def make(driver: neo4j.Driver, settings: Settings, label: str, node_id: str) -> None:
    """A minimal node of any label (labels come from the registry, never from input)."""
    driver.execute_query(
        f"CREATE (:{label} {{id: $id, name: $id, title: $id, source: 'seed'}})",
        {"id": node_id},
        database_=settings.neo4j_database,
    )


def relationships(driver: neo4j.Driver, settings: Settings) -> list[tuple[str, str, str, Any]]:
    records, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, r.source AS s "
        "ORDER BY a, t, b",
        database_=settings.neo4j_database,
    )
    return [(r["a"], r["t"], r["b"], r["s"]) for r in records]


def test_the_link_enum_names_every_reference_of_the_registry() -> None:
    def name(kind: LinkKind) -> tuple[str, str]:
        return kind.section.name, kind.link.attribute

    assert sorted(name(link_kind(link)) for link in Link) == sorted(map(name, link_kinds()))


@pytest.mark.parametrize("link", list(Link), ids=lambda link: link.name)
def test_connect_and_disconnect_every_reference_kind(
    empty_db: neo4j.Driver,
    settings: Settings,
    client: TestClient,
    editor: dict[str, str],
    link: Link,
) -> None:
    kind = link_kind(link)
    owner_label, target_label = kind.section.label, NODE_SECTION[kind.link.target].label
    make(empty_db, settings, owner_label, "owner")
    make(empty_db, settings, target_label, "target")
    start, end = ("owner", "target") if kind.owner_is_start else ("target", "owner")
    link_input = {"kind": link.name, "from": "owner", "to": "target"}

    connected = gql(client, CONNECT, editor, input=link_input)

    assert connected["data"]["connect"] == {
        "relationship": kind.kind.pattern,
        "start": start,
        "end": end,
        "outcome": "CREATED",
        "revision": 1,
    }
    assert relationships(empty_db, settings) == [(start, kind.kind.rel_type, end, "seed")]

    again = gql(client, CONNECT, editor, input=link_input)
    assert again["data"]["connect"]["outcome"] == "UNCHANGED"

    removed = gql(client, DISCONNECT, editor, input=link_input)
    assert removed["data"]["disconnect"] == {"outcome": "REMOVED"}
    assert relationships(empty_db, settings) == []

    nothing = gql(client, DISCONNECT, editor, input=link_input)
    assert nothing["data"]["disconnect"] == {"outcome": "UNCHANGED"}


def test_a_single_valued_reference_is_replaced_and_source_can_be_given(
    empty_db: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    make(empty_db, settings, "Actor", "kvhs")
    make(empty_db, settings, "Municipality", "gifhorn")
    make(empty_db, settings, "Municipality", "wittingen")

    gql(
        client, CONNECT, editor, input={"kind": "ACTOR_LOCATED_IN", "from": "kvhs", "to": "gifhorn"}
    )
    moved = gql(
        client,
        CONNECT,
        editor,
        input={"kind": "ACTOR_LOCATED_IN", "from": "kvhs", "to": "wittingen", "source": "LSN 2023"},
    )

    assert moved["data"]["connect"]["outcome"] == "CREATED"
    assert relationships(empty_db, settings) == [("kvhs", "LOCATED_IN", "wittingen", "LSN 2023")]


@pytest.mark.parametrize(
    ("link_input", "code", "field"),
    [
        ({"kind": "OFFERING_TOPICS", "from": "course", "to": "atlantis"}, "NOT_FOUND", "input.to"),
        (
            {"kind": "OFFERING_TOPICS", "from": "nothing", "to": "sprache"},
            "NOT_FOUND",
            "input.from",
        ),
        ({"kind": "ACTOR_PART_OF", "from": "kvhs", "to": "kvhs"}, "BAD_USER_INPUT", "input.to"),
        (
            {"kind": "OFFERING_TOPICS", "from": "Course!", "to": "sprache"},
            "BAD_USER_INPUT",
            "input.from",
        ),
        (
            {"kind": "OFFERING_TOPICS", "from": "course", "to": "sprache", "source": " "},
            "BAD_USER_INPUT",
            "input.source",
        ),
    ],
)
def test_a_refused_connect_changes_nothing(
    empty_db: neo4j.Driver,
    settings: Settings,
    client: TestClient,
    editor: dict[str, str],
    link_input: dict[str, str],
    code: str,
    field: str,
) -> None:
    make(empty_db, settings, "Offering", "course")
    make(empty_db, settings, "Topic", "sprache")
    make(empty_db, settings, "Actor", "kvhs")
    before = snapshot(empty_db, settings.neo4j_database)

    body = gql(client, CONNECT, editor, input=link_input)

    error = body["errors"][0]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, field)
    assert snapshot(empty_db, settings.neo4j_database) == before


# --- relationships with properties ----------------------------------------------------------

SECTIONS: list[tuple[str, str, dict[str, Any], dict[str, Any], list[tuple[str, str]]]] = [
    (
        "Membership",
        "MEMBER_OF",
        {
            "actor": "kvhs",
            "workingGroup": "ak-bildung",
            "role": "SPOKESPERSON",
            "since": "2018-06-01",
            "source": "article",
        },
        {"actor": "kvhs", "workingGroup": "ak-bildung"},
        [("Actor", "kvhs"), ("WorkingGroup", "ak-bildung")],
    ),
    (
        "Cooperation",
        "COOPERATES_WITH",
        {"from": "kvhs", "to": "caritas", "kind": "REFERRAL", "source": "example"},
        {"from": "kvhs", "to": "caritas"},
        [("Actor", "kvhs"), ("Actor", "caritas")],
    ),
    (
        "Funding",
        "FUNDS",
        {
            "funder": "bamf",
            "offering": "course",
            "program": "Integrationskurse",
            "source": "example",
        },
        {"funder": "bamf", "offering": "course"},
        [("Actor", "bamf"), ("Offering", "course")],
    ),
    (
        "Participation",
        "PARTICIPATED_IN",
        {"event": "neustart", "coordinator": "k-mueller", "role": "SPEAKER", "source": "article"},
        {"event": "neustart", "coordinator": "k-mueller"},
        [("Event", "neustart"), ("Coordinator", "k-mueller")],
    ),
    (
        "Resident",
        "RESIDES_IN",
        {
            "country": "sy",
            "municipality": "gifhorn",
            "count": 1200,
            "year": 2023,
            "source": "LSN 2023",
        },
        {"country": "sy", "municipality": "gifhorn", "year": 2023},
        [("Country", "sy"), ("Municipality", "gifhorn")],
    ),
    (
        "LanguageShare",
        "SPOKEN_IN",
        {"language": "ar", "country": "sy", "share": 0.9, "source": "example"},
        {"language": "ar", "country": "sy"},
        [("Language", "ar"), ("Country", "sy")],
    ),
]


@pytest.mark.parametrize(
    ("name", "rel_type", "full", "key", "nodes"), SECTIONS, ids=[s[0] for s in SECTIONS]
)
def test_connect_update_and_disconnect_every_relationship_section(
    empty_db: neo4j.Driver,
    settings: Settings,
    client: TestClient,
    editor: dict[str, str],
    name: str,
    rel_type: str,
    full: dict[str, Any],
    key: dict[str, Any],
    nodes: list[tuple[str, str]],
) -> None:
    for label, node_id in nodes:
        make(empty_db, settings, label, node_id)
    connect = (
        f"mutation($input: {name}Input!) {{ connect{name}(input: $input) "
        "{ relationship start end outcome } }"
    )
    disconnect = f"mutation($input: {name}Key!) {{ disconnect{name}(input: $input) {{ outcome }} }}"

    created = gql(client, connect, editor, input=full)
    assert created["data"][f"connect{name}"]["outcome"] == "CREATED"
    assert (
        created["data"][f"connect{name}"]["start"] == nodes[1 if name == "Participation" else 0][1]
    )
    records, _, _ = empty_db.execute_query(
        f"MATCH ()-[r:{rel_type}]->() RETURN properties(r) AS p", database_=settings.neo4j_database
    )
    assert len(records) == 1 and records[0]["p"]["source"] == full["source"]

    changed = gql(client, connect, editor, input={**full, "source": "second source"})
    assert changed["data"][f"connect{name}"]["outcome"] == "UPDATED"

    removed = gql(client, disconnect, editor, input=key)
    assert removed["data"][f"disconnect{name}"] == {"outcome": "REMOVED"}
    records, _, _ = empty_db.execute_query(
        f"MATCH ()-[r:{rel_type}]->() RETURN count(r) AS n", database_=settings.neo4j_database
    )
    assert records[0]["n"] == 0


def test_membership_properties_are_stored_as_in_a_load(
    empty_db: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    make(empty_db, settings, "Actor", "kvhs")
    make(empty_db, settings, "WorkingGroup", "ak-bildung")

    gql(
        client,
        "mutation($i: MembershipInput!) { connectMembership(input: $i) { outcome } }",
        editor,
        i=SECTIONS[0][2],
    )

    records, _, _ = empty_db.execute_query(
        "MATCH (:Actor {id: 'kvhs'})-[r:MEMBER_OF]->(:WorkingGroup {id: 'ak-bildung'}) "
        "RETURN r.role AS role, r.since AS since, r.updatedAt IS NOT NULL AS stamped",
        database_=settings.neo4j_database,
    )
    assert records[0]["role"] == "spokesperson"
    assert str(records[0]["since"]) == "2018-06-01"
    assert records[0]["stamped"]


def test_residents_of_two_years_are_two_relationships(
    empty_db: neo4j.Driver, settings: Settings, client: TestClient, editor: dict[str, str]
) -> None:
    make(empty_db, settings, "Country", "sy")
    make(empty_db, settings, "Municipality", "gifhorn")
    mutation = "mutation($i: ResidentInput!) { connectResident(input: $i) { outcome } }"
    base = SECTIONS[4][2]

    gql(client, mutation, editor, i=base)
    gql(client, mutation, editor, i={**base, "year": 2022, "count": 1100})
    gql(
        client,
        'mutation { disconnectResident(input: {country: "sy", '
        'municipality: "gifhorn", year: 2022}) { outcome } }',
        editor,
    )

    records, _, _ = empty_db.execute_query(
        "MATCH ()-[r:RESIDES_IN]->() RETURN r.year AS year, r.count AS count",
        database_=settings.neo4j_database,
    )
    assert [(r["year"], r["count"]) for r in records] == [(2023, 1200)]


@pytest.mark.parametrize(
    ("mutation", "code", "field"),
    [
        (
            'connectCooperation(input: {from: "kvhs", to: "kvhs", source: "x"})',
            "BAD_USER_INPUT",
            "input",
        ),
        (
            'connectLanguageShare(input: {language: "ar", country: "sy", share: 1.5, source: "x"})',
            "BAD_USER_INPUT",
            "input.share",
        ),
        (
            'connectParticipation(input: {event: "neustart", actor: "kvhs", coordinator: "k", '
            'role: HOST, source: "x"})',
            "BAD_USER_INPUT",
            "input",
        ),
        (
            'connectFunding(input: {funder: "kvhs", offering: "nothing", source: "x"})',
            "NOT_FOUND",
            "input.offering",
        ),
        (
            'connectMembership(input: {actor: "ghost", workingGroup: "ak", source: "x"})',
            "NOT_FOUND",
            "input.actor",
        ),
        ('disconnectParticipation(input: {event: "neustart"})', "BAD_USER_INPUT", "input"),
        (
            'disconnectResident(input: {country: "SYR", municipality: "gifhorn", year: 2023})',
            "BAD_USER_INPUT",
            "input.country",
        ),
    ],
)
def test_a_refused_relationship_write_changes_nothing(
    empty_db: neo4j.Driver,
    settings: Settings,
    client: TestClient,
    editor: dict[str, str],
    mutation: str,
    code: str,
    field: str,
) -> None:
    for label, node_id in [
        ("Actor", "kvhs"),
        ("Event", "neustart"),
        ("Coordinator", "k"),
        ("WorkingGroup", "ak"),
        ("Language", "ar"),
        ("Country", "sy"),
    ]:
        make(empty_db, settings, label, node_id)
    before = snapshot(empty_db, settings.neo4j_database)

    body = gql(client, f"mutation {{ {mutation} {{ outcome }} }}", editor)

    error = body["errors"][0]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (code, field)
    assert snapshot(empty_db, settings.neo4j_database) == before
