"""Run one mutation's transaction and translate what the graph layer refuses."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import neo4j
from pydantic import ValidationError

from domain.errors import ErrorCode, Refusal
from graph.mutations import scope
from graph.mutations.scope import Target
from graph.mutations.transaction import Body, Written, write
from schema.context import Info
from schema.errors import from_refusal
from schema.history_rules import change_meta
from schema.mutations import idempotency
from schema.mutations.validation import bad_input

T = TypeVar("T")


async def perform(
    info: Info,
    body: Body[T],
    restore: Callable[[Any], T] | None = None,
    revert_of: str | None = None,
    *,
    target: Target,
) -> Written[T]:
    """``body`` plus the revision bump in ONE transaction (``NEO4J_TX_TIMEOUT`` applies).

    ``target`` is what the body writes: the caller's role and scope are checked against it
    here, for every mutation (``graph.mutations.scope``): before the transaction, then
    inside it before and after the body. What the body changes is recorded as one ``Change``
    by the caller in that transaction (``graph.history``; ``revert_of`` names the change a
    revert undoes). Whatever goes wrong, nothing is written: the transaction rolls back as a
    whole. With an ``Idempotency-Key`` header the result is stored in that transaction, and
    a retry with the same key answers with it (``restore`` rebuilds the value from its JSON)
    without writing.
    """
    context = info.context
    caller = context.caller
    try:
        scope.admit(caller, target)
    except Refusal as error:
        raise from_refusal(error) from None

    async def guarded(tx: neo4j.AsyncManagedTransaction, now: datetime) -> T:
        await scope.check(tx, caller, target, "before")
        value = await body(tx, now)
        await scope.check(tx, caller, target, "after")
        return value

    key = idempotency.key_of(info)
    if key is not None:
        replayed = await idempotency.replay(info, key, restore)
        if replayed is not None:
            return replayed
    finish = None if key is None else idempotency.storing(info, key)
    try:
        return await write(
            context.driver,
            context.database,
            context.tx_timeout(),
            guarded,
            context.tx_metadata(),
            finish,
            change_meta(info, revert_of),
        )
    except Refusal as error:
        if error.code is ErrorCode.CONFLICT and key is not None:
            # a concurrent attempt with the same key may have won the race
            replayed = await idempotency.replay(info, key, restore)
            if replayed is not None:
                return replayed
        raise from_refusal(error) from None
    except ValidationError as error:
        raise bad_input(error) from None
