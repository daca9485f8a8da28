"""The closed vocabularies as GraphQL enums (the member's upper-case name is the value).

``strawberry.enum`` is applied to the domain's own ``StrEnum`` classes, so every part of the
schema that names ``ActorKind`` refers to one and the same GraphQL type.
"""

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

for vocabulary_enum, description in (
    (ActorKind, "Art des Akteurs / kind of actor"),
    (OfferingKind, "Form des Angebots / kind of offering"),
    (MembershipRole, "Rolle im Arbeitskreis / role in a working group"),
    (CooperationKind, "Art der Zusammenarbeit / kind of cooperation"),
    (ParticipationRole, "Rolle bei einem Ereignis / role at an event"),
):
    strawberry.enum(vocabulary_enum, description=description)


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
