"""``Offering``: an Angebot, with its providers, funders, vocabulary and places."""

from __future__ import annotations

import strawberry

from domain.contract import CONTRACT
from schema.context import Info
from schema.types import actor as actor_types
from schema.types import municipality as municipality_types
from schema.types import people as people_types
from schema.types import vocabulary as vocabulary_types
from schema.types.nested import nested
from schema.types.refs import (
    ActorRef,
    CoordinatorRef,
    LanguageRef,
    MunicipalityRef,
    TargetGroupRef,
    TopicRef,
)
from schema.types.scalars import NodeObject
from schema.types.values import text
from schema.where import ActorWhere, CoordinatorWhere, MunicipalityWhere, VocabularyWhere


@strawberry.type(description="Ein Angebot: Kurs, Beratung, Treffpunkt ... / an offering")
class Offering(NodeObject, kind=CONTRACT.kind("Offering")):
    @strawberry.field(description="Anbieter / the actors providing it")
    async def providers(
        self, info: Info, first: int | None = None, where: ActorWhere | None = None
    ) -> list[ActorRef]:
        items = await nested(info, "Offering.providers", self.id, first, where)
        return [actor_types.Actor.from_node(item.node) for item in items]

    @strawberry.field(description="Förderer mit Programm / funders and their programme")
    async def funders(
        self, info: Info, first: int | None = None, where: ActorWhere | None = None
    ) -> list[Funder]:
        items = await nested(info, "Offering.funders", self.id, first, where, node=("funder",))
        return [
            Funder(funder=actor_types.Actor.from_node(i.node), program=text(i.rel, "program"))
            for i in items
        ]

    @strawberry.field(description="Handlungsfelder / topics")
    async def topics(
        self, info: Info, first: int | None = None, where: VocabularyWhere | None = None
    ) -> list[TopicRef]:
        items = await nested(info, "Offering.topics", self.id, first, where)
        return [vocabulary_types.Topic.from_node(item.node) for item in items]

    @strawberry.field(description="Zielgruppen / target groups")
    async def target_groups(
        self, info: Info, first: int | None = None, where: VocabularyWhere | None = None
    ) -> list[TargetGroupRef]:
        items = await nested(info, "Offering.targetGroups", self.id, first, where)
        return [vocabulary_types.TargetGroup.from_node(item.node) for item in items]

    @strawberry.field(description="Sprachen / languages it is offered in")
    async def languages(
        self, info: Info, first: int | None = None, where: VocabularyWhere | None = None
    ) -> list[LanguageRef]:
        items = await nested(info, "Offering.languages", self.id, first, where)
        return [vocabulary_types.Language.from_node(item.node) for item in items]

    @strawberry.field(
        description="Gemeinden, für die es erfasst ist (ohne Hierarchie) / municipalities it "
        "is recorded as available in (as stored; see Municipality.offerings for the hierarchy)"
    )
    async def municipalities(
        self, info: Info, first: int | None = None, where: MunicipalityWhere | None = None
    ) -> list[MunicipalityRef]:
        items = await nested(info, "Offering.municipalities", self.id, first, where)
        return [municipality_types.Municipality.from_node(item.node) for item in items]

    @strawberry.field(description="Koordinator:innen / who coordinates it")
    async def coordinators(
        self, info: Info, first: int | None = None, where: CoordinatorWhere | None = None
    ) -> list[CoordinatorRef]:
        items = await nested(info, "Offering.coordinators", self.id, first, where)
        return [people_types.Coordinator.from_node(item.node) for item in items]


@strawberry.type(description="Ein Förderer eines Angebots / a funder of an offering")
class Funder:
    funder: ActorRef
    program: str | None
