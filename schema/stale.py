"""``staleRecords``: the records nobody has confirmed for a while (see ``graph.stale``).

The cockpit's overview shows ``totalCount`` and lists the records to follow up, oldest
first. Who confirmed a record is a person's name: signed-in callers only.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Annotated

import strawberry

from graph.stale import StaleRecord, stale_records
from schema.context import Info
from schema.errors import BadUserInput
from schema.pagination import DEFAULT_PAGE_SIZE, PageInfo, page_size
from schema.permissions import is_authenticated


@strawberry.type(
    name="StaleRecord", description="Ein lange nicht bestätigter Datensatz / a record to follow up"
)
class StaleRecordType:
    label: str = strawberry.field(description="Art / kind (Actor, Offering, ...)")
    id: strawberry.ID
    name: str | None = strawberry.field(description="Name oder Titel / name or title")
    verified_at: datetime | None = strawberry.field(
        description="Zuletzt bestätigt / last confirmed (null: never)"
    )
    verified_by: str | None = strawberry.field(
        description="Bestätigt von (nur für angemeldete Nutzer:innen) / confirmed by "
        "(signed-in callers only)"
    )
    updated_at: datetime | None = strawberry.field(
        description="Zuletzt geändert / last written (load or edit)"
    )


@strawberry.type(name="StaleRecordEdge", description="Ein Eintrag mit Cursor / an item")
class StaleRecordEdge:
    node: StaleRecordType
    cursor: str


@strawberry.type(description="Lange nicht bestätigte Datensätze / records to follow up")
class StaleRecordConnection:
    total_count: int = strawberry.field(description="Anzahl aller / how many in all pages")
    edges: list[StaleRecordEdge]
    page_info: PageInfo


def _cursor(record: StaleRecord) -> str:
    raw = json.dumps([record.last.isoformat(), record.label, record.id])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _position(cursor: str) -> dict[str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        last, label, node_id = json.loads(raw.decode())
        datetime.fromisoformat(last)
        if not all(isinstance(v, str) for v in (last, label, node_id)):
            raise ValueError("malformed")
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError) as error:
        raise BadUserInput(
            "after: ungültiger Cursor / invalid cursor: use the endCursor of a previous page",
            field="after",
        ) from error
    return {"last": last, "label": label, "id": node_id}


@strawberry.type
class StaleQuery:
    @strawberry.field(
        description="Datensätze, die seit mehr als olderThanMonths Monaten niemand bestätigt "
        "hat (ohne Bestätigung zählt die letzte Änderung), älteste zuerst / records nobody has "
        "confirmed for more than olderThanMonths months (without a confirmation, the last "
        "write counts), oldest first"
    )
    async def stale_records(
        self,
        info: Info,
        older_than_months: Annotated[
            int, strawberry.argument(description="Monate / months (default 12)")
        ] = 12,
        first: int | None = None,
        after: str | None = None,
    ) -> StaleRecordConnection:
        if older_than_months < 0:
            raise BadUserInput(
                "olderThanMonths darf nicht negativ sein / must not be negative",
                field="olderThanMonths",
            )
        size = page_size(info, first, DEFAULT_PAGE_SIZE)
        position = _position(after) if after is not None else None
        context = info.context
        page = await stale_records(
            context.driver,
            context.database,
            older_than_months,
            size,
            position,
            context.tx_timeout(),
        )
        signed_in = is_authenticated(info)
        edges = [
            StaleRecordEdge(
                node=StaleRecordType(
                    label=r.label,
                    id=strawberry.ID(r.id),
                    name=r.name,
                    verified_at=r.verified_at,
                    verified_by=r.verified_by if signed_in else None,
                    updated_at=r.updated_at,
                ),
                cursor=_cursor(r),
            )
            for r in page.records
        ]
        return StaleRecordConnection(
            total_count=page.total,
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=after is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )
