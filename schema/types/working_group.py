"""``WorkingGroup``: an Arbeitskreis, with its members (and their roles) and topics."""

from __future__ import annotations

from datetime import date

import strawberry

from domain.contract import CONTRACT
from domain.vocabulary import MembershipRole
from schema.context import Info
from schema.types.nested import nested, one_of, related_nodes
from schema.types.refs import ActorRef, resolved
from schema.types.scalars import NodeObject
from schema.types.values import as_date, as_enum
from schema.where import ActorWhere


@strawberry.type(description="Ein Arbeitskreis des Netzwerks / a working group")
class WorkingGroup(NodeObject, kind=CONTRACT.kind("WorkingGroup")):
    @strawberry.field(description="Mitglieder mit Rolle / members and their role")
    async def members(
        self,
        info: Info,
        first: int | None = None,
        where: ActorWhere | None = None,
        role: list[MembershipRole] | None = None,
    ) -> list[Member]:
        items = await nested(
            info,
            "WorkingGroup.members",
            self.id,
            first,
            where,
            one_of("role", role),
            node=("actor",),
        )
        return [
            Member(
                actor=resolved("Actor").from_node(i.node),
                role=as_enum(MembershipRole, i.rel.get("role")) or MembershipRole.MEMBER,
                since=as_date(i.rel.get("since")),
                until=as_date(i.rel.get("until")),
            )
            for i in items
        ]

    topics = related_nodes("WorkingGroup.topics", "Handlungsfelder / topics")

    coordinators = related_nodes(
        "WorkingGroup.coordinators", "Koordinator:innen / who coordinates it"
    )

    measures = related_nodes("WorkingGroup.measures", "Maßnahmen / measures it is responsible for")

    meetings = related_nodes(
        "WorkingGroup.meetings", "Sitzungen des Arbeitskreises / the meetings of the group"
    )


@strawberry.type(description="Ein Mitglied eines Arbeitskreises / a member of a working group")
class Member:
    actor: ActorRef
    role: MembershipRole
    since: date | None
    until: date | None
