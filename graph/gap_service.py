"""The analyses as a service over the stored graph: projected, computed and cached by revision.

The GraphQL layer and the CLI ask this service, never networkx or Neo4j directly. Each
result is computed from the projection of one graph revision and kept until a newer one
replaces it (:class:`~graph.analysis_cache.RevisionCache`), so repeated questions cost one
small revision query and a dictionary lookup.

Two ways to ask: the service's own methods answer from the current revision (computing it
when needed: the CLI, the checks of a write); :meth:`GapService.newest` answers a visitor
from the newest finished result at once, while a background thread recomputes after writes
(debounced), and says whether a newer result is on its way.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import neo4j
import networkx as nx

from domain.gap_keys import gap_kind
from graph import revision as revisions
from graph.analysis import (
    ArticulationPoint,
    Bridge,
    CoordinationGaps,
    CoverageGap,
    CoverageGaps,
    Fragility,
    GapReport,
    Introduction,
    Introductions,
    LanguageGap,
    LanguageGaps,
    MissingMember,
    PeripheralActor,
    PeripheralActors,
    TopicWithoutGroup,
    Uncoordinated,
    UnrepresentedMunicipality,
    WorkingGroupGaps,
    betweenness,
    collaboration_graph,
    communities,
    coordination_gaps,
    coverage_gaps,
    fragile_points,
    gap_report,
    language_gaps,
    peripheral_actors,
    structural_holes,
    suggested_introductions,
    working_group_gaps,
)
from graph.analysis.brokers import STRUCTURAL_HOLES_ABOVE, Betweenness, Brokers, brokers
from graph.analysis.communities import Communities
from graph.analysis.introductions import ranked_pairs
from graph.analysis.network_map import NetworkMap, network_map
from graph.analysis.profiles import ActorProfile, actor_profiles
from graph.analysis.report import SharedInputs
from graph.analysis_cache import Recomputer, RevisionCache, Snapshot
from graph.gap_rows import KIND as INTRODUCTION
from graph.gap_rows import IntroductionRows
from graph.memory import collector_paused

SEED = 42
T = TypeVar("T")

GapRow = (
    CoverageGap
    | LanguageGap
    | PeripheralActor
    | ArticulationPoint
    | Bridge
    | Introduction
    | TopicWithoutGroup
    | MissingMember
    | UnrepresentedMunicipality
    | Uncoordinated
)
"""A row of a gap list: each has a stable ``key`` (``domain.gap_keys``)."""


@dataclass(frozen=True)
class ActorMeasures:
    """Network measures of one actor in the collaboration graph."""

    actor_id: str
    ties: int
    strength: float
    betweenness: float
    betweenness_sampled: bool
    community: int | None
    """Index of the actor's Louvain community (largest first); None when it has no tie."""
    effective_size: float | None
    constraint: float | None


PINNED = frozenset(
    {
        "collaboration",
        "betweenness",
        "community_index",
        "profiles",
        "actor_measures",
        "network_map",
        "gap_rows",
        "gap_rows_by_key",
    }
)
"""The warm set: what every visitor needs, recomputed after each write before a new result
replaces the old one (the first element of a key names its analysis)."""


def _pinned(key: Hashable) -> bool:
    return isinstance(key, tuple) and bool(key) and key[0] in PINNED


