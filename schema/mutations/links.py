"""``connect`` / ``disconnect``: every reference of the data contract, by kind."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import neo4j
import strawberry
from strawberry.permission import BasePermission

from graph.mutations.links import connect_link, disconnect_link
from graph.store.kinds import LinkKind, link_kinds
from schema.context import Info
from schema.mutations.enums import WriteOutcome
from schema.mutations.payloads import ConnectionPayload
from schema.mutations.run import perform
from schema.mutations.validation import slug, text
from schema.permissions import IsEditor

EDIT: list[type[BasePermission]] = [IsEditor]


@strawberry.enum(
    description="Eine Referenz des Datenformats: Abschnitt und Feld / a reference of the data "
    "format, named by section and field; from = the node holding the field"
)
class Link(Enum):
    ACTOR_LOCATED_IN = "actors.located_in"
    ACTOR_ACTIVE_IN = "actors.active_in"
    ACTOR_PART_OF = "actors.part_of"
    MUNICIPALITY_PART_OF = "municipalities.part_of"
    WORKING_GROUP_TOPICS = "workingGroups.topics"
    OFFERING_PROVIDERS = "offerings.providers"
    OFFERING_TOPICS = "offerings.topics"
    OFFERING_TARGET_GROUPS = "offerings.target_groups"
    OFFERING_LANGUAGES = "offerings.languages"
    OFFERING_MUNICIPALITIES = "offerings.municipalities"
    COORDINATOR_WORKS_FOR = "coordinators.works_for"
    COORDINATOR_COORDINATES_OFFERINGS = "coordinators.coordinates_offerings"
    COORDINATOR_COORDINATES_WORKING_GROUPS = "coordinators.coordinates_working_groups"
    COORDINATOR_COORDINATES_TOPICS = "coordinators.coordinates_topics"
    PERSON_WORKS_FOR = "people.works_for"


def link_kind(link: Link) -> LinkKind:
    """The registry's relationship kind behind an enum value."""
    section, attribute = link.value.split(".")
    for kind in link_kinds():
        if kind.section.name == section and kind.link.attribute == attribute:
            return kind
    raise LookupError(link.value)  # pragma: no cover - a test keeps enum and registry in step


@strawberry.input(description="Eine Referenz / one reference: from -[kind]-> to")
class LinkInput:
    kind: Link
    from_: strawberry.ID = strawberry.field(name="from")
    to: strawberry.ID
    source: str | None = strawberry.field(
        default=None,
        description="Quelle; ohne Angabe die des from-Knotens / defaults to the from node's",
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
            return await connect_link(tx, now, kind, owner, target, source)

        written = await perform(info, body)
        return _payload(kind, input, WriteOutcome(written.value), written.revision)

    @strawberry.mutation(
        permission_classes=EDIT,
        description="Referenz entfernen / disconnect (UNCHANGED when there was none)",
    )
    async def disconnect(self, info: Info, input: LinkInput) -> ConnectionPayload:
        kind, owner, target = _checked(input)

        async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> bool:
            return await disconnect_link(tx, now, kind, owner, target)

        written = await perform(info, body)
        outcome = WriteOutcome.REMOVED if written.value else WriteOutcome.UNCHANGED
        return _payload(kind, input, outcome, written.revision)
