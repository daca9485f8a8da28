"""An undirected networkx graph as an igraph graph, for the analyses igraph runs in C.

Louvain (:func:`~graph.analysis.communities.louvain`) and the biconnected components
(:func:`~graph.analysis.fragility.fragile_points`) of the collaboration graph run in
igraph's compiled code; networkx's pure-Python loops took several seconds each on the 1.6
million ties of a landscape of 100,000 nodes. Building the igraph graph from the networkx
one takes about a second there, so it is built once per graph and kept in the graph's
``__networkx_cache__``: the cache networkx keeps for conversions to other graph libraries
(its backends) and empties whenever nodes or edges are added or removed through its
methods. A weight changed in place (``graph[u][v]["weight"] = w``) is not noticed; the
collaboration graph's edge data are read-only, so it cannot happen there.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import igraph
import networkx as nx
import numpy as np

CACHE_KEY = "graph.analysis.igraph_form"
"""Where the form is kept in ``graph.__networkx_cache__``."""


@dataclass(frozen=True)
class IGraphForm:
    """``graph``'s vertex ``i`` is ``nodes[i]``; its edges are in networkx's edge order,
    ``ends[k]`` the vertices of edge ``k`` and ``weights[k]`` its ``weight`` (1.0 where an
    edge has none). ``ends`` serves the analyses that build SciPy matrices from the edges
    (:mod:`graph.analysis.structural_holes`) without a second pass over networkx's."""

    nodes: list[Hashable]
    graph: igraph.Graph
    weights: list[float]
    ends: np.ndarray


def igraph_form(graph: nx.Graph) -> IGraphForm:
    """The igraph form of the undirected, simple ``graph`` (built once per graph).

    >>> form = igraph_form(nx.Graph([("a", "b", {"weight": 2.0}), ("b", "c")]))
    >>> form.nodes, form.graph.get_edgelist(), form.weights, form.ends.tolist()
    (['a', 'b', 'c'], [(0, 1), (1, 2)], [2.0, 1.0], [[0, 1], [1, 2]])
    """
    if graph.is_directed() or graph.is_multigraph():
        raise ValueError("igraph_form takes a simple undirected graph")
    cache = getattr(graph, "__networkx_cache__", None)
    found = cache.get(CACHE_KEY) if cache is not None else None
    if isinstance(found, IGraphForm):
        return found
    nodes = list(graph)
    index = {v: i for i, v in enumerate(nodes)}
    pairs = []
    weights = []
    for u, v, w in graph.edges(data="weight", default=1.0):
        pairs.append((index[u], index[v]))
        weights.append(float(w))
    ends = np.asarray(pairs, dtype=np.int32).reshape(-1, 2)
    ends.flags.writeable = False
    form = IGraphForm(
        nodes=nodes, graph=igraph.Graph(n=len(nodes), edges=pairs), weights=weights, ends=ends
    )
    if cache is not None:
        cache[CACHE_KEY] = form
    return form
