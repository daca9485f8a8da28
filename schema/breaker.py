"""A small circuit breaker: while Neo4j is known to be down, answer 503 at once.

Without it every request during an outage paid for the driver's connection attempts and
retries (5-8 s before its 503, a gap analysis 33 s). The breaker opens on the first
"unavailable" error any request sees. While it is open, requests are refused without
touching the driver, except one probe at a time (at most every ``probe_interval`` seconds)
that asks the server ``RETURN 1`` without the driver's retries: when it answers, the breaker
closes and traffic flows again, so the app recovers on its own within about a second of
Neo4j being back.
"""

from __future__ import annotations

import asyncio
import logging
import time

import neo4j

logger = logging.getLogger("integration_graph.api")

PROBE_TIMEOUT = 5.0
"""Seconds one probe may take. A server that is down refuses the connection at once, so the
probe fails in milliseconds; a server just started may need seconds (under load) for its first
login. Only the one request that probes can wait this long: the others, meanwhile, get their
503 at once."""


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


PROBE_ATTEMPTS = 3
"""A connection pooled before the outage fails once and is dropped; the next one is new."""


async def probe(driver: neo4j.AsyncDriver, database: str) -> bool:
    """One cheap statement within ``PROBE_TIMEOUT`` (a few attempts); False on failure."""
    try:
        async with asyncio.timeout(PROBE_TIMEOUT):
            for attempt in range(PROBE_ATTEMPTS):
                try:
                    async with driver.session(database=database) as session:
                        await (await session.run("RETURN 1 AS ok")).consume()
                    return True
                except Exception:
                    if attempt == PROBE_ATTEMPTS - 1:
                        raise
    except Exception:  # any failure means "still not usable"; the reason is logged above
        return False
    return False
