"""The derived, weighted collaboration graph between actors."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from itertools import chain
from types import MappingProxyType
from typing import Any

import networkx as nx
import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from graph.analysis.typed import (
    ACTOR,
    COOPERATES_WITH,
    FUNDS,
    MEMBER_OF,
    OFFERS,
    PARTICIPATED_IN,
    TypedGraph,
    id_of,
    name_of,
    nodes_of,
    sources,
    targets,
)
from graph.readonly import ReadOnlyDict

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

TIE_KINDS = (COOPERATION, JOINT_OFFERING, FUNDING, WORKING_GROUP, EVENT)
"""The tie kinds, in the order an edge's ``ties`` name them."""


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
        Actor collaboration graph with ``weight`` and ``ties`` on each edge. Ties with
        the same counts share one read-only value (:class:`ReadOnlyDict`, ``ties`` a
        read-only mapping); copy it (``dict(data)``) to change it.

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
    pairs = _Pairs(actors)
    found = {
        COOPERATION: pairs.cooperations(typed),
        JOINT_OFFERING: pairs.co_affiliations(typed, OFFERS),
        FUNDING: pairs.fundings(typed),
        WORKING_GROUP: pairs.co_affiliations(typed, MEMBER_OF),
        EVENT: pairs.co_affiliations(typed, PARTICIPATED_IN),
    }
    pairs.insert(collab, [found[kind] for kind in TIE_KINDS], weights)
    return collab


TIE_VALUES = "graph.analysis.collaboration.tie_values"
"""Where :func:`collaboration_graph` keeps its distinct edge values and how many ties hold
each, in the graph's ``__networkx_cache__`` (which networkx empties when edges change)."""


