"""Run one mutation's transaction and translate what the graph layer refuses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import ValidationError

from graph.mutations.errors import ConflictError, MutationError
from graph.mutations.transaction import Body, Written, write
from schema.context import Info
from schema.errors import ApiError, BadUserInput, Conflict, HasDependents, NotFound
from schema.mutations import idempotency
from schema.mutations.validation import bad_input

T = TypeVar("T")

_BY_CODE: dict[str, type[ApiError]] = {
    "BAD_USER_INPUT": BadUserInput,
    "NOT_FOUND": NotFound,
    "CONFLICT": Conflict,
    "HAS_DEPENDENTS": HasDependents,
}


async def perform(
    info: Info, body: Body[T], restore: Callable[[Any], T] | None = None
) -> Written[T]:
    """``body`` plus the revision bump in ONE transaction (``NEO4J_TX_TIMEOUT`` applies).

    Whatever goes wrong, nothing is written: the transaction rolls back as a whole. With an
    ``Idempotency-Key`` header the result is stored in that transaction, and a retry with the
    same key answers with it (``restore`` rebuilds the value from its JSON) without writing.
    """
    context = info.context
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
            body,
            context.tx_metadata(),
            finish,
        )
    except ConflictError as error:
        if key is not None and (replayed := await idempotency.replay(info, key, restore)):
            return replayed  # a concurrent attempt with the same key won the race
        raise Conflict(error.message, field=error.field, details=error.details) from None
    except MutationError as error:
        raise _BY_CODE[error.code](
            error.message, field=error.field, details=error.details
        ) from None
    except ValidationError as error:
        raise bad_input(error) from None
