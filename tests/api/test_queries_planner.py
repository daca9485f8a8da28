"""``whoWorksOn``: what matches a planner's question, and why each match matched."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import neo4j

GraphQL = Callable[..., dict[str, Any]]
# The `landscape` fixture writes the data these tests know by heart: tests/api/conftest.py.

WHO = """query ($topic: [ID!], $municipality: [ID!], $targetGroup: [ID!], $language: [ID!],
                $scope: MunicipalityScope) {
  whoWorksOn(topic: $topic, municipality: $municipality, targetGroup: $targetGroup,
             language: $language, scope: $scope) {
    offeringCount actorCount
    offerings { offering { id } reasons { criterion id relation anchorId explanation } }
    actors {
      actor { id }
      offerings { offering { id } }
      workingGroups { workingGroup { id } reasons { criterion id } }
    }
  }
}"""


def test_arabic_or_persian_language_offers_in_meinersen_with_reasons(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    result = data(
        WHO, {"topic": ["sprache"], "municipality": ["meinersen"], "language": ["ar", "fa"]}
    )["whoWorksOn"]

    assert result["offeringCount"] == 2
    assert result["offerings"] == [
        {
            "offering": {"id": "deutsch-online"},
            "reasons": [
                {"criterion": "TOPIC", "id": "sprache", "relation": None, "anchorId": None,
                 "explanation": "Handlungsfeld Sprache / topic Sprache"},
                {"criterion": "LANGUAGE", "id": "fa", "relation": None, "anchorId": None,
                 "explanation": "Sprache Persisch / language Persisch"},
                {"criterion": "MUNICIPALITY", "id": "landkreis-gifhorn", "relation": "ENCLOSING",
                 "anchorId": "meinersen",
                 "explanation": "in Landkreis Gifhorn, umfasst Meinersen / in Landkreis Gifhorn, "
                 "which contains Meinersen"},
            ],
        },
        {
            "offering": {"id": "sprachcafe-meinersen"},
            "reasons": [
                {"criterion": "TOPIC", "id": "sprache", "relation": None, "anchorId": None,
                 "explanation": "Handlungsfeld Sprache / topic Sprache"},
                {"criterion": "LANGUAGE", "id": "ar", "relation": None, "anchorId": None,
                 "explanation": "Sprache Arabisch / language Arabisch"},
                {"criterion": "MUNICIPALITY", "id": "meinersen", "relation": "EXACT",
                 "anchorId": "meinersen", "explanation": "in Meinersen"},
            ],
        },
    ]  # fmt: skip
    # The KVHS's Integrationskurs (Arabic, but only in the Stadt Gifhorn) is not among them.
    assert result["actorCount"] == 2
    assert result["actors"] == [
        {
            "actor": {"id": "fluechtlingshilfe-meinersen"},
            "offerings": [{"offering": {"id": "sprachcafe-meinersen"}}],
            "workingGroups": [],
        },
        {
            "actor": {"id": "kvhs-gifhorn"},
            "offerings": [{"offering": {"id": "deutsch-online"}}],
            "workingGroups": [],
        },
    ]


def test_a_samtgemeinde_reports_offerings_of_its_members_as_parts(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    result = data(WHO, {"targetGroup": ["frauen"], "municipality": ["sg-meinersen"]})["whoWorksOn"]

    places = {
        match["offering"]["id"]: [
            (r["id"], r["relation"]) for r in match["reasons"] if r["criterion"] == "MUNICIPALITY"
        ]
        for match in result["offerings"]
    }
    assert places == {
        "frauengesundheit-hillerse": [("hillerse", "PART")],
        "sprachcafe-meinersen": [("meinersen", "PART")],
    }


def test_actors_match_through_offerings_and_through_working_groups(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    result = data(WHO, {"topic": ["arbeit-ausbildung"]})["whoWorksOn"]

    assert result["offeringCount"] == 1
    assert result["actors"] == [
        # Most involved first: an offering and a working group on the topic.
        {
            "actor": {"id": "jobcenter-gifhorn"},
            "offerings": [{"offering": {"id": "ausbildungslotsen"}}],
            "workingGroups": [
                {
                    "workingGroup": {"id": "ak-ausbildung-arbeit"},
                    "reasons": [{"criterion": "TOPIC", "id": "arbeit-ausbildung"}],
                }
            ],
        },
        {
            "actor": {"id": "agentur-fuer-arbeit"},
            "offerings": [],
            "workingGroups": [
                {
                    "workingGroup": {"id": "ak-ausbildung-arbeit"},
                    "reasons": [{"criterion": "TOPIC", "id": "arbeit-ausbildung"}],
                }
            ],
        },
    ]


def test_working_group_members_count_where_they_are_located_or_active(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    result = data(WHO, {"topic": ["arbeit-ausbildung"], "municipality": ["sg-meinersen"]})

    answer = result["whoWorksOn"]
    # The only offering is in Wittingen; both AK members cover the Samtgemeinde (the agency
    # sits in Meinersen, the Jobcenter is active county-wide).
    assert answer["offeringCount"] == 0
    assert [a["actor"]["id"] for a in answer["actors"]] == [
        "agentur-fuer-arbeit",
        "jobcenter-gifhorn",
    ]


def test_a_target_group_question_is_not_answered_by_memberships(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    result = data(WHO, {"topic": ["arbeit-ausbildung"], "targetGroup": ["frauen"]})

    assert result["whoWorksOn"]["offeringCount"] == 0
    assert result["whoWorksOn"]["actors"] == []


def test_the_exact_scope_ignores_county_wide_offerings(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    result = data(WHO, {"topic": ["sprache"], "municipality": ["meinersen"], "scope": "EXACT"})

    assert [m["offering"]["id"] for m in result["whoWorksOn"]["offerings"]] == [
        "sprachcafe-meinersen"
    ]


def test_a_question_needs_a_criterion(landscape: neo4j.Driver, graphql: GraphQL) -> None:
    body = graphql(WHO, {})

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "criterion" in body["errors"][0]["message"]
