"""One mutation is one transaction: a failure after some writes leaves no trace."""

from __future__ import annotations

from datetime import datetime

import neo4j
import pytest

from graph.db import open_async_driver
from graph.mutations.transaction import write
from graph.revision import current_revision
from graph.settings import Settings


class Boom(RuntimeError):
    pass


async def test_a_body_that_fails_after_writing_rolls_everything_back(
    empty_db: neo4j.Driver, settings: Settings
) -> None:
    async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> None:
        await tx.run("CREATE (:Actor {id: 'half', name: 'Half', kind: 'association'})")
        raise Boom("after the first write")

    async with open_async_driver(settings) as driver:
        with pytest.raises(Boom):
            await write(driver, settings.neo4j_database, 5.0, body)

    records, _, _ = empty_db.execute_query(
        "MATCH (n:Actor) RETURN count(n) AS n", database_=settings.neo4j_database
    )
    assert records[0]["n"] == 0
    assert current_revision(empty_db, settings.neo4j_database) == 0


async def test_a_successful_body_bumps_the_revision_once(
    empty_db: neo4j.Driver, settings: Settings
) -> None:
    async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> str:
        await tx.run("CREATE (:Topic {id: 'sprache', name: 'Sprache', updatedAt: $now})", now=now)
        return "done"

    async with open_async_driver(settings) as driver:
        first = await write(driver, settings.neo4j_database, 5.0, body)
        await driver.execute_query("MATCH (t:Topic) DELETE t", database_=settings.neo4j_database)
        second = await write(driver, settings.neo4j_database, 5.0, body)

    assert (first.value, first.revision, second.revision) == ("done", 1, 2)
