"""The ``Idempotency-Key`` header of a mutation request (see ``graph.mutations.idempotency``).

The key a client sends is scoped to its token or account and to the mutation field it labels
(its alias or name), so one key can cover a document with several mutations, and two clients cannot
read each other's results. The fingerprint is the field and its argument values: a retry must
ask for exactly the same thing to get the stored answer.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import neo4j
from graphql import print_ast

from graph.mutations import idempotency as store
from graph.mutations.transaction import Finish, Written
from schema.context import Info
from schema.errors import BadUserInput, IdempotencyKeyReused

T = TypeVar("T")

HEADER = "idempotency-key"
_ACCEPTED = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def key_of(info: Info) -> str | None:
    """The stored key for this mutation field, or None when the request has no header."""
    sent = info.context.request.headers.get(HEADER)
    if sent is None:
        return None
    if not _ACCEPTED.match(sent):
        raise BadUserInput(
            "Idempotency-Key: 1-128 Zeichen aus A-Z a-z 0-9 . _ : - / 1-128 characters of "
            "A-Z a-z 0-9 . _ : -",
            field="Idempotency-Key",
        )
    label = info.path.key
    caller = info.context.caller
    owner = (caller.token_id or caller.account_id) if caller is not None else None
    return f"{owner or '-'}/{sent}/{label}"


def fingerprint(info: Info) -> str:
    """A hash of the mutation field, its arguments as written and the variables' values."""
    raw = info._raw_info
    arguments = [print_ast(argument) for argument in raw.field_nodes[0].arguments or ()]
    text = json.dumps([raw.field_name, arguments, raw.variable_values], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


async def replay(info: Info, key: str, restore: Callable[[Any], T] | None) -> Written[T] | None:
    """The first attempt's result under ``key``; refused if the key labelled another write."""
    context = info.context
    stored = await store.recall(context.driver, context.database, key)
    if stored is None:
        return None
    if stored.fingerprint != fingerprint(info):
        raise IdempotencyKeyReused(
            "Dieser Idempotency-Key gehört zu einer anderen Mutation / this Idempotency-Key "
            "was used for a different mutation or different arguments; use a new key",
            field="Idempotency-Key",
        )
    value = stored.value if restore is None else restore(stored.value)
    return Written(value, stored.revision)


def storing(info: Info, key: str) -> Finish:
    """The transaction's last step: store the result under ``key``."""
    hashed = fingerprint(info)

    async def finish(
        tx: neo4j.AsyncManagedTransaction, written: Written[Any], now: datetime
    ) -> None:
        await store.remember(tx, key, hashed, written.value, written.revision, now)

    return finish
