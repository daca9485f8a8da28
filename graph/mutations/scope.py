"""Who may write which record: the one place that decides, inside the write transaction.

Every landscape mutation names its ``Target`` (what it writes) and runs through
``schema.mutations.run.perform``, which calls :func:`admit` before the transaction and
:func:`check` inside it, before and after the mutation's own statements:

- anonymous: nothing (``UNAUTHENTICATED``);
- ``reader``: nothing (``FORBIDDEN``);
- ``member``: its own actors (update), the offerings they OFFER and the coordinators who
  WORK_FOR them (create, update, delete, and their references), their memberships
  (MEMBER_OF); nothing else;
- ``editor``: every record (``cascade`` deletes are the admin's: ``schema.mutations.nodes``);
- ``admin``: everything.

For a member the check runs twice in the transaction: before the write, an existing record
must be in scope (so a member cannot touch another's record, nor "create" over an id that
exists); after it, the record, if it still exists, must still be in scope (a new offering
must name one of the member's actors as provider; an update must keep one). Because both
run inside the transaction, a refusal rolls the whole write back, and no concurrent write
can slip between check and write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import neo4j

from domain.access import Caller
from domain.errors import ErrorCode, Refusal

Action = Literal["create", "update", "delete", "connect", "disconnect"]

MEMBER_NODES: dict[str, frozenset[str]] = {
    "actors": frozenset({"update", "connect", "disconnect"}),
    "offerings": frozenset({"create", "update", "delete", "connect", "disconnect"}),
    "coordinators": frozenset({"create", "update", "delete", "connect", "disconnect"}),
}
"""The node sections a member may write, and how (connect/disconnect: their references)."""

MEMBER_RELATIONSHIPS = frozenset({"memberships"})
"""The relationship sections a member may write (from its own actors)."""


@dataclass(frozen=True)
class Target:
    """What a mutation writes: the record whose scope decides, and how.

    ``section``/``label``/``record_id`` name the node written (for a reference: the node
    holding the field; for a relationship with properties: its start node).
    ``relationship`` is the relationship section (``memberships``) when one is written
    through ``connect<Relationship>``, else None.
    """

    action: Action
    section: str
    label: str
    record_id: str
    relationship: str | None = None

    def describe(self) -> str:
        return f"{self.label} „{self.record_id}“"


def _forbidden(message: str, target: Target) -> Refusal:
    return Refusal(
        ErrorCode.FORBIDDEN,
        message,
        details={"record": {"label": target.label, "id": target.record_id}},
    )


def admit(caller: Caller | None, target: Target) -> None:
    """The role's part, before any transaction: may this caller write this kind at all?"""
    if caller is None:
        raise Refusal(
            ErrorCode.UNAUTHENTICATED,
            "Anmeldung erforderlich / authentication required: sign in, or send "
            "'Authorization: Bearer <token>'",
        )
    if caller.at_least("editor"):
        return
    if caller.role != "member":
        raise _forbidden(
            f"Keine Berechtigung: Die Rolle {caller.role} darf nichts ändern "
            f"({target.describe()}) / forbidden: role {caller.role} may not write",
            target,
        )
    if target.relationship is not None:
        allowed = target.relationship in MEMBER_RELATIONSHIPS
    else:
        allowed = target.action in MEMBER_NODES.get(target.section, frozenset())
    if not allowed:
        what = target.relationship or target.section
        raise _forbidden(
            f"Keine Berechtigung: Als Mitglied dürfen Sie {target.describe()} nicht ändern "
            f"({target.action} {what}) / forbidden: a member may not {target.action} {what}",
            target,
        )


_OWNED: dict[str, str] = {
    "actors": "MATCH (n:Actor {id: $id}) RETURN n.id IN $actors AS owned",
    "offerings": "MATCH (n:Offering {id: $id}) "
    "RETURN EXISTS { MATCH (a:Actor)-[:OFFERS]->(n) WHERE a.id IN $actors } AS owned",
    "coordinators": "MATCH (n:Coordinator {id: $id}) "
    "RETURN EXISTS { MATCH (n)-[:WORKS_FOR]->(a:Actor) WHERE a.id IN $actors } AS owned",
}
"""Per section a member may write: whether the record (if it exists) is the member's."""


async def _owned(tx: neo4j.AsyncManagedTransaction, caller: Caller, target: Target) -> bool | None:
    """True/False: the record exists and is (not) the member's; None: it does not exist."""
    result = await tx.run(
        _OWNED[target.section], {"id": target.record_id, "actors": sorted(caller.actor_ids)}
    )
    record = await result.single()
    return None if record is None else bool(record["owned"])


async def check(
    tx: neo4j.AsyncManagedTransaction,
    caller: Caller | None,
    target: Target,
    phase: Literal["before", "after"],
) -> None:
    """The scope's part, inside the transaction (``admit`` has passed): a member's record.

    ``before`` the write, an existing record must be the member's; ``after`` it, a record
    that still exists must (still) be the member's. Editors and admins pass.
    """
    if caller is None or caller.at_least("editor"):
        return
    owned = await _owned(tx, caller, target)
    if owned is False:
        actors = ", ".join(sorted(caller.actor_ids)) or "-"
        if phase == "before":
            message = (
                f"Keine Berechtigung: {target.describe()} gehört nicht zu Ihren Akteuren "
                f"({actors}) / forbidden: {target.label} {target.record_id} is not a record "
                "of your actors"
            )
        else:
            message = (
                f"Keine Berechtigung: {target.describe()} muss einem Ihrer Akteure ({actors}) "
                "gehören (Anbieter oder Arbeitgeber) / forbidden: after this change "
                f"{target.label} {target.record_id} would not belong to one of your actors"
            )
        raise _forbidden(message, target)
