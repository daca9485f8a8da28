"""Relationship filters ``some`` / ``none`` / ``all`` on the Gifhorn data, one to three levels.

Every answer is compared with one computed independently: the relationships are read with
hand-written Cypher (not through ``RELATIONS``) and the filter is evaluated in plain Python
over them. The Gifhorn data are written once for the module (the tests only read).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import neo4j
import pytest
from graphql import parse
from starlette.testclient import TestClient

from graph.settings import PROJECT_ROOT, Settings
from schema.app import create_app
from schema.argument_size import argument_sizes
from tests.conftest import wipe

GraphQL = Callable[..., dict[str, Any]]
Test = Callable[[str], bool]

EDGES = {
    "offers": "MATCH (a:Actor)-[:OFFERS]->(b:Offering)",
    "addresses": "MATCH (a:Offering)-[:ADDRESSES]->(b:Topic)",
    "in_language": "MATCH (a:Offering)-[:IN_LANGUAGE]->(b:Language)",
    "targets": "MATCH (a:Offering)-[:TARGETS]->(b:TargetGroup)",
    "member_of": "MATCH (a:Actor)-[:MEMBER_OF]->(b:WorkingGroup)",
    "group_addresses": "MATCH (a:WorkingGroup)-[:ADDRESSES]->(b:Topic)",
    "part_of": "MATCH (a:Municipality)-[:PART_OF]->(b:Municipality)",
    "cooperates": "MATCH (a:Actor)-[:COOPERATES_WITH]-(b:Actor)",
    "located_in": "MATCH (a:Actor)-[:LOCATED_IN]->(b:Municipality)",
}
LABELS = ("Actor", "Offering", "WorkingGroup", "Topic", "Language", "Municipality")


@dataclass
class Landscape:
    """Nodes (id -> kind) per label, and each relationship forwards and backwards."""

    nodes: dict[str, dict[str, str | None]]
    forward: dict[str, dict[str, set[str]]]
    backward: dict[str, dict[str, set[str]]]

    def ids(self, label: str) -> list[str]:
        return sorted(self.nodes[label])

    def kind(self, label: str) -> Callable[[str], str | None]:
        return lambda node: self.nodes[label][node]


def read(driver: neo4j.Driver, database: str) -> Landscape:
    nodes: dict[str, dict[str, str | None]] = {}
    for label in LABELS:
        records, _, _ = driver.execute_query(
            f"MATCH (n:{label}) RETURN n.id AS id, n.kind AS kind", database_=database
        )
        nodes[label] = {r["id"]: r["kind"] for r in records}
    forward: dict[str, dict[str, set[str]]] = {}
    backward: dict[str, dict[str, set[str]]] = {}
    for name, match in EDGES.items():
        records, _, _ = driver.execute_query(
            f"{match} RETURN a.id AS a, b.id AS b", database_=database
        )
        forward[name], backward[name] = defaultdict(set), defaultdict(set)
        for r in records:
            forward[name][r["a"]].add(r["b"])
            backward[name][r["b"]].add(r["a"])
    return Landscape(nodes, forward, backward)


@pytest.fixture(scope="module")
def land(driver: neo4j.Driver, settings: Settings) -> Iterator[Landscape]:
    """The Gifhorn data (as the ``gifhorn`` fixture writes them), once for this module."""
    from graph.store.writer import write_landscape
    from loaders.landscape import load_landscape

    wipe(driver, settings.neo4j_database)
    dataset = PROJECT_ROOT / "loaders" / "data" / "gifhorn"
    write_landscape(driver, load_landscape([dataset]), database=settings.neo4j_database)
    yield read(driver, settings.neo4j_database)


def some(links: dict[str, set[str]], test: Test) -> Test:
    return lambda node: any(test(other) for other in links.get(node, ()))


def none(links: dict[str, set[str]], test: Test) -> Test:
    return lambda node: not any(test(other) for other in links.get(node, ()))


def every(links: dict[str, set[str]], test: Test) -> Test:
    return lambda node: all(test(other) for other in links.get(node, ()))


def is_(*ids: str) -> Test:
    return lambda node: node in ids


def anything(node: str) -> bool:
    return True


def expected(land: Landscape, label: str, test: Test) -> list[str]:
    return [node for node in land.ids(label) if test(node)]


ROOTS = {
    "Actor": ("actors", "ActorWhere"),
    "Offering": ("offerings", "OfferingWhere"),
    "WorkingGroup": ("workingGroups", "WorkingGroupWhere"),
    "Topic": ("topics", "VocabularyWhere"),
    "Language": ("languages", "VocabularyWhere"),
    "Municipality": ("municipalities", "MunicipalityWhere"),
}


def found(data: GraphQL, label: str, where: dict[str, Any]) -> list[str]:
    root, where_type = ROOTS[label]
    query = (
        f"query ($where: {where_type}) {{ {root}(where: $where, first: 500) "
        "{ totalCount edges { node { id } } } }"
    )
    result = data(query, {"where": where})[root]
    ids = [edge["node"]["id"] for edge in result["edges"]]
    assert result["totalCount"] == len(ids)
    return sorted(ids)


@pytest.fixture
def graphql(land: Landscape, client: TestClient) -> GraphQL:
    def post(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = client.post("/graphql", json={"query": query, "variables": variables or {}})
        body: dict[str, Any] = response.json()
        return body

    return post


@pytest.fixture
def data(graphql: GraphQL) -> GraphQL:
    def post(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = graphql(query, variables)
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result

    return post


def eq(value: str) -> dict[str, Any]:
    return {"id": {"eq": value}}


def test_the_data_hold_the_cases_the_filters_must_tell_apart(land: Landscape) -> None:
    """Actors with and without offerings, offerings with and without Arabic: else the
    comparisons below could not fail."""
    with_offerings = set(land.forward["offers"])
    assert with_offerings and set(land.ids("Actor")) - with_offerings
    arabic = set(land.backward["in_language"]["ar"])
    assert arabic and set(land.ids("Offering")) - arabic
    assert land.forward["member_of"] and land.backward["group_addresses"]


# --- one level ---------------------------------------------------------------------------


def test_some_none_all_at_one_level(land: Landscape, data: GraphQL) -> None:
    offers = land.forward["offers"]
    course = {"kind": {"eq": "COURSE"}}
    is_course: Test = lambda o: land.nodes["Offering"][o] == "course"  # noqa: E731
    cases: list[tuple[dict[str, Any], Test]] = [
        ({"offerings": {"some": course}}, some(offers, is_course)),
        ({"offerings": {"none": course}}, none(offers, is_course)),
        ({"offerings": {"all": course}}, every(offers, is_course)),
        ({"offerings": {"some": {}}}, some(offers, anything)),
        ({"offerings": {"none": {}}}, none(offers, anything)),
        (
            {"offerings": {"some": {}, "all": course}},
            lambda a: some(offers, anything)(a) and every(offers, is_course)(a),
        ),
    ]
    for where, test in cases:
        assert found(data, "Actor", where) == expected(land, "Actor", test), where


def test_all_and_none_hold_for_a_node_without_related_nodes(land: Landscape, data: GraphQL) -> None:
    lonely = [a for a in land.ids("Actor") if not land.forward["offers"].get(a)]
    assert lonely
    impossible = {"id": {"eq": "no-such-offering"}}
    every_offering = found(data, "Actor", {"offerings": {"all": impossible}})
    no_offering = found(data, "Actor", {"offerings": {"none": {}}})
    assert every_offering == no_offering == lonely
    assert set(lonely) <= set(found(data, "Actor", {"offerings": {"none": impossible}}))
    assert not set(lonely) & set(found(data, "Actor", {"offerings": {"some": {}}}))


def test_a_condition_that_is_null_on_a_related_node_fails_all(
    land: Landscape, data: GraphQL, driver: neo4j.Driver, settings: Settings
) -> None:
    """``all: {capacity: {gt: 0}}`` is false for an actor with an offering of unknown capacity,
    as that offering would not pass ``capacity: {gt: 0}`` on its own."""
    records, _, _ = driver.execute_query(
        "MATCH (o:Offering) WHERE o.capacity > 0 RETURN o.id AS id",
        database_=settings.neo4j_database,
    )
    positive = {r["id"] for r in records}
    assert positive and set(land.ids("Offering")) - positive
    where = {"offerings": {"all": {"capacity": {"gt": 0}}}}
    test = every(land.forward["offers"], lambda o: o in positive)
    assert found(data, "Actor", where) == expected(land, "Actor", test)


def test_the_reverse_and_undirected_relationships(land: Landscape, data: GraphQL) -> None:
    arabic = some(land.forward["in_language"], is_("ar"))
    assert found(data, "Language", {"offerings": {"some": {}}}) == expected(
        land, "Language", some(land.backward["in_language"], anything)
    )
    providers = found(
        data, "Offering", {"providers": {"some": {"kind": {"eq": "VOLUNTEER_INITIATIVE"}}}}
    )
    volunteer = some(
        land.backward["offers"], lambda a: land.nodes["Actor"][a] == "volunteer_initiative"
    )
    assert providers == expected(land, "Offering", volunteer)
    assert found(data, "Offering", {"languages": {"some": eq("ar")}}) == expected(
        land, "Offering", arabic
    )
    cooperating = found(
        data, "Actor", {"cooperations": {"some": {"kind": {"eq": "WELFARE_ASSOCIATION"}}}}
    )
    welfare = some(
        land.forward["cooperates"], lambda a: land.nodes["Actor"][a] == "welfare_association"
    )
    assert cooperating == expected(land, "Actor", welfare)
    parents = found(
        data, "Municipality", {"partOfRelation": {"some": {"kind": {"eq": "SAMTGEMEINDE"}}}}
    )
    in_samtgemeinde = some(
        land.forward["part_of"], lambda m: land.nodes["Municipality"][m] == "samtgemeinde"
    )
    assert parents == expected(land, "Municipality", in_samtgemeinde)
    assert parents


# --- two and three levels ----------------------------------------------------------------


def test_two_levels_sprache_but_not_arabic(land: Landscape, data: GraphQL) -> None:
    where = {
        "offerings": {"some": {"topics": {"some": eq("sprache")}, "languages": {"none": eq("ar")}}}
    }
    offering: Test = lambda o: (  # noqa: E731
        some(land.forward["addresses"], is_("sprache"))(o)
        and none(land.forward["in_language"], is_("ar"))(o)
    )
    answer = found(data, "Actor", where)
    assert answer == expected(land, "Actor", some(land.forward["offers"], offering))
    assert answer


def test_three_levels(land: Landscape, data: GraphQL) -> None:
    offers, members = land.forward["offers"], land.backward["member_of"]
    arabic = some(land.forward["in_language"], is_("ar"))
    groups = found(
        data,
        "WorkingGroup",
        {"members": {"some": {"offerings": {"some": {"languages": {"some": eq("ar")}}}}}},
    )
    assert groups == expected(land, "WorkingGroup", some(members, some(offers, arabic)))
    assert groups
    # Every group has a member offering in Arabic; a rarer language tells groups apart.
    total = len(land.ids("WorkingGroup"))
    in_language = land.forward["in_language"]

    def groups_offering_in(language: str) -> list[str]:
        offering_in = some(in_language, is_(language))
        return expected(land, "WorkingGroup", some(members, some(offers, offering_in)))

    telling = [
        (language, answer)
        for language in land.ids("Language")
        if 0 < len(answer := groups_offering_in(language)) < total
    ]
    assert telling
    language, answer = telling[0]
    where = {"members": {"some": {"offerings": {"some": {"languages": {"some": eq(language)}}}}}}
    assert found(data, "WorkingGroup", where) == answer

    bildung_topic = some(land.backward["group_addresses"], is_("ak-bildung"))
    where = {
        "offerings": {
            "some": {},
            "all": {"topics": {"none": {"workingGroups": {"some": eq("ak-bildung")}}}},
        }
    }
    test: Test = lambda a: (  # noqa: E731
        some(offers, anything)(a)
        and every(offers, none(land.forward["addresses"], bildung_topic))(a)
    )
    assert found(data, "Actor", where) == expected(land, "Actor", test)

    where = {"memberships": {"all": {"members": {"none": {"offerings": {"some": {}}}}}}}
    test = every(land.forward["member_of"], none(members, some(offers, anything)))
    assert found(data, "Actor", where) == expected(land, "Actor", test)


def test_relationship_filters_combine_with_and_or_not(land: Landscape, data: GraphQL) -> None:
    offers, member_of = land.forward["offers"], land.forward["member_of"]
    arabic = some(land.forward["in_language"], is_("ar"))
    german = some(land.forward["in_language"], is_("de"))
    where = {
        "OR": [
            {"offerings": {"some": {"languages": {"some": eq("ar")}}}},
            {"memberships": {"some": eq("ak-bildung")}},
        ],
        "NOT": {"locatedIn": {"some": eq("gifhorn")}},
    }
    test: Test = lambda a: (  # noqa: E731
        (some(offers, arabic)(a) or some(member_of, is_("ak-bildung"))(a))
        and not some(land.forward["located_in"], is_("gifhorn"))(a)
    )
    assert found(data, "Actor", where) == expected(land, "Actor", test)

    where = {
        "AND": [{"kind": {"eq": "EDUCATION_PROVIDER"}}],
        "offerings": {"some": {"NOT": {"languages": {"some": eq("de")}}}},
    }
    test = lambda a: (  # noqa: E731
        land.nodes["Actor"][a] == "education_provider" and some(offers, lambda o: not german(o))(a)
    )
    assert found(data, "Actor", where) == expected(land, "Actor", test)


def test_a_place_filter_works_inside_a_relationship_filter(land: Landscape, data: GraphQL) -> None:
    """The place filter collects its places once per statement (a prelude): inside a
    relationship filter it must still see them."""
    place = {"municipality": {"id": "sg-meinersen"}}
    there = set(found(data, "Offering", place))
    assert there
    answer = found(data, "Actor", {"offerings": {"some": place}})
    assert answer == expected(land, "Actor", some(land.forward["offers"], is_(*there)))
    query = """query ($where: ActorWhere) { workingGroups(first: 100) { edges { node {
      id members(where: $where, first: 100) { actor { id } } } } } }"""
    groups = data(query, {"where": {"offerings": {"some": place}}})["workingGroups"]["edges"]
    assert any(edge["node"]["members"] for edge in groups)
    for edge in groups:
        members = {m["actor"]["id"] for m in edge["node"]["members"]}
        assert members == set(land.backward["member_of"][edge["node"]["id"]]) & set(answer)


def test_a_nested_list_takes_relationship_filters(land: Landscape, data: GraphQL) -> None:
    query = """query ($where: OfferingWhere) {
      actor(id: "kvhs-gifhorn") { offerings(where: $where, first: 100) { id } } }"""
    where = {"languages": {"none": eq("de")}, "topics": {"some": {}}}
    offerings = [o["id"] for o in data(query, {"where": where})["actor"]["offerings"]]
    test: Test = lambda o: (  # noqa: E731
        none(land.forward["in_language"], is_("de"))(o)
        and some(land.forward["addresses"], anything)(o)
    )
    assert sorted(offerings) == sorted(o for o in land.forward["offers"]["kvhs-gifhorn"] if test(o))


def test_vocabulary_kinds_refuse_a_relationship_they_do_not_have(
    land: Landscape, graphql: GraphQL
) -> None:
    body = graphql("{ countries(where: {offerings: {some: {}}}) { totalCount } }")
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Country" in error["message"] and "offerings" in error["message"]
    nested = graphql(
        "{ offerings(where: {topics: {some: {countries: {some: {}}}}}) { totalCount } }"
    )
    assert nested["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Topic" in nested["errors"][0]["message"]


# --- limits -------------------------------------------------------------------------------

FOUR_LEVELS: dict[str, Any] = {
    "offerings": {
        "some": {"topics": {"some": {"workingGroups": {"some": {"members": {"some": {}}}}}}}
    }
}


def test_a_fourth_level_is_refused_naming_the_limit(land: Landscape, graphql: GraphQL) -> None:
    query = "query ($where: ActorWhere) { actors(where: $where) { totalCount } }"
    body = graphql(query, {"where": FOUR_LEVELS})
    assert "data" not in body or body["data"] is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["limit"] == 3 and error["extensions"]["depth"] == 4
    assert "3" in error["message"]
    three = FOUR_LEVELS["offerings"]["some"]
    assert "errors" not in graphql(
        "query ($where: OfferingWhere) { offerings(where: $where) { totalCount } }",
        {"where": three},
    )


def test_each_level_counts_as_a_condition(
    land: Landscape, driver: neo4j.Driver, settings: Settings
) -> None:
    small = settings.model_copy(update={"api_max_filter_conditions": 3})
    query = "query ($where: ActorWhere) { actors(where: $where) { totalCount } }"
    three: dict[str, Any] = {
        "offerings": {"some": {"topics": {"some": {"workingGroups": {"some": {}}}}}}
    }
    four = {"offerings": {"some": {"topics": {"some": {"workingGroups": {"some": eq("x")}}}}}}
    with TestClient(create_app(small, run_migrations=False)) as client:
        fits = client.post("/graphql", json={"query": query, "variables": {"where": three}})
        refused = client.post("/graphql", json={"query": query, "variables": {"where": four}})
    assert "errors" not in fits.json()
    error = refused.json()["errors"][0]
    assert error["extensions"]["code"] == "TOO_MANY_CONDITIONS"
    assert error["extensions"]["limit"] == 3


def test_the_measure_counts_every_quantifier_and_its_depth() -> None:
    document = parse(
        """query ($w: OfferingWhere) {
          actors(where: {offerings: {some: {topics: {none: {}}, languages: {all: {id: {eq: "de"}}}},
                                     none: $w}}) { totalCount }
        }"""
    )
    variables: dict[str, Any] = {"w": {"providers": {"some": {"memberships": {"all": {}}}}}}
    (size,) = argument_sizes(document, variables)
    # some, none, all, none ($w), some, all: 6 quantifiers, plus the one `eq`
    assert (size.conditions, size.relation_depth) == (7, 3)
