"""Burt's effective size and constraint agree with networkx, faster."""

import math
import random

import networkx as nx
import pytest

from graph.analysis import structural_holes
from graph.analysis.fragility import fragile_points
from graph.analysis.igraph_form import CACHE_KEY


def test_the_centre_of_a_star_spans_every_hole() -> None:
    star = nx.star_graph(4)  # centre 0, leaves 1..4, no ties between leaves

    holes = structural_holes(star, weight=None)

    assert holes[0].effective_size == 4
    assert holes[0].constraint == pytest.approx(1 / 4)
    assert holes[1].constraint == 1  # a leaf depends on its only contact


def test_in_a_triangle_every_contact_is_redundant() -> None:
    holes = structural_holes(nx.complete_graph(3), weight=None)

    assert holes[0].effective_size == pytest.approx(1.0)


def test_an_isolated_node_has_no_value_instead_of_nan() -> None:
    g = nx.Graph()
    g.add_node("alone")

    assert structural_holes(g)["alone"].constraint is None


@pytest.mark.parametrize("seed", range(8))
def test_values_match_networkx_on_weighted_random_graphs(seed: int) -> None:
    rng = random.Random(seed)
    g = nx.gnp_random_graph(20, 0.25, seed=seed)
    for u, v in g.edges:
        g.edges[u, v]["weight"] = rng.choice([0.5, 1.0, 2.0, 3.0])
    g.add_node("isolated")

    mine = structural_holes(g)
    expected_size = nx.effective_size(g, nodes=list(g), weight="weight")
    expected_constraint = nx.constraint(g, nodes=list(g), weight="weight")

    for n in g:
        if math.isnan(expected_constraint[n]):
            assert mine[n].constraint is None and mine[n].effective_size is None
        else:
            assert mine[n].effective_size == pytest.approx(expected_size[n])
            assert mine[n].constraint == pytest.approx(expected_constraint[n])


def test_blocks_of_rows_give_the_values_of_one_block() -> None:
    g = nx.gnp_random_graph(60, 0.2, seed=3)
    for u, v in g.edges:
        g.edges[u, v]["weight"] = 1 + (u * v) % 4
    chosen = list(g)[5:50]

    in_one = structural_holes(g, chosen, rows_per_block=len(chosen))
    in_blocks = structural_holes(g, chosen, rows_per_block=7)
    expected = nx.constraint(g, nodes=chosen, weight="weight")

    for n in chosen:
        assert in_blocks[n].constraint == pytest.approx(in_one[n].constraint)
        assert in_blocks[n].effective_size == pytest.approx(in_one[n].effective_size)
        assert in_blocks[n].constraint == pytest.approx(expected[n])


def test_a_self_loop_changes_nothing_and_a_zero_weight_tie_still_counts() -> None:
    g = nx.Graph()
    g.add_edge("a", "b", weight=0.0)
    g.add_edge("a", "c", weight=2.0)
    g.add_edge("c", "b", weight=1.0)
    looped = g.copy()
    looped.add_edge("a", "a", weight=5.0)

    assert structural_holes(looped) == structural_holes(g)
    # a's contacts: b (weight 0, but a contact) and c; c is tied to b, so c is redundant
    assert structural_holes(g)["a"].effective_size == pytest.approx(1.0)


def test_another_weight_attribute_gives_the_values_of_its_weights() -> None:
    g = nx.gnm_random_graph(30, 70, seed=5)
    for u, v in g.edges:
        g[u][v]["weight"] = g[u][v]["strength"] = random.Random(u * 31 + v).uniform(0.5, 3)
    g.add_edge(3, 3, strength=4.0)

    assert structural_holes(g, weight="strength") == structural_holes(g)


def test_the_ties_are_read_from_the_graphs_igraph_form_made_once() -> None:
    g = nx.karate_club_graph()
    structural_holes(g)
    form = g.__networkx_cache__[CACHE_KEY]

    structural_holes(g, weight=None)
    fragile_points(g)

    assert g.__networkx_cache__[CACHE_KEY] is form


def test_bad_input_is_refused_with_a_reason() -> None:
    g = nx.path_graph(3)

    with pytest.raises(nx.NodeNotFound, match="not in the graph"):
        structural_holes(g, [0, "nowhere"])
    with pytest.raises(ValueError, match="rows_per_block"):
        structural_holes(g, rows_per_block=0)
    with pytest.raises(nx.NetworkXNotImplemented, match="undirected"):
        structural_holes(nx.DiGraph(g))
