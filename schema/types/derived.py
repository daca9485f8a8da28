"""The object types of kinds nobody wrote a class for, by label (``derived.Location``).

A lazy reference needs a module and a name: a written class has its own module
(``schema.types.refs``); a derived type (``schema.types.scalars.object_type``) is looked
up here, in the table the schema is built from (``schema.queries.NODE_TYPES``), once the
schema is being built.
"""

from __future__ import annotations

from typing import Any


def __getattr__(label: str) -> Any:
    from schema.queries import NODE_TYPES

    try:
        return NODE_TYPES[label]
    except KeyError:
        raise AttributeError(label) from None
