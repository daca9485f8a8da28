"""The result of ``whoWorksOn``: matching offerings and actors, each with its reasons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

import strawberry

from schema.types import actor as actor_types
from schema.types import offering as offering_types
from schema.types import working_group as working_group_types
from schema.types.refs import ActorRef, OfferingRef, WorkingGroupRef


@strawberry.enum(description="Ein Kriterium von whoWorksOn / a criterion of whoWorksOn")
class Criterion(Enum):
    TOPIC = "topic"
    TARGET_GROUP = "targetGroup"
    LANGUAGE = "language"
    MUNICIPALITY = "municipality"


@strawberry.enum(
    description="Wie der Ort zur gefragten Gemeinde steht / how the place relates to the "
    "municipality asked for: EXACT it is that one, PART it lies within it, ENCLOSING it "
    "contains it (e.g. a county-wide offering)"
)
class PlaceRelation(Enum):
    EXACT = "exact"
    PART = "part"
    ENCLOSING = "enclosing"


_NOUNS = {
    Criterion.TOPIC: ("Handlungsfeld", "topic"),
    Criterion.TARGET_GROUP: ("Zielgruppe", "target group"),
    Criterion.LANGUAGE: ("Sprache", "language"),
}


@strawberry.type(description="Warum etwas passt / why something matched one criterion")
class MatchReason:
    criterion: Criterion
    id: strawberry.ID = strawberry.field(description="der passende Knoten / the node that matched")
    name: str
    relation: PlaceRelation | None = strawberry.field(
        description="nur bei MUNICIPALITY / for MUNICIPALITY only"
    )
    anchor_id: strawberry.ID | None = strawberry.field(
        description="die gefragte Gemeinde (MUNICIPALITY) / the municipality asked for"
    )
    explanation: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> MatchReason:
        criterion = Criterion(row["criterion"])
        relation = None if row.get("relation") is None else PlaceRelation(row["relation"])
        return cls(
            criterion=criterion,
            id=strawberry.ID(row["id"]),
            name=row["name"],
            relation=relation,
            anchor_id=None if row.get("anchorId") is None else strawberry.ID(row["anchorId"]),
            explanation=_explain(criterion, row, relation),
        )


def _explain(criterion: Criterion, row: Mapping[str, Any], relation: PlaceRelation | None) -> str:
    """One readable line, German / English, as the rest of the API speaks."""
    name = row["name"]
    if criterion is not Criterion.MUNICIPALITY:
        de, en = _NOUNS[criterion]
        return f"{de} {name} / {en} {name}"
    anchor = row.get("anchorName") or row.get("anchorId")
    if relation is PlaceRelation.PART:
        return f"in {name}, Teil von {anchor} / in {name}, part of {anchor}"
    if relation is PlaceRelation.ENCLOSING:
        return f"in {name}, umfasst {anchor} / in {name}, which contains {anchor}"
    return f"in {name}"


def reasons(rows: Sequence[Mapping[str, Any]]) -> list[MatchReason]:
    return [MatchReason.from_row(row) for row in rows]


@strawberry.type(description="Ein passendes Angebot und warum / a matching offering and why")
class OfferingMatch:
    offering: OfferingRef
    reasons: list[MatchReason]

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> OfferingMatch:
        return cls(
            offering=offering_types.Offering.from_node(row["node"]),
            reasons=reasons(row["reasons"]),
        )


@strawberry.type(
    description="Ein Arbeitskreis zum gefragten Handlungsfeld / a working group on the topic"
)
class WorkingGroupMatch:
    working_group: WorkingGroupRef
    reasons: list[MatchReason]

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> WorkingGroupMatch:
        topics = [{"criterion": "topic", **topic} for topic in row["topics"]]
        return cls(
            working_group=working_group_types.WorkingGroup.from_node(row["node"]),
            reasons=reasons(topics),
        )


@strawberry.type(
    description="Ein passender Akteur: seine passenden Angebote und Arbeitskreise / a "
    "matching actor with the offerings and working groups that made it match"
)
class ActorMatch:
    actor: ActorRef
    offerings: list[OfferingMatch]
    working_groups: list[WorkingGroupMatch]

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> ActorMatch:
        return cls(
            actor=actor_types.Actor.from_node(row["node"]),
            offerings=[OfferingMatch.from_row(o) for o in row["offerings"]],
            working_groups=[WorkingGroupMatch.from_row(g) for g in row["groups"]],
        )


@strawberry.type(description="Wer arbeitet woran, wo, für wen / who works on what, and why")
class WhoWorksOn:
    offering_count: int = strawberry.field(description="alle passenden Angebote / all matches")
    actor_count: int = strawberry.field(description="alle passenden Akteure / all matches")
    offerings: list[OfferingMatch] = strawberry.field(description="nach Titel / by title")
    actors: list[ActorMatch] = strawberry.field(
        description="die am stärksten beteiligten zuerst / most involved first"
    )
