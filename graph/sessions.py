"""Server-side sessions of signed-in accounts, stored in Neo4j.

The browser holds a random session id (``secrets``, 256 bits) in the cookie ``ig_session``;
the database holds only its SHA-256 hash, as ``(:Session {id, accountId, csrfToken,
createdAt, expiresAt, lastSeenAt})``. A stolen database therefore holds no usable cookie,
and every worker process sees the same sessions (sign-out anywhere ends it everywhere).

A session ends at ``expiresAt`` (``API_SESSION_HOURS`` after sign-in), after
``API_SESSION_IDLE_MINUTES`` without a request, at sign-out, and when an admin disables the
account, changes its role or actors, or resets its password. Each session carries its own
CSRF token (the synchronizer token the browser sends back as ``X-CSRF-Token``).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import neo4j

from graph.accounts import Account, account_of

TOUCH_AFTER = timedelta(minutes=1)
"""``lastSeenAt`` is written at most once a minute per session, not on every request."""


@dataclass(frozen=True)
class Session:
    account: Account
    csrf_token: str
    expires_at: datetime


@dataclass(frozen=True)
class Lookup:
    """A cookie's session, or ``expired`` when the cookie names none that is still valid."""

    session: Session | None
    expired: bool = False


def hash_session_id(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


async def start_session(
    driver: neo4j.AsyncDriver, database: str, account: Account, hours: float
) -> tuple[str, Session]:
    """A new session for ``account``: its id (for the cookie, never stored) and the session."""
    session_id = secrets.token_urlsafe(32)
    csrf_token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    expires = now + timedelta(hours=hours)
    await driver.execute_query(
        "CREATE (:Session {id: $id, accountId: $account, csrfToken: $csrf, createdAt: $now, "
        "expiresAt: $expires, lastSeenAt: $now})",
        {
            "id": hash_session_id(session_id),
            "account": account.id,
            "csrf": csrf_token,
            "now": now,
            "expires": expires,
        },
        database_=database,
    )
    return session_id, Session(account, csrf_token, expires)


_LOOKUP = """
MATCH (s:Session {id: $id})
OPTIONAL MATCH (a:Account {id: s.accountId})
RETURN s {.*} AS s, a {.*} AS a
"""


async def find_session(
    driver: neo4j.AsyncDriver, database: str, session_id: str, idle_minutes: float
) -> Lookup:
    """The session of a cookie's id; an unknown, expired, idle or disabled one is ``expired``.

    A session found ended is deleted on the way. One read per request; ``lastSeenAt`` is
    written only when it is older than ``TOUCH_AFTER``.
    """
    hashed = hash_session_id(session_id)
    async with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as s:
        result = await s.run(_LOOKUP, {"id": hashed})
        records = [record async for record in result]
    if not records:
        return Lookup(None, expired=True)
    node: Any = records[0]["s"]
    now = datetime.now(UTC)
    expires = node["expiresAt"].to_native()
    seen = node["lastSeenAt"].to_native()
    account_node = records[0]["a"]
    if (
        account_node is None
        or expires <= now
        or seen + timedelta(minutes=idle_minutes) <= now
        or account_node.get("disabled")
    ):
        await end_session(driver, database, session_id)
        return Lookup(None, expired=True)
    if now - seen > TOUCH_AFTER:
        await driver.execute_query(
            "MATCH (s:Session {id: $id}) SET s.lastSeenAt = $now",
            {"id": hashed, "now": now},
            database_=database,
        )
    return Lookup(Session(account_of(account_node), node["csrfToken"], expires))


async def end_session(driver: neo4j.AsyncDriver, database: str, session_id: str) -> bool:
    """Delete the session of this id; False when there was none."""
    records, _, _ = await driver.execute_query(
        "MATCH (s:Session {id: $id}) DELETE s RETURN count(*) AS n",
        {"id": hash_session_id(session_id)},
        database_=database,
    )
    return bool(records and records[0]["n"])


async def purge_ended(driver: neo4j.AsyncDriver, database: str) -> None:
    """Delete sessions past their expiry (called at sign-in: they are never used again)."""
    await driver.execute_query(
        "MATCH (s:Session) WHERE s.expiresAt <= datetime() WITH s LIMIT 1000 DELETE s",
        database_=database,
    )
