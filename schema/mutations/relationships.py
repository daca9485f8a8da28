"""``connect*`` / ``disconnect*`` for the relationships with properties of their own.

Derived like the node mutations: each relationship section of the registry
(``memberships`` ...) gives ``connect<Model>(input: <Model>Input)`` and
``disconnect<Model>(input: <Model>Key)``, with the inputs of
:mod:`schema.mutations.relationship_inputs`; a new section needs no line here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import neo4j
import strawberry

from domain.registry import (
    NODE_SECTION,
    RELATIONSHIP_SECTION,
    RELATIONSHIP_SECTIONS,
    RelationshipSection,
)
from domain.wording import FieldProblem
from graph.mutations.relationships import (
    connect_relationship,
    disconnect_relationship,
    kind_for,
)
from graph.mutations.scope import Action, Target
from schema.context import Info
from schema.mutations.derived import edit_mutation, root_type
from schema.mutations.enums import WriteOutcome
from schema.mutations.payloads import ConnectionPayload
from schema.mutations.relationship_inputs import relationship_input, relationship_key
from schema.mutations.run import perform
from schema.mutations.validation import alias_of, field_value, input_data, invalid, validate


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


UPSERT = "anlegen oder Eigenschaften ersetzen / create, or replace its properties"
REMOVE = "entfernen / remove (UNCHANGED when there was none)"


def relationship_mutations(section: RelationshipSection) -> dict[str, Any]:
    """``connect<Model>`` and ``disconnect<Model>`` of one relationship section."""
    given, key = relationship_input(section), relationship_key(section)
    name = section.model.__name__

    async def connect(self: Any, info: Info, input: Any) -> ConnectionPayload:
        return await connect_section(info, section.name, input)

    async def disconnect(self: Any, info: Info, input: Any) -> ConnectionPayload:
        return await disconnect_section(info, section.name, input)

    connect.__annotations__ = {"info": Info, "input": given, "return": ConnectionPayload}
    disconnect.__annotations__ = {"info": Info, "input": key, "return": ConnectionPayload}
    return {
        f"connect_{section.name}": edit_mutation(
            connect,
            f"connect{name}",
            f"{section.german} {UPSERT}",
        ),
        f"disconnect_{section.name}": edit_mutation(
            disconnect,
            f"disconnect{name}",
            f"{section.german} {REMOVE}",
        ),
    }


def relationship_mutation(sections: Iterable[RelationshipSection]) -> type:
    """The root type ``RelationshipMutation`` with the mutations of every relationship section."""
    fields: dict[str, Any] = {}
    for section in sections:
        fields.update(relationship_mutations(section))
    return root_type("RelationshipMutation", fields)


RelationshipMutation = relationship_mutation(RELATIONSHIP_SECTIONS)
