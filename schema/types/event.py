"""``Event``: a network meeting, with who took part in which role."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.contract import CONTRACT
from domain.vocabulary import ParticipationRole
from schema.batching import Item
from schema.context import Info
from schema.types import actor as actor_types
from schema.types import people as people_types
from schema.types.nested import nested, one_of
from schema.types.refs import ActorRef, CoordinatorRef, PersonRef
from schema.types.scalars import NodeObject


@strawberry.type(description="Ein Netzwerktreffen oder Ereignis / a network meeting or event")
class Event(NodeObject, kind=CONTRACT.kind("Event")):
    @strawberry.field(description="Teilnehmende mit Rolle / participants and their role")
    async def participants(
        self, info: Info, first: int | None = None, role: list[ParticipationRole] | None = None
    ) -> list[Participant]:
        items = await nested(
            info,
            "Event.participants",
            self.id,
            first,
            None,
            one_of("role", role),
            node=("participant",),
        )
        return [
            Participant(
                participant=_participant(item),
                role=ParticipationRole(item.rel.get("role") or ParticipationRole.GUEST.value),
                title=item.rel.get("title"),
            )
            for item in items
        ]


ParticipantNode = Annotated[
    ActorRef | CoordinatorRef | PersonRef,
    strawberry.union("ParticipantNode", description="Akteur oder Person / actor or person"),
]


def _participant(
    item: Item,
) -> ActorRef | CoordinatorRef | PersonRef:
    if "Actor" in item.labels:
        return actor_types.Actor.from_node(item.node)
    if "Coordinator" in item.labels:
        return people_types.Coordinator.from_node(item.node)
    return people_types.Person.from_node(item.node)


@strawberry.type(description="Eine Teilnahme an einem Ereignis / someone's part in an event")
class Participant:
    participant: ParticipantNode
    role: ParticipationRole
    title: str | None = strawberry.field(
        default=None, description="Titel des Beitrags / title of the talk or contribution"
    )


@strawberry.type(description="Ein Ereignis, an dem teilgenommen wurde / an event taken part in")
class Participation:
    event: Event
    role: ParticipationRole
    title: str | None = strawberry.field(
        default=None, description="Titel des Beitrags / title of the talk or contribution"
    )

    @classmethod
    def from_item(cls, item: Item) -> Participation:
        return cls(
            event=Event.from_node(item.node),
            role=ParticipationRole(item.rel.get("role") or ParticipationRole.GUEST.value),
            title=item.rel.get("title"),
        )
