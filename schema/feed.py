"""The change feed of one server process: ONE poller for all its subscribers.

Writes reach Neo4j from everywhere: this process's mutations, other worker processes of
``serve --workers N``, ``integration-graph load`` from a shell. So a subscription cannot
learn of changes from inside the process; it has to ask the database. Asking once per
subscriber would cost a statement per dashboard per second; here one task per process
(:class:`ChangeFeed`) asks for the graph revision every ``API_FEED_INTERVAL`` seconds
while anyone listens, and only when the revision moved reads the new changes (by revision,
oldest first) and hands each to every subscriber's queue. An idle server (no subscriber)
does not poll at all.

A subscriber that does not keep up (its queue holds :data:`BACKLOG` changes) is dropped
with an error rather than holding the feed or the memory: it reconnects and catches up
with ``changes(since:)``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import neo4j

from graph.history.reads import CHANGE_FIELDS
from graph.revision import REVISION_READ

logger = logging.getLogger("integration_graph.api")

BACKLOG = 1_000
"""Changes a subscriber may have waiting before it is dropped."""
BATCH = 500
"""Changes read per statement when the revision moved a lot (a big load is ONE change)."""

NEW_CHANGES = (
    f"MATCH (c:Change) WHERE c.revision > $after "
    f"WITH c ORDER BY c.revision LIMIT $limit RETURN {CHANGE_FIELDS} AS change"
)


class FeedOverflow(Exception):
    """The subscriber fell too far behind and was dropped."""


@dataclass(eq=False)
class Subscriber:
    """One subscription's queue of new changes (rows as ``graph.history.reads`` reads them)."""

    queue: asyncio.Queue[dict[str, Any] | None] = field(
        default_factory=lambda: asyncio.Queue(BACKLOG)
    )
    overflowed: bool = False


@dataclass(eq=False)
class ChangeFeed:
    """Polls the revision for every subscriber of this process; see the module's docstring."""

    driver: neo4j.AsyncDriver
    database: str
    interval: float = 1.0
    subscribers: set[Subscriber] = field(default_factory=set)
    polls: int = 0
    """Looks at the revision (one per interval while anyone listens, however many)."""
    fetches: int = 0
    """Statements that read new changes: one per batch of news, however many subscribers."""
    _task: asyncio.Task[None] | None = None
    _revision: int | None = None

    async def subscribe(self) -> AsyncIterator[dict[str, Any]]:
        """The changes written from now on, oldest first, until the caller stops."""
        subscriber = Subscriber()
        if self._revision is None:
            # the first subscriber: "now" is the revision as it stands
            self._revision = await self._read_revision()
        self.subscribers.add(subscriber)
        self._start()
        try:
            while True:
                row = await subscriber.queue.get()
                if row is None:
                    raise FeedOverflow(
                        "Zu viele Änderungen nicht abgeholt; bitte neu verbinden und mit "
                        "changes(since:) nachholen / fell too far behind: reconnect and catch "
                        "up with changes(since:)"
                    )
                yield row
        finally:
            self.subscribers.discard(subscriber)

    def _start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run())

    async def close(self) -> None:
        """Stop polling (the app's shutdown)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while self.subscribers:
            await asyncio.sleep(self.interval)
            try:
                await self.poll()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # an outage: keep the subscribers, try again later
                logger.warning("change feed: poll failed: %s", error)
        # nobody listens: the next subscriber starts from the revision of its time
        self._revision = None

    async def poll(self) -> None:
        """One look at the revision; the new changes, if it moved, to every subscriber."""
        revision = await self._read_revision()
        if self._revision is None:
            self._revision = revision
            return
        while revision > self._revision:
            self.fetches += 1
            records, _, _ = await self.driver.execute_query(
                NEW_CHANGES,
                {"after": self._revision, "limit": BATCH},
                database_=self.database,
                routing_=neo4j.RoutingControl.READ,
            )
            if not records:  # a write without a change (or one already gone): move on
                self._revision = revision
                break
            for record in records:
                self._publish(dict(record["change"]))
            self._revision = int(records[-1]["change"]["revision"])

    async def _read_revision(self) -> int:
        self.polls += 1
        records, _, _ = await self.driver.execute_query(
            REVISION_READ, database_=self.database, routing_=neo4j.RoutingControl.READ
        )
        return int(records[0]["value"])

    def _publish(self, row: dict[str, Any]) -> None:
        for subscriber in list(self.subscribers):
            if subscriber.overflowed:
                continue
            if subscriber.queue.qsize() >= BACKLOG - 1:
                subscriber.overflowed = True
                subscriber.queue.put_nowait(None)
                continue
            subscriber.queue.put_nowait(row)
