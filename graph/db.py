"""The Neo4j driver's lifecycle: one driver per process, credentials from the settings.

When ``NEO4J_URI`` is unset the project talks to its own local server; its password is the
one the launcher generated. Nothing here starts a server: starting is an explicit step
(``integration-graph neo4j start``, ``serve``, or the test session), so that a missing server
is reported instead of silently replaced.
"""

from __future__ import annotations

import neo4j

from graph.launcher import Instance, LauncherError, read_password
from graph.settings import Settings

NOTIFICATIONS = neo4j.NotificationMinimumSeverity.OFF
"""The server sends no notifications to the project's drivers. The project's statements name
properties and labels that a young database does not hold yet, and Neo4j warns about each on
every run ("property key does not exist", 01N52); the driver logs them as warnings, several
lines each, which reached every terminal (`make run` printed 22 before the load summary).
None of them is actionable for a user; a developer who wants them sees them in
``EXPLAIN`` or by setting the severity on a driver of their own."""


def credentials(settings: Settings) -> tuple[str, str, str]:
    """The URI, user and password to connect with."""
    if settings.neo4j_uri is not None:
        return settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password or ""
    password = read_password(Instance(settings))
    if password is None:
        raise LauncherError(
            "no local Neo4j password yet: run `integration-graph neo4j start` first, "
            "or set NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD to use your own server"
        )
    return settings.local_uri, "neo4j", password


def open_driver(settings: Settings, max_retry_time: float | None = None) -> neo4j.Driver:
    """A synchronous driver for the CLI, loaders and analyses.

    ``max_retry_time`` bounds the retries of a failing transaction: by default
    ``NEO4J_RETRY_TIME`` (the driver's 30 s, which suit a load; a test of an unreachable
    server lowers it rather than waiting them out); the app's analyses use 5 s, so that a
    gap request during an outage cannot hang.
    """
    uri, user, password = credentials(settings)
    return neo4j.GraphDatabase.driver(
        uri,
        auth=(user, password),
        connection_timeout=5.0,
        max_transaction_retry_time=(
            settings.neo4j_retry_time if max_retry_time is None else max_retry_time
        ),
        notifications_min_severity=NOTIFICATIONS,
    )


def open_async_driver(settings: Settings) -> neo4j.AsyncDriver:
    """An asynchronous driver for the ASGI app.

    Retries of a failing transaction stop after 2 s (the driver's default is 30 s), so that
    the first request during a database outage gets its 503 within about three seconds
    (the driver's backoff of 1 s then 2 s) instead of hanging; the circuit breaker answers
    every later one at once. With 5 s the backoff reached a third sleep of up to 5 s, and the
    first request took 8 s.
    """
    uri, user, password = credentials(settings)
    return neo4j.AsyncGraphDatabase.driver(
        uri,
        auth=(user, password),
        connection_timeout=5.0,
        max_transaction_retry_time=2.0,
        notifications_min_severity=NOTIFICATIONS,
    )
