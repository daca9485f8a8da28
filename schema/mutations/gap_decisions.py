"""The decision "bewusst offen": ``markGapDeliberatelyOpen(key, reason)`` and
``reopenGap(key)`` (roles editor and admin).

A gap can be closed by a decision as well as by an offering: the row stays in the full
lists, with its decision (who, when, why), and leaves the lists of open gaps.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

import neo4j
import strawberry

from domain.errors import ErrorCode, Refusal
from domain.gap_keys import check_gap_key
from graph import gap_states as states
from graph.mutations.scope import Target
from schema.context import Info
from schema.errors import BadUserInput, NotFound
from schema.gap_states import CACHE_KEY, GapDecision
from schema.mutations.run import perform
from schema.permissions import IsEditor

MAX_REASON = 2000


def _key(value: str) -> str:
    try:
        return check_gap_key(value.strip())
    except ValueError as error:
        raise BadUserInput(f"key: kein gültiger Lückenschlüssel / {error}", field="key") from None


def _target(key: str) -> Target:
    """A gap decision is the Stabsstelle's (editor and up), never a member's record."""
    return Target("update", "gap_decisions", "GapDecision", key)


@strawberry.type
class GapMutation:
    @strawberry.mutation(
        permission_classes=[IsEditor],
        description="Lücke bewusst offen lassen, mit Begründung (z. B. kein Bedarf, von der "
        "Nachbargemeinde abgedeckt) / mark a gap deliberately open; it stays in the full "
        "lists with its decision, and leaves the open ones",
    )
    async def mark_gap_deliberately_open(self, info: Info, key: str, reason: str) -> GapDecision:
        key = _key(key)
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON:
            raise BadUserInput(
                f"reason: eine Begründung (1-{MAX_REASON} Zeichen) / give a reason "
                f"(1-{MAX_REASON} characters)",
                field="reason",
            )
        service = info.context.analyses
        if await asyncio.to_thread(service.gap_row, key) is None:
            raise NotFound(
                f"key: die Lücke {key} besteht nicht (mehr) / no current gap has this key",
                field="key",
            )

        async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> states.GapDecision:
            result = await tx.run(
                states.MARK, key=key, reason=reason, by=info.context.author, now=now
            )
            record = await result.single(strict=True)
            return states.decision_of(record["decision"])

        written = await perform(info, body, target=_target(key))
        info.context.cache.pop(CACHE_KEY, None)
        return GapDecision.of(written.value)

    @strawberry.mutation(
        permission_classes=[IsEditor],
        description="Entscheidung „bewusst offen“ zurücknehmen / take the decision back; "
        "the gap is open again (or has its measures' state)",
    )
    async def reopen_gap(self, info: Info, key: str) -> GapDecision:
        key = _key(key)

        async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> states.GapDecision:
            result = await tx.run(states.REOPEN, key=key)
            record = await result.single()
            if record is None:  # refused inside: nothing is written, not even the revision
                raise Refusal(
                    ErrorCode.NOT_FOUND,
                    f"key: zu {key} gibt es keine Entscheidung / no decision for this key",
                    field="key",
                )
            return states.decision_of(record["decision"])

        written = await perform(info, body, target=_target(key))
        info.context.cache.pop(CACHE_KEY, None)
        return GapDecision.of(written.value)
