"""Round trips: a query costs a bounded number of Cypher statements, whatever its size.

On the compiled path (the default, ``schema.compiled``) the bound is **one statement for
all the compiled root fields of an operation**, whatever their depth; fields that need
Python (search, planning, coverage, gaps) add one each.

On the resolver path (``API_COMPILED=false``) it is **one statement per root field** (a
list's page and its ``totalCount`` share one; ``actor(id:)`` fields of one request share
one), **plus one per relationship field in the query's selection tree** (per distinct path
and arguments), however many objects each level holds: the DataLoaders of
``schema.batching`` collect the parent ids of one level and send one ``UNWIND $ids``
statement for all of them.

The statements are counted by wrapping the app's real driver (the database is never
mocked): every statement the app sends during a request, through ``execute_query`` or a
session's transaction, is recorded, all of them: an answer is labelled for HTTP caching
with the revision its worker already knows (``schema.caching``), with no read of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graph.db import open_async_driver
from graph.settings import Settings
from schema.app import create_app
from tests.api.counting import CountingDriver, data_statements

GraphQL = Callable[..., dict[str, Any]]


Counted = tuple[TestClient, list[CountingDriver]]


def _counting_client(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, *, compiled: bool
) -> Iterator[Counted]:
    drivers: list[CountingDriver] = []

    def open_counting(chosen: Settings) -> Any:
        drivers.append(CountingDriver(open_async_driver(chosen)))
        return drivers[-1]

    # The app opens its driver through this name when it starts (schema/app.py).
    monkeypatch.setattr("schema.app.open_async_driver", open_counting)
    chosen = settings.model_copy(update={"api_compiled": compiled})
    with TestClient(create_app(chosen)) as client:
        yield client, drivers


@pytest.fixture
def counted(
    landscape: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Counted]:
    """A client on the resolver path talking to Neo4j through a :class:`CountingDriver`."""
    yield from _counting_client(settings, monkeypatch, compiled=False)


@pytest.fixture
def compiled(
    landscape: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Counted]:
    """The same on the compiled path (the default)."""
    yield from _counting_client(settings, monkeypatch, compiled=True)


def statements_for(counted: tuple[TestClient, list[CountingDriver]], query: str) -> list[str]:
    """Run ``query`` (it must succeed); return the statements it sent."""
    client, drivers = counted
    drivers[0].statements.clear()
    body = client.post("/graphql", json={"query": query}).json()
    assert "errors" not in body, body
    return data_statements(drivers[0].statements)


BULK = """
UNWIND range(0, $actors - 1) AS i
CREATE (a:Actor {id: 'bulk-' + i, name: 'Bulk Akteur ' + right('00' + i, 3),
                 kind: 'association', source: 'test'})
WITH a, i
MATCH (home:Municipality {id: ['meinersen', 'hillerse', 'gifhorn'][i % 3]})
CREATE (a)-[:LOCATED_IN]->(home)
WITH a, i
UNWIND range(0, 1) AS j
CREATE (o:Offering {id: 'bulk-' + i + '-' + j, title: 'Bulk Angebot ' + i + '-' + j,
                    kind: 'course', source: 'test'})
