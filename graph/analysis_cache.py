"""Projection and analysis results by graph revision, recomputed in the background.

Every write advances the graph revision in its own transaction (``graph.revision``). The
analyses of one revision live in a :class:`Snapshot`: the projection (the typed graph) and
the values computed from it. The cache keeps the *newest finished* snapshot, and while a
newer one is built, that one too; nothing older (so memory holds at most two projections,
however many revisions go by).

Two ways to ask:

- :meth:`RevisionCache.snapshot_at_least` (the CLI, the checks of a write, exports): the
  snapshot of at least the given revision; when it does not exist yet, it is built in the
  calling thread (or the caller waits for the build under way), as before.
- the visitors of the API ask :class:`~graph.gap_service.GapService` for its newest
  snapshot: when a write moved the revision, they are answered from the previous snapshot
  at once, told that a newer one is coming, and :class:`Recomputer` builds it in a
  background thread.

The recomputer is *debounced*: a write only marks the analyses as outdated; the build starts
once no write came for ``debounce`` seconds (at the latest ``max_delay`` after the first),
and reads the graph as it is then. A build reads the revision in the same transaction as the
graph, so a burst of writes costs one build, and writes that arrive during a build cost one
more, not one each.

A snapshot's values are bounded: the analyses every visitor needs (``pinned`` keys, the
*warm set*) stay; values asked with arguments (a municipality, a ``top``) are kept in a
least-recently-used order, at most ``size`` of them, so endless distinct arguments only
evict. A new snapshot recomputes the warm set and the argument values the previous one
held, before it replaces it: the next visitor finds them ready.

With several server processes (``serve --workers N``), each process has its own cache and
recomputer: a write through one process is noticed at once there, and by the others at
their next analysis read (each read checks the revision, one small query). Each process
then recomputes on its own, once per burst.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import neo4j
import networkx as nx

from graph import memory
from graph.projection import project_with_revision as project_with_revision
from graph.revision import current_revision

T = TypeVar("T")
log = logging.getLogger(__name__)

ARGUMENT_VALUES = 64
"""Values asked with arguments kept per snapshot (least recently used go first)."""

TRIM_ABOVE = 20_000
"""Nodes and relationships of a replaced projection from which its memory is given back to
the system (``graph.memory.trim``). A trim collects the cycles of the whole process first,
with the GIL held: 0.08 to 0.13 s in a test process of 240,000 objects, more beside a large
result. That pays where a replaced result held hundreds of megabytes, not for the county's
3,306 (Gifhorn), whose freed pages the next result reuses anyway; the test workers spent
about 7 % of their samples in trims (py-spy, a full ``make test``)."""

Recipe = Callable[["Snapshot"], Any]
"""How a value is computed from a snapshot; kept with the value to recompute it later."""


class Snapshot:
    """The projection of one revision and the values computed from it (thread-safe).

    A value is computed at most once at a time: a second caller of the same key waits for
    the first instead of repeating the work.
    """

    def __init__(
        self,
        revision: int,
        typed: nx.MultiDiGraph,
        *,
        pinned: Callable[[Hashable], bool],
        size: int = ARGUMENT_VALUES,
        counted: Callable[[], None] = lambda: None,
    ) -> None:
        self.revision = revision
        self.typed = typed
        self.elements = typed.number_of_nodes() + typed.number_of_edges()
        """The projection's nodes and relationships (whether its memory is worth a trim)."""
        self.computed_at = datetime.now(UTC)
        self.warm = False
        """True once the warm set and the previous snapshot's values are computed."""
        self.inherited: list[tuple[Hashable, Recipe]] = []
        """The previous snapshot's values, as recipes, while this one is not warm yet."""
        self._pinned = pinned
        self._size = size
        self._counted = counted
        self._values: OrderedDict[Hashable, Any] = OrderedDict()
        self._recipes: dict[Hashable, Recipe] = {}
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[Snapshot], T]) -> T:
        """The value of ``key``, computed from this snapshot on first use."""
        found, value = self._lookup(key)
        if found:
            return value  # type: ignore[no-any-return]
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        try:
            with key_lock:
                found, value = self._lookup(key)
                if found:
                    return value  # type: ignore[no-any-return]
                computed = compute(self)
                self._counted()
                self._store(key, computed, compute)
        finally:  # also when ``compute`` fails (an unknown id): no lock is left behind
            with self._lock:
                self._key_locks.pop(key, None)
        return computed

    def _lookup(self, key: Hashable) -> tuple[bool, Any]:
        with self._lock:
            if key not in self._values:
                return False, None
            self._values.move_to_end(key)
            return True, self._values[key]

    def _store(self, key: Hashable, value: Any, recipe: Recipe) -> None:
        with self._lock:
            self._values[key] = value
            self._recipes[key] = recipe
            unpinned = [k for k in self._values if not self._pinned(k)]
            for oldest in unpinned[: max(0, len(unpinned) - self._size)]:
                del self._values[oldest]
                del self._recipes[oldest]

    def recipes(self) -> list[tuple[Hashable, Recipe]]:
        """The values held, as (key, recipe), oldest use first: what a successor recomputes."""
        with self._lock:
            return [(key, self._recipes[key]) for key in self._values]

    def computing(self) -> int:
        """Values being computed right now (each holds a lock until it is done)."""
        with self._lock:
            return len(self._key_locks)

    def settle(self) -> None:
        """Give back to the system what computing a value left freed (``graph.memory.trim``),
        when this snapshot is large (:data:`TRIM_ABOVE`): a recomputation builds its values
        beside the previous result, and the garbage of each step (the projection's rows, the
        tie lists of the collaboration graph) would otherwise be added to that peak."""
        if self.elements >= TRIM_ABOVE:
            memory.trim()

    def entries(self) -> tuple[int, int]:
        """(pinned, with arguments): how many values this snapshot holds."""
        with self._lock:
            pinned = sum(1 for key in self._values if self._pinned(key))
            return pinned, len(self._values) - pinned


