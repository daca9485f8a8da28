"""Inputs of the node mutations: one for create (required fields required), one for update.

Field names are those of the data contract (docs/data-format.md); reference fields take ids.
In an update, a field left out stays as it is, ``null`` clears it, and a reference list
replaces the stored one.
"""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry import UNSET

from schema.mutations.enums import ActorKind, OfferingKind

ID = strawberry.ID


@strawberry.input(description="Ein neuer Akteur / a new actor")
class ActorInput:
    id: ID
    name: str
    kind: ActorKind
    source: str
    description: str | None = None
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    located_in: ID | None = strawberry.field(default=None, description="Gemeinde / municipality")
    active_in: list[ID] | None = strawberry.field(default=None, description="Gemeinden")
    part_of: ID | None = strawberry.field(default=None, description="übergeordneter Akteur")


@strawberry.input(description="Änderungen an einem Akteur / changes to an actor")
class ActorPatch:
    name: str | None = UNSET
    kind: ActorKind | None = UNSET
    source: str | None = UNSET
    description: str | None = UNSET
    website: str | None = UNSET
    email: str | None = UNSET
    phone: str | None = UNSET
    address: str | None = UNSET
    located_in: ID | None = UNSET
    active_in: list[ID] | None = UNSET
    part_of: ID | None = UNSET


@strawberry.input(description="Ein neues Angebot / a new offering")
class OfferingInput:
    id: ID
    title: str
    kind: OfferingKind
    source: str
    description: str | None = None
    schedule: str | None = None
    capacity: int | None = None
    cost: float | None = strawberry.field(default=None, description="EUR")
    start_date: date | None = None
    end_date: date | None = None
    funding_program: str | None = None
    providers: list[ID] | None = strawberry.field(default=None, description="Akteure (OFFERS)")
    topics: list[ID] | None = None
    target_groups: list[ID] | None = None
    languages: list[ID] | None = None
    municipalities: list[ID] | None = None


@strawberry.input(description="Änderungen an einem Angebot / changes to an offering")
class OfferingPatch:
    title: str | None = UNSET
    kind: OfferingKind | None = UNSET
    source: str | None = UNSET
    description: str | None = UNSET
    schedule: str | None = UNSET
    capacity: int | None = UNSET
    cost: float | None = UNSET
    start_date: date | None = UNSET
    end_date: date | None = UNSET
    funding_program: str | None = UNSET
    providers: list[ID] | None = UNSET
    topics: list[ID] | None = UNSET
    target_groups: list[ID] | None = UNSET
    languages: list[ID] | None = UNSET
    municipalities: list[ID] | None = UNSET


@strawberry.input(description="Ein neuer Arbeitskreis / a new working group")
class WorkingGroupInput:
    id: ID
    name: str
    source: str
    description: str | None = None
    founded: date | None = None
    meeting_cadence: str | None = None
    topics: list[ID] | None = None


@strawberry.input(description="Änderungen an einem Arbeitskreis / changes to a working group")
class WorkingGroupPatch:
    name: str | None = UNSET
    source: str | None = UNSET
    description: str | None = UNSET
    founded: date | None = UNSET
    meeting_cadence: str | None = UNSET
    topics: list[ID] | None = UNSET


@strawberry.input(description="Eine neue Koordinatorin, ein neuer Koordinator / a coordinator")
class CoordinatorInput:
    id: ID
    name: str
    role: str
    source: str
    responsibility: str | None = None
    email: str | None = None
    phone: str | None = None
    since: date | None = None
    until: date | None = None
    works_for: list[ID] | None = None
    coordinates_offerings: list[ID] | None = None
    coordinates_working_groups: list[ID] | None = None
    coordinates_topics: list[ID] | None = None


@strawberry.input(description="Änderungen an einer Koordination / changes to a coordinator")
class CoordinatorPatch:
    name: str | None = UNSET
    role: str | None = UNSET
    source: str | None = UNSET
    responsibility: str | None = UNSET
    email: str | None = UNSET
    phone: str | None = UNSET
    since: date | None = UNSET
    until: date | None = UNSET
    works_for: list[ID] | None = UNSET
    coordinates_offerings: list[ID] | None = UNSET
    coordinates_working_groups: list[ID] | None = UNSET
    coordinates_topics: list[ID] | None = UNSET
