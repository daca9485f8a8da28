"""``Offering``: an Angebot, with its providers, funders, vocabulary and places."""

from __future__ import annotations

import strawberry

from domain.contract import CONTRACT
from schema.batching import Item
from schema.context import Info
from schema.declared import Related
from schema.types.nested import nested, reads, related_nodes
from schema.types.refs import ActorRef, type_of
from schema.types.scalars import NodeObject
from schema.types.values import text
from schema.where import ActorWhere


@strawberry.type(description="Ein Förderer eines Angebots / a funder of an offering")
class Funder:
    funder: ActorRef
    program: str | None

    @classmethod
    def from_item(cls, item: Item) -> Funder:
        return cls(funder=type_of(ActorRef).from_node(item.node), program=text(item.rel, "program"))


FUNDERS = Related("Offering.funders", Funder.from_item, node=("funder",))


@strawberry.type(description="Ein Angebot: Kurs, Beratung, Treffpunkt ... / an offering")
class Offering(NodeObject, kind=CONTRACT.kind("Offering")):
    providers = related_nodes("Offering.providers", "Anbieter / the actors providing it")

    @reads(FUNDERS, "Förderer mit Programm / funders and their programme")
    async def funders(
        self, info: Info, first: int | None = None, where: ActorWhere | None = None
    ) -> list[Funder]:
        return await nested(FUNDERS, info, self.id, first=first, where=where)

    topics = related_nodes("Offering.topics", "Handlungsfelder / topics")

    target_groups = related_nodes("Offering.targetGroups", "Zielgruppen / target groups")

    languages = related_nodes("Offering.languages", "Sprachen / languages it is offered in")

    municipalities = related_nodes(
        "Offering.municipalities",
        "Gemeinden, für die es erfasst ist (ohne Hierarchie) / municipalities it "
        "is recorded as available in (as stored; see Municipality.offerings for the hierarchy)",
    )

    coordinators = related_nodes("Offering.coordinators", "Koordinator:innen / who coordinates it")
