"""Burt's effective size and constraint agree with networkx, faster."""

import math
import random

import networkx as nx
import pytest

from graph.analysis import structural_holes


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
