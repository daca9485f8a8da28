"""The gap analyses through GraphQL, on the Gifhorn dataset in a real Neo4j."""

from __future__ import annotations

from typing import Any

import neo4j
from starlette.testclient import TestClient

from graph.settings import Settings
from graph.tokens import create_token


def gql(client: TestClient, query: str, headers: dict[str, str] | None = None) -> Any:
    response = client.post("/graphql", json={"query": query}, headers=headers or {})
    assert response.status_code == 200, response.text
    return response.json()


def test_brokers_name_the_stabsstelle_first(gifhorn: neo4j.Driver, client: TestClient) -> None:
    body = gql(
        client, "{ gaps { brokers(top: 3) { sampled brokers { actorId betweenness reason } } } }"
    )

    brokers = body["data"]["gaps"]["brokers"]
    assert brokers["sampled"] is False  # 75 actors: exact
    assert brokers["brokers"][0]["actorId"] == "stabsstelle-integration"
    assert "kürzesten Wege" in brokers["brokers"][0]["reason"]
    values = [b["betweenness"] for b in brokers["brokers"]]
    assert values == sorted(values, reverse=True)


def test_coverage_filtered_by_municipality_and_topic(
    gifhorn: neo4j.Driver, client: TestClient
) -> None:
    body = gql(
        client,
        '{ gaps { coverage(municipality: "wittingen", topic: "wohnen") '
        "{ gapCount gaps { municipalityId topicId need reason } } } }",
    )

    coverage = body["data"]["gaps"]["coverage"]
    assert coverage["gapCount"] == 1
    gap = coverage["gaps"][0]
    assert (gap["municipalityId"], gap["topicId"]) == ("wittingen", "wohnen")
    assert gap["need"] > 0
    assert "Wohnen" in gap["reason"]


def test_unknown_municipality_is_not_found(gifhorn: neo4j.Driver, client: TestClient) -> None:
    body = gql(client, '{ gaps { languages(municipality: "atlantis") { gapCount } } }')

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "atlantis" in body["errors"][0]["message"]


def test_top_out_of_range_is_bad_input(gifhorn: neo4j.Driver, client: TestClient) -> None:
    body = gql(client, "{ gaps { introductions(top: 0) { method } } }")

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["errors"][0]["extensions"]["field"] == "top"


def test_results_are_deterministic_and_cached_until_a_write(
    gifhorn: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    query = (
        "{ gaps { revision peripheralActors(top: 50) "
        "{ isolatedCount actors { actorId isolated } } } }"
    )
    first = gql(client, query)["data"]["gaps"]
    service = client.app.state.analyses  # type: ignore[attr-defined]
    # the first answer warms the rest of the analyses in the background: let it finish
    assert service.recomputer.wait_idle(120)
    computations = service.cache.computations

    again = gql(client, query)["data"]["gaps"]
    assert again == first
    assert service.cache.computations == computations  # nothing recomputed

    isolated = next(a["actorId"] for a in first["peripheralActors"]["actors"] if a["isolated"])
    _, secret = create_token(gifhorn, settings.neo4j_database, "editor")
    connected = client.post(
        "/graphql",
        json={
            "query": "mutation($input: CooperationInput!) { connectCooperation(input: $input) "
            "{ outcome } }",
            "variables": {
                "input": {"from": isolated, "to": "stabsstelle-integration", "source": "test"}
            },
        },
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert connected.status_code == 200, connected.text
    assert "errors" not in connected.json(), connected.text

    after = gql(client, query)["data"]["gaps"]
    assert after["revision"] > first["revision"]
    assert (
        after["peripheralActors"]["isolatedCount"] == first["peripheralActors"]["isolatedCount"] - 1
    )
    assert isolated not in {
        a["actorId"] for a in after["peripheralActors"]["actors"] if a["isolated"]
    }


def test_actor_carries_its_network_measures(gifhorn: neo4j.Driver, client: TestClient) -> None:
    body = gql(
        client,
        '{ actor(id: "stabsstelle-integration") '
        "{ network { ties betweenness betweennessSampled community constraint } } }",
    )

    network = body["data"]["actor"]["network"]
    assert network["ties"] > 10
    assert network["betweenness"] > 0
    assert network["betweennessSampled"] is False
    assert network["community"] is not None


def test_an_isolated_actor_has_no_community_and_no_constraint(
    gifhorn: neo4j.Driver, client: TestClient
) -> None:
    isolated = gql(client, "{ gaps { peripheralActors { actors { actorId isolated } } } }")
    actor_id = next(
        a["actorId"]
        for a in isolated["data"]["gaps"]["peripheralActors"]["actors"]
        if a["isolated"]
    )

    body = gql(
        client, f'{{ actor(id: "{actor_id}") {{ network {{ ties community constraint }} }} }}'
    )

    assert body["data"]["actor"]["network"] == {"ties": 0, "community": None, "constraint": None}


def test_actor_measures_sort_and_filter_by_community(
    gifhorn: neo4j.Driver, client: TestClient
) -> None:
    by_betweenness = gql(
        client, "{ gaps { actorMeasures(top: 5) { actorId betweenness community } } }"
    )["data"]["gaps"]["actorMeasures"]
    values = [m["betweenness"] for m in by_betweenness]
    assert values == sorted(values, reverse=True)
    assert by_betweenness[0]["actorId"] == "stabsstelle-integration"

    community = by_betweenness[0]["community"]
    members = gql(
        client,
        f"{{ gaps {{ actorMeasures(community: {community}, orderBy: CONSTRAINT, top: 500) "
        "{ community constraint } } }",
    )["data"]["gaps"]["actorMeasures"]
    assert {m["community"] for m in members} == {community}
    constraints = [m["constraint"] for m in members if m["constraint"] is not None]
    assert constraints == sorted(constraints)


def test_every_gap_result_explains_itself_and_flags_example_need(
    gifhorn: neo4j.Driver, client: TestClient
) -> None:
    body = gql(
        client,
        "{ gaps { "
        "coverage(top: 3) { explanation needSources needIllustrative "
        "  gaps { municipalityId needIllustrative reason } "
        "  byMunicipality { municipalityId gaps need } } "
        "languages(top: 3) { explanation needSources needIllustrative "
        "  gaps { needIllustrative reason } } "
        "peripheralActors(top: 1) { explanation } brokers(top: 1) { explanation } "
        "fragility(top: 1) { explanation } communities(top: 1) { explanation } "
        "introductions(top: 1) { explanation } workingGroups(top: 1) { explanation } "
        "coordination(top: 1) { explanation } } }",
    )

    assert "errors" not in body, body
    gaps = body["data"]["gaps"]
    assert all(len(result["explanation"]) > 100 for result in gaps.values())
    assert "Vermittlerrolle" in gaps["brokers"]["explanation"]
    for kind in ("coverage", "languages"):
        assert gaps[kind]["needIllustrative"] is True  # the shipped residents are examples
        assert "example" in gaps[kind]["needSources"]
        assert "Beispieldaten" in gaps[kind]["explanation"]
        assert all(
            g["needIllustrative"] and "Beispieldaten" in g["reason"] for g in gaps[kind]["gaps"]
        )
    places = gaps["coverage"]["byMunicipality"]
    assert places and all(p["gaps"] > 0 for p in places)
    assert "giebel" not in {p["municipalityId"] for p in places}
