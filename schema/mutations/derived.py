"""How a derived mutation becomes a field of a root type, shared by the node and the
relationship mutations (both are generated per registry section, not written by hand)."""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

import strawberry
from strawberry.permission import BasePermission

from schema.permissions import CanWrite

EDIT: list[type[BasePermission]] = [CanWrite]
"""Every landscape mutation needs a caller who may write (role ``member`` or higher)."""


def edit_mutation(resolver: Callable[..., Any], name: str, description: str) -> Any:
    """A landscape mutation named ``name`` (camelCase, as the API shows it)."""
    return strawberry.mutation(
        resolver=resolver, name=name, permission_classes=EDIT, description=description
    )


def root_type(name: str, fields: dict[str, Any]) -> type:
    """A Strawberry type ``name`` holding the derived mutations ``fields``."""
    namespace: dict[str, Any] = {"__module__": __name__, **fields}
    cls = types.new_class(name, (), {}, lambda ns: ns.update(namespace))
    return strawberry.type(cls)
