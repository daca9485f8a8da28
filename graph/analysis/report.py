"""The full gap report: every analysis, run once over one typed graph."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import networkx as nx

from graph.analysis.brokers import (
    BETWEENNESS_SAMPLE_ABOVE,
    STRUCTURAL_HOLES_ABOVE,
    Betweenness,
    Brokers,
    betweenness,
    brokers,
)
from graph.analysis.collaboration import TIE_WEIGHTS, collaboration_graph, tie_values
from graph.analysis.communities import Communities, communities
from graph.analysis.coordination import CoordinationGaps, coordination_gaps
from graph.analysis.coverage import CoverageGaps, coverage_gaps
from graph.analysis.evidence import Method
from graph.analysis.fragility import Fragility, fragile_points
from graph.analysis.igraph_form import igraph_form
from graph.analysis.introductions import Introductions, suggested_introductions
from graph.analysis.isolation import PeripheralActors, peripheral_actors
from graph.analysis.languages import LanguageGaps, language_gaps
from graph.analysis.profiles import ActorProfile, actor_profiles
from graph.analysis.typed import TypedGraph
from graph.analysis.working_groups import WorkingGroupGaps, working_group_gaps

T = TypeVar("T")


@dataclass(frozen=True)
class TieKind:
    """One kind of collaboration tie: its weight and how many ties of it there are."""

    kind: str
    weight: float
    ties: int


@dataclass(frozen=True)
class CollaborationSummary:
    """Size and make-up of the collaboration graph."""

    actors: int
    ties: int
    isolated_actors: int
    components: int
    """Connected components among the actors with at least one tie."""
    largest_component: int
    total_weight: float
    tie_kinds: tuple[TieKind, ...]


@dataclass(frozen=True)
class MeasureTiming:
    """Wall-clock seconds one step of the report took."""

    name: str
    seconds: float


@dataclass(frozen=True)
class GapReport:
    """All gap analyses of one typed graph."""

    collaboration: CollaborationSummary
    coverage: CoverageGaps
    languages: LanguageGaps
    peripheral: PeripheralActors
    brokers: Brokers
    fragility: Fragility
    communities: Communities
    introductions: Introductions
    working_groups: WorkingGroupGaps
    coordination: CoordinationGaps
    sampled: tuple[str, ...]
    """Measures that were estimated by sampling (``"betweenness"``) or restricted."""
    seed: int
    timings: tuple[MeasureTiming, ...]
    seconds: float


@dataclass(frozen=True)
class SharedInputs:
    """Where the report gets the inputs that several analyses share, when the caller holds
    them already (a snapshot's cached values): each is asked once, timed as the report's own
    step. Without them the report built a second collaboration graph, profiles and
    betweenness beside the snapshot's (at 100,000 nodes several seconds and a few hundred
    megabytes while a recomputation holds two results)."""

    collaboration: Callable[[], nx.Graph]
    profiles: Callable[[], dict[str, ActorProfile]]
    betweenness: Callable[[], Betweenness]


def gap_report(
    typed: TypedGraph,
    *,
    top: int = 10,
    betweenness_sample_above: int = BETWEENNESS_SAMPLE_ABOVE,
    betweenness_samples: int | None = None,
    structural_holes_above: int = STRUCTURAL_HOLES_ABOVE,
    by_target_group: bool = False,
    introduction_method: Method = "adamic_adar",
    seed: int = 42,
    on_step: Callable[[str], None] | None = None,
    inputs: SharedInputs | None = None,
) -> GapReport:
    """Run every gap analysis once and return the combined report.

    The collaboration graph (:func:`~graph.analysis.collaboration.collaboration_graph`),
    the actor profiles (:func:`~graph.analysis.profiles.actor_profiles`) and the
    betweenness centrality are computed once and shared by the analyses that need them.
    Each list is cut to ``top`` entries; the counts in the results are complete.

    Betweenness is exact up to ``betweenness_sample_above`` connected actors and estimated
    from ``betweenness_samples`` sampled sources above (chosen from a work budget when
    ``None``; see :func:`~graph.analysis.brokers.betweenness`); ``sampled`` names every
    measure that was estimated or restricted, and ``seed`` fixes the sampling and the
    Louvain shuffling, so the report is reproducible.

    Parameters
    ----------
    typed : nx.MultiDiGraph
        The typed graph.
    top : int
        Length of every ranked list.
    betweenness_sample_above, betweenness_samples, structural_holes_above : int
        Thresholds of :func:`~graph.analysis.brokers.brokers`.
    by_target_group : bool
        Split coverage cells by target group.
    introduction_method : {"adamic_adar", "resource_allocation", "jaccard"}
        The link-prediction score of the suggested introductions.
    seed : int
        Seed for sampled betweenness and Louvain.
    on_step : callable, optional
        Called with the name of each measure before it is computed (a progress display).
    inputs : SharedInputs, optional
        The collaboration graph, profiles and betweenness as the caller holds them (made
        with the default betweenness settings); computed here when not given.
    """
    timings: list[MeasureTiming] = []
    started = time.perf_counter()

    def timed(name: str, step: Callable[[], T]) -> T:
        if on_step is not None:
            on_step(name)
        t0 = time.perf_counter()
        result = step()
        timings.append(MeasureTiming(name=name, seconds=time.perf_counter() - t0))
        return result

    collab = timed(
        "collaboration", inputs.collaboration if inputs else lambda: collaboration_graph(typed)
    )
    profiles = timed("profiles", inputs.profiles if inputs else lambda: actor_profiles(typed))
    between = timed(
        "betweenness",
        inputs.betweenness
        if inputs
        else lambda: betweenness(
            collab,
            sample_above=betweenness_sample_above,
            samples=betweenness_samples,
            seed=seed,
        ),
    )
    broker_result = timed(
        "brokers",
        lambda: brokers(
            collab,
            top=top,
            sample_above=betweenness_sample_above,
            samples=betweenness_samples,
            seed=seed,
            structural_holes_above=structural_holes_above,
            precomputed=between,
        ),
    )
    coverage = timed(
        "coverage", lambda: coverage_gaps(typed, by_target_group=by_target_group, top=top)
    )
    languages = timed("languages", lambda: language_gaps(typed, top=top))
    peripheral = timed("peripheral", lambda: peripheral_actors(typed, collab, top=top))
    fragility = timed("fragility", lambda: fragile_points(collab, top=top))
    community_result = timed(
        "communities",
        lambda: communities(collab, typed, seed=seed, top=top, profiles=profiles),
    )
    introductions = timed(
        "introductions",
        lambda: suggested_introductions(
            typed, collab, top=top, method=introduction_method, profiles=profiles
        ),
    )
    working_groups = timed(
        "working_groups", lambda: working_group_gaps(typed, top=top, profiles=profiles)
    )
    coordination = timed("coordination", lambda: coordination_gaps(typed, top=top))

    sampled = []
    if broker_result.sampled:
        sampled.append("betweenness")
    if broker_result.structural_holes_limited:
        sampled.append("structural_holes")
    return GapReport(
        collaboration=_summary(collab),
        coverage=coverage,
        languages=languages,
        peripheral=peripheral,
        brokers=broker_result,
        fragility=fragility,
        communities=community_result,
        introductions=introductions,
        working_groups=working_groups,
        coordination=coordination,
        sampled=tuple(sampled),
        seed=seed,
        timings=tuple(timings),
        seconds=time.perf_counter() - started,
    )


def _summary(collab: nx.Graph) -> CollaborationSummary:
    # Ties with equal counts share one value (collaboration_graph): count by value, not the
    # 1.6 million ties of a landscape of 100,000 nodes one by one (3.4 s with
    # Counter.update per tie), and the components in igraph's C code on the form the
    # other analyses built (0.04 s against networkx's 0.23 to 0.28 s there).
    ties: dict[str, int] = dict.fromkeys(TIE_WEIGHTS, 0)
    total = 0.0
    for data, uses in tie_values(collab):
        total += data.get("weight", 0.0) * uses
        for kind, n in data.get("ties", {}).items():
            ties[kind] = ties.get(kind, 0) + n * uses
    components = igraph_form(collab).graph.connected_components().sizes()
    sizes = [size for size in components if size > 1]
    return CollaborationSummary(
        actors=collab.number_of_nodes(),
        ties=collab.number_of_edges(),
        isolated_actors=collab.number_of_nodes() - sum(sizes),
        components=len(sizes),
        largest_component=max(sizes, default=0),
        total_weight=total,
        tie_kinds=tuple(TieKind(kind=k, weight=w, ties=ties[k]) for k, w in TIE_WEIGHTS.items()),
    )
