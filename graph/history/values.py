"""Values in the history: shown as JSON text, kept typed where a revert must write them back.

``shown`` turns a stored or validated value into what the API shows as ``old``/``new``
(dates as ISO text). ``typed``/``untyped`` keep a node's or relationship's stored properties
with their Neo4j types across JSON (``{"$date": "2024-01-15"}``), so that restoring a deleted
record writes exactly what was there.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from enum import Enum
from typing import Any


def shown(value: Any) -> Any:
    """A JSON-compatible form of ``value``: dates as ISO text, enums by value, lists sorted."""
    to_native = getattr(value, "to_native", None)
    if callable(to_native):
        value = to_native()
    if isinstance(value, Enum):
        return shown(value.value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return sorted((shown(v) for v in value), key=str)
    if isinstance(value, Mapping):
        return {str(k): shown(v) for k, v in value.items()}
    return value


def typed(props: Mapping[str, Any]) -> dict[str, Any]:
    """Stored properties as JSON, temporal values tagged with their type."""
    return {str(k): _tag(v) for k, v in props.items()}


def _tag(value: Any) -> Any:
    to_native = getattr(value, "to_native", None)
    if callable(to_native):
        value = to_native()
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [_tag(v) for v in value]
    return value


def untyped(props: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of ``typed``: Python values the driver stores with their Neo4j types."""
    return {str(k): _untag(v) for k, v in props.items()}


def _untag(value: Any) -> Any:
    if isinstance(value, Mapping):
        if "$datetime" in value:
            return datetime.fromisoformat(str(value["$datetime"]))
        if "$date" in value:
            return date.fromisoformat(str(value["$date"]))
    if isinstance(value, list):
        return [_untag(v) for v in value]
    return value


def untyped_shown(props: Mapping[str, Any]) -> dict[str, Any]:
    """Typed properties (``typed``) as the history shows them (dates as plain ISO text)."""
    return {k: shown(v) for k, v in untyped(props).items()}
