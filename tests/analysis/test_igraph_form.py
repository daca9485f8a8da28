"""The igraph form of a graph: built once, rebuilt after a change, refused for others."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.igraph_form import igraph_form


def test_the_form_is_built_once_per_graph() -> None:
    graph = nx.karate_club_graph()

    form = igraph_form(graph)

    assert igraph_form(graph) is form
    assert form.graph.vcount() == 34 and form.graph.ecount() == graph.number_of_edges()
    assert form.weights == [float(w) for _, _, w in graph.edges(data="weight")]


def test_an_edge_added_through_networkx_gives_a_new_form() -> None:
    graph = nx.path_graph(["a", "b", "c"])
    before = igraph_form(graph)

    graph.add_edge("c", "d", weight=3.0)
    after = igraph_form(graph)

    assert after is not before
    assert after.nodes == ["a", "b", "c", "d"]
    assert after.graph.get_edgelist() == [(0, 1), (1, 2), (2, 3)]
    assert after.weights == [1.0, 1.0, 3.0]


@pytest.mark.parametrize("graph", [nx.DiGraph([(1, 2)]), nx.MultiGraph([(1, 2)])])
def test_only_a_simple_undirected_graph_has_one(graph: nx.Graph) -> None:
    with pytest.raises(ValueError, match="simple undirected"):
        igraph_form(graph)
