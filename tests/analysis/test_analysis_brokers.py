"""Brokers: who holds the network together."""

from graph.analysis import betweenness, brokers, collaboration_graph
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
