"""``Coordinator`` and ``Person``: people in the landscape (personal data).

Names and roles are public (the county names its team); e-mail and phone of coordinators
are returned only to authenticated callers, anonymous callers get ``null`` (the guard comes
with the derived scalar fields, ``schema.types.scalars``). The data contract gives people
(``Person``) no contact fields, so there is nothing to hide there.
"""

from __future__ import annotations

import strawberry

from domain.contract import CONTRACT
from schema.batching import Item
from schema.context import Info
from schema.declared import Related
from schema.types.nested import nested, reads, related_nodes
from schema.types.refs import ParticipationRef, type_of
from schema.types.scalars import NodeObject


def _participation(item: Item) -> ParticipationRef:
    participation: ParticipationRef = type_of(ParticipationRef).from_item(item)
    return participation


COORDINATOR_PARTICIPATIONS = Related("Coordinator.participations", _participation, node=("event",))
PERSON_PARTICIPATIONS = Related("Person.participations", _participation, node=("event",))


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

    @reads(COORDINATOR_PARTICIPATIONS, "Teilnahmen an Ereignissen / events they took part in")
    async def participations(self, info: Info, first: int | None = None) -> list[ParticipationRef]:
        return await nested(COORDINATOR_PARTICIPATIONS, info, self.id, first=first)


@strawberry.type(description="Eine Person ohne Koordinationsrolle / a person in the landscape")
class Person(NodeObject, kind=CONTRACT.kind("Person")):
    works_for = related_nodes("Person.worksFor", "Arbeitgeber / the actors they work for")

    @reads(PERSON_PARTICIPATIONS, "Teilnahmen an Ereignissen / events they took part in")
    async def participations(self, info: Info, first: int | None = None) -> list[ParticipationRef]:
        return await nested(PERSON_PARTICIPATIONS, info, self.id, first=first)
