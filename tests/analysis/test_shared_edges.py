"""The collaboration graph holds each distinct tie value once, read-only, with the same
answers as before."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis import collaboration_graph, fragile_points, peripheral_actors
from graph.analysis_cache import Snapshot
from graph.gap_service import Analyses, _pinned
from graph.shared_edges import ReadOnlyDict, share_edge_data
from tests.analysis.landscapes import synthetic_landscape


@pytest.fixture(scope="module")
def typed() -> nx.MultiDiGraph:
    return synthetic_landscape(regions=3)


def distinct_data(graph: nx.Graph) -> int:
    return len({id(data) for _, _, data in graph.edges(data=True)})


def test_the_revision_holds_a_few_values_for_thousands_of_ties(typed: nx.MultiDiGraph) -> None:
    """Before: one pair of dicts per tie (about 190 MB at 440,000 ties)."""
    collab = Analyses(Snapshot(1, typed, pinned=_pinned)).collaboration()

    assert collab.number_of_edges() > 1000
    assert distinct_data(collab) <= 200
    assert all(isinstance(data, ReadOnlyDict) for _, _, data in collab.edges(data=True))


def test_sharing_changes_no_value_and_no_answer(typed: nx.MultiDiGraph) -> None:
    plain = collaboration_graph(typed)
    shared = collaboration_graph(typed)

    distinct = share_edge_data(shared)

    assert distinct == distinct_data(shared) < plain.number_of_edges()
    assert nx.utils.edges_equal(plain.edges(data=True), shared.edges(data=True))
    assert fragile_points(shared) == fragile_points(plain)
    assert peripheral_actors(typed, shared) == peripheral_actors(typed, plain)


def test_shared_data_cannot_be_changed_for_every_tie_at_once(typed: nx.MultiDiGraph) -> None:
    collab = collaboration_graph(typed)
    share_edge_data(collab)
    u, v, data = next(iter(collab.edges(data=True)))

    with pytest.raises(TypeError):
        collab[u][v]["weight"] = 0.0
    with pytest.raises(TypeError):
        data["ties"]["cooperation"] = 9
    copied = collab.copy()  # what an algorithm that changes data works on
    copied[u][v]["weight"] = 0.0
    assert collab[u][v]["weight"] == data["weight"] != 0.0
