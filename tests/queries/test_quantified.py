"""The Cypher of relationship filters: fresh variables per level, parameters, the whitelist,
and the answers on real Neo4j against hand-written Cypher."""

from __future__ import annotations

import re

import neo4j
import pytest

from graph.queries.catalog import NODE_KINDS
from graph.queries.predicates import (
    AllOf,
    Compare,
    Not,
    Op,
    Predicate,
    Quantified,
    compile_predicate,
    misplaced_relation,
    relation_depth,
)
from graph.queries.quantified import Quantifier
from graph.queries.statement import Params
from graph.settings import Settings

SOME, NONE, ALL = Quantifier.SOME, Quantifier.NONE, Quantifier.ALL


def arabic_through_members() -> Predicate:
    """Working groups with a member offering something in Arabic (three levels)."""
    language = Quantified("languages", SOME, Compare("id", Op.EQ, "ar"))
    return Quantified("members", SOME, Quantified("offerings", SOME, language))


def compiled(pred: Predicate, label: str) -> tuple[str, dict[str, object]]:
    params = Params()
    text = compile_predicate(pred, NODE_KINDS[label], "n", params)
    return text, params.values


def test_each_level_binds_a_fresh_variable_to_the_one_above() -> None:
    sibling = Quantified("offerings", NONE, AllOf(()))
    pred = AllOf((arabic_through_members(), Quantified("topics", SOME, Not(sibling))))
    text, values = compiled(pred, "WorkingGroup")
    steps = re.findall(r"MATCH \((\w+)\)(<?-)\[:(\w+)\]->?\((\w+):(\w+)\)", text)
    assert [(s[0], s[2], s[3], s[4]) for s in steps] == [
        ("n", "MEMBER_OF", "rel_node0", "Actor"),
        ("rel_node0", "OFFERS", "rel_node1", "Offering"),
        ("rel_node1", "IN_LANGUAGE", "rel_node2", "Language"),
        ("n", "ADDRESSES", "rel_node3", "Topic"),
        ("rel_node3", "ADDRESSES", "rel_node4", "Offering"),
    ]
    assert "'ar'" not in text and "ar" in values.values()


def test_a_topic_reached_twice_gets_two_variables() -> None:
    inner = Quantified("topics", SOME, Compare("id", Op.EQ, "sprache"))
    text, _ = compiled(Quantified("offerings", ALL, inner), "Actor")
    assert text == (
        "(NOT EXISTS { MATCH (n)-[:OFFERS]->(rel_node0:Offering) WHERE NOT coalesce("
        "EXISTS { MATCH (rel_node0)-[:ADDRESSES]->(rel_node1:Topic) WHERE rel_node1.id = $p0 }"
        ", false) })"
    )


def test_empty_tests_need_no_where() -> None:
    assert compiled(Quantified("offerings", SOME, AllOf(())), "Actor")[0] == (
        "EXISTS { MATCH (n)-[:OFFERS]->(rel_node0:Offering) }"
    )
    assert compiled(Quantified("offerings", ALL, AllOf(())), "Actor")[0] == "true"


def test_predicates_are_values() -> None:
    assert arabic_through_members() == arabic_through_members()
    assert len({arabic_through_members(), arabic_through_members()}) == 1
    assert relation_depth(arabic_through_members()) == 3


@pytest.mark.parametrize(
    ("pred", "label"),
    [
        (Quantified("offerings", SOME, AllOf(())), "Country"),
        (Quantified("participants", SOME, AllOf(())), "Event"),  # three labels
        (Quantified("offerings.exact", SOME, AllOf(())), "Municipality"),
        (Quantified("offerings", SOME, Compare("nope", Op.EQ, 1)), "Actor"),
        (Quantified("parts", SOME, arabic_through_members()), "Actor"),  # no parts.members
        (Quantified("memberships", SOME, arabic_through_members()), "Actor"),  # four levels
    ],
)
def test_the_whitelist_and_the_depth_are_enforced(pred: Predicate, label: str) -> None:
    with pytest.raises(ValueError):
        compiled(pred, label)


def test_a_misplaced_relationship_is_named() -> None:
    pred = Quantified("topics", SOME, Quantified("countries", SOME, AllOf(())))
    assert misplaced_relation(pred, "Offering") == "Topic.countries"
    assert misplaced_relation(arabic_through_members(), "WorkingGroup") is None


def ids(driver: neo4j.Driver, database: str, text: str, **values: object) -> list[str]:
    records, _, _ = driver.execute_query(text, values, database_=database)
    return sorted(r["id"] for r in records)


def matching(driver: neo4j.Driver, database: str, pred: Predicate, label: str) -> list[str]:
    """The ids of the nodes of ``label`` passing ``pred``, through the compiled Cypher."""
    text, values = compiled(pred, label)
    return ids(driver, database, f"MATCH (n:{label}) WHERE {text} RETURN n.id AS id", **values)


def test_the_cypher_answers_as_hand_written_cypher(
    gifhorn: neo4j.Driver, settings: Settings
) -> None:
    db = settings.neo4j_database
    ours = matching(gifhorn, db, arabic_through_members(), "WorkingGroup")
    theirs = ids(
        gifhorn,
        db,
        "MATCH (w:WorkingGroup)<-[:MEMBER_OF]-(:Actor)-[:OFFERS]->(:Offering)"
        "-[:IN_LANGUAGE]->(:Language {id: 'ar'}) RETURN DISTINCT w.id AS id",
    )
    assert ours == theirs and ours

    course_only = Quantified("offerings", ALL, Compare("kind", Op.EQ, "course"))
    ours = matching(gifhorn, db, course_only, "Actor")
    theirs = ids(
        gifhorn,
        db,
        "MATCH (a:Actor) WHERE all(o IN COLLECT { MATCH (a)-[:OFFERS]->(o:Offering) RETURN o }"
        " WHERE o.kind = 'course') RETURN a.id AS id",
    )
    total = ids(gifhorn, db, "MATCH (a:Actor) RETURN a.id AS id")
    assert ours == theirs and 0 < len(ours) < len(total)
