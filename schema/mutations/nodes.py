"""Create, update and delete nodes: the mutations of every editable kind, derived.

For each registry section marked ``editable`` (actors, offerings, working groups,
coordinators): ``create<Label>(input)``, ``update<Label>(id, input)`` and
``delete<Label>(id, cascade)``, with inputs and payloads derived from the kind's model
(``schema.mutations.inputs``, ``schema.mutations.payloads``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Any, TypeVar

import neo4j
import strawberry

from domain.access import RANK
from domain.contract import CONTRACT, Contract, Kind
from domain.errors import ErrorCode, Refusal
from domain.registry import NODE_SECTIONS, NodeSection
from graph.mutations import versions
from graph.mutations.nodes import SOURCE_ROLE, Deletion, create_node, delete_node, update_node
from graph.mutations.scope import Target
from schema.context import Info
from schema.history_rules import refuse_mass_deletion
from schema.mutations import inputs
from schema.mutations.derived import edit_mutation, root_type
from schema.mutations.editor import editor_of
from schema.mutations.enums import WriteOutcome
from schema.mutations.payloads import (
    ConfirmPayload,
    DeletedNode,
    DeletePayload,
    NodePayload,
    node_payload,
)
from schema.mutations.run import perform
from schema.mutations.validation import input_data, slug, validate
from schema.permissions import require_role

P = TypeVar("P", bound=NodePayload)

DELETE_RULE = (
    "Löscht den Knoten mit allen Beziehungen / deletes the node with all its relationships. "
    "Refused with HAS_DEPENDENTS (listing them) when an actor is the only provider of "
    "offerings or a working group still has members or measures; cascade: true (role "
    "admin) deletes those offerings / memberships too (measures stay, without a group)."
)


async def create(info: Info, section: NodeSection, value: Any, payload: type[P]) -> P:
    record = validate(section.model, input_data(section.model, value))

    async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> bool:
        return await create_node(tx, now, section, record)

    target = Target("create", section.name, section.label, record.id)
    written = await perform(info, body, target=target)
    outcome = WriteOutcome.CREATED if written.value else WriteOutcome.UNCHANGED
    return payload(id=strawberry.ID(record.id), outcome=outcome, revision=written.revision)


async def update(
    info: Info,
    section: NodeSection,
    node_id: str,
    value: Any,
    payload: type[P],
    expected: int | None = None,
) -> P:
    node_id = slug(node_id, "id")
    changes = input_data(section.model, value, keep_none=True)
    editor = editor_of(info)
    may_change_source = RANK.get(info.context.role or "", -1) >= RANK[SOURCE_ROLE]

    async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> bool:
        _, changed = await update_node(
            tx, now, section, node_id, changes, editor, expected, may_change_source
        )
        return changed

    target = Target("update", section.name, section.label, node_id, fields=frozenset(changes))
    written = await perform(info, body, target=target)
    outcome = WriteOutcome.UPDATED if written.value else WriteOutcome.UNCHANGED
    return payload(id=strawberry.ID(node_id), outcome=outcome, revision=written.revision)


async def delete(
    info: Info, section: NodeSection, node_id: str, cascade: bool, expected: int | None = None
) -> DeletePayload:
    node_id = slug(node_id, "id")
    if cascade:
        require_role(info, "admin")
    refuse_mass_deletion(info)
    editor = editor_of(info)

    async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> Deletion:
        return await delete_node(tx, now, section, node_id, cascade, expected, editor)

    target = Target("delete", section.name, section.label, node_id)
    written = await perform(info, body, restore=Deletion.from_json, target=target)
    return DeletePayload(
        id=strawberry.ID(node_id),
        deleted=[DeletedNode(label=label, id=strawberry.ID(i)) for label, i in written.value.nodes],
        relationships_removed=written.value.relationships,
        revision=written.revision,
    )


async def confirm(info: Info, section: NodeSection, node_id: str) -> ConfirmPayload:
    node_id = slug(node_id, "id")
    editor = editor_of(info)

    async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> datetime:
        if not await versions.confirm(tx, now, section.label, node_id, editor):
            raise Refusal(
                ErrorCode.NOT_FOUND,
                f"{section.label} '{node_id}' gibt es nicht / does not exist",
                field="id",
            )
        return now

    target = Target("update", section.name, section.label, node_id)
    written = await perform(info, body, restore=datetime.fromisoformat, target=target)
    return ConfirmPayload(
        id=strawberry.ID(node_id), verified_at=written.value, revision=written.revision
    )


Cascade = Annotated[
    bool,
    strawberry.argument(
        description="Abhängige mitlöschen (nur Rolle admin) / delete dependents too (role admin)"
    ),
]


ExpectedVersion = Annotated[
    int | None,
    strawberry.argument(
        description="Die Version, von der die Bearbeitung ausging; ist der Datensatz inzwischen "
        "geändert, wird abgelehnt (CONFLICT mit currentVersion und changes) / the version the "
        "edit started from; refused with CONFLICT (currentVersion, changes) when it is stale. "
        "Left out: last write wins"
    ),
]


def _article(noun: str) -> str:
    return "an" if noun[0] in "aeiou" else "a"


def node_mutations(section: NodeSection, kind: Kind) -> dict[str, Any]:
    """``create<Label>``, ``update<Label>`` and ``delete<Label>`` of one editable kind."""
    node_input, node_patch = inputs.node_input(section, kind), inputs.node_patch(section, kind)
    payload = node_payload(kind)
    german, noun = kind.german[0] or kind.label, f"{_article(kind.noun)} {kind.noun}"

    async def create_one(self: Any, info: Info, input: Any) -> Any:
        return await create(info, section, input, payload)

    async def update_one(
        self: Any, info: Info, id: strawberry.ID, input: Any, expected_version: int | None = None
    ) -> Any:
        return await update(info, section, id, input, payload, expected_version)

    async def confirm_one(self: Any, info: Info, id: strawberry.ID) -> ConfirmPayload:
        return await confirm(info, section, id)

    async def delete_one(
        self: Any,
        info: Info,
        id: strawberry.ID,
        cascade: bool = False,
        expected_version: int | None = None,
    ) -> Any:
        return await delete(info, section, id, cascade, expected_version)

    create_one.__annotations__ = {"self": Any, "info": Info, "input": node_input, "return": payload}
    update_one.__annotations__ = {
        "self": Any,
        "info": Info,
        "id": strawberry.ID,
        "input": node_patch,
        "expected_version": ExpectedVersion,
        "return": payload,
    }
    delete_one.__annotations__ = {
        "self": Any,
        "info": Info,
        "id": strawberry.ID,
        "cascade": Cascade,
        "expected_version": ExpectedVersion,
        "return": DeletePayload,
    }
    return {
        f"create_{section.name}": edit_mutation(
            create_one,
            f"create{kind.label}",
            f"{german} anlegen / create {noun}",
        ),
        f"update_{section.name}": edit_mutation(
            update_one,
            f"update{kind.label}",
            f"{german} ändern / update {noun}",
        ),
        f"confirm_{section.name}": edit_mutation(
            confirm_one,
            f"confirm{kind.label}",
            f"{german}: Angaben stimmen noch / confirm {noun} is still right "
            "(sets verifiedAt and verifiedBy; the version stays)",
        ),
        f"delete_{section.name}": edit_mutation(
            delete_one,
            f"delete{kind.label}",
            DELETE_RULE,
        ),
    }


def node_mutation(sections: Iterable[NodeSection], contract: Contract = CONTRACT) -> type:
    """The root type ``NodeMutation`` with the mutations of every editable section."""
    fields: dict[str, Any] = {}
    for section in sections:
        if section.editable:
            fields.update(node_mutations(section, contract.kind(section.label)))
    return root_type("NodeMutation", fields)


NodeMutation = node_mutation(NODE_SECTIONS)
