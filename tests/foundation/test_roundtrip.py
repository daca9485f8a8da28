"""A node written through the driver comes back through /graphql."""

from __future__ import annotations

import neo4j
from starlette.testclient import TestClient

from graph.settings import Settings


def test_actor_written_by_driver_is_read_through_graphql(
    empty_db: neo4j.Driver, settings: Settings, client: TestClient
) -> None:
    empty_db.execute_query(
        "CREATE (:Actor {id: $id, name: $name, kind: 'administration', source: 'test'})",
        {"id": "stabsstelle-integration", "name": "Stabsstelle Integration"},
        database_=settings.neo4j_database,
    )

    response = client.post(
        "/graphql",
        json={"query": '{ actor(id: "stabsstelle-integration") { id name kind } }'},
    )

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "actor": {
                "id": "stabsstelle-integration",
                "name": "Stabsstelle Integration",
                "kind": "ADMINISTRATION",
            }
        }
    }


def test_unknown_actor_is_null(empty_db: neo4j.Driver, client: TestClient) -> None:
    response = client.post("/graphql", json={"query": '{ actor(id: "nobody") { id } }'})

    assert response.json() == {"data": {"actor": None}}
