"""The object types of kinds nobody wrote a class for, by label (``derived.Location``).

A lazy reference (``strawberry.lazy``) needs a module holding the type under its name: a
written class has its own module (``schema.types.refs``); a derived type
(``schema.types.scalars.object_type``) is made in ``schema.queries.NODE_TYPES`` and placed
here. This module is imported only once the schema is being built (by a lazy reference, or
by a resolver), when that table is complete.
"""

from __future__ import annotations

from schema.queries import NODE_TYPES, WRITTEN_TYPES

globals().update({label: t for label, t in NODE_TYPES.items() if label not in WRITTEN_TYPES})
