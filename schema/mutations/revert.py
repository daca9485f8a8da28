"""``revertChange(id)``: an admin undoes one change of the history (``graph.history.revert``).

The revert is a write like any other: one transaction, recorded as a new change whose
``revertOf`` names the change undone (which then carries ``revertedBy``). Refused with
``CONFLICT`` and a German explanation naming the later change when a later change touched
the same record.
"""

from __future__ import annotations

from datetime import datetime

import neo4j
import strawberry

from graph.history import reads
from graph.history.revert import revert_change
from graph.mutations.scope import Target
from schema.context import Info
from schema.mutations.run import perform
from schema.permissions import require_role
from schema.types.change import Change


@strawberry.type(description="Ergebnis einer Rücknahme / result of a revert")
class RevertPayload:
    change: Change | None = strawberry.field(
        description="Die neue Änderung, die die Rücknahme festhält / the revert's own change"
    )
    reverted: strawberry.ID = strawberry.field(description="Die zurückgenommene Änderung")
    revision: int


@strawberry.type
class RevertMutation:
    @strawberry.mutation(
        description="Eine Änderung zurücknehmen (nur Rolle admin) / revert one change (role "
        "admin): old values back, a deleted record with its relationships restored; recorded "
        "as a new change with revertOf; CONFLICT when a later change touched the same record"
    )
    async def revert_change(self, info: Info, id: strawberry.ID) -> RevertPayload:
        require_role(info, "admin")
        change_id = str(id)

        async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> str:
            return await revert_change(tx, now, change_id)

        # the admin's role is required above; the scope check passes admins by design
        target = Target("update", "changes", "Change", change_id)
        written = await perform(info, body, revert_of=change_id, target=target)
        context = info.context
        row = None
        if written.change_id is not None:
            row = await reads.one(
                context.driver, context.database, context.query, written.change_id
            )
        return RevertPayload(
            change=None if row is None else Change.from_row(row),
            reverted=strawberry.ID(change_id),
            revision=written.revision,
        )
