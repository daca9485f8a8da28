"""Inputs of the relationship mutations: the relationship sections of the data contract.

``connect*`` takes the whole relationship (ends, properties, ``source``); ``disconnect*``
takes only what identifies it (its ends; residents also the ``year``).
"""

from __future__ import annotations

from datetime import date

import strawberry

from schema.mutations.enums import CooperationKind, MembershipRole, ParticipationRole

ID = strawberry.ID


@strawberry.input(description="(:Actor)-[:MEMBER_OF]->(:WorkingGroup)")
class MembershipInput:
    actor: ID
    working_group: ID
    source: str
    role: MembershipRole = MembershipRole.MEMBER
    since: date | None = None
    until: date | None = None


@strawberry.input(description="Welche Mitgliedschaft / which membership")
class MembershipKey:
    actor: ID
    working_group: ID


@strawberry.input(description="(:Actor)-[:COOPERATES_WITH]->(:Actor)")
class CooperationInput:
    from_: ID = strawberry.field(name="from")
    to: ID
    source: str
    kind: CooperationKind | None = None
    since: date | None = None


@strawberry.input(description="Welche Kooperation / which cooperation")
class CooperationKey:
    from_: ID = strawberry.field(name="from")
    to: ID


@strawberry.input(description="(:Actor)-[:FUNDS]->(:Offering)")
class FundingInput:
    funder: ID
    offering: ID
    source: str
    program: str | None = None


@strawberry.input(description="Welche Förderung / which funding")
class FundingKey:
    funder: ID
    offering: ID


@strawberry.input(
    description="(:Actor|Coordinator|Person)-[:PARTICIPATED_IN]->(:Event): "
    "genau eine/r von actor, coordinator, person / exactly one of them"
)
class ParticipationInput:
    event: ID
    role: ParticipationRole
    source: str
    actor: ID | None = None
    coordinator: ID | None = None
    person: ID | None = None


@strawberry.input(description="Welche Teilnahme / which participation")
class ParticipationKey:
    event: ID
    actor: ID | None = None
    coordinator: ID | None = None
    person: ID | None = None


@strawberry.input(description="(:Country)-[:RESIDES_IN {count, year}]->(:Municipality)")
class ResidentInput:
    country: ID
    municipality: ID
    count: int
    year: int
    source: str


@strawberry.input(description="Welche Einwohnerzahl / which residents figure")
class ResidentKey:
    country: ID
    municipality: ID
    year: int


@strawberry.input(description="(:Language)-[:SPOKEN_IN {share}]->(:Country)")
class LanguageShareInput:
    language: ID
    country: ID
    share: float
    source: str


@strawberry.input(description="Welcher Sprachanteil / which language share")
class LanguageShareKey:
    language: ID
    country: ID
