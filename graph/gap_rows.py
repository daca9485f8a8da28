"""Every suggested introduction of a revision, held compactly and made into rows on demand.

Every candidate pair of actors without a tie is a gap row (a key a measure can address, a
count in the gap states). On the 10,000-actor landscape those are hundreds of thousands of
pairs; as :class:`~graph.analysis.introductions.Introduction` rows (names, shared topics,
places and groups, a German reason, a key) they held about 260 MB per revision, and two
revisions live while one is recomputed. Visitors read a page of the top suggestions (its
own cached value), the counts by state, and single rows by key. So the pairs are kept as
two node numbers and a score each (about 30 bytes a pair), and a row is built when one is
read: the same row, with the same key, as the analysis would have built.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

import networkx as nx
import numpy as np

from domain.gap_keys import gap_key
from graph.analysis.introductions import Introduction, RankedPairs, introduce
from graph.analysis.profiles import ActorProfile
from graph.analysis.typed import TypedGraph, id_of

KIND = "introduction"


class IntroductionRows(Sequence[Introduction]):
    """The ranked pairs of ``ranked`` (best first) as a read-only sequence of rows.

    ``typed``, ``collab`` and ``profiles`` are the revision's own (its snapshot holds them
    anyway); a row is built from them when read, never stored. The pairs stay numpy arrays
    (row numbers and scores), and the pairs by key are one sorted array of pair codes.
    """

    def __init__(
        self,
        typed: TypedGraph,
        collab: nx.Graph,
        profiles: Mapping[str, ActorProfile],
        ranked: RankedPairs,
    ) -> None:
        self._typed = typed
        self._collab = collab
        self._profiles = profiles
        self._nodes = ranked.actors
        self._ids = [id_of(typed, node) for node in self._nodes]
        self._by_id = {actor_id: i for i, actor_id in enumerate(self._ids)}
        self._a = ranked.first.astype(np.int32)
        self._b = ranked.second.astype(np.int32)
        self._score = ranked.scores
        codes = self._code(self._a.astype(np.int64), self._b.astype(np.int64))
        self._at = np.argsort(codes, kind="stable").astype(np.int32)
        self._codes = codes[self._at]

    def _code(self, a: Any, b: Any) -> Any:
        """One number per unordered pair of node numbers (of numbers or of arrays)."""
        return np.minimum(a, b) * len(self._nodes) + np.maximum(a, b)

    def __len__(self) -> int:
        return len(self._score)

    @overload
    def __getitem__(self, index: int) -> Introduction: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Introduction, ...]: ...

    def __getitem__(self, index: int | slice) -> Introduction | tuple[Introduction, ...]:
        if isinstance(index, slice):
            return tuple(self._row(i) for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._row(index)

    def __iter__(self) -> Iterator[Introduction]:
        return (self._row(i) for i in range(len(self)))

    def _row(self, i: int) -> Introduction:
        u, v = self._nodes[self._a[i]], self._nodes[self._b[i]]
        score = float(self._score[i])
        return introduce(self._typed, self._collab, self._profiles, u, v, score)

    def keys(self) -> Iterator[str]:
        """The key of every row, in rank order, without building the rows."""
        for a, b in zip(self._a.tolist(), self._b.tolist(), strict=True):
            yield gap_key(KIND, self._ids[a], self._ids[b], unordered=True)

    def position(self, key: str) -> int | None:
        """The rank (0 = best) of the row with ``key``, None when no row has it."""
        kind, *ids = key.split(":")
        if kind != KIND or len(ids) != 2 or not all(i in self._by_id for i in ids):
            return None
        code = self._code(self._by_id[ids[0]], self._by_id[ids[1]])
        found = int(np.searchsorted(self._codes, code))
        if found < len(self._codes) and self._codes[found] == code:
            return int(self._at[found])
        return None

    def holds(self, key: str) -> bool:
        """A row with ``key`` exists (the pair is still suggested)."""
        return self.position(key) is not None

    def find(self, key: str) -> Introduction | None:
        """The row with ``key``, None when the pair is not suggested (any more)."""
        at = self.position(key)
        return None if at is None else self._row(at)
