"""The evidence graph of the suggested introductions, as a sparse matrix.

The introductions score pairs of actors by what they share in the *evidence graph* $H$:
the actors, their collaboration ties, and one node per topic, municipality and target
group joined to each actor that has it (:mod:`graph.analysis.introductions`). Held as a
networkx graph and scored pair by pair in Python, a landscape of 100,000 nodes (38,000
actors, 1.6 million ties, 1.5 million candidate pairs) took 18 s; most of it went into
intersecting Python sets and summing one term per shared neighbour.

Here $H$ is a sparse 0/1 matrix $B$ with one row per actor and one column per node of
$H$, and the score of a pair $(u, v)$ is a sum over the columns both rows hold:

- Adamic-Adar: $\\sum_z B_{uz} B_{vz} / \\log d_z$;
- resource allocation: $\\sum_z B_{uz} B_{vz} / d_z$;
- Jaccard: $c / (d_u + d_v - c)$ with $c = \\sum_z B_{uz} B_{vz}$,

with $d$ the degrees in $H$: the formulas of :func:`networkx.adamic_adar_index`,
:func:`networkx.resource_allocation_index` and :func:`networkx.jaccard_coefficient`
(the tests compare them), computed by SciPy's compiled row products in chunks.

Rows are in the order of the actors' keys, so that a pair's row numbers order pairs as
their keys do (the tie-break of a ranking).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import networkx as nx
import numpy as np
import scipy.sparse as sp

Method = Literal["adamic_adar", "resource_allocation", "jaccard"]
METHODS = ("adamic_adar", "resource_allocation", "jaccard")

CHUNK = 50_000
"""Pairs scored per sparse product: about 100 shared-neighbour candidates each, so a chunk
holds some 10 million entries (120 MB) at most."""

DIGITS = 12
"""Scores are ranked rounded to this many decimals: sums of the same terms in another order
differ in their last bits, and such ties are broken by the actors' keys, not by those bits."""


