"""Filters on the root lists: operators, AND/OR/NOT, relationships, the municipality tree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import neo4j
import pytest

GraphQL = Callable[..., dict[str, Any]]
# The `landscape` fixture writes the data these tests know by heart: tests/api/conftest.py.

OFFERING_IDS = """query ($where: OfferingWhere) {
  offerings(where: $where, first: 100) { totalCount edges { node { id } } }
}"""


def offering_ids(data: GraphQL, where: dict[str, Any]) -> list[str]:
    result = data(OFFERING_IDS, {"where": where})["offerings"]
    ids = [edge["node"]["id"] for edge in result["edges"]]
    assert result["totalCount"] == len(ids)
    return ids


ACTOR_IDS = """query ($where: ActorWhere) {
  actors(where: $where, first: 100) { edges { node { id } } }
}"""


def actor_ids(data: GraphQL, where: dict[str, Any]) -> list[str]:
    return [edge["node"]["id"] for edge in data(ACTOR_IDS, {"where": where})["actors"]["edges"]]


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"title": {"contains": "kurs"}}, ["deutsch-online", "kvhs-integrationskurs"]),
        ({"title": {"startsWith": "Sprach"}}, ["sprachcafe-meinersen"]),
        ({"title": {"endsWith": "Meine"}}, ["hausaufgabenhilfe-meine"]),
        ({"title": {"eq": "Ausbildungslotsen"}}, ["ausbildungslotsen"]),
        ({"id": {"in": ["mbe-beratung", "nope"]}}, ["mbe-beratung"]),
        ({"kind": {"eq": "COURSE"}}, ["deutsch-online", "kvhs-integrationskurs"]),
        (
            {"kind": {"in": ["MENTORING", "SERVICE"]}},
            ["ausbildungslotsen", "hausaufgabenhilfe-meine"],
        ),
        ({"capacity": {"gte": 20}}, ["deutsch-online", "kvhs-integrationskurs"]),
        ({"capacity": {"lt": 15}}, ["hausaufgabenhilfe-meine"]),
        ({"cost": {"gt": 0}}, ["deutsch-online", "frauengesundheit-hillerse"]),
        ({"cost": {"lte": 5.5, "gt": 0}}, ["frauengesundheit-hillerse"]),
        ({"startDate": {"gte": "2024-01-01"}}, ["deutsch-online", "kvhs-integrationskurs"]),
        ({"endDate": {"lt": "2021-01-01"}}, ["ausbildungslotsen"]),
        ({"fundingProgram": {"eq": "FIM"}}, ["ausbildungslotsen"]),
    ],
)
def test_property_operators(
    landscape: neo4j.Driver, data: GraphQL, where: dict[str, Any], expected: list[str]
) -> None:
    assert offering_ids(data, where) == expected


def test_and_or_not_combine(landscape: neo4j.Driver, data: GraphQL) -> None:
    courses_or_free = {
        "OR": [{"kind": {"eq": "COURSE"}}, {"cost": {"eq": 0}}],
        "NOT": {"title": {"contains": "online"}},
    }
    assert offering_ids(data, courses_or_free) == ["kvhs-integrationskurs", "sprachcafe-meinersen"]
    both = {"AND": [{"topic": {"eq": "sprache"}}, {"language": {"eq": "fa"}}]}
    assert offering_ids(data, both) == ["deutsch-online"]
    assert offering_ids(data, {"AND": []}) == offering_ids(data, {})
    assert offering_ids(data, {"OR": []}) == []


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"topic": {"eq": "beratung"}}, ["mbe-beratung"]),
        ({"targetGroup": {"in": ["kinder", "jugendliche"]}},
         ["ausbildungslotsen", "hausaufgabenhilfe-meine"]),
        ({"language": {"eq": "uk"}}, ["mbe-beratung"]),
        ({"provider": {"eq": "caritas-gifhorn"}}, ["hausaufgabenhilfe-meine", "mbe-beratung"]),
        ({"providerKind": {"in": ["VOLUNTEER_INITIATIVE", "ASSOCIATION"]}},
         ["frauengesundheit-hillerse", "sprachcafe-meinersen"]),
        ({"funder": {"eq": "stabsstelle-integration"}}, ["ausbildungslotsen"]),
    ],
)  # fmt: skip
def test_relationship_filters(
    landscape: neo4j.Driver, data: GraphQL, where: dict[str, Any], expected: list[str]
) -> None:
    assert offering_ids(data, where) == expected


@pytest.mark.parametrize(
    ("municipality", "expected"),
    [
        # A member municipality: its own offerings, plus the Samtgemeinde's and the county's.
        ({"id": "meinersen"}, ["deutsch-online", "mbe-beratung", "sprachcafe-meinersen"]),
        # A member without offerings of its own still gets what covers it.
        ({"id": "leiferde"}, ["deutsch-online", "mbe-beratung"]),
        # A Samtgemeinde: its own, all its members', and the county's; never a sibling's.
        (
            {"id": "sg-meinersen"},
            [
                "deutsch-online",
                "frauengesundheit-hillerse",
                "mbe-beratung",
                "sprachcafe-meinersen",
            ],
        ),
        # The county contains everything.
        (
            {"id": "landkreis-gifhorn"},
            [
                "ausbildungslotsen",
                "deutsch-online",
                "frauengesundheit-hillerse",
                "hausaufgabenhilfe-meine",
                "kvhs-integrationskurs",
                "mbe-beratung",
                "sprachcafe-meinersen",
            ],
        ),
        # Narrower scopes.
        ({"id": "meinersen", "scope": "EXACT"}, ["sprachcafe-meinersen"]),
        (
            {"id": "sg-meinersen", "scope": "WITH_PARTS"},
            ["frauengesundheit-hillerse", "mbe-beratung", "sprachcafe-meinersen"],
        ),
        ({"id": "hillerse", "scope": "WITH_ENCLOSING"},
         ["deutsch-online", "frauengesundheit-hillerse", "mbe-beratung"]),
        ({"in": ["meine", "wittingen"], "scope": "EXACT"},
         ["ausbildungslotsen", "hausaufgabenhilfe-meine"]),
    ],
)  # fmt: skip
def test_municipality_filter_follows_the_hierarchy(
    landscape: neo4j.Driver, data: GraphQL, municipality: dict[str, Any], expected: list[str]
) -> None:
    assert offering_ids(data, {"municipality": municipality}) == expected


def test_municipality_filter_needs_an_id(landscape: neo4j.Driver, graphql: GraphQL) -> None:
    body = graphql(OFFERING_IDS, {"where": {"municipality": {"scope": "EXACT"}}})

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "municipality" in body["errors"][0]["message"]


def test_actor_filters(landscape: neo4j.Driver, data: GraphQL) -> None:
    # Works on a topic: through an offering, or through a working group on it.
    assert actor_ids(data, {"topic": {"eq": "arbeit-ausbildung"}}) == [
        "agentur-fuer-arbeit",
        "jobcenter-gifhorn",
    ]
    assert actor_ids(data, {"language": {"eq": "fa"}}) == ["frauentreff-mueden", "kvhs-gifhorn"]
    part_of_county = {"kind": {"eq": "ADMINISTRATION"}, "partOf": {"eq": "landkreis-gifhorn"}}
    assert actor_ids(data, part_of_county) == ["stabsstelle-integration"]
    in_group = {"workingGroup": {"eq": "ak-bildung"}}
    assert actor_ids(data, in_group) == ["caritas-gifhorn", "kvhs-gifhorn"]
    # Located or active in Leiferde's area: only the county-wide actors.
    assert actor_ids(data, {"municipality": {"id": "leiferde"}}) == [
        "jobcenter-gifhorn",
        "kvhs-gifhorn",
        "landkreis-gifhorn",
        "stabsstelle-integration",
    ]
    not_administration = {
        "name": {"contains": "Gifhorn"},
        "NOT": {"kind": {"eq": "ADMINISTRATION"}},
    }
    assert actor_ids(data, not_administration) == [
        "caritas-gifhorn",
        "jobcenter-gifhorn",
        "kvhs-gifhorn",
    ]


def test_municipality_and_event_filters(landscape: neo4j.Driver, data: GraphQL) -> None:
    result = data(
        """{
          members: municipalities(where: {within: {eq: "sg-meinersen"}}) { edges { node { id } } }
          big: municipalities(where: {population: {gt: 20000}, kind: {eq: SAMTGEMEINDE}}) {
            edges { node { id } }
          }
          held: events(where: {date: {lt: "2019-01-01"}, status: {eq: HELD}}) {
            edges { node { id } }
          }
          groups: workingGroups(where: {member: {eq: "jobcenter-gifhorn"}}) {
            edges { node { id } }
          }
          staff: coordinators(where: {worksFor: {eq: "stabsstelle-integration"}}) {
            edges { node { id } }
          }
          people(where: {role: {eq: "Landrat"}}) { edges { node { id } } }
          topics(where: {name: {in: ["Frauen", "Sprache"]}}) { edges { node { id } } }
        }"""
    )

    def ids(name: str) -> list[str]:
        return [edge["node"]["id"] for edge in result[name]["edges"]]

    assert ids("members") == ["hillerse", "leiferde", "meinersen"]
    assert ids("big") == ["sg-meinersen", "sg-papenteich"]
    assert ids("held") == ["neustart-2018"]
    assert ids("groups") == ["ak-ausbildung-arbeit"]
    assert ids("staff") == ["julia-redeker"]
    assert ids("people") == ["andreas-ebel"]
    assert ids("topics") == ["frauen", "sprache"]


def test_sorting_by_other_fields_and_direction(landscape: neo4j.Driver, data: GraphQL) -> None:
    result = data(
        """{
          byCapacity: offerings(sort: {field: CAPACITY, direction: DESC}, first: 100) {
            edges { node { id capacity } }
          }
          byPopulation: municipalities(sort: {field: POPULATION}, first: 3) {
            edges { node { id } }
          }
        }"""
    )

    capacities = [e["node"]["capacity"] for e in result["byCapacity"]["edges"]]
    # Descending puts missing values first (as Neo4j does), then the largest.
    assert capacities == [None, None, None, 25, 20, 15, 10]
    assert [e["node"]["id"] for e in result["byPopulation"]["edges"]] == [
        "hillerse",
        "leiferde",
        "meinersen",
    ]


def test_filter_values_cannot_inject_cypher(landscape: neo4j.Driver, data: GraphQL) -> None:
    hostile = "x' OR 1=1 WITH n MATCH (m) DETACH DELETE m //"

    assert offering_ids(data, {"title": {"eq": hostile}}) == []
    assert len(offering_ids(data, {})) == 7
