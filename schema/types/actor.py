"""``Actor``: an organisation or initiative, with its relationships in both directions."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from domain.contract import CONTRACT
from domain.vocabulary import CooperationKind, MembershipRole
from schema.context import Info
from schema.gaps import ActorNetwork, actor_network
from schema.types.nested import nested, one_of, related_node, related_nodes
from schema.types.refs import (
    OfferingRef,
    ParticipationRef,
    WorkingGroupRef,
    resolved,
    type_of,
)
from schema.types.scalars import NodeObject
from schema.types.values import as_date, as_enum, text
from schema.where import (
    ActorWhere,
    OfferingWhere,
    WorkingGroupWhere,
)


@strawberry.enum(description="Richtung einer Beziehung / direction of a relationship")
class Direction(Enum):
    OUTGOING = "outgoing"
    INCOMING = "incoming"


@strawberry.type(description="Eine Organisation oder Initiative im Netzwerk / an actor")
class Actor(NodeObject, kind=CONTRACT.kind("Actor")):
    @strawberry.field(
        description="Netzwerkmaße im Kooperationsgraphen / network measures in the "
        "collaboration graph (betweenness, community, Burt's constraint); cached until the "
        "next write"
    )
    async def network(self, info: Info) -> ActorNetwork | None:
        return await actor_network(info, str(self.id))

    offerings = related_nodes(
        "Actor.offerings", "Angebote, die der Akteur macht / offerings it provides"
    )

    @strawberry.field(description="Angebote, die der Akteur fördert / offerings it funds")
    async def fundings(
        self, info: Info, first: int | None = None, where: OfferingWhere | None = None
    ) -> list[Funding]:
        items = await nested(info, "Actor.fundings", self.id, first, where, node=("offering",))
        return [
            Funding(offering=resolved("Offering").from_node(i.node), program=text(i.rel, "program"))
            for i in items
        ]

    @strawberry.field(description="Mitgliedschaften in Arbeitskreisen / working groups")
    async def memberships(
        self,
        info: Info,
        first: int | None = None,
        where: WorkingGroupWhere | None = None,
        role: list[MembershipRole] | None = None,
    ) -> list[Membership]:
        items = await nested(
            info,
            "Actor.memberships",
            self.id,
            first,
            where,
            one_of("role", role),
            node=("workingGroup",),
        )
        return [
            Membership(
                working_group=resolved("WorkingGroup").from_node(i.node),
                role=as_enum(MembershipRole, i.rel.get("role")) or MembershipRole.MEMBER,
                since=as_date(i.rel.get("since")),
                until=as_date(i.rel.get("until")),
            )
            for i in items
        ]

    located_in = related_node("Actor.locatedIn", "Sitz / where it is located")

    active_in = related_nodes(
        "Actor.activeIn", "Gemeinden, in denen er aktiv ist / where it is active"
    )

    part_of = related_node(
        "Actor.partOf", "Übergeordnete Organisation / the organisation it is part of"
    )

    parts = related_nodes("Actor.parts", "Untergliederungen / organisations that are part of it")

    @strawberry.field(
        description="Kooperationspartner (beide Richtungen) / cooperation partners (both ways)"
    )
    async def cooperations(
        self,
        info: Info,
        first: int | None = None,
        where: ActorWhere | None = None,
        kind: list[CooperationKind] | None = None,
    ) -> list[Cooperation]:
        items = await nested(
            info,
            "Actor.cooperations",
            self.id,
            first,
            where,
            one_of("kind", kind),
            node=("partner",),
        )
        return [
            Cooperation(
                partner=Actor.from_node(i.node),
                kind=as_enum(CooperationKind, i.rel.get("kind")),
                since=as_date(i.rel.get("since")),
                direction=Direction.OUTGOING if i.outgoing else Direction.INCOMING,
            )
            for i in items
        ]

    coordinators = related_nodes(
        "Actor.coordinators", "Koordinator:innen, die hier arbeiten / its coordinators"
    )

    people = related_nodes("Actor.people", "Weitere Personen, die hier arbeiten / other people")

    @strawberry.field(description="Teilnahmen an Ereignissen / events it took part in")
    async def participations(self, info: Info, first: int | None = None) -> list[ParticipationRef]:
        items = await nested(info, "Actor.participations", self.id, first, node=("event",))
        return [type_of(ParticipationRef).from_item(item) for item in items]


@strawberry.type(description="Mitgliedschaft in einem Arbeitskreis / a working-group membership")
class Membership:
    working_group: WorkingGroupRef
    role: MembershipRole
    since: date | None
    until: date | None


@strawberry.type(description="Eine Kooperation / a cooperation with another actor")
class Cooperation:
    partner: Actor
    kind: CooperationKind | None
    since: date | None
    direction: Direction = strawberry.field(
        description="OUTGOING: als Kooperation dieses Akteurs erfasst / recorded from this actor"
    )


@strawberry.type(description="Eine Förderung / an offering this actor funds")
class Funding:
    offering: OfferingRef
    program: str | None