class Analyses:
    """Every analysis of one snapshot of the graph (``graph.analysis_cache.Snapshot``).

    Each method names its value by a key and says how to compute it from a snapshot (a
    *recipe* that reaches its inputs through the same snapshot), so a later snapshot can
    recompute what an earlier one was asked.
    """

    def __init__(self, snapshot: Snapshot | None = None, *, updating: bool = False) -> None:
        self._fixed = snapshot
        self.updating = updating
        """A newer result than this one is being computed."""

    def snapshot(self) -> Snapshot:
        if self._fixed is None:
            raise RuntimeError("Analyses without a snapshot")
        return self._fixed

    def _at(self) -> Analyses:
        """These analyses bound to one snapshot (so composite answers are consistent)."""
        return self

    def _get(self, key: tuple[Hashable, ...], recipe: Callable[[Snapshot], T]) -> T:
        return self.snapshot().get(key, recipe)

    def revision(self) -> int:
        return self.snapshot().revision

    def typed(self) -> nx.MultiDiGraph:
        return self.snapshot().typed

    def collaboration(self) -> nx.Graph:
        """The collaboration graph (its edge data held once per distinct value, read-only):
        it stays for the whole revision."""
        graph: nx.Graph = self._get(("collaboration",), lambda s: collaboration_graph(s.typed))
        return graph

    def report(self, top: int = 10, on_step: Callable[[str], None] | None = None) -> GapReport:
        """The full report; ``on_step`` hears the name of each analysis as it starts. It
        reads the revision's own collaboration graph, profiles and betweenness.

        It is built as a warm-set step is (:func:`warm`): full collections deferred, the
        one deferred run right after it in this thread. At 100,000 nodes the report ran
        three full collections (2.6 to 3.0 s) and took 24.3 to 28.6 s, against one
        (0.8 to 1.1 s) and 21.6 to 25.4 s (alternating on the bench's typed graph)."""

        def compute(s: Snapshot) -> GapReport:
            at = _on(s)
            shared = SharedInputs(at.collaboration, at.profiles, at.betweenness)
            return _settled(s, lambda: gap_report(s.typed, top=top, on_step=on_step, inputs=shared))

        return self._get(("report", top), compute)

    def coverage(
        self,
        *,
        municipality: str | None,
        topic: str | None,
        target_group: str | None,
        by_target_group: bool,
        top: int | None,
    ) -> CoverageGaps:
        key = ("coverage", municipality, topic, target_group, by_target_group, top)
        return self._get(
            key,
            lambda s: coverage_gaps(
                s.typed,
                by_target_group=by_target_group,
                municipality=municipality,
                topic=topic,
                target_group=target_group,
                top=top,
            ),
        )

    def languages(
        self, *, municipality: str | None, language: str | None, top: int | None
    ) -> LanguageGaps:
        return self._get(
            ("languages", municipality, language, top),
            lambda s: language_gaps(s.typed, municipality=municipality, language=language, top=top),
        )

    def peripheral(self, *, municipality: str | None, top: int | None) -> PeripheralActors:
        return self._get(
            ("peripheral", municipality, top),
            lambda s: peripheral_actors(
                s.typed, _on(s).collaboration(), municipality=municipality, top=top
            ),
        )

    def betweenness(self) -> Betweenness:
        """Betweenness of every actor, computed once per revision for brokers and measures."""
        return self._get(("betweenness",), lambda s: betweenness(_on(s).collaboration(), seed=SEED))

    def brokers(self, *, top: int) -> Brokers:
        def compute(s: Snapshot) -> Brokers:
            at = _on(s)
            return brokers(at.collaboration(), top=top, seed=SEED, precomputed=at.betweenness())

        return self._get(("brokers", top), compute)

    def fragility(self, *, top: int | None) -> Fragility:
        return self._get(
            ("fragility", top), lambda s: fragile_points(_on(s).collaboration(), top=top)
        )

    def communities(self, *, top: int | None) -> Communities:
        return self._get(
            ("communities", top),
            lambda s: communities(_on(s).collaboration(), s.typed, seed=SEED, top=top),
        )

    def introductions(
        self, *, municipality: str | None, topic: str | None, top: int
    ) -> Introductions:
        return self._get(
            ("introductions", municipality, topic, top),
            lambda s: suggested_introductions(
                s.typed,
                _on(s).collaboration(),
                top=top,
                municipality=municipality,
                topic=topic,
                profiles=_on(s).profiles(),
            ),
        )

    def working_groups(self, *, top: int | None) -> WorkingGroupGaps:
        return self._get(("working_groups", top), lambda s: working_group_gaps(s.typed, top=top))

    def coordination(self, *, top: int | None) -> CoordinationGaps:
        return self._get(("coordination", top), lambda s: coordination_gaps(s.typed, top=top))

    def gap_rows(self) -> dict[str, Sequence[GapRow]]:
        """Every gap row of every analysis by list name, all of them (not only a top),
        per revision: what a measure's gap keys and the counts by state are checked against.
        The introductions are every candidate pair, held compactly (``graph.gap_rows``).
        """
        return self._get(("gap_rows",), lambda s: _all_rows(_on(s)))

    def gap_reasons(self) -> dict[str, str]:
        """Every gap key of the revision with its reason as the analysis worded it (what
        ``graph.development`` keeps and compares), built once per revision: with every
        candidate pair an introduction, walking the rows takes seconds at 2,000 actors."""
        return self._get(("gap_reasons",), lambda s: _reasons(_on(s).gap_rows()))

    def gap_row(self, key: str) -> GapRow | None:
        """The current row of a gap key, None when that gap has closed (or never existed)."""
        rows = self.gap_rows()
        pairs = rows["introductions"]
        if isinstance(pairs, IntroductionRows) and gap_kind(key) == INTRODUCTION:
            return pairs.find(key)
        by_key: dict[str, GapRow] = self._get(
            ("gap_rows_by_key",),
            lambda s: {
                row.key: row
                for name, listed in _on(s).gap_rows().items()
                if not isinstance(listed, IntroductionRows)
                for row in listed
            },
        )
        return by_key.get(key)

    def actor_measures(self) -> dict[str, ActorMeasures]:
        """Measures of every actor, keyed by actor id (for fields on ``Actor``)."""

        def compute(s: Snapshot) -> dict[str, ActorMeasures]:
            at = _on(s)
            return _measures(at.collaboration(), at.betweenness(), at.community_index())

        return self._get(("actor_measures",), compute)

    def community_index(self) -> dict[str, int]:
        """The community index (1 = largest) of every actor id with a tie, per revision."""
        return self._get(
            ("community_index",),
            lambda s: {
                actor_id: community.index
                for community in communities(
                    _on(s).collaboration(), s.typed, seed=SEED, min_size=1
                ).communities
                for actor_id in community.actor_ids
            },
        )

    def profiles(self) -> dict[str, ActorProfile]:
        """What each actor works on, where and for whom, per revision."""
        profiles: dict[str, ActorProfile] = self._get(
            ("profiles",), lambda s: actor_profiles(s.typed)
        )
        return profiles

    def network_map(self) -> NetworkMap:
        """The drawable network, laid out once per revision (shared by every visitor)."""
        at = self._at()
        drawn: NetworkMap = at._get(("network_map",), _draw)
        return dataclasses.replace(drawn, revision=at.revision(), updating=at.updating)


