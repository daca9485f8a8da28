"""``Coordinator`` and ``Person``: people in the landscape (personal data).

Names and roles are public (the county names its team); e-mail and phone of coordinators
are returned only to authenticated callers, anonymous callers get ``null`` (the guard comes
with the derived scalar fields, ``schema.types.scalars``). The data contract gives people
(``Person``) no contact fields, so there is nothing to hide there.
"""

from __future__ import annotations

import strawberry

from domain.contract import CONTRACT
from schema.context import Info
from schema.types import actor as actor_types
from schema.types import event as event_types
from schema.types import offering as offering_types
from schema.types import vocabulary as vocabulary_types
from schema.types import working_group as working_group_types
from schema.types.nested import nested
from schema.types.refs import ActorRef, OfferingRef, ParticipationRef, TopicRef, WorkingGroupRef
from schema.types.scalars import NodeObject
from schema.where import ActorWhere, OfferingWhere, VocabularyWhere, WorkingGroupWhere


@strawberry.type(description="Eine Person mit Koordinationsrolle / a coordinator")
class Coordinator(NodeObject, kind=CONTRACT.kind("Coordinator")):
    @strawberry.field(description="Arbeitgeber / the actors they work for")
    async def works_for(
        self, info: Info, first: int | None = None, where: ActorWhere | None = None
    ) -> list[ActorRef]:
        items = await nested(info, "Coordinator.worksFor", self.id, first, where)
        return [actor_types.Actor.from_node(item.node) for item in items]

    @strawberry.field(description="Koordinierte Angebote / offerings they coordinate")
    async def offerings(
        self, info: Info, first: int | None = None, where: OfferingWhere | None = None
    ) -> list[OfferingRef]:
        items = await nested(info, "Coordinator.offerings", self.id, first, where)
        return [offering_types.Offering.from_node(item.node) for item in items]

    @strawberry.field(description="Koordinierte Arbeitskreise / working groups they coordinate")
    async def working_groups(
        self, info: Info, first: int | None = None, where: WorkingGroupWhere | None = None
    ) -> list[WorkingGroupRef]:
        items = await nested(info, "Coordinator.workingGroups", self.id, first, where)
        return [working_group_types.WorkingGroup.from_node(item.node) for item in items]

    @strawberry.field(description="Koordinierte Handlungsfelder / topics they coordinate")
    async def topics(
        self, info: Info, first: int | None = None, where: VocabularyWhere | None = None
    ) -> list[TopicRef]:
        items = await nested(info, "Coordinator.topics", self.id, first, where)
        return [vocabulary_types.Topic.from_node(item.node) for item in items]

    @strawberry.field(description="Teilnahmen an Ereignissen / events they took part in")
    async def participations(self, info: Info, first: int | None = None) -> list[ParticipationRef]:
        items = await nested(info, "Coordinator.participations", self.id, first, node=("event",))
        return [event_types.Participation.from_item(item) for item in items]


@strawberry.type(description="Eine Person ohne Koordinationsrolle / a person in the landscape")
class Person(NodeObject, kind=CONTRACT.kind("Person")):
    @strawberry.field(description="Arbeitgeber / the actors they work for")
    async def works_for(
        self, info: Info, first: int | None = None, where: ActorWhere | None = None
    ) -> list[ActorRef]:
        items = await nested(info, "Person.worksFor", self.id, first, where)
        return [actor_types.Actor.from_node(item.node) for item in items]

    @strawberry.field(description="Teilnahmen an Ereignissen / events they took part in")
    async def participations(self, info: Info, first: int | None = None) -> list[ParticipationRef]:
        items = await nested(info, "Person.participations", self.id, first, node=("event",))
        return [event_types.Participation.from_item(item) for item in items]
