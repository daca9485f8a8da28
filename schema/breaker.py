"""A small circuit breaker: while Neo4j is known to be down, answer 503 at once.

Without it every request during an outage paid for the driver's connection attempts and
retries (5-8 s before its 503, a gap analysis 33 s). The breaker opens on the first
"unavailable" error any request sees. While it is open, requests are refused without
touching the driver, except one probe at a time (at most every ``probe_interval`` seconds)
that asks the server ``RETURN 1`` with a short timeout: when it answers, the breaker closes
and traffic flows again, so the app recovers on its own within about a second of Neo4j
being back.
"""

from __future__ import annotations

import asyncio
import logging
import time

import neo4j

logger = logging.getLogger("integration_graph.api")

PROBE_TIMEOUT = 0.8
"""Seconds one probe may take: well under the 1 s a refused request may wait."""


class CircuitBreaker:
    """Open after an outage is seen; closed again by the first successful probe."""

    def __init__(self, probe_interval: float = 0.5) -> None:
        self.probe_interval = probe_interval
        self._opened_at: float | None = None
        self._last_probe = 0.0
        self._probing = asyncio.Lock()

    @property
    def is_open(self) -> bool:
        return self._opened_at is not None

    def trip(self) -> None:
        """Remember that the database was unreachable just now."""
        if self._opened_at is None:
            logger.warning("Neo4j unreachable: refusing requests with 503 until it answers")
            self._opened_at = time.monotonic()

    def reset(self) -> None:
        if self._opened_at is not None:
            down = time.monotonic() - self._opened_at
            logger.warning("Neo4j answers again after %.1f s", down)
        self._opened_at = None

    async def allows(self, driver: neo4j.AsyncDriver, database: str) -> bool:
        """True when a request may use the database (closed, or a probe just succeeded)."""
        if self._opened_at is None:
            return True
        if self._probing.locked() or time.monotonic() - self._last_probe < self.probe_interval:
            return False
        async with self._probing:
            self._last_probe = time.monotonic()
            if await probe(driver, database):
                self.reset()
                return True
            return False


async def probe(driver: neo4j.AsyncDriver, database: str) -> bool:
    """One cheap statement within ``PROBE_TIMEOUT``; False on any failure."""
    try:
        async with asyncio.timeout(PROBE_TIMEOUT):
            async with driver.session(database=database) as session:
                result = await session.run("RETURN 1 AS ok")
                await result.consume()
    except Exception:  # any failure means "still not usable"; the reason is logged above
        return False
    return True
