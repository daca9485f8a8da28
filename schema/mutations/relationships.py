"""``connect*`` / ``disconnect*`` for the relationships with properties of their own."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import neo4j
import strawberry
from strawberry.permission import BasePermission

from domain.registry import NODE_SECTION, RELATIONSHIP_SECTION, RelationshipSection
from domain.wording import FieldProblem
from graph.mutations.relationships import (
    connect_relationship,
    disconnect_relationship,
    kind_for,
)
from graph.mutations.scope import Action, Target
from schema.context import Info
from schema.mutations.enums import WriteOutcome
from schema.mutations.payloads import ConnectionPayload
from schema.mutations.relationship_inputs import (
    CooperationInput,
    CooperationKey,
    FundingInput,
    FundingKey,
    LanguageShareInput,
    LanguageShareKey,
    MembershipInput,
    MembershipKey,
    ParticipationInput,
    ParticipationKey,
    ResidentInput,
    ResidentKey,
)
from schema.mutations.run import perform
from schema.mutations.validation import alias_of, field_value, input_data, invalid, validate
from schema.permissions import CanWrite


def _payload(
    section: RelationshipSection, ends: dict[str, Any], outcome: WriteOutcome, revision: int
) -> ConnectionPayload:
    kind = kind_for(section, ends)
    return ConnectionPayload(
        relationship=kind.kind.pattern,
        start=strawberry.ID(ends[kind.start_attribute]),
        end=strawberry.ID(ends[section.end.attribute]),
        outcome=outcome,
        revision=revision,
    )


def _target(action: Action, section: RelationshipSection, ends: dict[str, Any]) -> Target:
    """A relationship with properties is written from its start node: its scope decides."""
    kind = kind_for(section, ends)
    start = next(e for e in section.starts if e.attribute == kind.start_attribute)
    node = NODE_SECTION[start.section]
    return Target(
        action, node.name, node.label, str(ends[kind.start_attribute]), relationship=section.name
    )


def _one_start(section: RelationshipSection, key: dict[str, Any]) -> None:
    given = [e.attribute for e in section.starts if key.get(e.attribute) is not None]
    if len(given) != 1:
        names = ", ".join(alias_of(section.model, e.attribute) for e in section.starts)
        raise invalid(
            [
                FieldProblem(
                    "input",
                    "participant",
                    f"genau eines angeben von: {names}",
                    f"name exactly one of {names}",
                )
            ]
        )


async def connect_section(info: Info, name: str, value: Any) -> ConnectionPayload:
    section = RELATIONSHIP_SECTION[name]
    record = validate(section.model, input_data(section.model, value))

    async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> str:
        return await connect_relationship(tx, now, section, record)

    ends = {attribute: getattr(record, attribute) for attribute in type(record).model_fields}
    written = await perform(info, body, target=_target("connect", section, ends))
    return _payload(section, ends, WriteOutcome(written.value), written.revision)


async def disconnect_section(info: Info, name: str, value: Any) -> ConnectionPayload:
    section = RELATIONSHIP_SECTION[name]
    key: dict[str, Any] = {}
    for field in dataclasses.fields(value):
        item = getattr(value, field.name)
        if item is not None:
            path = f"input.{alias_of(section.model, field.name)}"
            key[field.name] = field_value(section.model, field.name, item, path)
    _one_start(section, key)

    async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> bool:
        return await disconnect_relationship(tx, now, section, key)

    written = await perform(info, body, target=_target("disconnect", section, key))
    outcome = WriteOutcome.REMOVED if written.value else WriteOutcome.UNCHANGED
    return _payload(section, key, outcome, written.revision)


EDIT: list[type[BasePermission]] = [CanWrite]
UPSERT = "anlegen oder Eigenschaften ersetzen / create, or replace its properties"
REMOVE = "entfernen / remove (UNCHANGED when there was none)"


@strawberry.type
class RelationshipMutation:
    @strawberry.mutation(permission_classes=EDIT, description=f"Mitgliedschaft {UPSERT}")
    async def connect_membership(self, info: Info, input: MembershipInput) -> ConnectionPayload:
        return await connect_section(info, "memberships", input)

    @strawberry.mutation(permission_classes=EDIT, description=f"Mitgliedschaft {REMOVE}")
    async def disconnect_membership(self, info: Info, input: MembershipKey) -> ConnectionPayload:
        return await disconnect_section(info, "memberships", input)

    @strawberry.mutation(permission_classes=EDIT, description=f"Kooperation {UPSERT}")
    async def connect_cooperation(self, info: Info, input: CooperationInput) -> ConnectionPayload:
        return await connect_section(info, "cooperations", input)

    @strawberry.mutation(permission_classes=EDIT, description=f"Kooperation {REMOVE}")
    async def disconnect_cooperation(self, info: Info, input: CooperationKey) -> ConnectionPayload:
        return await disconnect_section(info, "cooperations", input)

    @strawberry.mutation(permission_classes=EDIT, description=f"Förderung {UPSERT}")
    async def connect_funding(self, info: Info, input: FundingInput) -> ConnectionPayload:
        return await connect_section(info, "fundings", input)

    @strawberry.mutation(permission_classes=EDIT, description=f"Förderung {REMOVE}")
    async def disconnect_funding(self, info: Info, input: FundingKey) -> ConnectionPayload:
        return await disconnect_section(info, "fundings", input)

    @strawberry.mutation(permission_classes=EDIT, description=f"Teilnahme {UPSERT}")
    async def connect_participation(
        self, info: Info, input: ParticipationInput
    ) -> ConnectionPayload:
        return await connect_section(info, "participations", input)

    @strawberry.mutation(permission_classes=EDIT, description=f"Teilnahme {REMOVE}")
    async def disconnect_participation(
        self, info: Info, input: ParticipationKey
    ) -> ConnectionPayload:
        return await disconnect_section(info, "participations", input)

    @strawberry.mutation(permission_classes=EDIT, description=f"Einwohnerzahl {UPSERT}")
    async def connect_resident(self, info: Info, input: ResidentInput) -> ConnectionPayload:
        return await connect_section(info, "residents", input)

    @strawberry.mutation(permission_classes=EDIT, description=f"Einwohnerzahl {REMOVE}")
    async def disconnect_resident(self, info: Info, input: ResidentKey) -> ConnectionPayload:
        return await disconnect_section(info, "residents", input)

    @strawberry.mutation(permission_classes=EDIT, description=f"Sprachanteil {UPSERT}")
    async def connect_language_share(
        self, info: Info, input: LanguageShareInput
    ) -> ConnectionPayload:
        return await connect_section(info, "languageShares", input)

    @strawberry.mutation(permission_classes=EDIT, description=f"Sprachanteil {REMOVE}")
    async def disconnect_language_share(
        self, info: Info, input: LanguageShareKey
    ) -> ConnectionPayload:
        return await disconnect_section(info, "languageShares", input)
