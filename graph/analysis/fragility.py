"""Fragile points: articulation points and bridges of the collaboration graph."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from domain.gap_keys import gap_key
from graph.analysis.brokers import connected_actors
from graph.analysis.igraph_form import igraph_form
from graph.analysis.wording import counted


@dataclass(frozen=True)
class ArticulationPoint:
    """An actor whose departure splits the network."""

    actor_id: str
    name: str
    pieces: int
    """Parts its network component falls into without it."""
    cut_off: int
    """Actors that lose the connection to the largest remaining part."""
    component_size: int
    reason: str
    key: str = field(init=False)
    """Stable across recomputations: built from the ids of the row (``domain.gap_keys``)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", gap_key("key-actor", self.actor_id))


@dataclass(frozen=True)
class Bridge:
    """A tie whose loss splits the network."""

    actor_a_id: str
    actor_a_name: str
    actor_b_id: str
    actor_b_name: str
    weight: float
    tie_kinds: tuple[str, ...]
    cut_off: int
    """Actors on the smaller side, cut off from the rest without this tie."""
    reason: str
    key: str = field(init=False)
    """Stable across recomputations: built from the ids of the row (``domain.gap_keys``)."""

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "key", gap_key("bridge", self.actor_a_id, self.actor_b_id, unordered=True)
        )


@dataclass(frozen=True)
class Fragility:
    """Articulation points and bridges, most actors cut off first."""

    connected_actors: int
    components: int
    articulation_point_count: int
    bridge_count: int
    articulation_points: tuple[ArticulationPoint, ...]
    bridges: tuple[Bridge, ...]
    explanation: str
    """What the lists show and how to read them, in plain German."""


EXPLANATION = (
    "Die Liste zeigt die Schwachstellen des Netzwerks: Schlüsselakteure, ohne die das Netz "
    "in getrennte Teile zerfiele, und Brücken, also einzelne Verbindungen zwischen zwei "
    "Akteuren, an denen ein ganzer Teil des Netzes hängt. „Abgeschnitten“ ist die Zahl der "
    "Akteure, die ohne diesen Akteur oder diese Verbindung keinen Weg mehr zum größten Teil "
    "des Netzes hätten. Eine zweite Verbindung, etwa eine Kooperation der Abgeschnittenen "
    "mit einem weiteren Partner, beseitigt die Schwachstelle."
)


