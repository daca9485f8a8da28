"""Test data loaded once and kept while nothing changes it.

Many tests only read a data set (the shipped Gifhorn data, the API tests' small landscape);
loading it afresh for each took most of their time (the Gifhorn data: 2 to 20 s a load on
the shared 2-core machine). A fixture now asks for its data set by name, and it is loaded
only when the database may hold anything else.

How that is known: the test server's transaction log. Every committed write appends to it
(a wipe of a non-empty database, a mutation, a sign-in's session, a token); a read, a
migration that creates nothing or an app starting leave it as it was (checked on Neo4j
5.26: its files' sizes and times unchanged). So when this process loaded data set ``name``
and the log's files are as they were right after that load, the database holds exactly that
data set, and the next test that asks for it gets it without a load. Any write in between,
by a test, the app or a CLI command, makes the next request load it again: a test that
writes needs no care.

A server the tests did not start (``NEO4J_URI``) has no log to look at: there every
request loads afresh, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import neo4j

from graph.settings import Settings

LogState = tuple[tuple[str, int, int], ...]
"""The transaction log's files: (name, size, modification time in ns) each."""

T = TypeVar("T")

_held: tuple[str, LogState, Any] | None = None
"""The data set this process loaded last, the log's state right after the load, and what
the load returned (tokens it made, say)."""


def transaction_log(settings: Settings) -> LogState | None:
    """The state of the test server's transaction log; ``None`` when it cannot be seen."""
    if not settings.uses_local_server:
        return None
    folder = settings.neo4j_local_dir / "data" / "transactions" / settings.neo4j_database
    files = sorted(folder.glob("neostore.transaction.db.*"))
    if not files:
        return None
    return tuple(_file_state(path) for path in files)


def _file_state(path: Path) -> tuple[str, int, int]:
    status = path.stat()
    return path.name, status.st_size, status.st_mtime_ns


def ensure_loaded(driver: neo4j.Driver, settings: Settings, name: str, load: Callable[[], T]) -> T:
    """Make the database hold data set ``name`` (``load`` writes it into an empty database);
    what ``load`` returned, now or when it last ran, unchanged since."""
    global _held
    state = transaction_log(settings)
    if state is not None and _held is not None and _held[:2] == (name, state):
        return cast(T, _held[2])
    _held = None
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=settings.neo4j_database)
    made = load()
    after = transaction_log(settings)
    if after is not None:
        _held = (name, after, made)
    return made
