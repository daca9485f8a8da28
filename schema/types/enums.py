"""The GraphQL enums: the domain vocabularies, the municipality scope, sorting directions.

The vocabularies are the ``StrEnum`` classes of ``domain.vocabulary`` themselves, made
GraphQL enums with ``strawberry.enum``: GraphQL shows the member's upper-case name, the
resolvers and Cypher see the lower-case stored value, and the allowed values have one
source. This is the one place they are wrapped; the mutations import them from here.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from domain.vocabulary import (
    ActorKind,
    CooperationKind,
    EventKind,
    EventStatus,
    MeasurePriority,
    MeasureStatus,
    MembershipRole,
    MunicipalityKind,
    OfferingKind,
    ParticipationRole,
)
from graph.queries.coverage import Dimension
from graph.queries.hierarchy import Scope

_DESCRIPTIONS: tuple[tuple[type[Enum], str], ...] = (
    (ActorKind, "Art des Akteurs / kind of actor"),
    (OfferingKind, "Form des Angebots / kind of offering"),
    (MembershipRole, "Rolle im Arbeitskreis / role in a working group"),
    (CooperationKind, "Art der Zusammenarbeit / kind of cooperation"),
    (ParticipationRole, "Rolle bei einem Ereignis / role at an event"),
    (MunicipalityKind, "Verwaltungsebene / administrative level of a municipality"),
    (EventKind, "Art des Ereignisses: Netzwerktreffen, AK-Sitzung, Veranstaltung / kind of event"),
    (EventStatus, "Stattgefunden oder geplant / whether an event was held or is planned"),
    (MeasureStatus, "Stand einer Maßnahme / where a measure stands"),
    (MeasurePriority, "Schwerpunktmaßnahme oder Quick Win / priority of a measure"),
)

for _enum, _description in _DESCRIPTIONS:
    strawberry.enum(_enum, description=_description)

strawberry.enum(
    Scope,
    name="MunicipalityScope",
    description=(
        "Welche Gemeinden zählen / which municipalities count as 'in M': EXACT only M; "
        "WITH_PARTS also the municipalities M contains; WITH_ENCLOSING also those that "
        "contain M (Samtgemeinde, county); WITH_PARTS_AND_ENCLOSING both (the default)"
    ),
)
strawberry.enum(
    Dimension,
    name="CoverageDimension",
    description="Achse einer Abdeckungstabelle / axis of a coverage table",
)


@strawberry.enum(description="Sortierrichtung / sort direction")
class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"


__all__ = [
    "ActorKind",
    "CooperationKind",
    "Dimension",
    "EventKind",
    "EventStatus",
    "MembershipRole",
    "MunicipalityKind",
    "OfferingKind",
    "ParticipationRole",
    "Scope",
    "SortDirection",
]
