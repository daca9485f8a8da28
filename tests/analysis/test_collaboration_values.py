"""The collaboration graph holds each distinct tie value once, read-only."""

from __future__ import annotations

from collections import Counter

import networkx as nx
import pytest

from graph.analysis import TIE_WEIGHTS, collaboration_graph
from graph.analysis.collaboration import tie_values
from graph.analysis_cache import Snapshot
from graph.gap_service import Analyses, _pinned
from graph.readonly import ReadOnlyDict
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


def test_equal_ties_are_one_value_and_each_value_is_its_ties(typed: nx.MultiDiGraph) -> None:
    collab = collaboration_graph(typed)
    by_value: dict[int, tuple[float, dict[str, int]]] = {}

    for _, _, data in collab.edges(data=True):
        expected = sum(TIE_WEIGHTS[kind] * n for kind, n in data["ties"].items())
        assert data["weight"] == pytest.approx(expected) and all(data["ties"].values())
        seen = by_value.setdefault(id(data), (data["weight"], dict(data["ties"])))
        assert seen == (data["weight"], dict(data["ties"]))
    values = list(by_value.values())
    assert len(values) == distinct_data(collab) < collab.number_of_edges()
    assert all(values.count(value) == 1 for value in values)  # no value held twice


def test_shared_data_cannot_be_changed_for_every_tie_at_once(typed: nx.MultiDiGraph) -> None:
    collab = collaboration_graph(typed)
    u, v, data = next(iter(collab.edges(data=True)))

    with pytest.raises(TypeError):
        collab[u][v]["weight"] = 0.0
    with pytest.raises(TypeError):
        data["ties"]["cooperation"] = 9
    copied = collab.copy()  # what an algorithm that changes data works on
    copied[u][v]["weight"] = 0.0
    assert collab[u][v]["weight"] == data["weight"] != 0.0


def held(collab: nx.Graph) -> Counter[int]:
    """How many edges hold each data value, walking every edge."""
    return Counter(id(data) for _, _, data in collab.edges(data=True))


def test_the_graph_counts_each_value_as_often_as_ties_hold_it(typed: nx.MultiDiGraph) -> None:
    collab = collaboration_graph(typed)

    counted = tie_values(collab)

    assert Counter({id(data): uses for data, uses in counted}) == held(collab)
    assert len(counted) == distinct_data(collab)


def test_a_tie_added_afterwards_is_counted_too(typed: nx.MultiDiGraph) -> None:
    """networkx forgets what the graph kept when an edge is added; the values are then
    counted by walking the ties."""
    collab = collaboration_graph(typed)
    collab.add_edge("Actor:neu-a", "Actor:neu-b", weight=3.0, ties={"cooperation": 1})

    counted = tie_values(collab)

    assert Counter({id(data): uses for data, uses in counted}) == held(collab)
    assert ({"weight": 3.0, "ties": {"cooperation": 1}}, 1) in counted