@dataclass(frozen=True)
class CacheStatus:
    """Where the analyses stand, for the API's ``analysisStatus`` and operators."""

    revision: int | None
    """The revision of the newest finished analyses (None: none computed yet)."""
    computed_at: datetime | None
    latest_revision: int | None
    """The newest revision this process knows of (from its writes and reads)."""
    updating: bool
    """A newer revision exists than the one the answers come from: its result is being
    computed (or is due)."""
    builds: int


class RevisionCache:
    """The newest finished snapshot, and how to make a newer one.

    ``warm`` computes what every visitor needs on a new snapshot (the gap service passes
    its warm set); ``pinned`` tells those keys apart from values asked with arguments.
    """

    def __init__(
        self,
        warm: Callable[[Snapshot], None] | None = None,
        pinned: Callable[[Hashable], bool] | None = None,
        size: int = ARGUMENT_VALUES,
    ) -> None:
        self.warm_set = warm or (lambda _: None)
        self.pinned = pinned or (lambda _: False)
        self.size = size
        self.newest: Snapshot | None = None
        self.computations = 0
        """How often something was computed (projections and values): tests read it."""
        self.builds = 0
        """How many snapshots were built (each one projection of the graph)."""
        self.latest_seen = 0
        self.building = False
        self.releases = 0
        """How often freed memory was given back after a snapshot was replaced."""
        self._replaced = 0
        """Elements of the projection the last build replaced, until :meth:`release`."""
        self._build_lock = threading.Lock()
        self._changed = threading.Condition()

    def _count(self) -> None:
        self.computations += 1

    # --- asking -------------------------------------------------------------------------

    def snapshot_at_least(self, driver: neo4j.Driver, database: str, revision: int) -> Snapshot:
        """A snapshot of ``revision`` or newer; built in this thread when there is none."""
        self.saw(revision)
        newest = self.newest
        if newest is not None and newest.revision >= revision:
            return newest
        with self._build_lock:
            newest = self.newest
            if newest is not None and newest.revision >= revision:
                return newest
            newest = None  # no reference left here to the result being replaced
            built = self._build(driver, database, warm=False)
        self.release()
        return built

    def current(self, driver: neo4j.Driver, database: str) -> Snapshot:
        """The snapshot of the current revision (one small query when it exists)."""
        return self.snapshot_at_least(driver, database, current_revision(driver, database))

    def get(
        self, driver: neo4j.Driver, database: str, key: Hashable, compute: Callable[[Any], T]
    ) -> T:
        """The value of ``key`` at the current revision; ``compute`` gets the typed graph."""
        return self.current(driver, database).get(key, lambda s: compute(s.typed))

    def wait_for(self, revision: int, seconds: float) -> Snapshot | None:
        """The newest snapshot once it reaches ``revision``, or after ``seconds``."""
        deadline = time.monotonic() + seconds
        with self._changed:
            while self.newest is None or self.newest.revision < revision:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._changed.wait(left)
            return self.newest

    def saw(self, revision: int) -> None:
        """Note that ``revision`` exists (a write here, or a read that found it)."""
        if revision > self.latest_seen:
            self.latest_seen = revision

    def status(self) -> CacheStatus:
        newest = self.newest
        if newest is None:
            return CacheStatus(None, None, self.latest_seen or None, True, self.builds)
        return CacheStatus(
            revision=newest.revision,
            computed_at=newest.computed_at,
            latest_revision=max(self.latest_seen, newest.revision),
            updating=self.latest_seen > newest.revision,
            builds=self.builds,
        )

    def entries(self) -> tuple[int, int]:
        """(pinned, with arguments) values of the newest snapshot."""
        return self.newest.entries() if self.newest else (0, 0)

    def release(self) -> None:
        """After a snapshot replaced an older one: give the older one's memory back to the
        system (``graph.memory.trim``), so the process shrinks to what it holds; only when
        the older one was large (:data:`TRIM_ABOVE`), never after a process's first build."""
        replaced, self._replaced = self._replaced, 0
        if replaced >= TRIM_ABOVE and memory.trim():
            self.releases += 1

    # --- building -----------------------------------------------------------------------

    def rebuild(self, driver: neo4j.Driver, database: str) -> Snapshot | None:
        """Bring the analyses to the current revision, warm set included (the recomputer's
        step); None when they already are."""
        revision = current_revision(driver, database)
        self.saw(revision)
        with self._build_lock:
            newest = self.newest
            if newest is not None and newest.revision >= revision:
                if not newest.warm:  # built for an impatient first caller: warm it now
                    self._warm(newest, newest.inherited)
                return None
            return self._build(driver, database, warm=True)

    def _build(self, driver: neo4j.Driver, database: str, *, warm: bool) -> Snapshot:
        """Project the graph (revision read in the same transaction) and install the new
        snapshot: after warming it when ``warm``, at once otherwise."""
        self.building = True
        try:
            revision, typed = project_with_revision(driver, database)
            self._count()
            self.saw(revision)
            snapshot = Snapshot(
                revision, typed, pinned=self.pinned, size=self.size, counted=self._count
            )
            previous = self.newest.recipes() if self.newest is not None else []
            if warm:
                self._warm(snapshot, previous)
            else:  # the recomputer warms it later, with what visitors asked before
                snapshot.inherited = previous
            with self._changed:
                if self.newest is not None:  # two builds before one release: the larger
                    self._replaced = max(self._replaced, self.newest.elements)
                self.newest = snapshot
                self.builds += 1
                self._changed.notify_all()
            return snapshot
        finally:
            self.building = False

    def _warm(self, snapshot: Snapshot, previous: Iterable[tuple[Hashable, Recipe]]) -> None:
        snapshot.settle()  # the projection's rows
        self.warm_set(snapshot)
        for key, recipe in previous:
            try:
                snapshot.get(key, recipe)
            except Exception:  # e.g. its municipality was deleted: asked again, it says so
                log.info("a value of the previous analyses no longer computes: %r", key)
        snapshot.warm = True
        snapshot.inherited = []


