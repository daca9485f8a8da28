"""The change history's GraphQL types: ``Change``, its entries and their field changes.

``author`` is personal data (the name or e-mail of who changed something): it is shown to
signed-in callers only, like contact data; anonymous callers get null. The contact fields of
people (``email``, ``phone`` of coordinators and people) and the internal notes of any kind
(``internalNote`` of measures: ``NodeSection.internal``) are masked in the entries the same
way, so the history never shows an anonymous caller what the record itself hides.
``old``/``new`` are the values as JSON text (``"\\"Gifhorn\\""``, ``"20"``), null when absent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import strawberry

from domain.contract import CONTACT_FIELDS, CONTRACT
from graph.history.store import PERSONAL_LABELS
from schema.context import Info
from schema.pagination import DEFAULT_NESTED_SIZE, PageInfo, page_size
from schema.permissions import is_authenticated
from schema.types.values import as_datetime

INTERNAL_FIELDS = frozenset(
    (kind.label, p.name) for kind in CONTRACT.kinds for p in kind.properties if p.internal
)
"""(label, field) of every internal note: for signed-in callers only, in the history too."""

SIGNED_IN_ONLY = "nur für angemeldete Nutzer:innen, sonst null / signed-in callers only, else null"


@strawberry.type(description="Ein geändertes Feld / one changed field (values as JSON text)")
class FieldChange:
    field: str
    old_value: strawberry.Private[Any]
    new_value: strawberry.Private[Any]
    masked: strawberry.Private[bool]

    @strawberry.field(description="Wert vorher als JSON-Text / the value before, as JSON text")
    def old(self, info: Info) -> str | None:
        return _text(self.old_value, self.masked and not is_authenticated(info))

    @strawberry.field(description="Wert nachher als JSON-Text / the value after, as JSON text")
    def new(self, info: Info) -> str | None:
        return _text(self.new_value, self.masked and not is_authenticated(info))


def _text(value: Any, hidden: bool) -> str | None:
    if value is None or hidden:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@strawberry.type(description="Was einer Änderung an einem Datensatz geschah / one record's part")
class ChangeEntry:
    label: str
    record_id: strawberry.ID
    record_name: str | None
    op: str = strawberry.field(description="created, updated, deleted, connected oder disconnected")
    fields: list[FieldChange]

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> ChangeEntry:
        label = str(value["label"])
        personal = label in PERSONAL_LABELS
        return cls(
            label=label,
            record_id=strawberry.ID(str(value["recordId"])),
            record_name=value.get("recordName"),
            op=str(value["op"]),
            fields=[
                FieldChange(
                    field=str(f["field"]),
                    old_value=f.get("old"),
                    new_value=f.get("new"),
                    masked=(personal and str(f["field"]) in CONTACT_FIELDS)
                    or (label, str(f["field"])) in INTERNAL_FIELDS,
                )
                for f in value.get("fields", ())
            ],
        )


@strawberry.type(
    description="Eine Änderung: wer, wann, was / one change: who, when, which records and "
    "fields (recorded in the same transaction as the write)"
)
class Change:
    id: strawberry.ID
    at: datetime
    author_name: strawberry.Private[str | None]
    action: str = strawberry.field(
        description="create, update, delete, connect, disconnect, load, restore, import, "
        "revert oder confirm"
    )
    revision: int = strawberry.field(description="Graph-Revision nach der Änderung")
    summary: str
    entries_json: strawberry.Private[str]
    revert_of: strawberry.ID | None = strawberry.field(
        description="Die zurückgenommene Änderung / the change this one reverts"
    )
    reverted_by: strawberry.ID | None = strawberry.field(
        description="Die Änderung, die diese zurücknahm / the change that reverted this one"
    )

    @strawberry.field(description=f"Wer geändert hat (Konto oder Token); {SIGNED_IN_ONLY}")
    def author(self, info: Info) -> str | None:
        return self.author_name if is_authenticated(info) else None

    parsed: strawberry.Private[list[dict[str, Any]] | None] = None

    def _entries(self) -> list[dict[str, Any]]:
        """The entries as stored, parsed once (a load names thousands of records)."""
        if self.parsed is None:
            self.parsed = list(json.loads(self.entries_json))
        return self.parsed

    @strawberry.field(
        description="Die Datensätze und Felder, die ersten first (100; höchstens "
        "API_MAX_PAGE_SIZE), mit recordId nur die dieses Datensatzes / the records and their "
        "fields: the first `first` (100) of them, or only those of `recordId` (a load "
        "changes thousands of records; `entryCount` says how many)"
    )
    def entries(
        self, info: Info, first: int | None = None, record_id: strawberry.ID | None = None
    ) -> list[ChangeEntry]:
        size = page_size(info, first, DEFAULT_NESTED_SIZE)
        chosen = (
            e for e in self._entries() if record_id is None or str(e["recordId"]) == record_id
        )
        return [ChangeEntry.from_json(e) for e, _ in zip(chosen, range(size), strict=False)]

    @strawberry.field(
        description="Wie viele Datensätze die Änderung betraf / how many records it changed"
    )
    def entry_count(self) -> int:
        return len(self._entries())

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Change:
        at = as_datetime(row["at"])
        revert_of, reverted_by = row.get("revertOf"), row.get("revertedBy")
        return cls(
            id=strawberry.ID(str(row["id"])),
            at=at if at is not None else datetime.min,
            author_name=row.get("author"),
            action=str(row["action"]),
            revision=int(row["revision"]),
            summary=str(row.get("summary") or ""),
            entries_json=str(row.get("entries") or "[]"),
            revert_of=None if revert_of is None else strawberry.ID(str(revert_of)),
            reverted_by=None if reverted_by is None else strawberry.ID(str(reverted_by)),
        )


@strawberry.type(description="Eine Änderung mit Cursor / one change with its cursor")
class ChangeEdge:
    cursor: str
    node: Change


@strawberry.type(description="Eine Seite Änderungen, neueste zuerst / a page of changes")
class ChangeConnection:
    total_count: int
    edges: list[ChangeEdge]
    page_info: PageInfo
