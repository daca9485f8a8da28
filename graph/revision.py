"""The graph revision: a counter that every write advances, in the write's transaction.

Analyses and projections are cached by revision: a read after a write sees a new number and
recomputes; repeated reads without writes cost one tiny query. The counter lives on a single
``(:_Meta {id: 'revision'})`` node. Every writer (mutations, loads) runs ``REVISION_BUMP``
inside its own transaction, so a rolled-back write leaves the revision as it was.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import neo4j

log = logging.getLogger(__name__)
_listeners: list[Callable[[int], None]] = []
_listeners_lock = threading.Lock()

REVISION_BUMP = (
    "MERGE (r:_Meta {id: 'revision'}) "
    "SET r.value = coalesce(r.value, 0) + 1 RETURN r.value AS value"
)
REVISION_READ = "OPTIONAL MATCH (r:_Meta {id: 'revision'}) RETURN coalesce(r.value, 0) AS value"


def bump_revision(tx: neo4j.ManagedTransaction | neo4j.Transaction) -> int:
    """Advance the revision inside an open write transaction; return the new value."""
    record = tx.run(REVISION_BUMP).single(strict=True)
    return int(record["value"])


def current_revision(driver: neo4j.Driver, database: str) -> int:
    records, _, _ = driver.execute_query(REVISION_READ, database_=database)
    return int(records[0]["value"])


async def current_revision_async(driver: neo4j.AsyncDriver, database: str) -> int:
    records, _, _ = await driver.execute_query(REVISION_READ, database_=database)
    return int(records[0]["value"])


def listen(listener: Callable[[int], None]) -> None:
    """Call ``listener(revision)`` after each write of this process commits (the analyses'
    recomputer: ``graph.gap_service``)."""
    with _listeners_lock:
        _listeners.append(listener)


def unlisten(listener: Callable[[int], None]) -> None:
    with _listeners_lock:
        if listener in _listeners:
            _listeners.remove(listener)


def announce(revision: int) -> None:
    """A write committed ``revision``: tell the listeners (never fails the write)."""
    with _listeners_lock:
        listeners = list(_listeners)
    for listener in listeners:
        try:
            listener(revision)
        except Exception:
            log.warning("revision listener failed", exc_info=True)