class Recomputer:
    """A daemon thread that brings the cache to the newest revision after writes, debounced.

    ``notify()`` (after a write, or when a read finds the revision moved) marks the analyses
    outdated; the build starts once ``debounce`` seconds pass without another notice, at the
    latest ``max_delay`` after the first; ``hurry()`` starts it at once (a caller waits).
    """

    def __init__(
        self,
        cache: RevisionCache,
        driver: neo4j.Driver,
        database: str,
        *,
        debounce: float = 0.5,
        max_delay: float = 5.0,
        retry: float = 5.0,
    ) -> None:
        self.cache = cache
        self.driver = driver
        self.database = database
        self.debounce = debounce
        self.max_delay = max_delay
        self.retry = retry
        self.failures = 0
        self._wake = threading.Condition()
        self._dirty = False
        self._hurry = False
        self._first = 0.0
        self._last = 0.0
        self._stopping = False
        self._busy = False
        self._thread = threading.Thread(target=self._run, name="analysis-recomputer", daemon=True)

    @property
    def running(self) -> bool:
        return self._thread.is_alive() and not self._stopping

    @property
    def pending(self) -> bool:
        """A notice came that no build has taken up yet."""
        return self._dirty

    def start(self) -> Recomputer:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def notify(self, revision: int | None = None) -> None:
        if revision is not None:
            self.cache.saw(revision)
        now = time.monotonic()
        with self._wake:
            if not self._dirty:
                self._first = now
            self._dirty = True
            self._last = now
            self._wake.notify_all()

    def hurry(self) -> None:
        with self._wake:
            self._dirty = True
            self._hurry = True
            self._wake.notify_all()

    def _due(self) -> float:
        """Seconds until the build is due (<= 0: now)."""
        if self._hurry:
            return 0.0
        now = time.monotonic()
        return min(self._last + self.debounce, self._first + self.max_delay) - now

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no notice is pending and no step runs (tests, benchmarks); False when
        ``timeout`` seconds passed first."""
        deadline = time.monotonic() + timeout
        with self._wake:
            while self._dirty or self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._wake.wait(left)
            return True

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._stopping and not self._dirty:
                    self._wake.wait()
                while not self._stopping and (wait := self._due()) > 0:
                    self._wake.wait(wait)
                if self._stopping:
                    return
                self._dirty = False
                self._hurry = False
                self._busy = True
            try:
                if self.cache.rebuild(self.driver, self.database) is not None:
                    self.cache.release()  # the previous result is gone: return its pages
                self.failures = 0
            except Exception:
                self.failures += 1
                log.warning("analysis recomputation failed; retrying", exc_info=True)
                with self._wake:
                    self._wake.wait(self.retry)
                    self._dirty = True
                    self._first = self._last = time.monotonic() - self.debounce
            finally:
                with self._wake:
                    self._busy = False
                    self._wake.notify_all()
