"""Aggregates: counts, grouped counts, min/max/average, at the root and on relationships.

Each count is checked against plain hand-written Cypher over the same data (the differential
idea of ``test_differential``, for the counts), on both execution paths: the compiled one
(one statement for the whole request) and the resolver path (``API_COMPILED=false``).
The `landscape` fixture writes the data of tests/api/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graph.settings import Settings
from schema.app import create_app
from tests.api.counting import count_statements, data_statements

TILES = """{
  meinersen: offeringsAggregate(where: {municipality: {id: "sg-meinersen"}}) {
    count
    countBy { topics { id name count } kind { value count } }
  }
  workingGroups(first: 50) { edges { node { id membersAggregate { count } } } }
}"""
"""The two dashboard tiles of the issue, in one request: offerings per field of action in
Samtgemeinde Meinersen (its member municipalities and county-wide offerings included, as
the ``municipality`` filter says) and members per working group."""


@pytest.fixture(params=["compiled", "resolvers"])
def ask(
    request: pytest.FixtureRequest, landscape: neo4j.Driver, settings: Settings
) -> Iterator[Any]:
    """Post a query that must succeed on one of the two paths; return its ``data``."""
    chosen = settings.model_copy(update={"api_compiled": request.param == "compiled"})
    with TestClient(create_app(chosen)) as client:

        def post(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
            body = client.post("/graphql", json={"query": query, "variables": variables}).json()
            assert "errors" not in body, body["errors"]
            result: dict[str, Any] = body["data"]
            return result

        yield post


def cypher(driver: neo4j.Driver, settings: Settings, text: str, **params: Any) -> list[Any]:
    records, _, _ = driver.execute_query(text, params, database_=settings.neo4j_database)
    return [record.values()[0] if len(record) == 1 else record.values() for record in records]


def test_the_dashboard_tiles_answer_in_one_request(
    ask: Any, landscape: neo4j.Driver, settings: Settings
) -> None:
    answer = ask(TILES)

    # hand-written: offerings available in Meinersen, its members or the county
    places = ["sg-meinersen", "meinersen", "hillerse", "leiferde", "landkreis-gifhorn"]
    offerings = """
        MATCH (o:Offering)-[:AVAILABLE_IN]->(m:Municipality) WHERE m.id IN $places
        WITH DISTINCT o
        OPTIONAL MATCH (o)-[:ADDRESSES]->(t:Topic)
        RETURN t.id AS topic, count(DISTINCT o) AS n"""
    per_topic = {t: n for t, n in cypher(landscape, settings, offerings, places=places) if t}
    total = cypher(
        landscape,
        settings,
        "MATCH (o:Offering)-[:AVAILABLE_IN]->(m) WHERE m.id IN $places RETURN count(DISTINCT o)",
        places=places,
    )[0]
    tile = answer["meinersen"]
    assert tile["count"] == total == 4
    assert {g["id"]: g["count"] for g in tile["countBy"]["topics"]} == per_topic
    counts = [g["count"] for g in tile["countBy"]["topics"]]
    assert counts == sorted(counts, reverse=True)  # largest first
    assert sum(g["count"] for g in tile["countBy"]["kind"]) == total

    members = dict(
        cypher(
            landscape,
            settings,
            "MATCH (w:WorkingGroup) "
            "RETURN w.id, COUNT { MATCH (w)<-[:MEMBER_OF]-(a:Actor) RETURN DISTINCT a }",
        )
    )
    found = {
        e["node"]["id"]: e["node"]["membersAggregate"]["count"]
        for e in answer["workingGroups"]["edges"]
    }
    assert found == members
    assert any(members.values())


def test_a_root_count_has_the_same_where_as_its_list(ask: Any) -> None:
    where = {"OR": [{"kind": {"eq": "COURSE"}}, {"topic": {"eq": "beratung"}}]}
    answer = ask(
        """query ($where: OfferingWhere) {
          offeringsAggregate(where: $where) { count }
          offerings(where: $where, first: 100) { totalCount }
          all: actorsAggregate { count } actors { totalCount }
        }""",
        {"where": where},
    )
    assert answer["offeringsAggregate"]["count"] == answer["offerings"]["totalCount"] > 0
    assert answer["all"]["count"] == answer["actors"]["totalCount"] > 0


def test_every_kind_counts_like_plain_cypher(
    ask: Any, landscape: neo4j.Driver, settings: Settings
) -> None:
    from domain.contract import CONTRACT

    fields = " ".join(f"{kind.section}Aggregate {{ count }}" for kind in CONTRACT.kinds)
    answer = ask(f"{{ {fields} }}")
    for kind in CONTRACT.kinds:
        expected = cypher(landscape, settings, f"MATCH (n:{kind.label}) RETURN count(n)")[0]
        assert answer[f"{kind.section}Aggregate"]["count"] == expected, kind.label


def test_grouped_counts_by_value_and_by_related_node(
    ask: Any, landscape: neo4j.Driver, settings: Settings
) -> None:
    answer = ask(
        """{ actorsAggregate {
              count
              countBy { kind { value count } locatedIn { id name count } memberships { id count } }
        } }"""
    )["actorsAggregate"]
    kinds = dict(cypher(landscape, settings, "MATCH (a:Actor) RETURN a.kind, count(*)"))
    assert {g["value"].lower(): g["count"] for g in answer["countBy"]["kind"]} == kinds
    located = dict(
        cypher(
            landscape,
            settings,
            "MATCH (a:Actor)-[:LOCATED_IN]->(m:Municipality) RETURN m.id, count(DISTINCT a)",
        )
    )
    assert {g["id"]: g["count"] for g in answer["countBy"]["locatedIn"]} == located
    assert all(g["name"] for g in answer["countBy"]["locatedIn"])
    per_group = dict(
        cypher(
            landscape,
            settings,
            "MATCH (a:Actor)-[:MEMBER_OF]->(w:WorkingGroup) RETURN w.id, count(DISTINCT a)",
        )
    )
    assert {g["id"]: g["count"] for g in answer["countBy"]["memberships"]} == per_group


def test_min_max_and_average_over_numbers_and_dates(
    ask: Any, landscape: neo4j.Driver, settings: Settings
) -> None:
    answer = ask(
        """{ municipalitiesAggregate(where: {kind: {eq: MEMBER_MUNICIPALITY}}) {
              count min { population updatedAt } max { population } average { population }
        } }"""
    )["municipalitiesAggregate"]
    [row] = cypher(
        landscape,
        settings,
        "MATCH (m:Municipality {kind: 'member_municipality'}) "
        "RETURN min(m.population), max(m.population), avg(m.population)",
    )
    assert answer["min"]["population"] == row[0]
    assert answer["max"]["population"] == row[1]
    assert answer["average"]["population"] == pytest.approx(row[2])


def test_a_relationship_aggregate_respects_its_where_and_scope(
    ask: Any, landscape: neo4j.Driver, settings: Settings
) -> None:
    answer = ask(
        """{ municipality(id: "sg-meinersen") {
              all: offeringsAggregate { count }
              exact: offeringsAggregate(scope: EXACT) { count }
              courses: offeringsAggregate(where: {kind: {eq: COURSE}}) { count }
              offerings(first: 100) { kind }
        } }"""
    )["municipality"]
    assert answer["all"]["count"] == len(answer["offerings"])
    assert answer["courses"]["count"] == sum(o["kind"] == "COURSE" for o in answer["offerings"])
    exact = cypher(
        landscape,
        settings,
        "MATCH (:Municipality {id: 'sg-meinersen'})<-[:AVAILABLE_IN]-(o:Offering) "
        "RETURN count(DISTINCT o)",
    )[0]
    assert answer["exact"]["count"] == exact < answer["all"]["count"]


def test_an_empty_set_counts_zero_and_has_no_extremes(ask: Any) -> None:
    answer = ask(
        """{ offeringsAggregate(where: {title: {eq: "gibt es nicht"}}) {
              count countBy { topics { id } } min { capacity } average { cost }
        } }"""
    )["offeringsAggregate"]
    assert answer == {
        "count": 0,
        "countBy": {"topics": []},
        "min": {"capacity": None},
        "average": {"cost": None},
    }


def test_the_compiled_path_answers_aggregates_in_one_statement(
    landscape: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = count_statements(monkeypatch)
    with TestClient(create_app(settings)) as client:
        sent.clear()
        body = client.post("/graphql", json={"query": TILES}).json()
    assert "errors" not in body
    [statement] = data_statements(sent.statements)
    assert "countBy" in statement


def test_an_aggregate_costs_the_nodes_it_reads() -> None:
    from graphql import parse

    from schema.cost import measure_operations
    from schema.schema import PAGE_DEFAULTS
    from schema.schema import schema as live

    def cost(document: str) -> int:
        return measure_operations(live._schema, parse(document), {}, PAGE_DEFAULTS).cost

    assert cost("{ offeringsAggregate { count } }") == PAGE_DEFAULTS.aggregate
    nested = "{ workingGroups(first: 20) { edges { node { membersAggregate { count } } } } }"
    assert cost(nested) > 20 * PAGE_DEFAULTS.aggregate


def test_an_aggregate_below_a_nested_list_counts_per_item(
    ask: Any, landscape: neo4j.Driver, settings: Settings
) -> None:
    answer = ask(
        """{ actors(first: 50) { edges { node {
              id offerings(first: 10) { id topicsAggregate { count } }
        } } } }"""
    )
    expected = dict(
        cypher(
            landscape,
            settings,
            "MATCH (o:Offering) RETURN o.id, COUNT { MATCH (o)-[:ADDRESSES]->(t:Topic) RETURN t }",
        )
    )
    found = {
        o["id"]: o["topicsAggregate"]["count"]
        for e in answer["actors"]["edges"]
        for o in e["node"]["offerings"]
    }
    assert found and all(found[o] == expected[o] for o in found)


def test_offerings_per_topic_in_meinersen_read_from_the_topics(ask: Any) -> None:
    """The first tile the other way round: each topic's offerings aggregate with a place
    filter (whose list of places the statement computes once, up front)."""
    where = {"municipality": {"id": "sg-meinersen"}}
    answer = ask(
        """query ($where: OfferingWhere) {
          topics(first: 50) { edges { node { id offeringsAggregate(where: $where) { count } } } }
          offeringsAggregate(where: $where) { countBy { topics { id count } } }
        }""",
        {"where": where},
    )
    per_topic = {
        e["node"]["id"]: e["node"]["offeringsAggregate"]["count"] for e in answer["topics"]["edges"]
    }
    grouped = {g["id"]: g["count"] for g in answer["offeringsAggregate"]["countBy"]["topics"]}
    assert {t: n for t, n in per_topic.items() if n} == grouped
