"""`revision`, `dataStatus` and `gaps.networkMap` on the Gifhorn data in a real Neo4j."""

from __future__ import annotations

from typing import Any

import neo4j
import networkx as nx
from starlette.testclient import TestClient

from graph.settings import Settings
from graph.tokens import create_token

MAP = """{ gaps { networkMap {
  revision betweennessSampled layout totalEdges
  nodes { id name kind x y community betweenness ties isolated articulationPoint
          topics targetGroups municipalities }
  edges { source target weight bridge }
  communities { index size x y label } } } }"""


def gql(client: TestClient, query: str, headers: dict[str, str] | None = None) -> Any:
    response = client.post("/graphql", json={"query": query}, headers=headers or {})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def test_the_revision_advances_with_a_mutation(
    gifhorn: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    before = gql(client, "{ revision }")["revision"]
    _, secret = create_token(gifhorn, settings.neo4j_database, role="editor", name="test")

    gql(
        client,
        'mutation { updateActor(id: "kvhs-gifhorn", input: {description: "neu"}) { id } }',
        {"Authorization": f"Bearer {secret}"},
    )

    assert gql(client, "{ revision }")["revision"] == before + 1


def test_data_status_names_the_sources_and_flags_example_data(
    gifhorn: neo4j.Driver, client: TestClient
) -> None:
    status = gql(
        client,
        "{ revision dataStatus { revision lastUpdated illustrative "
        "sources { source nodes relationships illustrative } } }",
    )

    data = status["dataStatus"]
    sources = {s["source"]: s for s in data["sources"]}
    assert data["revision"] == status["revision"]
    assert data["lastUpdated"] is not None
    assert data["illustrative"] is True
    assert sources["example"]["illustrative"] is True
    assert sources["article"]["illustrative"] is False
    assert sources["article"]["nodes"] > 0


def test_data_status_of_an_empty_database(empty_db: neo4j.Driver, client: TestClient) -> None:
    data = gql(client, "{ dataStatus { lastUpdated illustrative sources { source } } }")

    assert data["dataStatus"] == {"lastUpdated": None, "illustrative": False, "sources": []}


def test_the_network_map_draws_every_actor_with_its_weak_points(
    gifhorn: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    drawn = gql(client, MAP)["gaps"]["networkMap"]
    fragility = gql(
        client, "{ gaps { fragility(top: 500) { articulationPointCount bridgeCount } } }"
    )["gaps"]["fragility"]
    actors, _, _ = gifhorn.execute_query(
        "MATCH (a:Actor) RETURN count(a) AS n", database_=settings.neo4j_database
    )

    nodes = drawn["nodes"]
    assert len(nodes) == actors[0]["n"] == 75
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)  # nobody hides under another
    assert sum(n["articulationPoint"] for n in nodes) == fragility["articulationPointCount"]
    assert sum(e["bridge"] for e in drawn["edges"]) == fragility["bridgeCount"]
    assert all(n["community"] is None for n in nodes if n["isolated"])
    assert all(n["community"] is not None for n in nodes if not n["isolated"])
    assert drawn["totalEdges"] == len(drawn["edges"])  # small: every tie is drawn
    assert drawn["betweennessSampled"] is False
    stabsstelle = next(n for n in nodes if n["id"] == "stabsstelle-integration")
    assert stabsstelle["betweenness"] == max(n["betweenness"] for n in nodes)


def test_the_drawn_ties_form_the_collaboration_graph(
    gifhorn: neo4j.Driver, client: TestClient
) -> None:
    drawn = gql(client, MAP)["gaps"]["networkMap"]

    graph = nx.Graph()
    graph.add_nodes_from(n["id"] for n in drawn["nodes"])
    graph.add_edges_from((e["source"], e["target"]) for e in drawn["edges"])
    assert {n["id"] for n in drawn["nodes"] if n["isolated"]} == set(nx.isolates(graph))
    assert {n["id"] for n in drawn["nodes"] if n["articulationPoint"]} == set(
        nx.articulation_points(graph)
    )


def test_the_map_is_laid_out_once_per_revision(gifhorn: neo4j.Driver, client: TestClient) -> None:
    first = gql(client, MAP)["gaps"]["networkMap"]
    service = client.app.state.analyses  # type: ignore[attr-defined]
    # the first answer warms the rest of the analyses in the background: let it finish
    assert service.recomputer.wait_idle(120)
    computed = service.cache.computations

    again = gql(client, MAP)["gaps"]["networkMap"]

    assert again == first
    assert service.cache.computations == computed
