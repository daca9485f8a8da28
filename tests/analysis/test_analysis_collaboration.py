"""The derived collaboration graph: who is tied to whom, and how strongly."""

import networkx as nx
from networkx.algorithms import bipartite

from graph.analysis import TIE_WEIGHTS, collaboration_graph
from tests.analysis.landscapes import Landscape, synthetic_landscape


def test_each_kind_of_tie_carries_its_weight() -> None:
    land = Landscape()
    land.cooperation("caritas", "awo")
    land.offering("integrationskurs", providers=["kvhs", "caritas"])
    land.offering("mbe", providers=["diakonie"], funders=["landkreis"])
    land.working_group("ak-bildung", members=["kvhs", "awo"])
    land.event("neustart", actors=["awo", "diakonie"])

    collab = collaboration_graph(land.graph)

    def tie(a: str, b: str) -> tuple[float, dict[str, int]]:
        data = collab.edges[f"Actor:{a}", f"Actor:{b}"]
        return data["weight"], data["ties"]

    assert tie("caritas", "awo") == (3.0, {"cooperation": 1})
    assert tie("kvhs", "caritas") == (2.0, {"joint_offering": 1})
    assert tie("landkreis", "diakonie") == (1.0, {"funding": 1})
    assert tie("kvhs", "awo") == (1.0, {"working_group": 1})
    assert tie("awo", "diakonie") == (0.5, {"event": 1})
    assert dict(TIE_WEIGHTS) == {
        "cooperation": 3.0,
        "joint_offering": 2.0,
        "funding": 1.0,
        "working_group": 1.0,
        "event": 0.5,
    }


def test_ties_of_several_kinds_add_up() -> None:
    land = Landscape()
    land.cooperation("caritas", "awo")
    land.working_group("ak-bildung", members=["caritas", "awo"])
    land.working_group("ak-arbeit", members=["caritas", "awo"])
    land.event("neustart", actors=["caritas", "awo"])

    data = collaboration_graph(land.graph).edges["Actor:caritas", "Actor:awo"]

    assert data["weight"] == 3 + 1 + 1 + 0.5
    assert data["ties"] == {"cooperation": 1, "working_group": 2, "event": 1}


def test_a_cooperation_recorded_in_both_directions_counts_once() -> None:
    land = Landscape()
    land.cooperation("caritas", "awo")
    land.cooperation("awo", "caritas", kind="referral")

    data = collaboration_graph(land.graph).edges["Actor:caritas", "Actor:awo"]

    assert data["ties"] == {"cooperation": 1}


def test_every_actor_is_a_node_even_without_ties() -> None:
    land = Landscape()
    land.actor("moschee", "Moscheegemeinde")
    land.cooperation("caritas", "awo")

    collab = collaboration_graph(land.graph)

    assert set(collab) == {"Actor:moschee", "Actor:caritas", "Actor:awo"}
    assert collab.degree("Actor:moschee") == 0
    assert collab.nodes["Actor:moschee"]["name"] == "Moscheegemeinde"
    assert collab.nodes["Actor:moschee"]["id"] == "moschee"


def test_funding_ones_own_offering_is_no_tie() -> None:
    land = Landscape()
    land.offering("beratung", providers=["landkreis"], funders=["landkreis"])

    assert nx.number_of_selfloops(collaboration_graph(land.graph)) == 0
    assert collaboration_graph(land.graph).number_of_edges() == 0


def test_shared_groups_count_as_in_the_networkx_bipartite_projection() -> None:
    typed = synthetic_landscape(regions=3, seed=2)
    collab = collaboration_graph(typed)
    for kind, rel in (("working_group", "MEMBER_OF"), ("event", "PARTICIPATED_IN")):
        affiliation = nx.Graph()
        members = set()
        for actor, group, key in typed.edges(keys=True):
            if key == rel and typed.nodes[actor]["label"] == "Actor":
                affiliation.add_edge(actor, group)
                members.add(actor)
        projected = bipartite.weighted_projected_graph(affiliation, members)

        ours = {
            frozenset((u, v)): d["ties"][kind]
            for u, v, d in collab.edges(data=True)
            if kind in d["ties"]
        }
        theirs = {frozenset((u, v)): d["weight"] for u, v, d in projected.edges(data=True)}
        assert ours == theirs and ours  # the same pairs with the same counts, and some
