"""The analyses as a service over the stored graph: projected, computed and cached by revision.

The GraphQL layer and the CLI ask this service, never networkx or Neo4j directly. Each
result is computed from the projection of the current graph revision and kept until the next
write advances the revision (:class:`~graph.analysis_cache.RevisionCache`), so repeated
questions cost one small revision query and a dictionary lookup.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import neo4j
import networkx as nx

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
from graph.analysis.network_map import NetworkMap, network_map
from graph.analysis.profiles import ActorProfile, actor_profiles
from graph.analysis_cache import RevisionCache

SEED = 42

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


@dataclass
class GapService:
    """Cached analyses of the graph in ``database``."""

    driver: neo4j.Driver
    database: str
    cache: RevisionCache = field(default_factory=RevisionCache)

    def revision(self) -> int:
        return self.cache.typed_graph(self.driver, self.database)[0]

    def typed(self) -> nx.MultiDiGraph:
        return self.cache.typed_graph(self.driver, self.database)[1]

    def collaboration(self) -> nx.Graph:
        graph: nx.Graph = self.cache.get(
            self.driver, self.database, ("collaboration",), collaboration_graph
        )
        return graph

    def report(self, top: int = 10, on_step: Callable[[str], None] | None = None) -> GapReport:
        """The full report; ``on_step`` hears the name of each analysis as it starts."""
        return self.cache.get(
            self.driver,
            self.database,
            ("report", top),
            lambda t: gap_report(t, top=top, on_step=on_step),
        )

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
        return self.cache.get(
            self.driver,
            self.database,
            key,
            lambda t: coverage_gaps(
                t,
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
        return self.cache.get(
            self.driver,
            self.database,
            ("languages", municipality, language, top),
            lambda t: language_gaps(t, municipality=municipality, language=language, top=top),
        )

    def peripheral(self, *, municipality: str | None, top: int | None) -> PeripheralActors:
        collab = self.collaboration()
        return self.cache.get(
            self.driver,
            self.database,
            ("peripheral", municipality, top),
            lambda t: peripheral_actors(t, collab, municipality=municipality, top=top),
        )

    def betweenness(self) -> Betweenness:
        """Betweenness of every actor, computed once per revision for brokers and measures."""
        collab = self.collaboration()
        return self.cache.get(
            self.driver, self.database, ("betweenness",), lambda _: betweenness(collab, seed=SEED)
        )

    def brokers(self, *, top: int) -> Brokers:
        collab = self.collaboration()
        between = self.betweenness()
        return self.cache.get(
            self.driver,
            self.database,
            ("brokers", top),
            lambda _: brokers(collab, top=top, seed=SEED, precomputed=between),
        )

    def fragility(self, *, top: int | None) -> Fragility:
        collab = self.collaboration()
        return self.cache.get(
            self.driver,
            self.database,
            ("fragility", top),
            lambda _: fragile_points(collab, top=top),
        )

    def communities(self, *, top: int | None) -> Communities:
        collab = self.collaboration()
        return self.cache.get(
            self.driver,
            self.database,
            ("communities", top),
            lambda t: communities(collab, t, seed=SEED, top=top),
        )

    def introductions(
        self, *, municipality: str | None, topic: str | None, top: int
    ) -> Introductions:
        collab = self.collaboration()
        return self.cache.get(
            self.driver,
            self.database,
            ("introductions", municipality, topic, top),
            lambda t: suggested_introductions(
                t, collab, top=top, municipality=municipality, topic=topic
            ),
        )

    def working_groups(self, *, top: int | None) -> WorkingGroupGaps:
        return self.cache.get(
            self.driver,
            self.database,
            ("working_groups", top),
            lambda t: working_group_gaps(t, top=top),
        )

    def coordination(self, *, top: int | None) -> CoordinationGaps:
        return self.cache.get(
            self.driver,
            self.database,
            ("coordination", top),
            lambda t: coordination_gaps(t, top=top),
        )

    def gap_rows(self) -> dict[str, tuple[GapRow, ...]]:
        """Every gap row of every analysis by list name, all of them (not only a top),
        per revision: what a measure's gap keys and the counts by state are checked against.
        """
        coverage = self.coverage(
            municipality=None, topic=None, target_group=None, by_target_group=False, top=None
        )
        by_group = self.coverage(
            municipality=None, topic=None, target_group=None, by_target_group=True, top=None
        )
        fragility = self.fragility(top=None)
        groups = self.working_groups(top=None)
        everything = sys.maxsize  # introductions are ranked by score; all pairs are gaps
        return {
            "coverage": coverage.gaps,
            "coverageByTargetGroup": by_group.gaps,
            "languages": self.languages(municipality=None, language=None, top=None).gaps,
            "peripheralActors": self.peripheral(municipality=None, top=None).actors,
            "keyActors": fragility.articulation_points,
            "bridges": fragility.bridges,
            "introductions": self.introductions(
                municipality=None, topic=None, top=everything
            ).suggestions,
            "topicsWithoutGroup": groups.topics_without_group,
            "missingMembers": groups.missing_members,
            "unrepresentedMunicipalities": groups.unrepresented_municipalities,
            "uncoordinated": self.coordination(top=None).uncoordinated,
        }

    def gap_row(self, key: str) -> GapRow | None:
        """The current row of a gap key, None when that gap has closed (or never existed)."""
        lists = self.gap_rows()
        by_key: dict[str, GapRow] = self.cache.get(
            self.driver,
            self.database,
            ("gap_rows_by_key",),
            lambda _: {row.key: row for rows in lists.values() for row in rows},
        )
        return by_key.get(key)

    def actor_measures(self) -> dict[str, ActorMeasures]:
        """Measures of every actor, keyed by actor id (for fields on ``Actor``)."""
        collab = self.collaboration()
        between = self.betweenness()
        community_of = self.community_index()
        return self.cache.get(
            self.driver,
            self.database,
            ("actor_measures",),
            lambda _: _measures(collab, between, community_of),
        )

    def community_index(self) -> dict[str, int]:
        """The community index (1 = largest) of every actor id with a tie, per revision."""
        collab = self.collaboration()
        return self.cache.get(
            self.driver,
            self.database,
            ("community_index",),
            lambda t: {
                actor_id: community.index
                for community in communities(collab, t, seed=SEED, min_size=1).communities
                for actor_id in community.actor_ids
            },
        )

    def profiles(self) -> dict[str, ActorProfile]:
        """What each actor works on, where and for whom, per revision."""
        profiles: dict[str, ActorProfile] = self.cache.get(
            self.driver, self.database, ("profiles",), actor_profiles
        )
        return profiles

    def network_map(self) -> NetworkMap:
        """The drawable network, laid out once per revision (shared by every visitor)."""
        collab = self.collaboration()
        between = self.betweenness()
        by_id = self.community_index()
        profiles = self.profiles()

        def draw(typed: nx.MultiDiGraph) -> NetworkMap:
            community_of = {
                node: by_id[actor_id]
                for node, actor_id in collab.nodes(data="id")
                if actor_id in by_id and collab.degree(node) > 0
            }
            return network_map(
                collab,
                typed,
                community_of=community_of,
                betweenness=between.values,
                betweenness_sampled=between.sampled,
                profiles=profiles,
                seed=SEED,
            )

        drawn: NetworkMap = self.cache.get(self.driver, self.database, ("network_map",), draw)
        return dataclasses.replace(drawn, revision=self.revision())


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
