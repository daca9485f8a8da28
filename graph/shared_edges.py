"""The collaboration graph's edge data, held once per distinct value instead of once per edge.

On the 10,000-actor landscape the collaboration graph has about 440,000 ties, and each held
its own two dicts (``{"weight": ..., "ties": {kind: count}}``): about 190 MB per revision,
twice while a revision is recomputed. Almost all ties are alike (one shared working group,
one shared offering), and the weight follows from the tie counts, so a few hundred distinct
values cover them all. :func:`share_edge_data` makes every edge point at the one read-only
copy of its value.

Read-only, so a shared value cannot be changed for all edges by mistake: writing to it
raises ``TypeError`` (networkx's own algorithms copy a graph before changing its data, and
``dict(data)`` or ``data.copy()`` still give a plain, writable dict).
"""

from __future__ import annotations

from collections.abc import Hashable
from types import MappingProxyType
from typing import Any, NoReturn

import networkx as nx


class ReadOnlyDict(dict[str, Any]):
    """A dict that refuses every change (networkx needs a real dict as edge data)."""

    def _refuse(self, *_: object, **__: object) -> NoReturn:
        raise TypeError("shared edge data is read-only; copy it first (dict(data))")

    __setitem__ = __delitem__ = _refuse
    update = setdefault = pop = popitem = clear = _refuse
    __ior__ = _refuse


def _frozen(data: dict[str, Any]) -> Hashable:
    """A hashable stand-in for ``data`` (one level of nested dicts, as ``ties``); data
    with the same items in another order only count as another value."""
    return tuple(
        [(key, tuple(sorted(value.items())) if type(value) is dict else value)
         for key, value in data.items()]
    )  # fmt: skip


def _read_only(data: dict[str, Any]) -> ReadOnlyDict:
    return ReadOnlyDict(
        (key, MappingProxyType(dict(value)) if type(value) is dict else value)
        for key, value in data.items()
    )


def share_edge_data(graph: nx.Graph) -> int:
    """Make equal edge data of the undirected ``graph`` one read-only object; return how
    many distinct values remain. Data with an unhashable value (a list) stays as it is."""
    if graph.is_directed() or graph.is_multigraph():
        raise ValueError("only a simple undirected graph's edge data can be shared")
    shared: dict[Hashable, ReadOnlyDict] = {}
    adj = graph._adj
    for u, v, data in graph.edges(data=True):
        try:
            key = _frozen(data)
            one = shared.get(key)
        except TypeError:  # an unhashable value
            continue
        if one is None:
            one = shared[key] = _read_only(data)
        adj[u][v] = adj[v][u] = one
    return len(shared)