def fragile_points(collab: nx.Graph, *, top: int | None = None) -> Fragility:
    """Return the actors and ties whose loss would split the collaboration network.

    An *articulation point* (cut vertex) is a node whose removal increases the number of
    connected components; a *bridge* is such an edge [1]_. For each, the result says how
    badly the network breaks: into how many parts, and how many actors lose the connection
    to the largest remaining part (``cut_off``); both lists are ranked by ``cut_off``.

    Notes
    -----
    The biconnected components (*blocks*) come from Hopcroft and Tarjan's depth-first
    search [2]_ (:func:`networkx.biconnected_components`); a block of two nodes is a
    bridge. Blocks and articulation points form the *block-cut tree* [3]_, in which
    removing an articulation point $v$ leaves exactly the subtrees hanging at $v$'s
    neighbouring blocks. Weighting each block by its nodes that are not articulation
    points and each articulation point by 1, one post-order pass over the rooted tree
    gives every subtree's size, hence the size of every part after removing any $v$ or
    any bridge: $O(n + m)$ in all, instead of one connectivity test per candidate.
    Isolated actors are left out (they cannot be cut off any further).

    Parameters
    ----------
    collab : nx.Graph
        The collaboration graph (:func:`~graph.analysis.collaboration.collaboration_graph`).
    top : int, optional
        Return at most this many articulation points and at most this many bridges.

    References
    ----------
    .. [1] Tarjan, R. E. "A note on finding the bridges of a graph". *Information
       Processing Letters* 2(6), 160-161 (1974).
    .. [2] Hopcroft, J. and Tarjan, R. E. "Algorithm 447: efficient algorithms for graph
       manipulation". *Communications of the ACM* 16(6), 372-378 (1973).
    .. [3] Harary, F. *Graph Theory*. Addison-Wesley, 1969, ch. 3 (block-cut-point trees).
    """
    form = igraph_form(collab)
    blocks = [frozenset(form.nodes[i] for i in b) for b in form.graph.biconnected_components()]
    block_count: dict[str, int] = {}
    for b in blocks:
        for v in b:
            block_count[v] = block_count.get(v, 0) + 1
    cut_vertices = {v for v, c in block_count.items() if c > 1}

    # The block-cut tree: ("b", i) for block i, ("v", v) for articulation point v.
    tree = nx.Graph()
    for i, b in enumerate(blocks):
        tree.add_node(("b", i), size=sum(1 for v in b if v not in cut_vertices))
        for v in b & cut_vertices:
            tree.add_node(("v", v), size=1)
            tree.add_edge(("b", i), ("v", v))

    parent: dict[tuple[str, object], tuple[str, object] | None] = {}
    subtree: dict[tuple[str, object], int] = {}
    total: dict[tuple[str, object], int] = {}
    components = 0
    for nodes in nx.connected_components(tree):
        components += 1
        root = next((t for t in nodes if t[0] == "v"), next(iter(nodes)))
        parent[root] = None
        parent.update(nx.dfs_predecessors(tree, root))
        for t in nx.dfs_postorder_nodes(tree, root):
            subtree[t] = tree.nodes[t]["size"] + sum(
                subtree[c] for c in tree[t] if parent.get(c) == t
            )
        for t in nodes:
            total[t] = subtree[root]

    points = []
    for v in cut_vertices:
        t = ("v", v)
        pieces = [subtree[c] for c in tree[t] if parent.get(c) == t]
        if parent[t] is not None:
            pieces.append(total[t] - subtree[t])
        cut = total[t] - 1 - max(pieces)
        name = str(collab.nodes[v].get("name", v))
        points.append(
            ArticulationPoint(
                actor_id=str(collab.nodes[v].get("id", v)),
                name=name,
                pieces=len(pieces),
                cut_off=cut,
                component_size=total[t],
                reason=(
                    f"ohne {name} zerfällt das Netz in {len(pieces)} Teile; "
                    f"{_actors(cut)} {'verliert' if cut == 1 else 'verlieren'} die "
                    "Verbindung zum größten Teil"
                ),
            )
        )

    bridges = []
    for i, b in enumerate(blocks):
        if len(b) != 2:
            continue
        t = ("b", i)
        # A bridge block hangs below an articulation point, or it is a whole component of
        # one edge (then it is the root: such a component has no articulation point).
        cut = 1 if parent[t] is None else min(subtree[t], total[t] - subtree[t])
        u, v = sorted(b, key=lambda a: str(collab.nodes[a].get("name", a)))
        data = collab[u][v]
        u_name = str(collab.nodes[u].get("name", u))
        v_name = str(collab.nodes[v].get("name", v))
        bridges.append(
            Bridge(
                actor_a_id=str(collab.nodes[u].get("id", u)),
                actor_a_name=u_name,
                actor_b_id=str(collab.nodes[v].get("id", v)),
                actor_b_name=v_name,
                weight=float(data.get("weight", 1.0)),
                tie_kinds=tuple(sorted(data.get("ties", {}))),
                cut_off=cut,
                reason=(
                    f"ohne die Verbindung {u_name} – {v_name} {'ist' if cut == 1 else 'sind'} "
                    f"{_actors(cut)} vom übrigen Netz getrennt"
                ),
            )
        )

    points.sort(key=lambda p: (-p.cut_off, -p.pieces, p.name))
    bridges.sort(key=lambda b: (-b.cut_off, b.actor_a_name, b.actor_b_name))
    return Fragility(
        connected_actors=len(connected_actors(collab)),
        components=components,
        articulation_point_count=len(points),
        bridge_count=len(bridges),
        articulation_points=tuple(points if top is None else points[:top]),
        bridges=tuple(bridges if top is None else bridges[:top]),
        explanation=EXPLANATION,
    )


def _actors(n: int) -> str:
    return counted(n, "Akteur", "Akteure")
