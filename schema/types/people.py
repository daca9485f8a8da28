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
from schema.types.nested import nested, related_nodes
from schema.types.refs import ParticipationRef, type_of
from schema.types.scalars import NodeObject


@strawberry.type(description="Eine Person mit Koordinationsrolle / a coordinator")
class Coordinator(NodeObject, kind=CONTRACT.kind("Coordinator")):
    works_for = related_nodes("Coordinator.worksFor", "Arbeitgeber / the actors they work for")

    offerings = related_nodes(
        "Coordinator.offerings", "Koordinierte Angebote / offerings they coordinate"
    )

    working_groups = related_nodes(
        "Coordinator.workingGroups", "Koordinierte Arbeitskreise / working groups they coordinate"
    )

    topics = related_nodes(
        "Coordinator.topics", "Koordinierte Handlungsfelder / topics they coordinate"
    )

    @strawberry.field(description="Teilnahmen an Ereignissen / events they took part in")
    async def participations(self, info: Info, first: int | None = None) -> list[ParticipationRef]:
        items = await nested(info, "Coordinator.participations", self.id, first, node=("event",))
        return [type_of(ParticipationRef).from_item(item) for item in items]


@strawberry.type(description="Eine Person ohne Koordinationsrolle / a person in the landscape")
class Person(NodeObject, kind=CONTRACT.kind("Person")):
    works_for = related_nodes("Person.worksFor", "Arbeitgeber / the actors they work for")

    @strawberry.field(description="Teilnahmen an Ereignissen / events they took part in")
    async def participations(self, info: Info, first: int | None = None) -> list[ParticipationRef]:
        items = await nested(info, "Person.participations", self.id, first, node=("event",))
        return [type_of(ParticipationRef).from_item(item) for item in items]
