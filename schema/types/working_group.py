"""``WorkingGroup``: an Arbeitskreis, with its members (and their roles) and topics."""

from __future__ import annotations

from datetime import date

import strawberry

from domain.contract import CONTRACT
from domain.vocabulary import MembershipRole
from schema.batching import Item
from schema.context import Info
from schema.declared import Related
from schema.types.nested import nested, one_of, reads, related_nodes
from schema.types.refs import ActorRef, type_of
from schema.types.scalars import NodeObject
from schema.types.values import as_date, as_enum
from schema.where import ActorWhere


@strawberry.type(description="Ein Mitglied eines Arbeitskreises / a member of a working group")
class Member:
    actor: ActorRef
    role: MembershipRole
    since: date | None
    until: date | None

    @classmethod
    def from_item(cls, item: Item) -> Member:
        return cls(
            actor=type_of(ActorRef).from_node(item.node),
            role=as_enum(MembershipRole, item.rel.get("role")) or MembershipRole.MEMBER,
            since=as_date(item.rel.get("since")),
            until=as_date(item.rel.get("until")),
        )


MEMBERS = Related(
    "WorkingGroup.members", Member.from_item, node=("actor",), conditions=one_of("role")
)


@strawberry.type(description="Ein Arbeitskreis des Netzwerks / a working group")
class WorkingGroup(NodeObject, kind=CONTRACT.kind("WorkingGroup")):
    @reads(MEMBERS, "Mitglieder mit Rolle / members and their role")
    async def members(
        self,
        info: Info,
        first: int | None = None,
        where: ActorWhere | None = None,
        role: list[MembershipRole] | None = None,
    ) -> list[Member]:
        return await nested(MEMBERS, info, self.id, first=first, where=where, role=role)

    topics = related_nodes("WorkingGroup.topics", "Handlungsfelder / topics")

    coordinators = related_nodes(
        "WorkingGroup.coordinators", "Koordinator:innen / who coordinates it"
    )

    measures = related_nodes("WorkingGroup.measures", "Maßnahmen / measures it is responsible for")

    meetings = related_nodes(
        "WorkingGroup.meetings", "Sitzungen des Arbeitskreises / the meetings of the group"
    )
