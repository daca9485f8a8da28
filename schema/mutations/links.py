"""``connect`` / ``disconnect``: every reference of the data contract, by kind.

The enum ``Link`` is derived from the registry's reference fields: a new reference field is
a new value (``OFFERING_LOCATIONS``) without a line here.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

import neo4j
import strawberry

from graph.mutations.links import connect_link, disconnect_link
from graph.mutations.scope import Action, Target
from graph.store.kinds import LinkKind, link_kinds
from schema.context import Info
from schema.mutations.derived import EDIT
from schema.mutations.editor import editor_of
from schema.mutations.enums import WriteOutcome
from schema.mutations.payloads import ConnectionPayload
from schema.mutations.run import perform
from schema.mutations.validation import slug, text
from schema.naming import enum_constant

LINK_KINDS: dict[str, LinkKind] = {
    f"{kind.section.name}.{kind.link.attribute}": kind for kind in link_kinds()
}
"""Every reference field of the registry, by ``section.attribute`` (``actors.located_in``)."""


def _member(kind: LinkKind) -> str:
    """``ACTOR_LOCATED_IN``: the label and the field, as a GraphQL enum value."""
    return f"{enum_constant(kind.section.label)}_{kind.link.attribute.upper()}"


_LINK: Any = Enum("Link", [(_member(kind), value) for value, kind in LINK_KINDS.items()])  # type: ignore[misc]
strawberry.enum(
    _LINK,
    description="Eine Referenz des Datenformats: Abschnitt und Feld / a reference of the data "
    "format, named by section and field; from = the node holding the field",
)
if TYPE_CHECKING:
    Link = Enum
else:
    Link = _LINK


def link_kind(link: Enum) -> LinkKind:
    """The registry's relationship kind behind an enum value."""
    return LINK_KINDS[str(link.value)]


@strawberry.input(description="Eine Referenz / one reference: from -[kind]-> to")
class LinkInput:
    kind: Link
    from_: strawberry.ID = strawberry.field(name="from")
    to: strawberry.ID
    source: str | None = strawberry.field(
        default=None,
        description="Quelle; ohne Angabe die des from-Knotens / defaults to the from node's",
    )
    expected_version: int | None = strawberry.field(
        default=None,
        description="Version des from-Knotens, von der die Bearbeitung ausging (sonst "
        "CONFLICT) / the from node's version the edit started from (else CONFLICT)",
    )


def _payload(
    kind: LinkKind, value: LinkInput, outcome: WriteOutcome, revision: int
) -> ConnectionPayload:
    owner, target = str(value.from_), str(value.to)
    start, end = (owner, target) if kind.owner_is_start else (target, owner)
    return ConnectionPayload(
        relationship=kind.kind.pattern,
        start=strawberry.ID(start),
        end=strawberry.ID(end),
        outcome=outcome,
        revision=revision,
    )


def _target(action: Action, kind: LinkKind, owner: str) -> Target:
    """A reference is written on the node holding the field: its scope decides."""
    return Target(action, kind.section.name, kind.section.label, owner)


def _checked(value: LinkInput) -> tuple[LinkKind, str, str]:
    return link_kind(value.kind), slug(value.from_, "input.from"), slug(value.to, "input.to")


@strawberry.type
class LinkMutation:
    @strawberry.mutation(
        permission_classes=EDIT,
        description="Referenz setzen / connect: MERGE the relationship; a single-valued field "
        "(locatedIn, partOf) gets its target replaced",
    )
    async def connect(self, info: Info, input: LinkInput) -> ConnectionPayload:
        kind, owner, target = _checked(input)
        source = text(input.source, "input.source") if input.source is not None else None

        async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> str:
            return await connect_link(
                tx, now, kind, owner, target, source, editor_of(info), input.expected_version
            )

        written = await perform(info, body, target=_target("connect", kind, owner))
        return _payload(kind, input, WriteOutcome(written.value), written.revision)

    @strawberry.mutation(
        permission_classes=EDIT,
        description="Referenz entfernen / disconnect (UNCHANGED when there was none)",
    )
    async def disconnect(self, info: Info, input: LinkInput) -> ConnectionPayload:
        kind, owner, target = _checked(input)

        async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> bool:
            return await disconnect_link(
                tx, now, kind, owner, target, editor_of(info), input.expected_version
            )

        written = await perform(info, body, target=_target("disconnect", kind, owner))
        outcome = WriteOutcome.REMOVED if written.value else WriteOutcome.UNCHANGED
        return _payload(kind, input, outcome, written.revision)