def _on(snapshot: Snapshot) -> Analyses:
    return Analyses(snapshot)


def _draw(s: Snapshot) -> NetworkMap:
    at = _on(s)
    collab = at.collaboration()
    between = at.betweenness()
    by_id = at.community_index()
    community_of = {
        node: by_id[actor_id]
        for node, actor_id in collab.nodes(data="id")
        if actor_id in by_id and collab.degree(node) > 0
    }
    return network_map(
        collab,
        s.typed,
        community_of=community_of,
        betweenness=between.values,
        betweenness_sampled=between.sampled,
        profiles=at.profiles(),
        seed=SEED,
    )


def _all_rows(at: Analyses) -> dict[str, Sequence[GapRow]]:
    coverage = at.coverage(
        municipality=None, topic=None, target_group=None, by_target_group=False, top=None
    )
    by_group = at.coverage(
        municipality=None, topic=None, target_group=None, by_target_group=True, top=None
    )
    fragility = at.fragility(top=None)
    groups = at.working_groups(top=None)
    everything = sys.maxsize  # introductions are ranked by score; all pairs are gaps
    collab, profiles = at.collaboration(), at.profiles()
    pairs = ranked_pairs(at.typed(), collab, profiles, top=everything)
    return {
        "coverage": coverage.gaps,
        "coverageByTargetGroup": by_group.gaps,
        "languages": at.languages(municipality=None, language=None, top=None).gaps,
        "peripheralActors": at.peripheral(municipality=None, top=None).actors,
        "keyActors": fragility.articulation_points,
        "bridges": fragility.bridges,
        "introductions": IntroductionRows(at.typed(), collab, profiles, pairs),
        "topicsWithoutGroup": groups.topics_without_group,
        "missingMembers": groups.missing_members,
        "unrepresentedMunicipalities": groups.unrepresented_municipalities,
        "uncoordinated": at.coordination(top=None).uncoordinated,
    }


def _reason_of(row: GapRow) -> str:
    """A row's reason in one line (rows with several reasons join them with "; ")."""
    reason = getattr(row, "reason", None)
    if isinstance(reason, str):
        return reason
    return "; ".join(str(r) for r in getattr(row, "reasons", ()))


