"""Brokers: who holds the network together."""

import math

import networkx as nx

from graph.analysis import betweenness, brokers, collaboration_graph
from graph.analysis.brokers import error_bound
from tests.analysis.landscapes import Landscape


def two_circles_and_a_go_between() -> Landscape:
    """Two tight circles that only the Integrationslotsen connect."""
    land = Landscape()
    land.working_group("ak-bildung", members=["kvhs", "schule", "kita"])
    land.working_group("ak-arbeit", members=["jobcenter", "agentur", "ihk"])
    land.actor("lotsen", "Integrationslotsen")
    land.cooperation("lotsen", "kvhs")
    land.cooperation("lotsen", "jobcenter")
    land.actor("allein", "Einzelkämpfer")
    return land


def test_the_go_between_has_the_highest_betweenness_and_lowest_constraint() -> None:
    collab = collaboration_graph(two_circles_and_a_go_between().graph)

    result = brokers(collab, top=3)

    top = result.brokers[0]
    assert top.name == "Integrationslotsen"
    assert top.effective_size == 2  # its two contacts do not know each other
    assert top.constraint is not None and top.constraint < 0.6
    assert top.reason.startswith("liegt auf ")
    assert result.sampled is False and result.samples is None


def test_ranking_by_constraint_or_effective_size() -> None:
    collab = collaboration_graph(two_circles_and_a_go_between().graph)

    by_constraint = brokers(collab, top=1, rank_by="constraint")
    by_size = brokers(collab, top=1, rank_by="effective_size")

    assert by_constraint.brokers[0].name == "Integrationslotsen"
    assert by_size.brokers[0].effective_size == max(
        b.effective_size or 0 for b in brokers(collab, top=99, rank_by="effective_size").brokers
    )


def test_isolated_actors_are_not_brokers() -> None:
    collab = collaboration_graph(two_circles_and_a_go_between().graph)

    result = brokers(collab, top=99)

    assert "Einzelkämpfer" not in {b.name for b in result.brokers}
    assert result.connected_actors == 7


def test_betweenness_is_sampled_above_the_threshold_and_says_so() -> None:
    collab = collaboration_graph(two_circles_and_a_go_between().graph)

    exact = betweenness(collab)
    sampled = betweenness(collab, sample_above=3, samples=4, seed=1)
    again = betweenness(collab, sample_above=3, samples=4, seed=1)

    assert exact.sampled is False
    assert (sampled.sampled, sampled.samples) == (True, 4)
    assert sampled.values == again.values  # a fixed seed gives the same estimate


def test_the_number_of_samples_follows_the_work_budget_when_not_given() -> None:
    collab = collaboration_graph(two_circles_and_a_go_between().graph)

    result = betweenness(collab, sample_above=3)

    assert result.samples == collab.number_of_nodes()  # at most every node
    assert result.sampled is False


def test_betweenness_equals_networkx_on_a_star_a_triangle_and_the_karate_club() -> None:
    star = nx.star_graph(5)
    triangle = nx.complete_graph(3)
    barbell = nx.barbell_graph(4, 2)
    barbell.add_node("alone")
    for graph in (star, triangle, barbell, nx.karate_club_graph()):
        ours = betweenness(graph).values
        theirs = nx.betweenness_centrality(graph, normalized=True)

        assert ours.keys() == theirs.keys()
        assert all(math.isclose(ours[v], theirs[v], abs_tol=1e-12) for v in graph)
    assert max(betweenness(star).values.values()) == 1.0  # the hub: on every leaf-to-leaf path


def test_sampled_betweenness_equals_networkx_with_the_same_seed() -> None:
    graph = nx.les_miserables_graph()  # 77 nodes, unweighted hops

    ours = betweenness(graph, sample_above=10, samples=20, seed=7)
    theirs = nx.betweenness_centrality(graph, k=20, normalized=True, seed=7)

    assert ours.sampled and ours.samples == 20
    assert all(math.isclose(ours.values[v], theirs[v], abs_tol=1e-12) for v in graph)


def test_a_sampled_betweenness_states_its_error_bound_in_words() -> None:
    collab = collaboration_graph(two_circles_and_a_go_between().graph)

    result = brokers(collab, top=3, sample_above=3, samples=4, seed=1)

    # Hoeffding: sqrt(ln(2 / 0.05) / (2 * 4)) = 0.679
    assert result.error_bound is not None and math.isclose(result.error_bound, 0.679, abs_tol=1e-3)
    assert "mit 95 % Wahrscheinlichkeit höchstens 67,9 Prozentpunkte" in result.explanation
    assert brokers(collab, top=3).error_bound is None  # exact: no bound to state
    assert error_bound(400) < error_bound(100) / 1.9  # four times the sources, half the error
