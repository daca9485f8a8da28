"""Every node kind by id, with its properties and its relationships in both directions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import neo4j

from graph.settings import Settings
from graph.tokens import create_token

GraphQL = Callable[..., dict[str, Any]]
# The `landscape` fixture writes the data these tests know by heart: tests/api/conftest.py.


def test_an_actor_shows_its_offerings_memberships_places_and_partners(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    result = data(
        """{ actor(id: "caritas-gifhorn") {
              name kind updatedAt
              locatedIn { id }
              offerings { id }
              memberships { role since workingGroup { id } }
              cooperations { direction kind since partner { id } }
        } }"""
    )

    assert result["actor"] == {
        "name": "Caritasverband Gifhorn",
        "kind": "WELFARE_ASSOCIATION",
        "updatedAt": "2024-05-01T10:00:00+00:00",
        "locatedIn": {"id": "gifhorn"},
        "offerings": [{"id": "hausaufgabenhilfe-meine"}, {"id": "mbe-beratung"}],
        "memberships": [{"role": "MEMBER", "since": None, "workingGroup": {"id": "ak-bildung"}}],
        "cooperations": [
            {
                "direction": "INCOMING",
                "kind": "REFERRAL",
                "since": None,
                "partner": {"id": "fluechtlingshilfe-meinersen"},
            },
            {
                "direction": "OUTGOING",
                "kind": "PARTNERSHIP",
                "since": "2019-01-01",
                "partner": {"id": "kvhs-gifhorn"},
            },
        ],
    }


def test_an_actor_shows_its_hierarchy_staff_fundings_and_events(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    result = data(
        """{ actor(id: "stabsstelle-integration") {
              email
              partOf { id parts { id } }
              activeIn { id }
              coordinators { id }
              fundings { program offering { id } }
              participations { role event { id } }
        } }"""
    )

    assert result["actor"] == {
        "email": "integration@gifhorn.de",
        "partOf": {"id": "landkreis-gifhorn", "parts": [{"id": "stabsstelle-integration"}]},
        "activeIn": [{"id": "landkreis-gifhorn"}],
        "coordinators": [{"id": "julia-redeker"}],
        "fundings": [{"program": "FIM", "offering": {"id": "ausbildungslotsen"}}],
        "participations": [{"role": "HOST", "event": {"id": "neustart-2018"}}],
    }


def test_an_offering_shows_provider_vocabulary_places_funders_and_coordinators(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    result = data(
        """{
          kurs: offering(id: "kvhs-integrationskurs") {
            title kind capacity cost startDate endDate
            providers { id }
            topics { id } targetGroups { id } languages { id name }
            municipalities { id }
            coordinators { id }
          }
          lotsen: offering(id: "ausbildungslotsen") {
            fundingProgram startDate endDate funders { program funder { id } }
          }
        }"""
    )

    assert result["kurs"] == {
        "title": "Integrationskurs mit Kinderbetreuung",
        "kind": "COURSE",
        "capacity": 20,
        "cost": 0.0,
        "startDate": "2024-01-15",
        "endDate": None,
        "providers": [{"id": "kvhs-gifhorn"}],
        "topics": [{"id": "sprache"}],
        "targetGroups": [{"id": "frauen"}],
        "languages": [{"id": "ar", "name": "Arabisch"}, {"id": "de", "name": "Deutsch"}],
        "municipalities": [{"id": "gifhorn"}],
        "coordinators": [{"id": "julia-redeker"}],
    }
    assert result["lotsen"] == {
        "fundingProgram": "FIM",
        "startDate": "2019-08-01",
        "endDate": "2020-12-31",
        "funders": [{"program": "FIM", "funder": {"id": "stabsstelle-integration"}}],
    }


def test_a_working_group_shows_its_members_with_their_role(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    result = data(
        """{ workingGroup(id: "ak-ausbildung-arbeit") {
              name founded
              members { role since actor { id } }
              chairs: members(role: [CHAIR, SPOKESPERSON]) { actor { id } }
              local: members(where: {municipality: {id: "meinersen", scope: EXACT}}) {
                actor { id }
              }
              topics { id }
        } }"""
    )

    assert result["workingGroup"] == {
        "name": "AK Ausbildung und Arbeit",
        "founded": "2018-06-01",
        "members": [
            {"role": "MEMBER", "since": None, "actor": {"id": "agentur-fuer-arbeit"}},
            {"role": "CHAIR", "since": "2018-09-01", "actor": {"id": "jobcenter-gifhorn"}},
        ],
        "chairs": [{"actor": {"id": "jobcenter-gifhorn"}}],
        "local": [{"actor": {"id": "agentur-fuer-arbeit"}}],
        "topics": [{"id": "arbeit-ausbildung"}],
    }


def test_a_municipality_shows_parts_offerings_actors_and_residents(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    result = data(
        """{ municipality(id: "sg-meinersen") {
              kind partOf { id }
              parts { id }
              offerings { id }
              stored: offerings(scope: EXACT) { id }
              actors(scope: WITH_PARTS) { id }
              residents(year: 2018) { count year country { id } }
              latest: residents { count year country { id } }
        } }"""
    )

    assert result["municipality"] == {
        "kind": "SAMTGEMEINDE",
        "partOf": {"id": "landkreis-gifhorn"},
        "parts": [{"id": "hillerse"}, {"id": "leiferde"}, {"id": "meinersen"}],
        # its own, its members' and the county-wide offerings, by title
        "offerings": [
            {"id": "deutsch-online"},
            {"id": "frauengesundheit-hillerse"},
            {"id": "mbe-beratung"},
            {"id": "sprachcafe-meinersen"},
        ],
        "stored": [{"id": "mbe-beratung"}],
        "actors": [
            {"id": "agentur-fuer-arbeit"},
            {"id": "fluechtlingshilfe-meinersen"},
            {"id": "frauentreff-mueden"},
        ],
        # Meinersen 40 + Hillerse 10 Syrians in 2018; the latest year on record is 2019
        "residents": [
            {"count": 50, "year": 2018, "country": {"id": "sy"}},
            {"count": 5, "year": 2018, "country": {"id": "af"}},
        ],
        "latest": [{"count": 50, "year": 2019, "country": {"id": "sy"}}],
    }


def test_vocabulary_nodes_know_what_refers_to_them(landscape: neo4j.Driver, data: GraphQL) -> None:
    result = data(
        """{
          topic(id: "sprache") { workingGroups { id } coordinators { id } offerings { id } }
          targetGroup(id: "kinder") { offerings { id } }
          language(id: "ar") { offerings { id } countries { share country { id } } }
          country(id: "sy") {
            languages { share language { id } }
            residents(year: 2018) { count municipality { id } }
          }
        }"""
    )

    assert result == {
        "topic": {
            "workingGroups": [{"id": "ak-bildung"}],
            "coordinators": [{"id": "julia-redeker"}],
            "offerings": [
                {"id": "deutsch-online"},
                {"id": "hausaufgabenhilfe-meine"},
                {"id": "kvhs-integrationskurs"},
                {"id": "sprachcafe-meinersen"},
            ],
        },
        "targetGroup": {"offerings": [{"id": "hausaufgabenhilfe-meine"}]},
        "language": {
            "offerings": [
                {"id": "kvhs-integrationskurs"},
                {"id": "mbe-beratung"},
                {"id": "sprachcafe-meinersen"},
            ],
            "countries": [{"share": 0.9, "country": {"id": "sy"}}],
        },
        "country": {
            "languages": [{"share": 0.9, "language": {"id": "ar"}}],
            "residents": [
                {"count": 10, "municipality": {"id": "hillerse"}},
                {"count": 40, "municipality": {"id": "meinersen"}},
            ],
        },
    }


def test_an_event_lists_actors_coordinators_and_people_in_their_roles(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    result = data(
        """{ event(id: "neustart-2018") {
              date place status
              participants {
                role
                participant {
                  __typename
                  ... on Actor { id }
                  ... on Coordinator { id }
                  ... on Person { id title worksFor { id } }
                }
              }
        } }"""
    )

    assert result["event"] == {
        "date": "2018-05-15",
        "place": "Rittersaal, Schloss Gifhorn",
        "status": "HELD",
        "participants": [
            {
                "role": "SPEAKER",
                "participant": {
                    "__typename": "Person",
                    "id": "andreas-ebel",
                    "title": "Dr.",
                    "worksFor": [{"id": "landkreis-gifhorn"}],
                },
            },
            {
                "role": "SPEAKER",
                "participant": {"__typename": "Coordinator", "id": "julia-redeker"},
            },
            {
                "role": "HOST",
                "participant": {"__typename": "Actor", "id": "stabsstelle-integration"},
            },
        ],
    }


COORDINATOR = """{ coordinator(id: "julia-redeker") {
    name role since email phone
    worksFor { id } workingGroups { id } topics { id } offerings { id }
} }"""


def test_coordinators_contact_fields_are_hidden_from_anonymous_callers(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    result = data(COORDINATOR)

    assert result["coordinator"] == {
        "name": "Julia Redeker",
        "role": "Bildungskoordination",
        "since": "2017-06-01",
        "email": None,
        "phone": None,
        "worksFor": [{"id": "stabsstelle-integration"}],
        "workingGroups": [{"id": "ak-bildung"}],
        "topics": [{"id": "sprache"}],
        "offerings": [{"id": "kvhs-integrationskurs"}],
    }


def test_coordinators_contact_fields_are_shown_to_authenticated_callers(
    landscape: neo4j.Driver, settings: Settings, data: GraphQL
) -> None:
    _, secret = create_token(landscape, settings.neo4j_database, "editor", "test reader")

    result = data(COORDINATOR, headers={"Authorization": f"Bearer {secret}"})

    assert result["coordinator"]["email"] == "j.redeker@gifhorn.de"
    assert result["coordinator"]["phone"] == "05371 82-0"


def test_unknown_ids_are_null_for_every_kind(landscape: neo4j.Driver, data: GraphQL) -> None:
    kinds = [
        "actor", "offering", "workingGroup", "coordinator", "person", "topic",
        "targetGroup", "municipality", "language", "country", "event",
    ]  # fmt: skip
    query = "{ " + " ".join(f'{kind}(id: "nope") {{ id }}' for kind in kinds) + " }"

    assert data(query) == {kind: None for kind in kinds}


def test_nested_lists_take_first_and_where(landscape: neo4j.Driver, data: GraphQL) -> None:
    result = data(
        """{ actor(id: "kvhs-gifhorn") {
              one: offerings(first: 1) { id }
              online: offerings(where: {title: {contains: "online"}}) { id }
              none: offerings(first: 0) { id }
              forMeinersen: offerings(where: {municipality: {id: "meinersen"}}) { id }
        } }"""
    )

    assert result["actor"] == {
        "one": [{"id": "deutsch-online"}],
        "online": [{"id": "deutsch-online"}],
        "none": [],
        # the course in the Stadt Gifhorn is not for Meinersen; the county-wide one is
        "forMeinersen": [{"id": "deutsch-online"}],
    }


def test_a_selection_reads_only_what_it_shows_and_still_answers_fully(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    # Two selections of the same offering with disjoint fields, and a union whose members
    # ask for different fields: each gets exactly its own fields, none comes back empty.
    result = data(
        """{
          a: offering(id: "frauengesundheit-hillerse") { title }
          b: offering(id: "frauengesundheit-hillerse") { cost startDate endDate kind }
          search(text: "Hillerse", kinds: [OFFERING]) { node { ... on Offering { cost } } }
        }"""
    )

    assert result == {
        "a": {"title": "Frauengesundheitstreff Hillerse"},
        "b": {
            "cost": 5.5,
            "startDate": "2023-05-01",
            "endDate": "2023-12-31",
            "kind": "EVENT_SERIES",
        },
        "search": [{"node": {"cost": 5.5}}],
    }
