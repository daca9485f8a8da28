"""The derived, weighted collaboration graph between actors."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from types import MappingProxyType

import networkx as nx

from graph.analysis.typed import (
    ACTOR,
    COOPERATES_WITH,
    FUNDS,
    MEMBER_OF,
    OFFERS,
    PARTICIPATED_IN,
    TypedGraph,
    id_of,
    label_of,
    name_of,
    nodes_of,
    sources,
    targets,
)

COOPERATION = "cooperation"
JOINT_OFFERING = "joint_offering"
FUNDING = "funding"
WORKING_GROUP = "working_group"
EVENT = "event"

TIE_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {
        COOPERATION: 3.0,
        JOINT_OFFERING: 2.0,
        FUNDING: 1.0,
        WORKING_GROUP: 1.0,
        EVENT: 0.5,
    }
)
"""Weight of one tie of each kind (see :func:`collaboration_graph`)."""


def collaboration_graph(
    typed: TypedGraph, *, weights: Mapping[str, float] = TIE_WEIGHTS
) -> nx.Graph:
    r"""Return the weighted, undirected collaboration graph between actors.

    Every ``Actor`` of the typed graph is a node (isolated actors too), keyed by its typed
    key (``"Actor:kvhs-gifhorn"``) and carrying ``id``, ``name`` and ``kind``. Two actors are
    joined when they work together in one of five ways; each way is a *tie kind* with a
    weight per tie:

    ================== ====== ======================================================
    tie kind           weight one tie is
    ================== ====== ======================================================
    ``cooperation``    3      a ``COOPERATES_WITH`` relationship (either direction;
                              a pair recorded in both directions counts once)
    ``joint_offering`` 2      an offering both actors ``OFFERS`` (co-providers)
    ``funding``        1      an offering one actor ``FUNDS`` and the other offers
    ``working_group``  1      a working group both are ``MEMBER_OF``
    ``event``          0.5    an event both ``PARTICIPATED_IN``
    ================== ====== ======================================================

    The edge attribute ``weight`` is $\sum_k w_k\,n_k$ over the tie kinds $k$ with $n_k$
    ties of weight $w_k$; the edge attribute ``ties`` maps each tie kind present to
    $n_k$. The weights rank a declared cooperation above doing the work together, and
    that above merely sitting in the same group or room: a working group or a
    network meeting brings many actors together, a cooperation is chosen.

    Notes
    -----
    Shared working groups, jointly offered offerings and shared events are *affiliation
    networks* (two-mode actor-group data). Each is projected onto the actors with the
    number of shared groups as edge weight (Newman's unnormalised co-membership count, as
    in :func:`networkx.algorithms.bipartite.weighted_projected_graph`) [1]_ [2]_.
    Cooperation and funding ties are read directly from the typed graph.

    Parameters
    ----------
    typed : nx.MultiDiGraph
        The typed graph (see :mod:`graph.analysis.typed`).
    weights : mapping, optional
        Weight per tie kind; defaults to :data:`TIE_WEIGHTS`. A kind missing from the
        mapping gets weight 0 (its ties are still counted in ``ties``).

    Returns
    -------
    nx.Graph
        Actor collaboration graph with ``weight`` and ``ties`` on each edge.

    References
    ----------
    .. [1] Borgatti, S. P. and Halgin, D. S. "Analyzing Affiliation Networks".
       In Carrington, P. and Scott, J. (eds), *The SAGE Handbook of Social Network
       Analysis*, 417-433. SAGE, 2011.
    .. [2] Newman, M. E. J. "Scientific collaboration networks. II. Shortest paths,
       weighted networks, and centrality". *Physical Review E* 64, 016132 (2001).
    """
    actors = nodes_of(typed, ACTOR)
    collab = nx.Graph()
    collab.add_nodes_from(
        (
            a,
            {
                "id": id_of(typed, a),
                "name": name_of(typed, a),
                "kind": typed.nodes[a].get("kind"),
            },
        )
        for a in actors
    )

    def add(kind: str, pairs: Iterable[tuple[str, str, int]]) -> None:
        w = float(weights.get(kind, 0.0))
        adj = collab._adj
        for u, v, count in pairs:
            data = adj[u].get(v)
            if data is None:
                # what ``add_edge`` does for two nodes already there, without its checks:
                # 1.6 million ties took 6.3 s through it, most of the graph's time
                data = {"weight": w * count, "ties": {kind: count}}
                adj[u][v] = adj[v][u] = data
            else:
                data["weight"] += w * count
                ties = data["ties"]
                ties[kind] = ties.get(kind, 0) + count

    add(COOPERATION, _cooperations(typed, actors))
    add(JOINT_OFFERING, _co_affiliations(typed, actors, OFFERS))
    add(FUNDING, _fundings(typed, actors))
    add(WORKING_GROUP, _co_affiliations(typed, actors, MEMBER_OF))
    add(EVENT, _co_affiliations(typed, actors, PARTICIPATED_IN))
    return collab


def _cooperations(typed: TypedGraph, actors: list[str]) -> Iterable[tuple[str, str, int]]:
    pairs: set[tuple[str, str]] = set()
    for a in actors:
        for b in targets(typed, a, COOPERATES_WITH):
            if b != a and label_of(typed, b) == ACTOR:
                pairs.add((a, b) if a < b else (b, a))
    return ((u, v, 1) for u, v in sorted(pairs))


def _co_affiliations(
    typed: TypedGraph, actors: list[str], rel: str
) -> Iterable[tuple[str, str, int]]:
    """Project the actor-group affiliations through ``rel`` onto the actors: each pair of
    members of a group gets one tie per group they share.

    The same counts as :func:`networkx.algorithms.bipartite.weighted_projected_graph` (the
    tests compare them), counted group by group: the projection intersects the groups of
    every pair of actors two steps apart, several times slower on large landscapes.
    """
    members: dict[str, list[str]] = defaultdict(list)
    for a in actors:
        for group in targets(typed, a, rel):
            members[group].append(a)
    pairs: Counter[tuple[str, str]] = Counter()
    for together in members.values():
        pairs.update(combinations(sorted(together), 2))
    return ((u, v, n) for (u, v), n in sorted(pairs.items()))


def _fundings(typed: TypedGraph, actors: list[str]) -> Iterable[tuple[str, str, int]]:
    pairs: Counter[tuple[str, str]] = Counter()
    for funder in actors:
        for offering in targets(typed, funder, FUNDS):
            for provider in sources(typed, offering, OFFERS):
                if provider != funder and label_of(typed, provider) == ACTOR:
                    pair = (funder, provider) if funder < provider else (provider, funder)
                    pairs[pair] += 1
    return ((u, v, n) for (u, v), n in sorted(pairs.items()))
