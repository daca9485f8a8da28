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

import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Protocol

import strawberry

from domain.vocabulary import ActorKind
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
from schema.relation_filters import RelationFilter
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


_ENUM_FILTERS: dict[type[Enum], type] = {}


class EnumFilter:
    """Conditions on a vocabulary value: equal to one, or one of several."""

    eq: Enum | None
    in_: list[Enum] | None

    def compares(self, prop: str) -> list[Predicate]:
        return _ops(prop, [(Op.EQ, self.eq), (Op.IN, self.in_)])


def enum_filter(enum: type[Enum]) -> type:
    """The input ``<Enum>Filter`` with ``eq`` and ``in`` over a GraphQL enum (memoised)."""
    if enum not in _ENUM_FILTERS:
        definition = getattr(enum, "__strawberry_definition__", None)
        about = definition.description if definition and definition.description else enum.__name__
        namespace: dict[str, Any] = {
            "__module__": __name__,
            "__annotations__": {"eq": enum | None, "in_": list[enum] | None},  # type: ignore[valid-type]
            "eq": None,
            "in_": strawberry.field(name="in", default=None),
        }
        cls = types.new_class(
            f"{enum.__name__}Filter", (EnumFilter,), {}, lambda ns: ns.update(namespace)
        )
        _ENUM_FILTERS[enum] = strawberry.input(cls, description=f"Bedingungen an: {about}")
    return _ENUM_FILTERS[enum]


ActorKindFilter = enum_filter(ActorKind)


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


class Compares(Protocol):
    """An operator input: its conditions on one property."""

    def compares(self, prop: str) -> list[Predicate]: ...


def through_link(link: str, filter_: Compares | None, prop: str = "id") -> list[Predicate]:
    """The related node reached through ``link`` passes every operator of ``filter_``."""
    if filter_ is None:
        return []
    return [Related(link, test) for test in filter_.compares(prop) if isinstance(test, Compare)]


@dataclass(frozen=True)
class Condition:
    """One field of a ``where`` input and how its value becomes predicates."""

    name: str
    input: Any
    predicates: Callable[[Any], list[Predicate]]
    description: str | None = None


class WhereInput:
    """Shared logic of the ``where`` inputs: collect the parts, then AND/OR/NOT."""

    and_: Sequence[WhereInput] | None
    or_: Sequence[WhereInput] | None
    not_: WhereInput | None
    conditions: tuple[tuple[str, Condition], ...] = ()
    """``(attribute, condition)`` of the fields that are not relationship filters
    (``schema.where``)."""
    relation_fields: tuple[tuple[str, str], ...] = ()
    """``(attribute, relation)`` of the relationship filters (``with_relation_filters``)."""

    def parts(self) -> list[Predicate]:
        parts: list[Predicate] = []
        for attr, condition in self.conditions:
            value = getattr(self, attr)
            if value is not None:
                parts.extend(condition.predicates(value))
        return parts

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
