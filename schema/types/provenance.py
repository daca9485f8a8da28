"""Where a record's fields come from: the record's ``source``, or an edit of one field.

A record cites one ``source`` (an article, a register, ``example`` for illustrative data).
An edit in the cockpit or through the API does not relabel the whole record: it marks only
the fields it changed, in the node's ``fieldSources`` JSON
(``{field: {source, by, at}}``, written by ``graph.mutations.versions``). ``provenance``
lists those fields; every field it does not list still comes from the record's ``source``.
Who changed a field is a person's name: signed-in callers only, like contact data.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from schema.permissions import is_authenticated

DESCRIPTION = (
    "Felder, die nach der Quelle des Datensatzes geändert wurden; alle übrigen stammen aus "
    "source / fields changed after the record's source; every other field comes from source"
)


@strawberry.type(description="Herkunft eines Feldes / where one field's value comes from")
class FieldProvenance:
    field: str = strawberry.field(description="Feldname / field name (as in the input)")
    source: str = strawberry.field(
        description="Cockpit (angemeldete Person) oder API (Token) / the channel of the edit"
    )
    changed_by: str | None = strawberry.field(
        description="Geändert von (nur für angemeldete Nutzer:innen) / changed by (signed-in "
        "callers only, else null)"
    )
    changed_at: datetime | None = strawberry.field(description="Geändert am / changed at")


def parse(stored: str | None) -> dict[str, dict[str, Any]]:
    """The stored ``fieldSources`` JSON as a dict (empty when there is none)."""
    if not stored:
        return {}
    value = json.loads(stored)
    return value if isinstance(value, dict) else {}


def _when(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def provenance(self: Any, info: Info[Any, Any]) -> list[FieldProvenance]:
    """The resolver of ``provenance`` on every node type (``schema.types.scalars``)."""
    signed_in = is_authenticated(info)
    return [
        FieldProvenance(
            field=name,
            source=str(entry.get("source", "")),
            changed_by=entry.get("by") if signed_in else None,
            changed_at=_when(entry.get("at")),
        )
        for name, entry in sorted(parse(getattr(self, "field_sources", None)).items())
    ]