CREATE (a)-[:OFFERS]->(o)
WITH o, i, j
MATCH (t:Topic) WHERE t.id IN [['sprache', 'frauen'], ['beratung', 'gesundheit']][j]
CREATE (o)-[:ADDRESSES]->(t)
WITH DISTINCT o, i
MATCH (l:Language) WHERE l.id IN ['de', ['ar', 'fa', 'uk'][i % 3]]
CREATE (o)-[:IN_LANGUAGE]->(l)
"""

DEEP = """{
  actors(first: %d, where: {name: {startsWith: "Bulk"}}) {
    totalCount
    edges { node {
      id
      locatedIn { id }
      offerings {
        id
        topics { id }
        languages { id }
        providers { id offerings(first: 1) { id } }
      }
    } }
  }
}"""


@pytest.fixture
def bulk(landscape: neo4j.Driver, settings: Settings) -> int:
    """120 more actors with 2 offerings each, 2 topics and 2 languages per offering."""
    landscape.execute_query(BULK, {"actors": 120}, database_=settings.neo4j_database)
    return 120


def test_a_deep_query_over_hundreds_of_objects_costs_one_statement_per_field(
    bulk: int, counted: tuple[TestClient, list[CountingDriver]]
) -> None:
    client, _ = counted
    body = client.post("/graphql", json={"query": DEEP % 100}).json()
    nodes = [edge["node"] for edge in body["data"]["actors"]["edges"]]
    offerings = [o for node in nodes for o in node["offerings"]]
    # 100 actors, 200 offerings, 400 topics, 400 languages, 200 providers, 200 offerings
    assert len(nodes) == 100 and len(offerings) == 200
    assert all(len(o["topics"]) == 2 and len(o["languages"]) == 2 for o in offerings)
    assert all(o["providers"][0]["offerings"] for o in offerings)

    sent = statements_for(counted, DEEP % 100)

    # actors (page + totalCount) | locatedIn | offerings | topics | languages | providers |
    # providers.offerings(first: 1)
    assert len(sent) == 7
    assert sum("UNWIND $ids" in text for text in sent) == 6


def test_the_statement_count_does_not_grow_with_the_number_of_objects(
    bulk: int, counted: tuple[TestClient, list[CountingDriver]]
) -> None:
    few = statements_for(counted, DEEP % 2)
    many = statements_for(counted, DEEP % 120)

    assert len(few) == len(many) == 7


def test_each_distinct_selection_of_a_relationship_costs_one_statement(
    bulk: int, counted: tuple[TestClient, list[CountingDriver]]
) -> None:
    query = """{ actors(first: 50) { edges { node {
        a: offerings(first: 1) { id }
        b: offerings(first: 1) { id }
        c: offerings(where: {kind: {eq: COURSE}}) { id }
    } } } }"""

    # the page | a and b share a loader | c has other arguments
    assert len(statements_for(counted, query)) == 3


def test_root_fields_by_id_share_one_statement(
    bulk: int, counted: tuple[TestClient, list[CountingDriver]]
) -> None:
    query = """{
      a: actor(id: "bulk-1") { id } b: actor(id: "bulk-2") { id } c: actor(id: "nope") { id }
      offering(id: "bulk-1-0") { id }
    }"""

    assert len(statements_for(counted, query)) == 2


def test_total_count_is_computed_only_when_selected(
    landscape: neo4j.Driver, counted: tuple[TestClient, list[CountingDriver]]
) -> None:
    [without] = statements_for(counted, "{ actors(first: 2) { edges { node { id } } } }")
    [with_total] = statements_for(counted, "{ actors(first: 2) { totalCount } }")
    [in_fragment] = statements_for(
        counted,
        "{ actors(first: 2) { ...Counted } } fragment Counted on ActorConnection { totalCount }",
    )

    assert "count(n)" not in without
    assert "count(n)" in with_total
    assert "count(n)" in in_fragment


def test_planner_search_and_coverage_are_one_statement_each(
    landscape: neo4j.Driver, counted: tuple[TestClient, list[CountingDriver]]
) -> None:
    query = """{
      whoWorksOn(topic: ["sprache"], municipality: ["meinersen"]) { offeringCount actorCount }
      search(text: "Sprache") { score }
      coverage(rows: MUNICIPALITY, columns: TOPIC) { matrix }
    }"""

    assert len(statements_for(counted, query)) == 3


# --- the compiled path -------------------------------------------------------------------

CHAIN = """{ topic(id: "sprache") { offerings(first: 3) { providers(first: 2) {
  memberships(first: 2) { workingGroup { members(first: 2) { actor {
    offerings(first: 2) { topics(first: 3) { name } }
  } } } }
} } } }"""


def test_a_compiled_query_costs_one_statement_whatever_its_depth(
    bulk: int, compiled: Counted, counted: Counted
) -> None:
    deep = statements_for(compiled, DEEP % 100)
    chain = statements_for(compiled, CHAIN)

    assert len(deep) == 1 and len(chain) == 1
    # the same answers as the resolver path, which needs a statement per level
    client, _ = compiled
    for query in (DEEP % 100, CHAIN):
        assert (
            client.post("/graphql", json={"query": query}).json()
            == counted[0].post("/graphql", json={"query": query}).json()
        )
    assert len(statements_for(counted, DEEP % 100)) == 7


def test_all_compiled_root_fields_of_an_operation_share_one_statement(
    bulk: int, compiled: Counted
) -> None:
    query = """{
      a: actor(id: "bulk-1") { id offerings { id } } b: actor(id: "nope") { id }
      offerings(first: 5) { totalCount edges { node { id providers { id } } } }
      topics { edges { node { a: offerings(first: 1) { id } b: offerings(first: 2) { id } } } }
    }"""

    assert len(statements_for(compiled, query)) == 1


def test_fields_that_need_python_keep_their_own_statements_beside_the_compiled_one(
    landscape: neo4j.Driver, compiled: Counted
) -> None:
    query = """{
      actors(first: 2) { edges { node { name offerings { title } } } }
      whoWorksOn(topic: ["sprache"], municipality: ["meinersen"]) { offeringCount actorCount }
      search(text: "Sprache") { score }
    }"""

    sent = statements_for(compiled, query)

    assert len(sent) == 3
    assert sum("COLLECT {" in text for text in sent) == 1
