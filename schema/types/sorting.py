"""Sort inputs per node kind: one property (from a fixed list) and a direction.

The enum's value is the stored property name, checked once more against the catalog when
the statement is built. Rows with equal sort values are ordered by ``id``, which makes the
order total and the cursors stable.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from graph.queries.nodes import Order
from schema.types.enums import SortDirection


@strawberry.enum(description="Sortierung von Akteuren / sort actors by")
class ActorSortField(Enum):
    NAME = "name"
    KIND = "kind"
    ID = "id"
    UPDATED_AT = "updatedAt"


@strawberry.enum(description="Sortierung von Angeboten / sort offerings by")
class OfferingSortField(Enum):
    TITLE = "title"
    KIND = "kind"
    START_DATE = "startDate"
    END_DATE = "endDate"
    CAPACITY = "capacity"
    COST = "cost"
    ID = "id"
    UPDATED_AT = "updatedAt"


@strawberry.enum(description="Sortierung von Arbeitskreisen / sort working groups by")
class WorkingGroupSortField(Enum):
    NAME = "name"
    FOUNDED = "founded"
    ID = "id"


@strawberry.enum(description="Sortierung von Personen / sort coordinators and people by")
class PersonSortField(Enum):
    NAME = "name"
    ROLE = "role"
    ID = "id"


@strawberry.enum(description="Sortierung von Vokabularen / sort topics, groups, languages by")
class VocabularySortField(Enum):
    NAME = "name"
    ID = "id"


@strawberry.enum(description="Sortierung von Gemeinden / sort municipalities by")
class MunicipalitySortField(Enum):
    NAME = "name"
    KIND = "kind"
    AGS = "ags"
    POPULATION = "population"
    MIGRANT_POPULATION = "migrantPopulation"
    ID = "id"


@strawberry.enum(description="Sortierung von Ereignissen / sort events by")
class EventSortField(Enum):
    NAME = "name"
    DATE = "date"
    ID = "id"


def _order(field: Enum, direction: SortDirection) -> Order:
    return Order(str(field.value), descending=direction is SortDirection.DESC)


@strawberry.input
class ActorSort:
    field: ActorSortField = ActorSortField.NAME
    direction: SortDirection = SortDirection.ASC

    def order(self) -> Order:
        return _order(self.field, self.direction)


@strawberry.input
class OfferingSort:
    field: OfferingSortField = OfferingSortField.TITLE
    direction: SortDirection = SortDirection.ASC

    def order(self) -> Order:
        return _order(self.field, self.direction)


@strawberry.input
class WorkingGroupSort:
    field: WorkingGroupSortField = WorkingGroupSortField.NAME
    direction: SortDirection = SortDirection.ASC

    def order(self) -> Order:
        return _order(self.field, self.direction)


@strawberry.input
class PersonSort:
    field: PersonSortField = PersonSortField.NAME
    direction: SortDirection = SortDirection.ASC

    def order(self) -> Order:
        return _order(self.field, self.direction)


@strawberry.input
class VocabularySort:
    field: VocabularySortField = VocabularySortField.NAME
    direction: SortDirection = SortDirection.ASC

    def order(self) -> Order:
        return _order(self.field, self.direction)


@strawberry.input
class MunicipalitySort:
    field: MunicipalitySortField = MunicipalitySortField.NAME
    direction: SortDirection = SortDirection.ASC

    def order(self) -> Order:
        return _order(self.field, self.direction)


@strawberry.input
class EventSort:
    field: EventSortField = EventSortField.NAME
    direction: SortDirection = SortDirection.ASC

    def order(self) -> Order:
        return _order(self.field, self.direction)
