"""``WorkingGroup``: an Arbeitskreis, with its members (and their roles) and topics."""

from __future__ import annotations

from datetime import date

import strawberry

from domain.contract import CONTRACT
from domain.vocabulary import MembershipRole
from schema.context import Info
from schema.types import actor as actor_types
from schema.types import people as people_types
from schema.types import vocabulary as vocabulary_types
from schema.types.nested import nested, one_of
from schema.types.refs import ActorRef, CoordinatorRef, TopicRef
from schema.types.scalars import NodeObject
from schema.types.values import as_date, as_enum
from schema.where import ActorWhere, CoordinatorWhere, VocabularyWhere


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
                actor=actor_types.Actor.from_node(i.node),
                role=as_enum(MembershipRole, i.rel.get("role")) or MembershipRole.MEMBER,
                since=as_date(i.rel.get("since")),
                until=as_date(i.rel.get("until")),
            )
            for i in items
        ]

    @strawberry.field(description="Handlungsfelder / topics")
    async def topics(
        self, info: Info, first: int | None = None, where: VocabularyWhere | None = None
    ) -> list[TopicRef]:
        items = await nested(info, "WorkingGroup.topics", self.id, first, where)
        return [vocabulary_types.Topic.from_node(item.node) for item in items]

    @strawberry.field(description="Koordinator:innen / who coordinates it")
    async def coordinators(
        self, info: Info, first: int | None = None, where: CoordinatorWhere | None = None
    ) -> list[CoordinatorRef]:
        items = await nested(info, "WorkingGroup.coordinators", self.id, first, where)
        return [people_types.Coordinator.from_node(item.node) for item in items]


@strawberry.type(description="Ein Mitglied eines Arbeitskreises / a member of a working group")
class Member:
    actor: ActorRef
    role: MembershipRole
    since: date | None
    until: date | None
