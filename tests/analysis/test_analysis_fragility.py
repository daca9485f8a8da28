"""Fragile points: which actor or tie, if lost, splits the network."""

import networkx as nx

from graph.analysis import collaboration_graph, fragile_points
from tests.analysis.landscapes import Landscape


def bowtie_with_a_tail() -> Landscape:
    """Two triangles sharing the Caritas, and a tail Caritas - Tafel - Kleiderkammer."""
    land = Landscape()
    for a, b in [("caritas", "awo"), ("awo", "drk"), ("drk", "caritas")]:
        land.cooperation(a, b)
    for a, b in [("caritas", "kvhs"), ("kvhs", "jobcenter"), ("jobcenter", "caritas")]:
        land.cooperation(a, b)
    land.actor("caritas", "Caritas")
    land.actor("tafel", "Tafel")
    land.actor("kleiderkammer", "Kleiderkammer")
    land.cooperation("caritas", "tafel")
    land.cooperation("tafel", "kleiderkammer")
    land.actor("allein", "Einzelkämpfer")
    return land


def test_the_hub_is_an_articulation_point_that_splits_the_network_in_three() -> None:
    result = fragile_points(collaboration_graph(bowtie_with_a_tail().graph))

    hub = result.articulation_points[0]
    assert (hub.name, hub.pieces, hub.cut_off, hub.component_size) == ("Caritas", 3, 4, 7)
    assert hub.reason == (
        "ohne Caritas zerfällt das Netz in 3 Teile; 4 Akteure verlieren die Verbindung "
        "zum größten Teil"
    )
    assert {p.actor_id for p in result.articulation_points} == {"caritas", "tafel"}


def test_the_tail_hangs_on_two_bridges() -> None:
    result = fragile_points(collaboration_graph(bowtie_with_a_tail().graph))

    assert [(b.actor_a_name, b.actor_b_id, b.cut_off) for b in result.bridges] == [
        ("Caritas", "tafel", 2),
        ("Kleiderkammer", "tafel", 1),
    ]
    assert result.bridges[0].tie_kinds == ("cooperation",)


def test_two_communities_with_one_bridge() -> None:
    land = Landscape()
    land.working_group("ak-bildung", members=["kvhs", "schule", "kita", "bibliothek"])
    land.working_group("ak-arbeit", members=["jobcenter", "agentur", "ihk"])
    land.cooperation("kvhs", "jobcenter")

    result = fragile_points(collaboration_graph(land.graph))

    (bridge,) = result.bridges
    assert {bridge.actor_a_id, bridge.actor_b_id} == {"kvhs", "jobcenter"}
    assert bridge.cut_off == 3
    assert bridge.reason.endswith("sind 3 Akteure vom übrigen Netz getrennt")
    assert [(p.actor_id, p.cut_off) for p in result.articulation_points] == [
        ("kvhs", 3),  # cuts off the three of the AK Arbeit
        ("jobcenter", 2),  # cuts off Agentur and IHK
    ]


def test_a_lone_pair_is_a_bridge_of_one() -> None:
    land = Landscape()
    land.cooperation("a", "b")

    result = fragile_points(collaboration_graph(land.graph))

    assert [(b.cut_off, b.weight) for b in result.bridges] == [(1, 3.0)]
    assert result.articulation_points == ()


def test_agrees_with_networkx_and_brute_force_on_a_random_graph() -> None:
    g = nx.gnp_random_graph(60, 0.05, seed=3)
    collab = nx.relabel_nodes(g, {n: f"Actor:{n}" for n in g})
    nx.set_edge_attributes(collab, 1.0, "weight")
    nx.set_node_attributes(collab, {f"Actor:{n}": str(n) for n in g}, "id")

    result = fragile_points(collab)

    assert {f"Actor:{p.actor_id}" for p in result.articulation_points} == set(
        nx.articulation_points(collab)
    )
    assert result.bridge_count == len(list(nx.bridges(collab)))
    for point in result.articulation_points:
        node = f"Actor:{point.actor_id}"
        component = nx.node_connected_component(collab, node)
        rest = collab.subgraph(component - {node})
        sizes = sorted(len(c) for c in nx.connected_components(rest))
        assert point.pieces == len(sizes)
        assert point.cut_off == len(component) - 1 - sizes[-1]
    for bridge in result.bridges:
        u, v = f"Actor:{bridge.actor_a_id}", f"Actor:{bridge.actor_b_id}"
        rest = collab.copy()
        rest.remove_edge(u, v)
        sides = len(nx.node_connected_component(rest, u)), len(nx.node_connected_component(rest, v))
        assert bridge.cut_off == min(sides)
