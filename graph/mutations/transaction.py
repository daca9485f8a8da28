"""One mutation, one transaction: the body, the revision bump and its ``Change``, under a
timeout."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import neo4j
from neo4j.exceptions import ConstraintError, Neo4jError

from domain.errors import ErrorCode, Refusal
from graph.history import store as history
from graph.history.journal import Journal, recording
from graph.revision import REVISION_BUMP, announce
from graph.timeouts import stopped_by_timeout

T = TypeVar("T")

Body = Callable[[neo4j.AsyncManagedTransaction, datetime], Awaitable[T]]
"""A transaction body: the open transaction and the time to stamp as ``updatedAt``."""

Finish = Callable[[neo4j.AsyncManagedTransaction, "Written[Any]", datetime], Awaitable[None]]
"""Runs last in the same transaction, with the result (e.g. to store an idempotency key)."""


@dataclass(frozen=True)
class Written(Generic[T]):
    value: T
    revision: int
    change_id: str | None = None
    """The ``Change`` recorded for this write (None: nothing changed, or not recorded)."""


async def write(
    driver: neo4j.AsyncDriver,
    database: str,
    timeout: float,
    body: Body[T],
    metadata: dict[str, str] | None = None,
    finish: Finish | None = None,
    change: history.ChangeMeta | None = None,
) -> Written[T]:
    """Run ``body`` and bump the graph revision in ONE write transaction.

    Any exception in the body rolls everything back, the revision included. A uniqueness
    violation (two callers creating the same id at once) is reported as a conflict.
    ``metadata`` tags the transaction (the request id) for ``SHOW TRANSACTIONS``.

    With ``change``, what the body notes (``graph.history.journal``) is stored as one
    ``Change`` in the same transaction; a body that changed nothing records none. Its
    ``deletion_limit`` is checked there too, against the caller's deletions in the history.

    A write stopped by its ``timeout`` (seconds), for instance while it waited for the locks
    of a large load, is refused as ``TIMEOUT``, whichever code Neo4j stopped it with.
    """
    now = datetime.now(UTC)
    started = time.monotonic()

    async def work(tx: neo4j.AsyncManagedTransaction) -> Written[T]:
        with recording() as journal:
            value = await body(tx, now)
        if change is not None:
            await _check_deletions(tx, change, journal, now)
        record = await (await tx.run(REVISION_BUMP)).single(strict=True)
        written = Written(value, int(record["value"]))
        if change is not None and journal.entries:
            change_id = await history.record(tx, change, journal, written.revision, now)
            written = Written(value, written.revision, change_id)
        if finish is not None:
            await finish(tx, written, now)
        return written

    async with driver.session(database=database) as session:
        try:
            written = await session.execute_write(
                neo4j.unit_of_work(timeout=timeout, metadata=metadata)(work)
            )
            announce(written.revision)  # the analyses recompute in the background
            return written
        except ConstraintError as error:
            raise Refusal(
                ErrorCode.CONFLICT,
                "Ein Knoten mit dieser id existiert bereits / a node with this id exists already",
                field="input.id",
            ) from error
        except Neo4jError as error:
            if not stopped_by_timeout(error.code or "", timeout, time.monotonic() - started):
                raise
            raise _out_of_time(timeout) from error


def _out_of_time(timeout: float) -> Refusal:
    seconds = f"{timeout:.1f}"
    return Refusal(
        ErrorCode.TIMEOUT,
        f"Die Änderung wurde nach {seconds.replace('.', ',')} s abgebrochen, z. B. weil sie "
        "auf eine andere Änderung oder einen Import warten musste; nichts wurde gespeichert, "
        f"bitte erneut versuchen / the change was stopped after {seconds} s, e.g. while it "
        "waited for another write or a load; nothing was saved, please try again",
        details={"limit": round(timeout, 1)},
    )


async def _check_deletions(
    tx: neo4j.AsyncManagedTransaction, change: history.ChangeMeta, journal: Journal, now: datetime
) -> None:
    """Refuse a deletion beyond the caller's allowance (``ChangeMeta.deletion_limit``)."""
    deleting = journal.deletions()
    if not deleting or change.deletion_limit is None:
        return
    done = await history.deletions_since(tx, change.author_key, now - history.DELETION_WINDOW)
    if done + deleting > change.deletion_limit:
        minutes = int(history.DELETION_WINDOW.total_seconds() // 60)
        raise Refusal(
            ErrorCode.FORBIDDEN,
            f"Zu viele Löschungen: höchstens {change.deletion_limit} Datensätze je "
            f"{minutes} Minuten ohne Rolle admin (bereits {done} gelöscht). Bitte die "
            "Stabsstelle (admin) um die Löschung bitten. / Too many deletions: at most "
            f"{change.deletion_limit} records per {minutes} minutes below role admin.",
            field="id",
            details={"reason": "TOO_MANY_DELETIONS", "limit": change.deletion_limit},
        )
