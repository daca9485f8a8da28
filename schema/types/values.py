"""Property values as Neo4j returns them, turned into what the GraphQL types declare.

Constructors (``schema.types.scalars``) read every property with ``props.get``: a row holds
only the selected properties (``schema.types.projection``), so even a required field may be
absent exactly when nobody asked for it; then it is None and never serialised.

The driver hands back ``neo4j.time.Date``/``DateTime`` for temporal properties; Strawberry's
``Date``/``DateTime`` scalars expect Python's own. Conversion happens per field, only for
temporal properties, because most properties are text and need nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

E = TypeVar("E", bound=Enum)


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
