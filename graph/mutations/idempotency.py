"""Idempotency keys: a retried mutation answers with the result of the first attempt.

A client whose mutation answered 503 (or timed out) cannot know whether it was committed.
With an ``Idempotency-Key`` it can simply send it again: the first attempt stored its result
in the SAME transaction as its write (node ``_Idempotency``), so either both are committed or
neither is, and the retry finds the stored result instead of writing twice. The key is bound
to what it was used for (a fingerprint of the mutation and its arguments): reusing it for
something else is refused. Keys expire after ``TTL_HOURS``; each keyed write removes up to
``PRUNE_BATCH`` expired ones, so the store stays bounded without a background job.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import neo4j

from graph.queries.runner import fetch
from graph.queries.statement import Statement

TTL_HOURS = 24
PRUNE_BATCH = 100

RECALL = """
MATCH (k:_Idempotency {id: $key})
WHERE k.createdAt > datetime() - duration({hours: $ttl})
RETURN k.fingerprint AS fingerprint, k.result AS result, k.revision AS revision
"""

REMEMBER = """
CREATE (:_Idempotency {id: $key, fingerprint: $fingerprint, result: $result,
                       revision: $revision, createdAt: $now})
WITH 1 AS done
CALL () {
  MATCH (old:_Idempotency) WHERE old.createdAt < $now - duration({hours: $ttl})
  WITH old LIMIT $batch DETACH DELETE old
}
RETURN done
"""

REPLACE_EXPIRED = """
MATCH (k:_Idempotency {id: $key}) WHERE k.createdAt < $now - duration({hours: $ttl})
DETACH DELETE k
"""


@dataclass(frozen=True)
class Stored:
    fingerprint: str
    value: Any
    revision: int


async def recall(driver: neo4j.AsyncDriver, database: str, key: str) -> Stored | None:
    """The result stored under ``key`` (None when unknown or expired)."""
    records = await fetch(driver, database, Statement(RECALL, {"key": key, "ttl": TTL_HOURS}))
    if not records:
        return None
    record = records[0]
    return Stored(record["fingerprint"], json.loads(record["result"]), int(record["revision"]))


async def remember(
    tx: neo4j.AsyncManagedTransaction,
    key: str,
    fingerprint: str,
    value: Any,
    revision: int,
    now: datetime,
) -> None:
    """Store the result in the write's own transaction; prune expired keys."""
    await (await tx.run(REPLACE_EXPIRED, key=key, now=now, ttl=TTL_HOURS)).consume()
    result = await tx.run(
        REMEMBER,
        key=key,
        fingerprint=fingerprint,
        result=json.dumps(value, default=_plain),
        revision=revision,
        now=now,
        ttl=TTL_HOURS,
        batch=PRUNE_BATCH,
    )
    await result.consume()


def _plain(value: Any) -> Any:
    """Dataclasses (a ``Deletion``) as dicts, tuples as lists; what JSON cannot say, as text."""
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return {name: getattr(value, name) for name in fields}
    return str(value)
