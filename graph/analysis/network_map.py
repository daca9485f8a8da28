r"""The network map: every actor with a position, its community and its role in the network.

The cockpit draws the collaboration graph in the browser; laying out tens of thousands of
nodes there on every visit would make the page slow and the picture different each time.
So the layout is computed here, once per graph revision (the gap service caches it), and
the same picture is served to everyone until the next write.

The layout is two-level, in the spirit of community-aware "group-in-a-box" layouts [1]_:

1. each Louvain community is laid out on its own with the ForceAtlas2 force model [3]_
   (:func:`networkx.forceatlas2_layout`, weighted, seeded) inside a disc whose radius
   grows with the square root of the community's size, so that node density is the same in
   every community;
2. the communities themselves are placed by the Fruchterman-Reingold force model [2]_
   (:func:`networkx.spring_layout`) on the *community graph*
   (one node per community, edge weight = tie weight between them), so that communities
   with many ties lie side by side; overlapping discs are then pushed apart;
3. actors without any tie are set in a grid below the picture, in name order, where they
   are easy to find ("ohne Verbindung").

Cost: a force iteration is :math:`O(n^2)` on a community of :math:`n` actors, so the whole
layout is :math:`O(\sum_c n_c^2)` rather than :math:`O(n^2)` for all :math:`n` actors;
communities above :data:`LARGE_COMMUNITY` actors get fewer iterations.

Drawing: a browser draws a few ten thousand lines smoothly, but working groups tie all
their members to each other, so a large landscape has hundreds of thousands of ties. Above
:data:`MAX_DRAWN_EDGES` ties the map keeps each actor's strongest ties (the *backbone*) and
every bridge, and says how many ties it left out; measures are always computed on all ties.

References
----------
.. [1] Rodrigues, E. M., Milic-Frayling, N., Smith, M., Shneiderman, B. and Hansen, D.
   "Group-in-a-Box Layout for Multi-faceted Analysis of Communities". *IEEE Third
   International Conference on Social Computing*, 354-361 (2011).
.. [2] Fruchterman, T. M. J. and Reingold, E. M. "Graph drawing by force-directed
   placement". *Software: Practice and Experience* 21(11), 1129-1164 (1991).
.. [3] Jacomy, M., Venturini, T., Heymann, S. and Bastian, M. "ForceAtlas2, a Continuous
   Graph Layout Algorithm for Handy Network Visualization Designed for the Gephi
   Software". *PLoS ONE* 9(6), e98679 (2014).
.. [4] Hopcroft, J. and Tarjan, R. "Algorithm 447: efficient algorithms for graph
   manipulation". *Communications of the ACM* 16(6), 372-378 (1973).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np

from graph.analysis.igraph_form import igraph_form
from graph.analysis.profiles import ActorProfile
from graph.analysis.typed import TypedGraph, id_of, name_of

Position = tuple[float, float]

LARGE_COMMUNITY = 200
"""Communities larger than this get fewer force iterations (each iteration is O(n^2))."""
MAX_DRAWN_EDGES = 30_000
"""Above this many ties, only each actor's strongest ties and the bridges are drawn."""
ISOLATED_GAP = 1.5
"""Space between the picture and the grid of unconnected actors, in node spacings."""

LAYOUT_DESCRIPTION = (
    "Eng verbundene Gruppen (Gemeinschaften) liegen jeweils in einem eigenen Kreis; "
    "Gruppen mit vielen Verbindungen untereinander liegen nebeneinander. Akteure ohne "
    "Verbindung stehen in einem Raster unter dem Netz. Die Anordnung wird nach jeder "
    "Datenänderung einmal berechnet und ist bei gleichen Daten immer gleich."
)


@dataclass(frozen=True)
class MapNode:
    """One actor on the network map."""

    id: str
    name: str
    kind: str
    x: float
    y: float
    community: int | None
    """Index of its community (1 = largest); None when the actor has no tie."""
    betweenness: float
    """Share of shortest paths between other actors that run through it (0-1)."""
    ties: int
    isolated: bool
    articulation_point: bool
    """Its departure would split the network into parts that no longer reach each other."""
    topics: tuple[str, ...]
    target_groups: tuple[str, ...]
    municipalities: tuple[str, ...]


@dataclass(frozen=True)
class MapEdge:
    """A collaboration tie between two actors."""

    source: str
    target: str
    weight: float
    bridge: bool
    """The only connection between two parts of the network."""


@dataclass(frozen=True)
class MapCommunity:
    """A community as drawn: its centre and its most common fields of action."""

    index: int
    size: int
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class NetworkMap:
    """The collaboration network with positions, for drawing."""

    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    communities: tuple[MapCommunity, ...]
    layout: str
    """How the picture was laid out, in German."""
    betweenness_sampled: bool
    """True when the brokerage values are estimates from a sample of actors (large graphs)."""
    total_edges: int
    """All ties of the network; ``edges`` holds fewer when only the backbone is drawn."""
    revision: int = 0
    """The graph revision the map was drawn from (set by the gap service)."""
    updating: bool = False
    """A newer map is being computed after a change; this one is the newest finished."""


