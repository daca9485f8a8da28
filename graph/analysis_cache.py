"""Projection and analysis results, cached by graph revision.

Every write advances the graph revision in its own transaction (``graph.revision``). A
cached value is valid for exactly one revision: a call reads the current revision (one small
query) and recomputes only when it moved. So a read after a write never sees a stale result,
and repeated analyses without writes cost no recomputation.

The cache is process-wide and thread-safe; a computation for a revision runs at most once
at a time (concurrent callers wait for it instead of repeating it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import neo4j
import networkx as nx

from graph.projection import project
from graph.revision import current_revision

T = TypeVar("T")


@dataclass
class RevisionCache:
    """Values computed from the typed graph, valid for one revision."""

    revision: int | None = None
    values: dict[Hashable, Any] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    computations: int = 0  # how often something was computed: tests and benchmarks read it

    def typed_graph(self, driver: neo4j.Driver, database: str) -> tuple[int, nx.MultiDiGraph]:
        """The projection of the current revision."""
        revision = current_revision(driver, database)
        with self.lock:
            if revision != self.revision:
                self.values = {}
                self.revision = revision
            if "typed" not in self.values:
                self.values["typed"] = project(driver, database)
                self.computations += 1
            return revision, self.values["typed"]

    def get(
        self,
        driver: neo4j.Driver,
        database: str,
        key: Hashable,
        compute: Callable[[nx.MultiDiGraph], T],
    ) -> T:
        """The value for ``key`` at the current revision, computed once per revision."""
        revision, typed = self.typed_graph(driver, database)
        with self.lock:
            if self.revision == revision and key in self.values:
                cached: T = self.values[key]
                return cached
            value = compute(typed)
            self.computations += 1
            if self.revision == revision:
                self.values[key] = value
            return value
