"""Find and stop the server-side transactions of one request.

Cancelling a request in the app closes its Bolt connection, but Neo4j may keep executing a
statement that does not check for termination (planning a huge predicate, for one) long after
the client is gone. Every transaction of a request carries ``{requestId: ...}`` as metadata,
so that when the request's wall-clock budget runs out the app can terminate exactly those
transactions and no others.
"""

from __future__ import annotations

import neo4j

SHOW_TAGGED = """
SHOW TRANSACTIONS YIELD transactionId, metaData
WHERE metaData.requestId = $requestId
RETURN transactionId
"""


async def tagged_transactions(
    driver: neo4j.AsyncDriver, database: str, request_id: str
) -> list[str]:
    """The ids of the running transactions tagged with ``request_id``."""
    records, _, _ = await driver.execute_query(
        SHOW_TAGGED, {"requestId": request_id}, database_=database
    )
    return [str(record["transactionId"]) for record in records]


async def terminate_tagged(driver: neo4j.AsyncDriver, database: str, request_id: str) -> int:
    """Terminate the transactions tagged with ``request_id``; how many there were."""
    ids = await tagged_transactions(driver, database, request_id)
    if ids:
        await driver.execute_query("TERMINATE TRANSACTIONS $ids", {"ids": ids}, database_=database)
    return len(ids)