def network_map(
    collab: nx.Graph,
    typed: TypedGraph,
    *,
    community_of: Mapping[str, int],
    betweenness: Mapping[str, float],
    profiles: Mapping[str, ActorProfile],
    betweenness_sampled: bool = False,
    seed: int = 42,
) -> NetworkMap:
    """Return the drawable network: positions, communities, brokers, weak points.

    Parameters
    ----------
    collab : nx.Graph
        The collaboration graph (node keys ``"Actor:<id>"``).
    typed : nx.MultiDiGraph
        The typed graph, for names of topics and the actors' kinds.
    community_of : mapping
        Community index per collaboration node; nodes without a tie are absent.
    betweenness : mapping
        Betweenness per collaboration node.
    betweenness_sampled : bool
        Whether ``betweenness`` was estimated from a sample (passed on to the result).
    profiles : mapping
        Actor profiles (:func:`~graph.analysis.profiles.actor_profiles`).
    seed : int
        Seed of the force layout, so equal data give an equal picture.

    Examples
    --------
    >>> from graph.analysis.profiles import actor_profiles
    >>> typed = nx.MultiDiGraph()
    >>> for a in ("a", "b", "c"):
    ...     typed.add_node(f"Actor:{a}", label="Actor", id=a, name=a.upper(), kind="association")
    >>> collab = nx.Graph()
    >>> collab.add_nodes_from(typed.nodes)
    >>> collab.add_edge("Actor:a", "Actor:b", weight=3.0)
    >>> m = network_map(collab, typed, community_of={"Actor:a": 1, "Actor:b": 1},
    ...                 betweenness={}, profiles=actor_profiles(typed))
    >>> [(n.id, n.community, n.isolated) for n in m.nodes]
    [('a', 1, False), ('b', 1, False), ('c', None, True)]
    >>> [(e.source, e.target, e.bridge) for e in m.edges]
    [('a', 'b', True)]
    """
    positions = layout(collab, community_of, seed=seed)
    form = igraph_form(collab)
    cut_points = {form.nodes[i] for i in form.graph.articulation_points()}
    bridges = bridges_of(collab)
    nodes = tuple(
        _node(
            collab,
            typed,
            node,
            positions[node],
            community_of,
            betweenness,
            profiles,
            node in cut_points,
        )
        for node in sorted(collab.nodes)
    )
    drawn = backbone(collab, MAX_DRAWN_EDGES, keep=bridges)
    edges = tuple(
        MapEdge(
            source=id_of(typed, a),
            target=id_of(typed, b),
            weight=float(collab.edges[a, b].get("weight", 1.0)),
            bridge=frozenset((a, b)) in bridges,
        )
        for a, b in drawn
    )
    return NetworkMap(
        nodes=nodes,
        edges=edges,
        communities=_communities(typed, community_of, positions, profiles),
        layout=LAYOUT_DESCRIPTION,
        betweenness_sampled=betweenness_sampled,
        total_edges=collab.number_of_edges(),
    )


def bridges_of(collab: nx.Graph) -> set[frozenset[str]]:
    """The bridges of ``collab``: ties whose loss would split the network.

    igraph's ``bridges`` (Tarjan's depth-first search [4]_, in C) on the graph's igraph
    form (:mod:`graph.analysis.igraph_form`, shared with the other analyses of the
    collaboration graph): networkx's Python search took 4.5 s for 1.6 million ties.

    >>> g = nx.barbell_graph(3, 1)  # two triangles joined through node 3
    >>> sorted(tuple(sorted(b)) for b in bridges_of(g))
    [(2, 3), (3, 4)]
    >>> bridges_of(g) == {frozenset(e) for e in nx.bridges(g)}
    True
    """
    form = igraph_form(collab)
    ends = (form.graph.es[i].tuple for i in form.graph.bridges())
    return {frozenset((form.nodes[a], form.nodes[b])) for a, b in ends}


