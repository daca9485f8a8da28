"""Throttling failed sign-ins, per e-mail and per client address, counted in Neo4j.

Plain counters, no cryptography: ``(:_Throttle {id, failures, windowStart, lockedUntil})``
where ``id`` is ``email:<e-mail>`` or ``address:<ip>``. They live in the database so that
every worker process of ``serve --workers N`` counts the same failures.

The rule (settings in brackets): ``API_LOGIN_MAX_FAILURES`` (5) failures for one e-mail
within ``API_LOGIN_WINDOW_MINUTES`` (15) lock that e-mail for ``API_LOGIN_LOCK_MINUTES``
(15); one client address gets four times as many failures (an office behind one address
has several people) before it is locked. While locked, sign-in is refused without checking
the password. A successful sign-in clears its e-mail's counter (not the address's: one
valid account must not reset the count of guesses against others).

``limits`` (PyPI) was considered: it has no Neo4j storage, and a Redis only for this would
be a new service to run; the counters are three properties and one statement.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import neo4j

ADDRESS_FACTOR = 4


@dataclass(frozen=True)
class Rule:
    max_failures: int
    window: timedelta
    lock: timedelta


def keys(email: str, address: str | None) -> list[tuple[str, int]]:
    """The counters a sign-in attempt touches, with their factor on ``max_failures``."""
    found = [(f"email:{email.strip().lower()}", 1)]
    if address:
        found.append((f"address:{address}", ADDRESS_FACTOR))
    return found


async def locked_for(
    driver: neo4j.AsyncDriver, database: str, email: str, address: str | None
) -> int:
    """Seconds until sign-in is allowed again for this e-mail or address (0: allowed)."""
    records, _, _ = await driver.execute_query(
        "UNWIND $ids AS id MATCH (t:_Throttle {id: id}) WHERE t.lockedUntil > datetime() "
        "RETURN max(t.lockedUntil) AS until",
        {"ids": [key for key, _ in keys(email, address)]},
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    until = records[0]["until"] if records else None
    if until is None:
        return 0
    left: float = (until.to_native() - datetime.now(UTC)).total_seconds()
    return max(1, math.ceil(left))


_FAIL = """
UNWIND $counters AS c
MERGE (t:_Throttle {id: c.id})
WITH t, c,
     t.windowStart IS NULL OR t.windowStart <= $now - duration({seconds: $window}) AS fresh
SET t.failures = CASE WHEN fresh THEN 1 ELSE t.failures + 1 END,
    t.windowStart = CASE WHEN fresh THEN $now ELSE t.windowStart END
SET t.lockedUntil = CASE WHEN t.failures >= c.max
                         THEN $now + duration({seconds: $lock}) ELSE t.lockedUntil END
"""


async def record_failure(
    driver: neo4j.AsyncDriver, database: str, rule: Rule, email: str, address: str | None
) -> None:
    """Count one failed sign-in for the e-mail and the address (locking at the limit)."""
    counters = [{"id": key, "max": rule.max_failures * f} for key, f in keys(email, address)]
    await driver.execute_query(
        _FAIL,
        {
            "counters": counters,
            "now": datetime.now(UTC),
            "window": rule.window.total_seconds(),
            "lock": rule.lock.total_seconds(),
        },
        database_=database,
    )


async def clear(driver: neo4j.AsyncDriver, database: str, email: str) -> None:
    """Forget the e-mail's failures after a successful sign-in, and counters of any e-mail
    or address that have been quiet for a day (so the counters do not pile up)."""
    await driver.execute_query(
        "MATCH (t:_Throttle {id: $id}) DELETE t",
        {"id": keys(email, None)[0][0]},
        database_=database,
    )
    await driver.execute_query(
        "MATCH (t:_Throttle) WHERE t.windowStart < datetime() - duration('P1D') "
        "AND coalesce(t.lockedUntil, datetime('1970-01-01T00:00:00Z')) < datetime() "
        "WITH t LIMIT 1000 DELETE t",
        database_=database,
    )
