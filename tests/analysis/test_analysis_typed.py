"""Navigating the typed graph: labels, relationships and the municipality hierarchy."""

from graph.analysis.typed import (
    covered_municipalities,
    leaf_municipalities,
    municipality_ancestors,
    municipality_members,
    name_of,
    nodes_of,
    sources,
    targets,
)
from tests.analysis.landscapes import Landscape, small_county


def test_a_samtgemeinde_covers_itself_and_its_members() -> None:
    g = small_county().graph

    assert covered_municipalities(g, "Municipality:sg-meinersen") == {
        "Municipality:sg-meinersen",
        "Municipality:hillerse",
        "Municipality:leiferde",
        "Municipality:meinersen",
    }
    assert municipality_members(g)["Municipality:wittingen"] == {"Municipality:wittingen"}


def test_the_county_covers_every_municipality_transitively() -> None:
    g = small_county().graph

    assert covered_municipalities(g, "Municipality:landkreis-gifhorn") == set(
        nodes_of(g, "Municipality")
    )
    assert municipality_members(g)["Municipality:landkreis-gifhorn"] == set(
        nodes_of(g, "Municipality")
    )


def test_a_member_municipality_lies_in_its_samtgemeinde_and_the_county() -> None:
    g = small_county().graph

    assert municipality_ancestors(g)["Municipality:hillerse"] == {
        "Municipality:hillerse",
        "Municipality:sg-meinersen",
        "Municipality:landkreis-gifhorn",
    }


def test_cells_are_inhabited_municipalities_without_members() -> None:
    g = small_county().graph

    leaves = {name_of(g, m) for m in leaf_municipalities(g)}

    assert leaves == {"Gifhorn", "Wittingen", "Hillerse", "Leiferde", "Meinersen"}  # no Giebel


def test_relationships_are_followed_by_type_in_both_directions() -> None:
    land = Landscape()
    land.offering("sprachcafe", providers=["caritas"], topics=["sprache"])

    assert targets(land.graph, "Actor:caritas", "OFFERS") == ["Offering:sprachcafe"]
    assert sources(land.graph, "Topic:sprache", "ADDRESSES") == ["Offering:sprachcafe"]
    assert targets(land.graph, "Actor:caritas", "FUNDS") == []


def test_a_part_of_cycle_does_not_hang() -> None:
    land = Landscape()
    land.municipality("a", part_of="b")
    land.municipality("b", part_of="a")

    assert municipality_ancestors(land.graph)["Municipality:a"] == {
        "Municipality:a",
        "Municipality:b",
    }
