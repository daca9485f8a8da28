"""Records nobody has confirmed for a while: the overview's list to follow up.

A record is confirmed when someone says "Angaben stimmen noch" (``verifiedAt``, set by
``confirm<Label>``). Until it is, the last time it was written (``updatedAt``: by its load or
an edit) stands in: a record loaded from a fresh source is not yet stale. A record is stale
when that time lies more than the given months back (or it has neither). Only the kinds a
network member keeps true in the cockpit count (the registry's ``editable`` sections); the
vocabularies and municipalities are the county's.

Oldest first, then label and id: a keyset order, so the cursor of a page is the last row's
``[last, label, id]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import neo4j

from domain.registry import NODE_SECTIONS

STALE_LABELS = tuple(s.label for s in NODE_SECTIONS if s.editable)
TITLES = {s.label: s.title_field for s in NODE_SECTIONS if s.editable}

EPOCH = "1970-01-01T00:00:00Z"
"""Stands for "never" in the order (a record with neither time sorts first)."""


def _union() -> str:
    """One row per record of an editable kind: label, id, name, the two times."""
    parts = [
        f"MATCH (n:{label}) RETURN '{label}' AS label, n.id AS id, n.{TITLES[label]} AS name, "
        "n.verifiedAt AS verifiedAt, n.verifiedBy AS verifiedBy, n.updatedAt AS updatedAt"
        for label in STALE_LABELS
    ]
    return "\n  UNION ALL\n  ".join(parts)


STALE = f"""
CALL () {{
  {_union()}
}}
WITH label, id, name, verifiedAt, verifiedBy, updatedAt,
     coalesce(verifiedAt, updatedAt, datetime('{EPOCH}')) AS last
WHERE last < datetime() - duration({{months: $months}})
ORDER BY last, label, id
WITH collect({{label: label, id: id, name: name, verifiedAt: verifiedAt,
              verifiedBy: verifiedBy, updatedAt: updatedAt, last: last}}) AS rows
RETURN size(rows) AS total,
  [r IN rows WHERE $after IS NULL
     OR r.last > datetime($after.last)
     OR (r.last = datetime($after.last)
         AND (r.label > $after.label OR (r.label = $after.label AND r.id > $after.id)))
  ][..$limit] AS page
"""


@dataclass(frozen=True)
class StaleRecord:
    label: str
    id: str
    name: str | None
    verified_at: datetime | None
    verified_by: str | None
    updated_at: datetime | None
    last: datetime


@dataclass(frozen=True)
class StalePage:
    total: int
    records: tuple[StaleRecord, ...]
    has_next: bool


def _native(value: Any) -> Any:
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


async def stale_records(
    driver: neo4j.AsyncDriver,
    database: str,
    months: int,
    first: int,
    after: dict[str, str] | None,
    timeout: float | None = None,
) -> StalePage:
    """The stale records after the cursor ``{last, label, id}``, oldest first."""
    query = neo4j.Query(STALE, timeout=timeout)
    [row], _, _ = await driver.execute_query(
        query,
        months=months,
        after=after,
        limit=first + 1,
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    ordered = row["page"]
    records = tuple(
        StaleRecord(
            label=str(r["label"]),
            id=str(r["id"]),
            name=r["name"],
            verified_at=_native(r["verifiedAt"]),
            verified_by=r["verifiedBy"],
            updated_at=_native(r["updatedAt"]),
            last=_native(r["last"]),
        )
        for r in ordered[:first]
    )
    return StalePage(int(row["total"]), records, len(ordered) > first)
