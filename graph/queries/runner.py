"""The one place where read statements meet the driver."""

from __future__ import annotations

import neo4j

from graph.queries.statement import Statement


async def fetch(
    driver: neo4j.AsyncDriver,
    database: str,
    statement: Statement,
    *,
    timeout: float | None = None,
    metadata: dict[str, str] | None = None,
) -> list[neo4j.Record]:
    """Run a read statement in a managed (retried) read transaction; return its records.

    - ``timeout`` (seconds) makes the server stop a runaway read; ``metadata`` tags the
      transaction (the request id), so that it can be found and terminated server-side.
    - The session shares ``execute_query``'s bookmark manager, so a read sees the writes
      that mutations made through ``execute_query`` before it.
    - Server notifications are off: projections name properties that a young database
      may not know yet (``until`` before anyone set it), and the server would warn about
      each of them on every request; nothing in a read's notifications is actionable.

    The driver types query text as ``LiteralString`` to discourage building it from user
    input; ours is assembled only from whitelisted fragments, with every value a
    parameter, which is what that type stands for.
    """

    @neo4j.unit_of_work(timeout=timeout, metadata=metadata)
    async def read(tx: neo4j.AsyncManagedTransaction) -> list[neo4j.Record]:
        result = await tx.run(statement.text, statement.params)
        return [record async for record in result]

    session = driver.session(
        database=database,
        default_access_mode=neo4j.READ_ACCESS,
        bookmark_manager=driver.execute_query_bookmark_manager,
        notifications_min_severity=neo4j.NotificationMinimumSeverity.OFF,
    )
    async with session:
        records: list[neo4j.Record] = await session.execute_read(read)
        return records
