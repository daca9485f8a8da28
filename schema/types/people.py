"""``Coordinator`` and ``Person``: people in the landscape (personal data).

Names and roles are public (the county names its team); e-mail and phone of coordinators
are returned only to authenticated callers, anonymous callers get ``null``. The data
contract gives people (``Person``) no contact fields, so there is nothing to hide there.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import strawberry

from schema.context import Info
from schema.permissions import is_authenticated
from schema.types import actor as actor_types
from schema.types import event as event_types
from schema.types import offering as offering_types
from schema.types import vocabulary as vocabulary_types
from schema.types import working_group as working_group_types
from schema.types.nested import nested
from schema.types.refs import ActorRef, OfferingRef, ParticipationRef, TopicRef, WorkingGroupRef
from schema.types.values import as_date, as_datetime, required, text
from schema.where import ActorWhere, OfferingWhere, VocabularyWhere, WorkingGroupWhere

PERSONAL = "nur für angemeldete Nutzer:innen, sonst null / authenticated callers only, else null"


@strawberry.type(description="Eine Person mit Koordinationsrolle / a coordinator")
class Coordinator:
    id: strawberry.ID
    name: str
    role: str
    responsibility: str | None
    since: date | None
    until: date | None
    source: str
    updated_at: datetime | None
    contact_email: strawberry.Private[str | None]
    contact_phone: strawberry.Private[str | None]

    @classmethod
    def from_node(cls, props: Mapping[str, Any]) -> Coordinator:
        return cls(
            id=strawberry.ID(props["id"]),
            name=required(props, "name"),
            role=props.get("role", ""),
            responsibility=text(props, "responsibility"),
            since=as_date(props.get("since")),
            until=as_date(props.get("until")),
            source=props.get("source", ""),
            updated_at=as_datetime(props.get("updatedAt")),
            contact_email=text(props, "email"),
            contact_phone=text(props, "phone"),
        )

    @strawberry.field(description=f"E-Mail ({PERSONAL})")
    def email(self, info: Info) -> str | None:
        return self.contact_email if is_authenticated(info) else None

    @strawberry.field(description=f"Telefon ({PERSONAL})")
    def phone(self, info: Info) -> str | None:
        return self.contact_phone if is_authenticated(info) else None

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
class Person:
    id: strawberry.ID
    name: str
    role: str
    title: str | None = strawberry.field(description="Titel, z. B. Dr. / academic title")
    source: str
    updated_at: datetime | None

    @classmethod
    def from_node(cls, props: Mapping[str, Any]) -> Person:
        return cls(
            id=strawberry.ID(props["id"]),
            name=required(props, "name"),
            role=props.get("role", ""),
            title=text(props, "title"),
            source=props.get("source", ""),
            updated_at=as_datetime(props.get("updatedAt")),
        )

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
