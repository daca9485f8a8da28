"""Readiness of the database: reachable, and carrying the schema the app relies on."""

from __future__ import annotations

from dataclasses import dataclass, field

import neo4j
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

from graph.migrations import (
    FULLTEXT_INDEX,
    FULLTEXT_STATE,
    fulltext_spec,
    missing_migrations,
    spec_of,
)


@dataclass(frozen=True)
class Readiness:
    reachable: bool
    missing: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ready(self) -> bool:
        return self.reachable and not self.missing


async def check_readiness(driver: neo4j.AsyncDriver, database: str) -> Readiness:
    """Ask the server for its constraints and online indexes; never raise."""
    try:
        constraints, _, _ = await driver.execute_query(
            "SHOW CONSTRAINTS YIELD name", database_=database
        )
        indexes, _, _ = await driver.execute_query(
            "SHOW INDEXES YIELD name, state WHERE state = 'ONLINE' RETURN name",
            database_=database,
        )
        fulltext, _, _ = await driver.execute_query(
            FULLTEXT_STATE, name=FULLTEXT_INDEX, database_=database
        )
    except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as error:
        return Readiness(reachable=False, error=type(error).__name__)
    names = {r["name"] for r in constraints} | {r["name"] for r in indexes}
    if spec_of(fulltext) != fulltext_spec():
        names.discard(FULLTEXT_INDEX)  # an older contract's index: `migrate` renews it
    return Readiness(reachable=True, missing=missing_migrations(names))