def check_method(method: str) -> None:
    """Refuse an unknown link-prediction score (before any work is done for it)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {sorted(METHODS)}")


def _weights(degree: np.ndarray, method: Method) -> np.ndarray:
    """Each node's share of a pair's score when it is a shared neighbour: the terms of
    Adamic-Adar and resource allocation; Jaccard counts the shared neighbours."""
    if method == "jaccard":
        return np.ones_like(degree)
    with np.errstate(divide="ignore"):  # a shared neighbour has degree 2 or more
        if method == "adamic_adar":
            return np.where(degree > 1, 1 / np.log(degree), 0.0)
        return np.where(degree > 0, 1 / degree, 0.0)


@dataclass(frozen=True)
class Evidence:
    """The evidence graph $H$: a row per actor, a column per node, and the degrees."""

    actors: list[str]
    """The actors in row order (sorted keys)."""
    row: dict[str, int]
    matrix: sp.csr_array
    """``matrix[i, j]`` is 1 when node ``j`` is a neighbour of actor ``actors[i]`` in $H$."""
    degree: np.ndarray
    """The degree in $H$ of each column's node."""

    @classmethod
    def of(cls, collab: nx.Graph, attributes: Mapping[str, Iterable[str]]) -> Evidence:
        """$H$ of the collaboration graph and each actor's attributes (topics,
        municipalities, target groups: node keys of the typed graph).

        >>> collab = nx.Graph([("A:a", "A:b")])
        >>> h = Evidence.of(collab, {"A:a": ["T:x"], "A:c": ["T:x"]})
        >>> h.actors, h.matrix.toarray().astype(int).tolist(), h.degree.tolist()
        (['A:a', 'A:b', 'A:c'], [[0, 1, 0, 1], [1, 0, 0, 0], [0, 0, 0, 1]], [2, 1, 1, 2])

        A tie of an actor with itself is no evidence:

        >>> Evidence.of(nx.Graph([("a", "a"), ("a", "b")]), {}).matrix.toarray().tolist()
        [[0.0, 1.0], [1.0, 0.0]]
        """
        actors = sorted(set(collab) | set(attributes))
        row = {a: i for i, a in enumerate(actors)}
        column = dict(row)  # an actor's column is its row number; attributes follow
        held = {a: tuple(dict.fromkeys(attributes.get(a, ()))) for a in actors}
        for values in held.values():
            for x in values:
                column.setdefault(x, len(column))
        adj = collab._adj
        at = column.__getitem__  # map() with a bound method: no Python frame per entry
        indices: list[int] = []
        lengths: list[int] = []
        for a in actors:
            before = len(indices)
            indices.extend(map(at, adj.get(a, ())))
            indices.extend(map(at, held[a]))
            lengths.append(len(indices) - before)
        found = np.asarray(indices, dtype=np.int64)
        own = np.repeat(np.arange(len(actors), dtype=np.int64), lengths)
        kept = found != own  # a self-loop is an actor's own column, which is its row number
        indptr = np.zeros(len(actors) + 1, dtype=np.int64)
        np.cumsum(np.bincount(own[kept], minlength=len(actors)), out=indptr[1:])
        matrix = sp.csr_array(
            (np.ones(int(kept.sum()), dtype=np.float64), found[kept], indptr),
            shape=(len(actors), len(column)),
        )
        matrix.sort_indices()
        # an actor's degree is its row's length; an attribute's, the actors that hold it
        degree = np.bincount(matrix.indices, minlength=len(column))
        degree[: len(actors)] = np.diff(matrix.indptr)
        return cls(actors, row, matrix, degree)

    def tied(self) -> np.ndarray:
        """Pair codes of the actors tied in the collaboration graph (each pair once).

        >>> Evidence.of(nx.Graph([("a", "b"), ("b", "c")]), {"a": ["T:x"]}).tied().tolist()
        [1, 5]
        """
        n = len(self.actors)
        rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(self.matrix.indptr))
        columns = self.matrix.indices.astype(np.int64)
        tie = (columns < n) & (rows < columns)  # an actor's neighbour, not an attribute
        return pair_codes(rows[tie], columns[tie], n)

    def scores(self, u: np.ndarray, v: np.ndarray, method: Method) -> np.ndarray:
        """The score of each pair ``(u[i], v[i])`` of row numbers.

        >>> h = Evidence.of(nx.Graph([("a", "z"), ("b", "z"), ("c", "z")]), {})
        >>> h.scores(np.array([0]), np.array([1]), "resource_allocation").tolist()
        [0.3333333333333333]
        """
        check_method(method)
        degree = self.degree.astype(np.float64)
        weight = _weights(degree, method)
        found = np.empty(len(u), dtype=np.float64)
        for start in range(0, len(u), CHUNK):
            part = slice(start, start + CHUNK)
            shared = self.matrix[u[part]].multiply(self.matrix[v[part]])
            found[part] = shared @ weight
        if method == "jaccard":
            union = degree[u] + degree[v] - found
            found = np.divide(found, union, out=np.zeros_like(found), where=union > 0)
        return found

    def ranked(
        self, u: np.ndarray, v: np.ndarray, method: Method, top: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The ``top`` pairs by score, best first, as their row numbers and scores; equal
        scores in the order of the keys.

        >>> h = Evidence.of(nx.Graph([("a", "z"), ("b", "z"), ("c", "z"), ("c", "y")]), {})
        >>> [x.tolist() for x in h.ranked(np.array([0, 0]), np.array([1, 2]), "jaccard", 5)]
        [[0, 0], [1, 2], [1.0, 0.5]]
        """
        found = self.scores(u, v, method)
        order = np.lexsort((v, u, -np.round(found, DIGITS)))[:top]
        return u[order], v[order], found[order]


def pair_codes(u: np.ndarray, v: np.ndarray, n: int) -> np.ndarray:
    """One integer per pair of row numbers (``u < v``), ordered as the pairs are."""
    return u.astype(np.int64) * n + v.astype(np.int64)
