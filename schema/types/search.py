"""The result of ``search``: ranked hits of any searchable kind."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Annotated, Any

import strawberry

from schema.types import actor as actor_types
from schema.types import event as event_types
from schema.types import measure as measure_types
from schema.types import offering as offering_types
from schema.types import vocabulary as vocabulary_types
from schema.types import working_group as working_group_types


@strawberry.enum(description="Was gesucht wird / which kinds of nodes to search")
class SearchKind(Enum):
    ACTOR = "Actor"
    OFFERING = "Offering"
    WORKING_GROUP = "WorkingGroup"
    TOPIC = "Topic"
    TARGET_GROUP = "TargetGroup"
    EVENT = "Event"
    MEASURE = "Measure"


SearchNode = Annotated[
    actor_types.Actor
    | offering_types.Offering
    | working_group_types.WorkingGroup
    | vocabulary_types.Topic
    | vocabulary_types.TargetGroup
    | event_types.Event
    | measure_types.Measure,
    strawberry.union("SearchNode", description="Ein Treffer / a node found by search"),
]

_BUILDERS: dict[SearchKind, Any] = {
    SearchKind.ACTOR: actor_types.Actor.from_node,
    SearchKind.OFFERING: offering_types.Offering.from_node,
    SearchKind.WORKING_GROUP: working_group_types.WorkingGroup.from_node,
    SearchKind.TOPIC: vocabulary_types.Topic.from_node,
    SearchKind.TARGET_GROUP: vocabulary_types.TargetGroup.from_node,
    SearchKind.EVENT: event_types.Event.from_node,
    SearchKind.MEASURE: measure_types.Measure.from_node,
}


@strawberry.type(description="Ein Suchtreffer mit Relevanz / a search hit and its score")
class SearchHit:
    score: float = strawberry.field(
        description="Lucene-Relevanz, höher ist besser / higher is better"
    )
    kind: SearchKind
    node: SearchNode

    @classmethod
    def from_row(cls, node: Mapping[str, Any], labels: Sequence[str], score: float) -> SearchHit:
        kind = next(k for k in SearchKind if k.value in labels)
        return cls(score=score, kind=kind, node=_BUILDERS[kind](node))
