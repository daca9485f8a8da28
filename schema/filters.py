"""Filter inputs in the style of the Neo4j GraphQL Library, and their typed translation.

``where: {name: {contains: "Sprach"}, kind: {in: [COURSE, MENTORING]}, OR: [...]}``: one
operator object per property, ``AND``/``OR``/``NOT`` to combine, and relationship filters
that planners need (``topic``, ``targetGroup``, ``language``, ``providerKind``,
``municipality``), plus ``some``/``none``/``all`` over every relationship, derived from
``RELATIONS`` (``schema.relation_filters``). Each input turns itself into a
``graph.queries.predicates`` value; the property and link names are fixed here, so user
input only ever supplies values.

Operators that are not given do not constrain; ``null`` counts as not given. Text
comparisons are exact and case-sensitive (use ``search`` for tolerant matching). ``AND: []``
is always true and ``OR: []`` never is, as in logic.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from typing import Protocol

import strawberry

from domain.vocabulary import ActorKind, EventStatus, MunicipalityKind, OfferingKind
from graph.queries.hierarchy import Scope
from graph.queries.predicates import (
    AllOf,
    AnyOf,
    Compare,
    InMunicipality,
    Not,
    Op,
    Predicate,
    Related,
    misplaced_relation,
)
from schema.errors import BadUserInput
from schema.relation_filters import (
    WHERE_OF,
    RelationFilter,
    filter_name,
    relation_filter_input,
    with_relation_filters,
)
from schema.types import enums as _enums  # noqa: F401  (registers the GraphQL enums)


def _plain(value: object) -> object:
    """Enum members become their stored lower-case value, lists become (hashable) tuples."""
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value.value if isinstance(value, Enum) else value


def _ops(prop: str, pairs: list[tuple[Op, object]]) -> list[Predicate]:
    """One comparison per operator that was given."""
    return [Compare(prop, op, _plain(value)) for op, value in pairs if value is not None]


@strawberry.input(description="Bedingungen an eine id / conditions on an id")
class IDFilter:
    eq: strawberry.ID | None = None
    in_: list[strawberry.ID] | None = strawberry.field(name="in", default=None)

    def compares(self, prop: str = "id") -> list[Predicate]:
        values = None if self.in_ is None else [str(v) for v in self.in_]
        return _ops(prop, [(Op.EQ, None if self.eq is None else str(self.eq)), (Op.IN, values)])


@strawberry.input(description="Bedingungen an einen Text / conditions on text (case-sensitive)")
class StringFilter:
    eq: str | None = None
    in_: list[str] | None = strawberry.field(name="in", default=None)
    contains: str | None = None
    starts_with: str | None = None
    ends_with: str | None = None

    def compares(self, prop: str) -> list[Predicate]:
        return _ops(
            prop,
            [
                (Op.EQ, self.eq),
                (Op.IN, self.in_),
                (Op.CONTAINS, self.contains),
                (Op.STARTS_WITH, self.starts_with),
                (Op.ENDS_WITH, self.ends_with),
            ],
        )


class _Ordered(Protocol):
    """A filter of ordered values (numbers, dates): equality, membership and comparisons."""

    @property
    def eq(self) -> object: ...
    @property
    def in_(self) -> object: ...
    @property
    def lt(self) -> object: ...
    @property
    def lte(self) -> object: ...
    @property
    def gt(self) -> object: ...
    @property
    def gte(self) -> object: ...


def _ordered(prop: str, condition: _Ordered) -> list[Predicate]:
    return _ops(
        prop,
        [
            (Op.EQ, condition.eq),
            (Op.IN, condition.in_),
            (Op.LT, condition.lt),
            (Op.LTE, condition.lte),
            (Op.GT, condition.gt),
            (Op.GTE, condition.gte),
        ],
    )


@strawberry.input(description="Bedingungen an eine ganze Zahl / conditions on an integer")
class IntFilter:
    eq: int | None = None
    in_: list[int] | None = strawberry.field(name="in", default=None)
    lt: int | None = None
    lte: int | None = None
    gt: int | None = None
    gte: int | None = None

    def compares(self, prop: str) -> list[Predicate]:
        return _ordered(prop, self)


@strawberry.input(description="Bedingungen an eine Zahl / conditions on a number")
class FloatFilter:
    eq: float | None = None
    in_: list[float] | None = strawberry.field(name="in", default=None)
    lt: float | None = None
    lte: float | None = None
    gt: float | None = None
    gte: float | None = None

    def compares(self, prop: str) -> list[Predicate]:
        return _ordered(prop, self)


@strawberry.input(description="Bedingungen an ein Datum / conditions on a date")
class DateFilter:
    eq: date | None = None
    in_: list[date] | None = strawberry.field(name="in", default=None)
    lt: date | None = None
    lte: date | None = None
    gt: date | None = None
    gte: date | None = None

    def compares(self, prop: str) -> list[Predicate]:
        return _ordered(prop, self)


@strawberry.input(description="Bedingungen an einen Zeitpunkt / conditions on a timestamp")
class DateTimeFilter:
    lt: datetime | None = None
    lte: datetime | None = None
    gt: datetime | None = None
    gte: datetime | None = None

    def compares(self, prop: str) -> list[Predicate]:
        return _ops(
            prop, [(Op.LT, self.lt), (Op.LTE, self.lte), (Op.GT, self.gt), (Op.GTE, self.gte)]
        )


@strawberry.input(description="Bedingungen an die Art eines Akteurs / on an actor's kind")
class ActorKindFilter:
    eq: ActorKind | None = None
    in_: list[ActorKind] | None = strawberry.field(name="in", default=None)

    def compares(self, prop: str = "kind") -> list[Predicate]:
        return _ops(prop, [(Op.EQ, self.eq), (Op.IN, self.in_)])


@strawberry.input(description="Bedingungen an die Form eines Angebots / on an offering's kind")
class OfferingKindFilter:
    eq: OfferingKind | None = None
    in_: list[OfferingKind] | None = strawberry.field(name="in", default=None)

    def compares(self, prop: str = "kind") -> list[Predicate]:
        return _ops(prop, [(Op.EQ, self.eq), (Op.IN, self.in_)])


@strawberry.input(description="Bedingungen an die Ebene einer Gemeinde / on a municipality's kind")
class MunicipalityKindFilter:
    eq: MunicipalityKind | None = None
    in_: list[MunicipalityKind] | None = strawberry.field(name="in", default=None)

    def compares(self, prop: str = "kind") -> list[Predicate]:
        return _ops(prop, [(Op.EQ, self.eq), (Op.IN, self.in_)])


@strawberry.input(description="Bedingungen an den Status eines Ereignisses / on an event's status")
class EventStatusFilter:
    eq: EventStatus | None = None
    in_: list[EventStatus] | None = strawberry.field(name="in", default=None)

    def compares(self, prop: str = "status") -> list[Predicate]:
        return _ops(prop, [(Op.EQ, self.eq), (Op.IN, self.in_)])


@strawberry.input(
    description=(
        "In einer Gemeinde / in a municipality: `id` or `in` names it; `scope` says whether "
        "its parts and the areas containing it count (default: both)"
    )
)
class MunicipalityFilter:
    id: strawberry.ID | None = None
    in_: list[strawberry.ID] | None = strawberry.field(name="in", default=None)
    scope: Scope = Scope.WITH_PARTS_AND_ENCLOSING

    def ids(self) -> tuple[str, ...]:
        """The named municipalities; one of ``id``/``in`` is required."""
        ids = ([] if self.id is None else [str(self.id)]) + [str(v) for v in self.in_ or []]
        if not ids:
            raise BadUserInput(
                "municipality: nenne `id` oder `in` / give `id` or `in`", field="municipality"
            )
        return tuple(ids)

    def predicate(self, link: str) -> Predicate:
        return InMunicipality(link, self.ids(), self.scope)


def related(
    link: str, filter_: IDFilter | ActorKindFilter | None, prop: str = "id"
) -> list[Predicate]:
    """The related node reached through ``link`` passes every operator of ``filter_``."""
    if filter_ is None:
        return []
    return [Related(link, test) for test in filter_.compares(prop) if isinstance(test, Compare)]


def scalar(
    prop: str,
    filter_: IDFilter
    | StringFilter
    | IntFilter
    | FloatFilter
    | DateFilter
    | DateTimeFilter
    | ActorKindFilter
    | OfferingKindFilter
    | MunicipalityKindFilter
    | EventStatusFilter
    | None,
) -> list[Predicate]:
    return [] if filter_ is None else filter_.compares(prop)


class WhereInput:
    """Shared logic of the ``where`` inputs: collect the parts, then AND/OR/NOT."""

    and_: Sequence[WhereInput] | None
    or_: Sequence[WhereInput] | None
    not_: WhereInput | None
    relation_fields: tuple[tuple[str, str], ...] = ()
    """``(attribute, relation)`` of the relationship filters (``with_relation_filters``)."""

    def parts(self) -> list[Predicate]:
        raise NotImplementedError

    def relation_parts(self) -> list[Predicate]:
        parts: list[Predicate] = []
        for attr, relation in self.relation_fields:
            filter_: RelationFilter | None = getattr(self, attr)
            if filter_ is not None:
                parts.extend(filter_.predicates(relation))
        return parts

    def predicate(self) -> Predicate:
        parts = self.parts() + self.relation_parts()
        if self.and_ is not None:
            parts.append(AllOf(tuple(w.predicate() for w in self.and_)))
        if self.or_ is not None:
            parts.append(AnyOf(tuple(w.predicate() for w in self.or_)))
        if self.not_ is not None:
            parts.append(Not(self.not_.predicate()))
        return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def predicate_of(where: WhereInput | None, label: str | None = None) -> Predicate | None:
    """The typed predicate of a ``where`` argument, None when none was given.

    With the ``label`` of the filtered nodes, relationship filters that kind does not have
    are refused (the vocabulary kinds share ``VocabularyWhere``: ``countries`` has no
    ``offerings``).
    """
    if where is None:
        return None
    pred = where.predicate()
    wrong = None if label is None else misplaced_relation(pred, label)
    if wrong is not None:
        kind, field = wrong.split(".", 1)
        raise BadUserInput(
            f"{kind} hat keinen Beziehungsfilter `{field}` / {kind} has no relationship "
            f"filter `{field}`",
            field="where",
        )
    return pred


@strawberry.input(description="Filter für Akteure / filter for actors")
@with_relation_filters("Actor")
class ActorWhere(WhereInput):
    id: IDFilter | None = None
    name: StringFilter | None = None
    kind: ActorKindFilter | None = None
    description: StringFilter | None = None
    source: StringFilter | None = None
    updated_at: DateTimeFilter | None = None
    topic: IDFilter | None = strawberry.field(
        default=None,
        description="bietet etwas zum Handlungsfeld an oder sitzt in einem Arbeitskreis dazu "
        "/ offers something on the topic or is member of a working group on it",
    )
    target_group: IDFilter | None = strawberry.field(
        default=None, description="bietet etwas für die Zielgruppe an / offers for the group"
    )
    language: IDFilter | None = strawberry.field(
        default=None, description="bietet etwas in der Sprache an / offers in the language"
    )
    working_group: IDFilter | None = strawberry.field(
        default=None, description="Mitglied im Arbeitskreis / member of the working group"
    )
    part_of: IDFilter | None = None
    municipality: MunicipalityFilter | None = strawberry.field(
        default=None,
        description="ansässig oder aktiv in der Gemeinde / located or active in the municipality",
    )
    and_: list[ActorWhere] | None = strawberry.field(name="AND", default=None)
    or_: list[ActorWhere] | None = strawberry.field(name="OR", default=None)
    not_: ActorWhere | None = strawberry.field(name="NOT", default=None)

    def parts(self) -> list[Predicate]:
        parts = [
            *scalar("id", self.id),
            *scalar("name", self.name),
            *scalar("kind", self.kind),
            *scalar("description", self.description),
            *scalar("source", self.source),
            *scalar("updatedAt", self.updated_at),
            *related("actor.topic", self.topic),
            *related("actor.targetGroup", self.target_group),
            *related("actor.language", self.language),
            *related("actor.workingGroup", self.working_group),
            *related("actor.partOf", self.part_of),
        ]
        if self.municipality is not None:
            parts.append(self.municipality.predicate("actor.place"))
        return parts


@strawberry.input(description="Filter für Angebote / filter for offerings")
@with_relation_filters("Offering")
class OfferingWhere(WhereInput):
    id: IDFilter | None = None
    title: StringFilter | None = None
    kind: OfferingKindFilter | None = None
    description: StringFilter | None = None
    schedule: StringFilter | None = None
    capacity: IntFilter | None = None
    cost: FloatFilter | None = None
    start_date: DateFilter | None = None
    end_date: DateFilter | None = None
    funding_program: StringFilter | None = None
    source: StringFilter | None = None
    updated_at: DateTimeFilter | None = None
    topic: IDFilter | None = None
    target_group: IDFilter | None = None
    language: IDFilter | None = None
    provider: IDFilter | None = None
    provider_kind: ActorKindFilter | None = strawberry.field(
        default=None, description="Art eines Anbieters / kind of one of the providers"
    )
    funder: IDFilter | None = None
    municipality: MunicipalityFilter | None = strawberry.field(
        default=None, description="verfügbar in der Gemeinde / available in the municipality"
    )
    and_: list[OfferingWhere] | None = strawberry.field(name="AND", default=None)
    or_: list[OfferingWhere] | None = strawberry.field(name="OR", default=None)
    not_: OfferingWhere | None = strawberry.field(name="NOT", default=None)

    def parts(self) -> list[Predicate]:
        parts = [
            *scalar("id", self.id),
            *scalar("title", self.title),
            *scalar("kind", self.kind),
            *scalar("description", self.description),
            *scalar("schedule", self.schedule),
            *scalar("capacity", self.capacity),
            *scalar("cost", self.cost),
            *scalar("startDate", self.start_date),
            *scalar("endDate", self.end_date),
            *scalar("fundingProgram", self.funding_program),
            *scalar("source", self.source),
            *scalar("updatedAt", self.updated_at),
            *related("offering.topic", self.topic),
            *related("offering.targetGroup", self.target_group),
            *related("offering.language", self.language),
            *related("offering.provider", self.provider),
            *related("offering.provider", self.provider_kind, "kind"),
            *related("offering.funder", self.funder),
        ]
        if self.municipality is not None:
            parts.append(self.municipality.predicate("offering.availableIn"))
        return parts


@strawberry.input(description="Filter für Arbeitskreise / filter for working groups")
@with_relation_filters("WorkingGroup")
class WorkingGroupWhere(WhereInput):
    id: IDFilter | None = None
    name: StringFilter | None = None
    description: StringFilter | None = None
    founded: DateFilter | None = None
    topic: IDFilter | None = None
    member: IDFilter | None = None
    and_: list[WorkingGroupWhere] | None = strawberry.field(name="AND", default=None)
    or_: list[WorkingGroupWhere] | None = strawberry.field(name="OR", default=None)
    not_: WorkingGroupWhere | None = strawberry.field(name="NOT", default=None)

    def parts(self) -> list[Predicate]:
        return [
            *scalar("id", self.id),
            *scalar("name", self.name),
            *scalar("description", self.description),
            *scalar("founded", self.founded),
            *related("workingGroup.topic", self.topic),
            *related("workingGroup.member", self.member),
        ]


@strawberry.input(description="Filter für Koordinator:innen / filter for coordinators")
@with_relation_filters("Coordinator")
class CoordinatorWhere(WhereInput):
    id: IDFilter | None = None
    name: StringFilter | None = None
    role: StringFilter | None = None
    since: DateFilter | None = None
    until: DateFilter | None = None
    works_for: IDFilter | None = None
    and_: list[CoordinatorWhere] | None = strawberry.field(name="AND", default=None)
    or_: list[CoordinatorWhere] | None = strawberry.field(name="OR", default=None)
    not_: CoordinatorWhere | None = strawberry.field(name="NOT", default=None)

    def parts(self) -> list[Predicate]:
        return [
            *scalar("id", self.id),
            *scalar("name", self.name),
            *scalar("role", self.role),
            *scalar("since", self.since),
            *scalar("until", self.until),
            *related("coordinator.worksFor", self.works_for),
        ]


@strawberry.input(description="Filter für Personen / filter for people")
@with_relation_filters("Person")
class PersonWhere(WhereInput):
    id: IDFilter | None = None
    name: StringFilter | None = None
    role: StringFilter | None = None
    works_for: IDFilter | None = None
    and_: list[PersonWhere] | None = strawberry.field(name="AND", default=None)
    or_: list[PersonWhere] | None = strawberry.field(name="OR", default=None)
    not_: PersonWhere | None = strawberry.field(name="NOT", default=None)

    def parts(self) -> list[Predicate]:
        return [
            *scalar("id", self.id),
            *scalar("name", self.name),
            *scalar("role", self.role),
            *related("person.worksFor", self.works_for),
        ]


@strawberry.input(
    description="Filter für Handlungsfelder, Zielgruppen, Sprachen, Länder / filter for "
    "topics, target groups, languages, countries"
)
@with_relation_filters("Topic", "TargetGroup", "Language", "Country")
class VocabularyWhere(WhereInput):
    id: IDFilter | None = None
    name: StringFilter | None = None
    and_: list[VocabularyWhere] | None = strawberry.field(name="AND", default=None)
    or_: list[VocabularyWhere] | None = strawberry.field(name="OR", default=None)
    not_: VocabularyWhere | None = strawberry.field(name="NOT", default=None)

    def parts(self) -> list[Predicate]:
        return [*scalar("id", self.id), *scalar("name", self.name)]


@strawberry.input(description="Filter für Gemeinden / filter for municipalities")
@with_relation_filters("Municipality")
class MunicipalityWhere(WhereInput):
    id: IDFilter | None = None
    name: StringFilter | None = None
    kind: MunicipalityKindFilter | None = None
    ags: StringFilter | None = None
    population: IntFilter | None = None
    migrant_population: IntFilter | None = None
    part_of: IDFilter | None = strawberry.field(
        default=None, description="direkt Teil von / directly part of"
    )
    within: IDFilter | None = strawberry.field(
        default=None, description="liegt (mittelbar) in / lies (at any depth) within"
    )
    and_: list[MunicipalityWhere] | None = strawberry.field(name="AND", default=None)
    or_: list[MunicipalityWhere] | None = strawberry.field(name="OR", default=None)
    not_: MunicipalityWhere | None = strawberry.field(name="NOT", default=None)

    def parts(self) -> list[Predicate]:
        return [
            *scalar("id", self.id),
            *scalar("name", self.name),
            *scalar("kind", self.kind),
            *scalar("ags", self.ags),
            *scalar("population", self.population),
            *scalar("migrantPopulation", self.migrant_population),
            *related("municipality.partOf", self.part_of),
            *related("municipality.within", self.within),
        ]


@strawberry.input(description="Filter für Ereignisse / filter for events")
@with_relation_filters("Event")
class EventWhere(WhereInput):
    id: IDFilter | None = None
    name: StringFilter | None = None
    date: DateFilter | None = None
    place: StringFilter | None = None
    status: EventStatusFilter | None = None
    and_: list[EventWhere] | None = strawberry.field(name="AND", default=None)
    or_: list[EventWhere] | None = strawberry.field(name="OR", default=None)
    not_: EventWhere | None = strawberry.field(name="NOT", default=None)

    def parts(self) -> list[Predicate]:
        return [
            *scalar("id", self.id),
            *scalar("name", self.name),
            *scalar("date", self.date),
            *scalar("place", self.place),
            *scalar("status", self.status),
        ]


for _where in sorted(set(WHERE_OF.values())):
    globals()[filter_name(_where)] = relation_filter_input(globals()[_where])
