"""One mutation, one transaction: the body, then the revision bump, under a timeout."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import neo4j
from neo4j.exceptions import ConstraintError

from domain.errors import ErrorCode, Refusal
from graph.revision import REVISION_BUMP

T = TypeVar("T")

Body = Callable[[neo4j.AsyncManagedTransaction, datetime], Awaitable[T]]
"""A transaction body: the open transaction and the time to stamp as ``updatedAt``."""

Finish = Callable[[neo4j.AsyncManagedTransaction, "Written[Any]", datetime], Awaitable[None]]
"""Runs last in the same transaction, with the result (e.g. to store an idempotency key)."""


@dataclass(frozen=True)
class Written(Generic[T]):
    value: T
    revision: int


async def write(
    driver: neo4j.AsyncDriver,
    database: str,
    timeout: float,
    body: Body[T],
    metadata: dict[str, str] | None = None,
    finish: Finish | None = None,
) -> Written[T]:
    """Run ``body`` and bump the graph revision in ONE write transaction.

    Any exception in the body rolls everything back, the revision included. A uniqueness
    violation (two callers creating the same id at once) is reported as a conflict.
    ``metadata`` tags the transaction (the request id) for ``SHOW TRANSACTIONS``.
    """
    now = datetime.now(UTC)

    async def work(tx: neo4j.AsyncManagedTransaction) -> Written[T]:
        value = await body(tx, now)
        record = await (await tx.run(REVISION_BUMP)).single(strict=True)
        written = Written(value, int(record["value"]))
        if finish is not None:
            await finish(tx, written, now)
        return written

    async with driver.session(database=database) as session:
        try:
            return await session.execute_write(
                neo4j.unit_of_work(timeout=timeout, metadata=metadata)(work)
            )
        except ConstraintError as error:
            raise Refusal(
                ErrorCode.CONFLICT,
                "Ein Knoten mit dieser id existiert bereits / a node with this id exists already",
                field="input.id",
            ) from error
