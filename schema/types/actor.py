"""``Actor``: an organisation or initiative, with its relationships in both directions."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from domain.contract import CONTRACT
from domain.vocabulary import CooperationKind, MembershipRole
from schema.batching import Item
from schema.context import Info
from schema.declared import Related
from schema.gaps import ActorNetwork, actor_network
from schema.types.nested import nested, one_of, reads, related_node, related_nodes
from schema.types.refs import (
    ActorRef,
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


@strawberry.type(description="Mitgliedschaft in einem Arbeitskreis / a working-group membership")
class Membership:
    working_group: WorkingGroupRef
    role: MembershipRole
    since: date | None
    until: date | None

    @classmethod
    def from_item(cls, item: Item) -> Membership:
        return cls(
            working_group=type_of(WorkingGroupRef).from_node(item.node),
            role=as_enum(MembershipRole, item.rel.get("role")) or MembershipRole.MEMBER,
            since=as_date(item.rel.get("since")),
            until=as_date(item.rel.get("until")),
        )


@strawberry.type(description="Eine Kooperation / a cooperation with another actor")
class Cooperation:
    partner: ActorRef
    kind: CooperationKind | None
    since: date | None
    direction: Direction = strawberry.field(
        description="OUTGOING: als Kooperation dieses Akteurs erfasst / recorded from this actor"
    )

    @classmethod
    def from_item(cls, item: Item) -> Cooperation:
        return cls(
            partner=resolved("Actor").from_node(item.node),
            kind=as_enum(CooperationKind, item.rel.get("kind")),
            since=as_date(item.rel.get("since")),
            direction=Direction.OUTGOING if item.outgoing else Direction.INCOMING,
        )


@strawberry.type(description="Eine Förderung / an offering this actor funds")
class Funding:
    offering: OfferingRef
    program: str | None

    @classmethod
    def from_item(cls, item: Item) -> Funding:
        return cls(
            offering=type_of(OfferingRef).from_node(item.node),
            program=text(item.rel, "program"),
        )


FUNDINGS = Related("Actor.fundings", Funding.from_item, node=("offering",))
MEMBERSHIPS = Related(
    "Actor.memberships", Membership.from_item, node=("workingGroup",), conditions=one_of("role")
)
COOPERATIONS = Related(
    "Actor.cooperations", Cooperation.from_item, node=("partner",), conditions=one_of("kind")
)
PARTICIPATIONS = Related(
    "Actor.participations", lambda item: type_of(ParticipationRef).from_item(item), node=("event",)
)


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

    @reads(FUNDINGS, "Angebote, die der Akteur fördert / offerings it funds")
    async def fundings(
        self, info: Info, first: int | None = None, where: OfferingWhere | None = None
    ) -> list[Funding]:
        return await nested(FUNDINGS, info, self.id, first=first, where=where)

    @reads(MEMBERSHIPS, "Mitgliedschaften in Arbeitskreisen / working groups")
    async def memberships(
        self,
        info: Info,
        first: int | None = None,
        where: WorkingGroupWhere | None = None,
        role: list[MembershipRole] | None = None,
    ) -> list[Membership]:
        return await nested(MEMBERSHIPS, info, self.id, first=first, where=where, role=role)

    located_in = related_node("Actor.locatedIn", "Sitz / where it is located")

    active_in = related_nodes(
        "Actor.activeIn", "Gemeinden, in denen er aktiv ist / where it is active"
    )

    part_of = related_node(
        "Actor.partOf", "Übergeordnete Organisation / the organisation it is part of"
    )

    parts = related_nodes("Actor.parts", "Untergliederungen / organisations that are part of it")

    @reads(
        COOPERATIONS,
        "Kooperationspartner (beide Richtungen) / cooperation partners (both ways)",
    )
    async def cooperations(
        self,
        info: Info,
        first: int | None = None,
        where: ActorWhere | None = None,
        kind: list[CooperationKind] | None = None,
    ) -> list[Cooperation]:
        return await nested(COOPERATIONS, info, self.id, first=first, where=where, kind=kind)

    coordinators = related_nodes(
        "Actor.coordinators", "Koordinator:innen, die hier arbeiten / its coordinators"
    )

    people = related_nodes("Actor.people", "Weitere Personen, die hier arbeiten / other people")

    @reads(PARTICIPATIONS, "Teilnahmen an Ereignissen / events it took part in")
    async def participations(self, info: Info, first: int | None = None) -> list[ParticipationRef]:
        return await nested(PARTICIPATIONS, info, self.id, first=first)