def backbone(
    collab: nx.Graph, budget: int, *, keep: set[frozenset[str]] | None = None
) -> list[tuple[str, str]]:
    """The ties to draw: all of them up to ``budget``, else each node's strongest ones.

    Above ``budget`` ties every node keeps its ``k = max(1, budget // n)`` strongest ties
    (ties to equally strong partners in name order), and every tie in ``keep`` (the
    bridges) is added, so the drawing never hides a weak point. Edges come sorted.

    >>> star = nx.star_graph(4)
    >>> nx.set_edge_attributes(star, {(0, i): {"weight": float(i)} for i in range(1, 5)})
    >>> backbone(star, 10)
    [(0, 1), (0, 2), (0, 3), (0, 4)]
    >>> backbone(star, 2)  # k = 1: every leaf keeps its only tie, the hub its strongest
    [(0, 1), (0, 2), (0, 3), (0, 4)]
    >>> backbone(nx.complete_graph(4), 4)  # k = 1
    [(0, 1), (0, 2), (0, 3)]
    """
    if collab.number_of_edges() <= budget:
        return sorted(_ordered(a, b) for a, b in collab.edges)
    per_node = max(1, budget // max(collab.number_of_nodes(), 1))
    chosen = {frozenset(edge) for edge in keep or ()}
    for node, neighbours in collab.adjacency():
        strongest = sorted(
            neighbours, key=lambda other: (-neighbours[other].get("weight", 1.0), str(other))
        )[:per_node]
        chosen.update(frozenset((node, other)) for other in strongest)
    return sorted(_ordered(*edge) for edge in chosen)


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if str(a) <= str(b) else (b, a)


def layout(
    collab: nx.Graph, community_of: Mapping[str, int], *, seed: int = 42
) -> dict[str, Position]:
    """Positions of every node of ``collab``: communities in discs, isolated in a grid.

    >>> g = nx.path_graph(["x", "y", "z"]); g.add_node("alone")
    >>> pos = layout(g, {"x": 1, "y": 1, "z": 1})
    >>> sorted(pos) == ["alone", "x", "y", "z"]
    True
    >>> pos["alone"][1] < min(pos[n][1] for n in "xyz")  # below the picture
    True
    """
    members: dict[int, list[str]] = defaultdict(list)
    for node in sorted(collab.nodes):
        if node in community_of:
            members[community_of[node]].append(node)
    radius = {c: math.sqrt(len(nodes)) for c, nodes in members.items()}
    centres = _community_centres(collab, community_of, radius, seed=seed)
    positions: dict[str, Position] = {}
    for index, nodes in members.items():
        cx, cy = centres[index]
        for node, (x, y) in _inside_disc(_community_graph(collab, nodes), seed=seed).items():
            positions[node] = (cx + x * radius[index], cy + y * radius[index])
    alone = sorted(
        (n for n in collab.nodes if n not in positions),
        key=lambda n: (str(collab.nodes[n].get("name", n)), n),
    )
    positions.update(_grid_below(alone, positions))
    return positions


def _community_graph(collab: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The ties among ``nodes`` as a graph of its own, its nodes in the order given.

    What ``collab.subgraph(nodes).copy()`` holds, built from the adjacency: copying the
    view passed every neighbour through its filters and took half of the layout's time at
    100,000 nodes. And the view listed a small community's nodes in the order of a set,
    which follows Python's string hashing: the force model's seeded start, hence the
    picture, changed from one server process to the next.

    >>> g = nx.Graph([("b", "a", {"weight": 2.0}), ("a", "c"), ("c", "d")])
    >>> sub = _community_graph(g, ["a", "b", "c"])
    >>> list(sub.nodes), sorted(sub.edges(data="weight"))
    (['a', 'b', 'c'], [('a', 'b', 2.0), ('a', 'c', None)])
    """
    inside = set(nodes)
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    adj, sub_adj = collab._adj, sub._adj
    for u in nodes:
        for v, data in adj[u].items():
            if v in inside:
                sub_adj[u][v] = data  # the same (read-only) data, as the view held
    return sub


def _inside_disc(sub: nx.Graph, *, seed: int) -> dict[str, Position]:
    """Force layout of one community, scaled into the unit disc."""
    if sub.number_of_nodes() == 1:
        return {next(iter(sub.nodes)): (0.0, 0.0)}
    iterations = 100 if sub.number_of_nodes() <= LARGE_COMMUNITY else 30
    raw = nx.forceatlas2_layout(sub, weight="weight", seed=seed, max_iter=iterations)
    coords = np.array([raw[n] for n in sub.nodes], dtype=float)
    coords -= coords.mean(axis=0)
    reach = float(np.max(np.linalg.norm(coords, axis=1))) or 1.0
    coords /= reach
    return {n: (float(x), float(y)) for n, (x, y) in zip(sub.nodes, coords, strict=True)}


def _community_centres(
    collab: nx.Graph,
    community_of: Mapping[str, int],
    radius: Mapping[int, float],
    *,
    seed: int,
) -> dict[int, Position]:
    """Place communities by their mutual ties, then push overlapping discs apart."""
    if not radius:
        return {}
    between = nx.Graph()
    between.add_nodes_from(sorted(radius))
    for a, b, data in collab.edges(data=True):
        ca, cb = community_of.get(a), community_of.get(b)
        if ca is None or cb is None or ca == cb:
            continue
        weight = float(data.get("weight", 1.0))
        previous = between.get_edge_data(ca, cb, {"weight": 0.0})["weight"]
        between.add_edge(ca, cb, weight=previous + weight)
    order = sorted(radius)
    raw = nx.spring_layout(between, weight="weight", seed=seed) if len(order) > 1 else {}
    spread = 2.0 * sum(radius.values()) / max(len(order), 1) * math.sqrt(len(order))
    centres = np.array([raw.get(c, (0.0, 0.0)) for c in order], dtype=float) * spread
    radii = np.array([radius[c] for c in order]) * 1.15
    return {
        c: (float(x), float(y)) for c, (x, y) in zip(order, _separate(centres, radii), strict=True)
    }


def _separate(centres: np.ndarray, radii: np.ndarray, rounds: int = 200) -> np.ndarray:
    """Push apart discs that overlap, half the overlap to each side per round."""
    points = centres.copy()
    for _ in range(rounds):
        delta = points[:, None, :] - points[None, :, :]
        distance = np.linalg.norm(delta, axis=2)
        np.fill_diagonal(distance, np.inf)
        overlap = radii[:, None] + radii[None, :] - distance
        overlap[overlap < 0] = 0.0
        if not overlap.any():
            break
        safe = np.where(np.isfinite(distance) & (distance > 1e-9), distance, 1.0)
        direction = delta / safe[:, :, None]
        # Coincident centres: separate along a fixed, index-dependent direction.
        stuck = distance < 1e-9
        if stuck.any():
            angles = np.arange(len(points))[:, None] - np.arange(len(points))[None, :]
            direction[stuck] = np.stack([np.cos(angles), np.sin(angles)], axis=2)[stuck]
        points += (direction * (overlap / 2.0)[:, :, None]).sum(axis=1)
    return points


def _grid_below(nodes: list[str], placed: Mapping[str, Position]) -> dict[str, Position]:
    """Unconnected actors in a square-ish grid under everything already placed."""
    if not nodes:
        return {}
    xs = [x for x, _ in placed.values()] or [0.0]
    ys = [y for _, y in placed.values()] or [0.0]
    columns = max(1, math.ceil(math.sqrt(len(nodes) * 2)))
    width = max(max(xs) - min(xs), 1.0)
    step = max(width / columns, 1.0)
    top = min(ys) - ISOLATED_GAP * step
    left = (min(xs) + max(xs)) / 2 - step * (min(columns, len(nodes)) - 1) / 2
    return {
        node: (left + (i % columns) * step, top - (i // columns) * step)
        for i, node in enumerate(nodes)
    }


def _node(
    collab: nx.Graph,
    typed: TypedGraph,
    node: str,
    position: Position,
    community_of: Mapping[str, int],
    betweenness: Mapping[str, float],
    profiles: Mapping[str, ActorProfile],
    articulation: bool,
) -> MapNode:
    # Every collaboration node is an actor of the typed graph (collaboration_graph).
    profile = profiles.get(node)

    def ids(keys: frozenset[str] | None) -> tuple[str, ...]:
        return tuple(sorted(id_of(typed, k) for k in keys or ()))

    ties = collab.degree(node)
    return MapNode(
        id=id_of(typed, node),
        name=name_of(typed, node),
        kind=str(typed.nodes[node].get("kind") or ""),
        x=round(position[0], 4),
        y=round(position[1], 4),
        community=community_of.get(node),
        betweenness=float(betweenness.get(node, 0.0)),
        ties=int(ties),
        isolated=ties == 0,
        articulation_point=articulation,
        topics=ids(profile.topics if profile else None),
        target_groups=ids(profile.target_groups if profile else None),
        municipalities=ids(profile.municipalities if profile else None),
    )


def _communities(
    typed: TypedGraph,
    community_of: Mapping[str, int],
    positions: Mapping[str, Position],
    profiles: Mapping[str, ActorProfile],
) -> tuple[MapCommunity, ...]:
    members: dict[int, list[str]] = defaultdict(list)
    for node, index in community_of.items():
        if node in positions:
            members[index].append(node)
    result = []
    for index in sorted(members):
        nodes = members[index]
        topics: Counter[str] = Counter()
        for node in nodes:
            profile = profiles.get(node)
            topics.update(profile.topics if profile else ())
        names = [name_of(typed, t) for t, _ in sorted(topics.items(), key=lambda i: (-i[1], i[0]))]
        result.append(
            MapCommunity(
                index=index,
                size=len(nodes),
                x=round(float(np.mean([positions[n][0] for n in nodes])), 4),
                y=round(float(np.mean([positions[n][1] for n in nodes])), 4),
                label=", ".join(names[:2]) or f"Gemeinschaft {index}",
            )
        )
    return tuple(result)