def tie_values(collab: nx.Graph) -> tuple[tuple[Mapping[str, Any], int], ...]:
    """Each distinct edge data value of ``collab`` and the number of edges that hold it.

    A collaboration graph holds a few hundred distinct values for its 1.6 million ties at
    100,000 nodes; it counts them as it is built, so a summary (``gap_report``) need not
    walk every tie twice, as it must on a graph built otherwise (about a second there).

    >>> g = nx.Graph([("a", "b", {"weight": 2.0}), ("b", "c", {"weight": 2.0})])
    >>> [(dict(data), uses) for data, uses in tie_values(g)]
    [({'weight': 2.0}, 1), ({'weight': 2.0}, 1)]
    """
    cache = getattr(collab, "__networkx_cache__", None)
    kept = cache.get(TIE_VALUES) if cache is not None else None
    if kept is not None:
        return tuple(kept)
    held = chain.from_iterable(map(dict.values, collab._adj.values()))
    ends = Counter(map(id, held))  # each edge's data is held once per end
    values = {id(data): data for nbrs in collab._adj.values() for data in nbrs.values()}
    return tuple((data, ends[key] // 2) for key, data in values.items())


CHUNK = 65_536
"""Pairs made into Python numbers at a time when the ties are inserted: all 1.6 million at
once were three lists of Python ints that left their memory scattered behind them."""

Ties = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]
"""Pairs of one tie kind: their codes (ascending) and the number of ties of each."""


class _Pairs:
    """Pairs of actors as integer codes, so that ties are counted by numpy and scipy.

    The actors are numbered in the order of their keys, so a pair $(u, v)$ with $u < v$ is
    the code $i n + j$ with $i < j$, and ascending codes are the pairs in key order.
    """

    def __init__(self, actors: list[str]) -> None:
        self.keys = sorted(actors)
        self.index = {a: i for i, a in enumerate(self.keys)}

    def _codes(self, counted: Mapping[tuple[int, int], int]) -> Ties:
        n = len(self.keys)
        codes = np.fromiter((i * n + j for i, j in counted), dtype=np.int64, count=len(counted))
        counts = np.fromiter(counted.values(), dtype=np.int64, count=len(counted))
        order = np.argsort(codes)
        return codes[order], counts[order]

    def cooperations(self, typed: TypedGraph) -> Ties:
        """Each pair joined by ``COOPERATES_WITH`` once, whatever the direction."""
        index = self.index
        pairs: dict[tuple[int, int], int] = {}
        for a, i in index.items():
            for b in targets(typed, a, COOPERATES_WITH):
                j = index.get(b)
                if j is not None and j != i:
                    pairs[(i, j) if i < j else (j, i)] = 1
        return self._codes(pairs)

    def fundings(self, typed: TypedGraph) -> Ties:
        """A funder and a provider of one offering, once per such offering."""
        index = self.index
        pairs: Counter[tuple[int, int]] = Counter()
        for funder, i in index.items():
            for offering in targets(typed, funder, FUNDS):
                for provider in sources(typed, offering, OFFERS):
                    j = index.get(provider)
                    if j is not None and j != i:
                        pairs[(i, j) if i < j else (j, i)] += 1
        return self._codes(pairs)

    def co_affiliations(self, typed: TypedGraph, rel: str) -> Ties:
        """Project the actor-group affiliations through ``rel`` onto the actors: each pair
        of members of a group gets one tie per group they share.

        The same counts as :func:`networkx.algorithms.bipartite.weighted_projected_graph`
        (the tests compare them), as the upper triangle of $B B^T$ for the 0/1 matrix $B$
        of actors by groups: group by group in Python, 1.6 million pairs took seconds.
        """
        rows: list[int] = []
        cols: list[int] = []
        groups: dict[str, int] = {}
        for a, i in self.index.items():
            for group in targets(typed, a, rel):
                rows.append(i)
                cols.append(groups.setdefault(group, len(groups)))
        n = len(self.keys)
        member = sp.csr_array(
            (np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(n, max(len(groups), 1))
        )
        shared = sp.triu(member @ member.T, k=1).tocoo()
        codes = shared.row.astype(np.int64) * n + shared.col
        order = np.argsort(codes)
        return codes[order], shared.data.astype(np.int64)[order]

    def insert(self, collab: nx.Graph, found: list[Ties], weights: Mapping[str, float]) -> None:
        """Join the pairs in ``collab``, in the order the tie kinds name them first.

        Each edge's data is the one read-only value of its tie counts: the 1.6 million ties
        of a landscape of 100,000 nodes have a few hundred distinct values, and a pair of
        dicts per tie held hundreds of megabytes.
        """
        codes = np.concatenate([c for c, _ in found])
        if not len(codes):
            return
        unique, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
        counts = np.zeros((len(unique), len(TIE_KINDS)), dtype=np.int64)
        start = 0
        for k, (kind_codes, kind_counts) in enumerate(found):
            counts[inverse[start : start + len(kind_codes)], k] = kind_counts
            start += len(kind_codes)
        order = np.argsort(first, kind="stable")
        counts = counts[order]
        value_of, first_of_value = _distinct_rows(counts)
        shared = [_edge_data(row, weights) for row in counts[first_of_value].tolist()]
        us, vs = np.divmod(unique[order], len(self.keys))
        keys, adj = self.keys, collab._adj
        for start in range(0, len(us), CHUNK):
            part = slice(start, start + CHUNK)
            for i, j, value in zip(
                us[part].tolist(), vs[part].tolist(), value_of[part].tolist(), strict=True
            ):
                u, v = keys[i], keys[j]
                adj[u][v] = adj[v][u] = shared[value]
        uses = np.bincount(value_of, minlength=len(shared)).tolist()
        cache = getattr(collab, "__networkx_cache__", None)
        if cache is not None:
            cache[TIE_VALUES] = tuple(zip(shared, uses, strict=True))


def _distinct_rows(
    rows: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Number the distinct rows of an integer matrix: ``ids[i] == ids[j]`` exactly when
    rows ``i`` and ``j`` are equal, and ``first[k]`` is a row numbered ``k``.

    Column by column, each a 1-d ``np.unique`` of numbers below ``len(rows) ** 2``:
    ``np.unique(rows, axis=0)`` sorts the rows as raw bytes, and took 6 s for 1.6 million
    rows of five counts.

    >>> ids, first = _distinct_rows(np.array([[1, 0], [2, 0], [1, 0]]))
    >>> ids.tolist(), first.tolist()
    ([0, 1, 0], [0, 1])
    """
    ids = np.zeros(len(rows), dtype=np.int64)
    first = np.zeros(min(len(rows), 1), dtype=np.int64)
    for column in rows.T:
        _, ranks = np.unique(column, return_inverse=True)
        _, first, ids = np.unique(ids * len(rows) + ranks, return_index=True, return_inverse=True)
    return ids, first


def _edge_data(counts: list[int], weights: Mapping[str, float]) -> ReadOnlyDict:
    """``weight`` and ``ties`` of a tie with ``counts`` ties of each kind (kind order)."""
    ties = {kind: n for kind, n in zip(TIE_KINDS, counts, strict=True) if n}
    weight = 0.0
    for kind, n in ties.items():
        weight += float(weights.get(kind, 0.0)) * n
    return ReadOnlyDict(weight=weight, ties=MappingProxyType(ties))
