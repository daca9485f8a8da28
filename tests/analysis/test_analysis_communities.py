"""Communities of the collaboration graph and how thinly they are tied."""

import math

import networkx as nx
import pytest

from graph.analysis import Communities, collaboration_graph, communities
from graph.analysis.communities import louvain
from tests.analysis.landscapes import Landscape, small_county


def two_circles_with_one_bridge() -> Landscape:
    land = small_county()
    land.topic("bildung", "Bildung")
    land.topic("arbeit", "Arbeit & Ausbildung")
    for a in ["kvhs", "schule", "kita", "bibliothek"]:
        land.actor(a, a.capitalize(), located_in="gifhorn")
        land.offering(f"{a}-kurs", providers=[a], topics=["bildung"], municipalities=["gifhorn"])
    for a in ["jobcenter", "agentur", "ihk", "handwerk"]:
        land.actor(a, a.capitalize(), located_in="wittingen")
        land.offering(f"{a}-job", providers=[a], topics=["arbeit"], municipalities=["wittingen"])
    land.working_group("ak-bildung", members=["kvhs", "schule", "kita", "bibliothek"])
    land.working_group("ak-arbeit", members=["jobcenter", "agentur", "ihk", "handwerk"])
    for a, b in [("kvhs", "schule"), ("kita", "bibliothek"), ("jobcenter", "agentur")]:
        land.cooperation(a, b)
    land.event("markt", actors=["kvhs", "jobcenter"])  # the one thin tie between them
    land.actor("allein", "Einzelkämpfer")
    return land


def test_two_circles_are_found_as_two_communities_with_one_thin_link() -> None:
    land = two_circles_with_one_bridge()

    result = communities(collaboration_graph(land.graph), land.graph, seed=42)

    groups = {frozenset(c.actor_ids) for c in result.communities}
    assert groups == {
        frozenset({"kvhs", "schule", "kita", "bibliothek"}),
        frozenset({"jobcenter", "agentur", "ihk", "handwerk"}),
    }
    (link,) = result.links
    assert (link.ties, link.weight) == (1, 0.5)
    assert result.unlinked_pairs == 0
    assert result.unconnected_actors == 1
    assert result.modularity > 0.4


def test_each_community_is_described_by_its_topics_and_places() -> None:
    land = two_circles_with_one_bridge()

    result = communities(collaboration_graph(land.graph), land.graph)

    work = next(c for c in result.communities if "jobcenter" in c.actor_ids)
    assert [t.name for t in work.topics] == ["Arbeit & Ausbildung"]
    assert [(m.name, m.actors) for m in work.municipalities] == [("Wittingen", 4)]
    assert work.external_weight == 0.5
    assert work.linked_communities == 1
    assert work.reason == (
        "4 Akteure, vor allem Arbeit & Ausbildung in Wittingen; "
        "5 % ihrer Verbindungen (nach Stärke gewichtet) führen aus der Gruppe hinaus"
        # 0.5 of 9 + 0.5
    )
    assert work.leading_actors[0] in {"Jobcenter", "Agentur"}  # the cooperating pair


def ring_of_cooperations(size: int = 12) -> Landscape:
    """Actors cooperating in a ring: many equally good partitions, so the seed matters."""
    land = Landscape()
    for i in range(size):
        land.cooperation(f"a{i:02d}", f"a{(i + 1) % size:02d}")
    return land


def partition(result: Communities) -> frozenset[frozenset[str]]:
    return frozenset(frozenset(c.actor_ids) for c in result.communities)


def test_a_fixed_seed_gives_the_same_communities() -> None:
    collab = collaboration_graph(ring_of_cooperations().graph)

    by_seed = {seed: communities(collab, seed=seed) for seed in range(6)}

    # The seed matters here: some seeds cut the ring differently ...
    assert len({partition(result) for result in by_seed.values()}) > 1
    # ... and yet each seed, run again, gives exactly the same result.
    for seed, result in by_seed.items():
        assert communities(collab, seed=seed) == result


def test_louvain_finds_what_networkx_finds_where_communities_are_clear() -> None:
    barbell = nx.barbell_graph(5, 0)  # two cliques of five joined by one edge
    triangles = nx.Graph([(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3), (2, 3)])
    for graph in (barbell, triangles):
        ours, _ = louvain(graph, seed=42)
        theirs = nx.community.louvain_communities(graph, seed=42)

        assert sorted(map(sorted, ours)) == sorted(map(sorted, theirs))


@pytest.mark.parametrize(
    "graph",
    [nx.karate_club_graph(), nx.les_miserables_graph(), nx.davis_southern_women_graph()],
    ids=["karate", "les_miserables", "southern_women"],
)
def test_louvain_is_at_least_as_good_as_networkx_on_the_classic_graphs(graph: nx.Graph) -> None:
    ours, modularity = louvain(graph, seed=42)
    theirs = nx.community.louvain_communities(graph, weight="weight", seed=42)

    assert math.isclose(modularity, nx.community.modularity(graph, ours), abs_tol=1e-9)
    assert modularity >= nx.community.modularity(graph, theirs) - 1e-9
    assert sorted(v for part in ours for v in part) == sorted(graph)  # a partition
    assert louvain(graph, seed=42) == (ours, modularity)  # seeded: the same every time
