"""Property values as Neo4j returns them, turned into what the GraphQL types declare.

Constructors (``schema.types.scalars``) read every property with ``props.get``: a row holds
only the selected properties (``schema.types.projection``), so even a required field may be
absent exactly when nobody asked for it; then it is None and never serialised.

The driver hands back ``neo4j.time.Date``/``DateTime`` for temporal properties; Strawberry's
``Date``/``DateTime`` scalars expect Python's own. Conversion happens per field, only for
temporal properties, because most properties are text and need nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from enum import Enum
from functools import partial
from typing import Any, TypeVar

import strawberry
from pydantic.alias_generators import to_snake

from domain.contract import Kind, Property, ValueType

E = TypeVar("E", bound=Enum)

VALUE_TYPES: dict[ValueType, type] = {
    ValueType.STRING: str,
    ValueType.INT: int,
    ValueType.FLOAT: float,
    ValueType.DATE: date,
    ValueType.DATETIME: datetime,
}
"""The Python type of each value type of the contract: what a field or an input declares."""


def as_date(value: Any) -> date | None:
    """A Python ``date`` from a Neo4j ``Date``, a ``date`` or an ISO string; else None."""
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    to_native = getattr(value, "to_native", None)
    if callable(to_native):
        native = to_native()
        return native.date() if isinstance(native, datetime) else native
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def as_datetime(value: Any) -> datetime | None:
    """A Python ``datetime`` from a Neo4j ``DateTime`` or ``datetime``; else None."""
    if value is None or isinstance(value, datetime):
        return value
    to_native = getattr(value, "to_native", None)
    if callable(to_native):
        native = to_native()
        return native if isinstance(native, datetime) else None
    return None


def as_enum(enum: type[E], value: Any) -> E | None:
    """The member of a vocabulary for a stored lower-case value (None when absent)."""
    return None if value is None else enum(value)


def text(props: Mapping[str, Any], key: str) -> str | None:
    value = props.get(key)
    return None if value is None else str(value)


def number(props: Mapping[str, Any], key: str) -> int | None:
    value = props.get(key)
    return None if value is None else int(value)


def decimal(props: Mapping[str, Any], key: str) -> float | None:
    value = props.get(key)
    return None if value is None else float(value)


Reader = Callable[[Mapping[str, Any], str], Any]
"""Reads one property from a row (only the selected properties are in it)."""


def attribute(prop: Property) -> str:
    """The Python name of a property's field (``fundingProgram`` -> ``funding_program``)."""
    return to_snake(prop.name)


def annotation(kind: Kind, prop: Property) -> Any:
    """The field's type: ``ID!`` for the id, the vocabulary or scalar, null where optional."""
    if prop.name == kind.id:
        return strawberry.ID
    base = prop.enum or VALUE_TYPES[prop.type]
    return base if prop.required else base | None


def reader(kind: Kind, prop: Property) -> Reader:
    """How ``from_node`` reads the property: Neo4j temporals to Python's, values to members.

    A reader is called as ``read(props, name)``: one plain call per field and node.
    """
    if prop.name == kind.id:
        return _id_at
    if prop.enum is not None:
        return partial(_member_at, prop.enum, prop.default)
    if prop.default is not None:
        return partial(_value_or, _READERS[prop.type], prop.default)
    return _READERS[prop.type]


def _value_or(read: Reader, default: Any, props: Mapping[str, Any], name: str) -> Any:
    """A value with the model's default where a node has none (``version``: 1)."""
    value = read(props, name)
    return default if value is None else value


def _id_at(props: Mapping[str, Any], name: str) -> strawberry.ID:
    return strawberry.ID(props[name])


def _member_at(enum: type[Enum], default: Any, props: Mapping[str, Any], name: str) -> Any:
    return as_enum(enum, props.get(name) or default)


def _date_at(props: Mapping[str, Any], name: str) -> date | None:
    return as_date(props.get(name))


def _datetime_at(props: Mapping[str, Any], name: str) -> datetime | None:
    return as_datetime(props.get(name))


_READERS: dict[ValueType, Reader] = {
    ValueType.STRING: text,
    ValueType.INT: number,
    ValueType.FLOAT: decimal,
    ValueType.DATE: _date_at,
    ValueType.DATETIME: _datetime_at,
}