def _reasons(rows: Mapping[str, Sequence[GapRow]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for listed in rows.values():
        for row in listed:
            found.setdefault(row.key, _reason_of(row))
    return found


def warm(snapshot: Snapshot) -> None:
    """Compute the warm set on a new snapshot: the gap lists, the measures and the map.

    Each step builds with Python's full collections deferred (``graph.memory``), and the
    one it deferred runs right after it in this thread (``settle``), not in a visitor's."""
    at = _on(snapshot)
    for step in (lambda: at.gap_row(""), at.actor_measures, at.network_map):
        _settled(snapshot, step)


def _settled(snapshot: Snapshot, build: Callable[[], T]) -> T:
    """``build()`` with full collections deferred, then the deferred one run here, in this
    thread (``Snapshot.settle``), not in another thread's small request."""
    with collector_paused():
        value = build()
    snapshot.settle()
    return value


@dataclass(frozen=True)
class AnalysisStatus:
    """Where the analyses stand: which revision the answers come from, and whether a newer
    result is being computed (``graph.analysis_cache.CacheStatus``)."""

    revision: int | None
    latest_revision: int | None
    computed_at: datetime | None
    updating: bool


class GapService(Analyses):
    """The analyses of the graph in ``database``, cached by revision.

    Called directly (the CLI, the checks of a write, exports), every method answers from the
    current revision, computing it when needed. The API's visitors ask :meth:`newest`
    instead: the newest finished result at once, recomputed in the background after writes
    once :meth:`start` runs the recomputer (``graph.analysis_cache``).
    """

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        cache: RevisionCache | None = None,
        *,
        wait: float = 0.0,
    ) -> None:
        super().__init__()
        self.driver = driver
        self.database = database
        self.cache = cache or RevisionCache(warm=warm, pinned=_pinned)
        self.wait = wait
        """Seconds a visitor waits for a recomputation under way before being answered
        from the previous result (0: never waits; tests set it to see their own writes)."""
        self.recomputer: Recomputer | None = None

    def snapshot(self) -> Snapshot:
        return self.cache.current(self.driver, self.database)

    def _at(self) -> Analyses:
        return Analyses(self.snapshot())

    def start(self, *, debounce: float = 0.5, max_delay: float = 5.0) -> None:
        """Recompute in the background from now on: after writes, debounced."""
        if self.recomputer is None:
            self.recomputer = Recomputer(
                self.cache, self.driver, self.database, debounce=debounce, max_delay=max_delay
            ).start()
            revisions.listen(self.written)

    def stop(self) -> None:
        if self.recomputer is not None:
            revisions.unlisten(self.written)
            self.recomputer.stop()
            self.recomputer = None

    def written(self, new_revision: int) -> None:
        """A write in this process committed ``new_revision``: recompute (debounced)."""
        if self.recomputer is not None:
            self.recomputer.notify(new_revision)

    def newest(self) -> Analyses:
        """The newest finished analyses, for a visitor: never waits for a recomputation
        (longer than ``wait``), except for the very first result of the process."""
        latest = revisions.current_revision(self.driver, self.database)
        recomputer = self.recomputer
        newest = self.cache.newest
        if recomputer is None or not recomputer.running or newest is None:
            snapshot = self.cache.snapshot_at_least(self.driver, self.database, latest)
            if recomputer is not None and not snapshot.warm:
                recomputer.notify()
            return Analyses(snapshot, updating=self._updating(snapshot))
        if newest.revision < latest:
            self.cache.saw(latest)
            if self.wait > 0:
                recomputer.hurry()
                newest = self.cache.wait_for(latest, self.wait) or newest
            else:
                recomputer.notify()
        return Analyses(newest, updating=self._updating(newest))

    def _updating(self, snapshot: Snapshot) -> bool:
        return self.cache.latest_seen > snapshot.revision

    def status(self) -> AnalysisStatus:
        """Where the analyses stand; reads the revision (a write through another process
        shows here, and starts the recomputation)."""
        latest = revisions.current_revision(self.driver, self.database)
        self.cache.saw(latest)
        newest = self.cache.newest
        if self.recomputer is not None and (newest is None or newest.revision < latest):
            self.recomputer.notify()
        found = self.cache.status()
        return AnalysisStatus(
            revision=found.revision,
            latest_revision=found.latest_revision,
            computed_at=found.computed_at,
            updating=found.updating,
        )


def _measures(
    collab: nx.Graph, between: Betweenness, community_of: dict[str, int]
) -> dict[str, ActorMeasures]:
    connected = [node for node, neighbours in collab.adjacency() if neighbours]
    holes = structural_holes(collab, connected) if len(connected) <= STRUCTURAL_HOLES_ABOVE else {}
    measures = {}
    for node, neighbours in collab.adjacency():
        actor_id = str(collab.nodes[node].get("id", node.split(":", 1)[-1]))
        hole = holes.get(node)
        measures[actor_id] = ActorMeasures(
            actor_id=actor_id,
            ties=len(neighbours),
            strength=float(sum(data.get("weight", 1.0) for data in neighbours.values())),
            betweenness=float(between.values.get(node, 0.0)),
            betweenness_sampled=between.sampled,
            community=community_of.get(actor_id) if neighbours else None,
            effective_size=hole.effective_size if hole else None,
            constraint=hole.constraint if hole else None,
        )
    return measures
