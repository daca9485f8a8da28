"""The enums of the mutations: the vocabularies (made GraphQL enums once, in
``schema.types.enums``) and what a write did."""

from __future__ import annotations

from enum import Enum

import strawberry

from domain.vocabulary import (
    ActorKind,
    CooperationKind,
    MembershipRole,
    OfferingKind,
    ParticipationRole,
)
from schema.types import enums as _enums  # noqa: F401  (makes the vocabularies GraphQL enums)


@strawberry.enum(description="Was eine Mutation bewirkt hat / what a mutation did")
class WriteOutcome(Enum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REMOVED = "removed"


__all__ = [
    "ActorKind",
    "CooperationKind",
    "MembershipRole",
    "OfferingKind",
    "ParticipationRole",
    "WriteOutcome",
]
