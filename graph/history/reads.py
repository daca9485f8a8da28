"""Reading the history: a filtered page of changes (newest first) and one record's changes.

Changes are ordered by ``revision`` (every write advances it once and records at most one
change, so it is unique and follows commit order); a page's cursor is the revision of its
last change. ``records`` holds ``Label:id`` keys, so a record id filter matches any label.
Changes marked ``adminOnly`` (accounts: ``graph.history.store.ADMIN_ONLY_LABELS``) are read
only for admins (``admin=True``); everyone else's feed and totals leave them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import neo4j

CHANGE_FIELDS = (
    "c {.id, .at, .author, .action, .revision, .requestId, .summary, .entries, .revertOf, "
    ".revertedBy}"
)

_FILTER = """
MATCH (c:Change)
WHERE ($since IS NULL OR c.at >= $since) AND ($until IS NULL OR c.at < $until)
  AND ($suffix IS NULL OR any(k IN c.records WHERE k ENDS WITH $suffix))
  AND ($author IS NULL OR c.author = $author)
  AND ($admin OR c.adminOnly IS NULL OR NOT c.adminOnly)
"""

OF_RECORD = f"""
MATCH (c:Change) WHERE $key IN c.records AND ($admin OR c.adminOnly IS NULL OR NOT c.adminOnly)
WITH c ORDER BY c.revision DESC LIMIT $limit
RETURN {CHANGE_FIELDS} AS change
"""

ONE = f"MATCH (c:Change {{id: $id}}) RETURN {CHANGE_FIELDS} AS change, c.records AS records"


@dataclass(frozen=True)
class ChangeFilter:
    since: datetime | None = None
    until: datetime | None = None
    record_id: str | None = None
    author: str | None = None
    admin: bool = False
    """Whether the reader is an admin, who alone sees ``adminOnly`` changes."""

    def parameters(self) -> dict[str, Any]:
        return {
            "admin": self.admin,
            "since": self.since,
            "until": self.until,
            "suffix": None if self.record_id is None else f":{self.record_id}",
            "author": self.author,
        }


async def page(
    driver: neo4j.AsyncDriver,
    database: str,
    query: Any,
    where: ChangeFilter,
    limit: int,
    before: int | None,
) -> tuple[list[dict[str, Any]], int]:
    """Up to ``limit`` changes older than revision ``before``, and the filter's total.

    ``query`` wraps a statement with the request's timeout (``Context.query``)."""
    statement = (
        _FILTER
        + "WITH count(c) AS total\n"
        + "CALL (total) {\n"
        + _FILTER.replace("\n", "\n  ")
        + "  AND ($before IS NULL OR c.revision < $before)\n"
        + f"  RETURN {CHANGE_FIELDS} AS change ORDER BY c.revision DESC LIMIT $limit\n"
        + "}\n"
        + "RETURN total, collect(change) AS changes"
    )
    records, _, _ = await driver.execute_query(
        query(statement),
        {**where.parameters(), "before": before, "limit": limit},
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    if not records:
        return [], 0
    return [dict(c) for c in records[0]["changes"]], int(records[0]["total"])


async def of_record(
    driver: neo4j.AsyncDriver,
    database: str,
    query: Any,
    label: str,
    record_id: str,
    limit: int,
    admin: bool = False,
) -> list[dict[str, Any]]:
    """The newest ``limit`` changes that touched ``label`` ``record_id`` (``adminOnly`` ones
    for an admin only)."""
    records, _, _ = await driver.execute_query(
        query(OF_RECORD),
        key=f"{label}:{record_id}",
        limit=limit,
        admin=admin,
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    return [dict(r["change"]) for r in records]


async def one(
    driver: neo4j.AsyncDriver, database: str, query: Any, change_id: str
) -> dict[str, Any] | None:
    records, _, _ = await driver.execute_query(
        query(ONE), id=change_id, database_=database, routing_=neo4j.RoutingControl.READ
    )
    return dict(records[0]["change"]) if records else None
