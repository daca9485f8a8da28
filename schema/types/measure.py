"""``Measure``: a Maßnahme, with its working group, the people and places it concerns, and
the gaps it addresses resolved to their current state."""

from __future__ import annotations

import asyncio

import strawberry

from domain.contract import CONTRACT
from schema.context import Info
from schema.gap_states import GapReference, current, reference
from schema.types.nested import related_node, related_nodes
from schema.types.scalars import NodeObject


@strawberry.type(
    description="Eine Maßnahme des Netzwerks, abgeleitet aus Lücken / a measure the network "
    "decided on to close gaps"
)
class Measure(NodeObject, kind=CONTRACT.kind("Measure")):
    @strawberry.field(
        description="Die Lücken, die die Maßnahme schließen soll, mit ihrem Stand heute "
        "(OPEN: besteht noch, CLOSED: geschlossen) / the gaps it addresses and whether "
        "each still exists"
    )
    async def gaps(self, info: Info) -> list[GapReference]:
        # read with the states (one statement per request), not from this object: a list
        # of measures reads only the properties its query selects, and gapKeys may not be
        keys = (await current(info)).keys_of.get(str(self.id), ())
        if not keys:
            return []
        context = info.context
        return await asyncio.to_thread(
            lambda: [reference(context.newest_analyses(), key) for key in keys]
        )

    working_group = related_node(
        "Measure.workingGroup", "verantwortlicher Arbeitskreis / the responsible working group"
    )
    actors = related_nodes("Measure.actors", "verantwortliche Akteure / responsible actors")
    coordinators = related_nodes("Measure.coordinators", "Koordinator:innen / who coordinates it")
    topics = related_nodes("Measure.topics", "Handlungsfelder / fields of action it concerns")
    target_groups = related_nodes("Measure.targetGroups", "Zielgruppen / target groups")
    municipalities = related_nodes(
        "Measure.municipalities", "Gemeinden / municipalities it concerns"
    )
    decided_in = related_node(
        "Measure.decidedIn",
        "die Sitzung, in der sie beschlossen wurde / the meeting that decided it",
    )
