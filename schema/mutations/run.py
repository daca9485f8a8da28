"""Run one mutation's transaction and translate what the graph layer refuses."""

from __future__ import annotations

from typing import TypeVar

from pydantic import ValidationError

from graph.mutations.errors import MutationError
from graph.mutations.transaction import Body, Written, write
from schema.context import Info
from schema.errors import ApiError, BadUserInput, Conflict, HasDependents, NotFound
from schema.mutations.validation import bad_input

T = TypeVar("T")

_BY_CODE: dict[str, type[ApiError]] = {
    "BAD_USER_INPUT": BadUserInput,
    "NOT_FOUND": NotFound,
    "CONFLICT": Conflict,
    "HAS_DEPENDENTS": HasDependents,
}


async def perform(info: Info, body: Body[T]) -> Written[T]:
    """``body`` plus the revision bump in ONE transaction (``NEO4J_TX_TIMEOUT`` applies).

    Whatever goes wrong, nothing is written: the transaction rolls back as a whole.
    """
    context = info.context
    try:
        return await write(
            context.driver, context.database, context.settings.neo4j_tx_timeout, body
        )
    except MutationError as error:
        raise _BY_CODE[error.code](
            error.message, field=error.field, details=error.details
        ) from None
    except ValidationError as error:
        raise bad_input(error) from None
