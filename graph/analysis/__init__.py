"""Gap analyses of the integration landscape: pure functions over networkx graphs.

Everything starts from the *typed graph* (``nx.MultiDiGraph``, see
:mod:`graph.analysis.typed`) that ``graph/projection`` builds from Neo4j. Most
analyses of the actor network run on the derived collaboration graph
(:func:`collaboration_graph`); :func:`gap_report` runs them all at once.
"""

from graph.analysis.brokers import Betweenness, Broker, Brokers, betweenness, brokers
from graph.analysis.collaboration import TIE_WEIGHTS, collaboration_graph
from graph.analysis.communities import Communities, Community, CommunityLink, Count, communities
from graph.analysis.coordination import (
    CoordinationGaps,
    CoordinatorLoad,
    Uncoordinated,
    coordination_gaps,
)
from graph.analysis.coverage import CoverageGap, CoverageGaps, coverage_gaps
from graph.analysis.fragility import ArticulationPoint, Bridge, Fragility, fragile_points
from graph.analysis.introductions import Introduction, Introductions, suggested_introductions
from graph.analysis.isolation import PeripheralActor, PeripheralActors, peripheral_actors
from graph.analysis.languages import LanguageGap, LanguageGaps, language_gaps
from graph.analysis.profiles import ActorProfile, actor_profiles
from graph.analysis.report import (
    CollaborationSummary,
    GapReport,
    MeasureTiming,
    TieKind,
    gap_report,
)
from graph.analysis.structural_holes import StructuralHoles, structural_holes
from graph.analysis.working_groups import (
    MissingMember,
    TopicWithoutGroup,
    UnrepresentedMunicipality,
    WorkingGroupGaps,
    working_group_gaps,
)

__all__ = [
    "TIE_WEIGHTS",
    "ActorProfile",
    "ArticulationPoint",
    "Betweenness",
    "Bridge",
    "Broker",
    "Brokers",
    "CollaborationSummary",
    "Communities",
    "Community",
    "CommunityLink",
    "CoordinationGaps",
    "CoordinatorLoad",
    "Count",
    "CoverageGap",
    "CoverageGaps",
    "Fragility",
    "GapReport",
    "Introduction",
    "Introductions",
    "LanguageGap",
    "LanguageGaps",
    "MeasureTiming",
    "MissingMember",
    "PeripheralActor",
    "PeripheralActors",
    "StructuralHoles",
    "TieKind",
    "TopicWithoutGroup",
    "Uncoordinated",
    "UnrepresentedMunicipality",
    "WorkingGroupGaps",
    "actor_profiles",
    "betweenness",
    "brokers",
    "collaboration_graph",
    "communities",
    "coordination_gaps",
    "coverage_gaps",
    "fragile_points",
    "gap_report",
    "language_gaps",
    "peripheral_actors",
    "structural_holes",
    "suggested_introductions",
    "working_group_gaps",
]
