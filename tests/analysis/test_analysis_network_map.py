"""The network map: positions, communities, weak points and the drawn backbone.

Hand-built graphs whose answers are known by construction: two triangles joined by one tie
(a bridge between two articulation points), a star, and an actor without ties.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys

import networkx as nx

from graph.analysis.network_map import backbone, layout, network_map
from graph.analysis.profiles import actor_profiles
from graph.settings import PROJECT_ROOT


def _typed(actors: list[str]) -> nx.MultiDiGraph:
    typed = nx.MultiDiGraph()
    for actor in actors:
        typed.add_node(
            f"Actor:{actor}", label="Actor", id=actor, name=actor.title(), kind="association"
        )
    typed.add_node("Topic:sprache", label="Topic", id="sprache", name="Sprache")
    typed.add_node("Offering:kurs", label="Offering", id="kurs", title="Kurs")
    typed.add_edge("Actor:a1", "Offering:kurs", key="OFFERS")
    typed.add_edge("Offering:kurs", "Topic:sprache", key="ADDRESSES")
    return typed


def _two_triangles() -> tuple[nx.MultiDiGraph, nx.Graph, dict[str, int]]:
    actors = ["a1", "a2", "a3", "b1", "b2", "b3", "alone"]
    typed = _typed(actors)
    collab = nx.Graph()
    collab.add_nodes_from(f"Actor:{a}" for a in actors)
    for group in (("a1", "a2", "a3"), ("b1", "b2", "b3")):
        for i, x in enumerate(group):
            for y in group[i + 1 :]:
                collab.add_edge(f"Actor:{x}", f"Actor:{y}", weight=3.0)
    collab.add_edge("Actor:a1", "Actor:b1", weight=1.0)
    community_of = {f"Actor:{a}": 1 for a in ("a1", "a2", "a3")}
    community_of.update({f"Actor:{b}": 2 for b in ("b1", "b2", "b3")})
    return typed, collab, community_of


def test_two_triangles_show_their_bridge_and_its_ends() -> None:
    typed, collab, community_of = _two_triangles()

    m = network_map(
        collab, typed, community_of=community_of, betweenness={}, profiles=actor_profiles(typed)
    )

    cut = {n.id for n in m.nodes if n.articulation_point}
    assert cut == {"a1", "b1"}
    assert [(e.source, e.target) for e in m.edges if e.bridge] == [("a1", "b1")]
    assert {n.id for n in m.nodes if n.isolated} == {"alone"}
    assert next(n for n in m.nodes if n.id == "alone").community is None
    assert m.total_edges == len(m.edges) == 7
    assert next(n for n in m.nodes if n.id == "a1").topics == ("sprache",)


def test_communities_sit_in_separate_discs_and_the_unconnected_below() -> None:
    _, collab, community_of = _two_triangles()

    pos = layout(collab, community_of, seed=1)

    def centre(prefix: str) -> tuple[float, float]:
        xs = [pos[f"Actor:{prefix}{i}"] for i in (1, 2, 3)]
        return (sum(x for x, _ in xs) / 3, sum(y for _, y in xs) / 3)

    radius = math.sqrt(3)
    assert math.dist(centre("a"), centre("b")) >= 2 * radius  # the discs do not overlap
    assert pos["Actor:alone"][1] < min(y for node, (_, y) in pos.items() if node != "Actor:alone")


def test_the_same_data_give_the_same_picture() -> None:
    typed, collab, community_of = _two_triangles()
    profiles = actor_profiles(typed)

    first = network_map(collab, typed, community_of=community_of, betweenness={}, profiles=profiles)
    again = network_map(collab, typed, community_of=community_of, betweenness={}, profiles=profiles)
    other_seed = network_map(
        collab, typed, community_of=community_of, betweenness={}, profiles=profiles, seed=3
    )

    assert first == again
    assert [(n.x, n.y) for n in first.nodes] != [(n.x, n.y) for n in other_seed.nodes]


PICTURE = """
import json
from graph.analysis.collaboration import collaboration_graph
from graph.analysis.communities import louvain
from graph.analysis.network_map import layout
from tests.analysis.landscapes import synthetic_landscape
collab = collaboration_graph(synthetic_landscape(regions=3))
parts, _ = louvain(collab, seed=42)
community_of = {n: i for i, part in enumerate(parts) for n in part if collab.degree(n)}
print(json.dumps(sorted(layout(collab, community_of, seed=42).items())))
"""


def test_the_picture_does_not_depend_on_the_process_string_hashing() -> None:
    """Two server processes hash strings differently; the picture is still the same (a
    community's nodes once came in a set's order, and so did the force model's start)."""

    def picture(hash_seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(PROJECT_ROOT)}
        run = subprocess.run(
            [sys.executable, "-c", PICTURE], env=env, capture_output=True, text=True, check=True
        )
        return run.stdout

    assert picture("1") == picture("2") != ""


def test_a_dense_network_draws_its_backbone_and_keeps_every_bridge() -> None:
    dense = nx.complete_graph([f"n{i:02d}" for i in range(30)])
    dense.add_edge("n00", "z")  # the only tie of node z: a bridge
    bridges = {frozenset(edge) for edge in nx.bridges(dense)}

    drawn = backbone(dense, 40, keep=bridges)

    assert len(drawn) < dense.number_of_edges()
    assert ("n00", "z") in drawn
    assert {node for edge in drawn for node in edge} == set(dense.nodes)  # nobody vanishes


def test_communities_carry_their_main_topic_and_centre() -> None:
    typed, collab, community_of = _two_triangles()

    m = network_map(
        collab, typed, community_of=community_of, betweenness={}, profiles=actor_profiles(typed)
    )

    assert [(c.index, c.size) for c in m.communities] == [(1, 3), (2, 3)]
    assert m.communities[0].label == "Sprache"
    assert m.communities[1].label == "Gemeinschaft 2"  # no offering: no topic to name it by
