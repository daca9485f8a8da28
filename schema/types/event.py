"""``Event``: a network meeting, with who took part in which role; a meeting's working
group, its agenda (items about gaps and measures) and the measures it decided."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

import neo4j
import strawberry

from domain.contract import CONTRACT
from domain.gap_keys import KINDS, gap_kind
from domain.vocabulary import ParticipationRole
from schema.batching import Item
from schema.context import Info
from schema.declared import Related
from schema.gap_states import GapReference, reference
from schema.types.actor import Actor
from schema.types.nested import nested, one_of, reads, related_node, related_nodes
from schema.types.people import Coordinator, Person
from schema.types.refs import MeasureRef, resolved
from schema.types.scalars import NodeObject

PARTICIPANTS = Related(
    "Event.participants",
    lambda item: Participant.from_item(item),
    node=("participant",),
    conditions=one_of("role"),
)


@strawberry.type(description="Ein Netzwerktreffen oder Ereignis / a network meeting or event")
class Event(NodeObject, kind=CONTRACT.kind("Event")):
    @reads(PARTICIPANTS, "Teilnehmende mit Rolle / participants and their role")
    async def participants(
        self, info: Info, first: int | None = None, role: list[ParticipationRole] | None = None
    ) -> list[Participant]:
        return await nested(PARTICIPANTS, info, self.id, first=first, role=role)

    working_group = related_node(
        "Event.workingGroup", "der Arbeitskreis, dessen Sitzung es ist / the group that met"
    )
    decisions = related_nodes(
        "Event.decisions",
        "Beschlüsse: Maßnahmen, die hier beschlossen wurden / measures decided at this meeting",
    )

    @strawberry.field(
        description="Die Tagesordnung, Punkt für Punkt, mit der Lücke (und ihrem Stand heute) "
        "und der Maßnahme, auf die sich ein Punkt bezieht / the agenda, item by item, with "
        "the gap (and whether it still exists) and the measure each item refers to"
    )
    async def agenda_items(self, info: Info) -> list[MeetingAgendaItem]:
        # read here, not from this object: a list of events reads only the properties its
        # query selects, and ``agenda`` may not be among them
        agenda, measures = await _agenda(info, str(self.id))
        if not agenda:
            return []
        service = info.context.analyses
        keys = [str(i["gapKey"]) for i in agenda if i.get("gapKey")]
        gaps = await asyncio.to_thread(lambda: {key: reference(service, key) for key in keys})
        build = resolved("Measure").from_node
        items = []
        for number, item in enumerate(agenda, start=1):
            key = item.get("gapKey")
            measure = item.get("measure")
            items.append(
                MeetingAgendaItem(
                    number=number,
                    title=str(item["title"]),
                    gap_key=key,
                    gap_kind=KINDS.get(gap_kind(key)) if key else None,
                    gap=gaps.get(key) if key else None,
                    measure_id=measure,
                    measure=build(measures[measure]) if measure in measures else None,
                )
            )
        return items


async def _agenda(info: Info, event_id: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The stored agenda of an event and the measures it names, by id (a deleted measure is
    left out: its item keeps the id)."""
    context = info.context
    async with context.driver.session(
        database=context.database, default_access_mode=neo4j.READ_ACCESS
    ) as session:
        result = await session.run(
            context.query("MATCH (e:Event {id: $id}) RETURN e.agenda AS agenda"), id=event_id
        )
        record = await result.single()
        if record is None or not record["agenda"]:
            return [], {}
        agenda: list[dict[str, Any]] = json.loads(record["agenda"])
        named = sorted({str(item["measure"]) for item in agenda if item.get("measure")})
        if not named:
            return agenda, {}
        result = await session.run(
            context.query("MATCH (m:Measure) WHERE m.id IN $ids RETURN m"), ids=named
        )
        measures = {str(r["m"]["id"]): r["m"] async for r in result}
    return agenda, measures


@strawberry.type(
    description="Ein Punkt der Tagesordnung / an agenda item, which may refer to a gap and a "
    "measure"
)
class MeetingAgendaItem:
    number: int = strawberry.field(description="Nummer des Punkts (ab 1) / the item's number")
    title: str = strawberry.field(description="Wortlaut des Punkts / what the item says")
    gap_key: str | None = strawberry.field(
        description="Schlüssel der Lücke, um die es geht / key of the gap it is about"
    )
    gap_kind: str | None = strawberry.field(
        description="Art der Lücke in Worten / the kind of gap in German words"
    )
    gap: GapReference | None = strawberry.field(
        description="die Lücke mit ihrem Stand heute / the gap and whether it still exists"
    )
    measure_id: strawberry.ID | None = strawberry.field(
        description="Kennung der Maßnahme, um die es geht / id of the measure it is about"
    )
    measure: MeasureRef | None = strawberry.field(
        description="die Maßnahme (null, wenn sie gelöscht wurde) / the measure (null once deleted)"
    )


ParticipantNode = Annotated[
    Actor | Coordinator | Person,
    strawberry.union("ParticipantNode", description="Akteur oder Person / actor or person"),
]


def _participant(item: Item) -> Actor | Coordinator | Person:
    if "Actor" in item.labels:
        return Actor.from_node(item.node)
    if "Coordinator" in item.labels:
        return Coordinator.from_node(item.node)
    return Person.from_node(item.node)


@strawberry.type(description="Eine Teilnahme an einem Ereignis / someone's part in an event")
class Participant:
    participant: ParticipantNode
    role: ParticipationRole
    title: str | None = strawberry.field(
        default=None, description="Titel des Beitrags / title of the talk or contribution"
    )

    @classmethod
    def from_item(cls, item: Item) -> Participant:
        return cls(
            participant=_participant(item),
            role=ParticipationRole(item.rel.get("role") or ParticipationRole.GUEST.value),
            title=item.rel.get("title"),
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
