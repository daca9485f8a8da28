"""Create, update and delete actors, offerings, working groups and coordinators."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar

import neo4j
import strawberry
from strawberry.permission import BasePermission

from domain.registry import NODE_SECTION, NodeSection
from graph.mutations.nodes import Deletion, create_node, delete_node, update_node
from schema.context import Info
from schema.mutations.enums import WriteOutcome
from schema.mutations.inputs import (
    ActorInput,
    ActorPatch,
    CoordinatorInput,
    CoordinatorPatch,
    OfferingInput,
    OfferingPatch,
    WorkingGroupInput,
    WorkingGroupPatch,
)
from schema.mutations.payloads import (
    ActorPayload,
    CoordinatorPayload,
    DeletedNode,
    DeletePayload,
    NodePayload,
    OfferingPayload,
    WorkingGroupPayload,
)
from schema.mutations.run import perform
from schema.mutations.validation import input_data, slug, validate
from schema.permissions import IsEditor, require_role

P = TypeVar("P", bound=NodePayload)

DELETE_RULE = (
    "Löscht den Knoten mit allen Beziehungen / deletes the node with all its relationships. "
    "Refused with HAS_DEPENDENTS (listing them) when an actor is the only provider of "
    "offerings or a working group still has members; cascade: true (role admin) deletes "
    "those offerings / memberships too."
)


async def create(info: Info, section: NodeSection, value: Any, payload: type[P]) -> P:
    record = validate(section.model, input_data(section.model, value))

    async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> bool:
        return await create_node(tx, now, section, record)

    written = await perform(info, body)
    outcome = WriteOutcome.CREATED if written.value else WriteOutcome.UNCHANGED
    return payload(id=strawberry.ID(record.id), outcome=outcome, revision=written.revision)


async def update(info: Info, section: NodeSection, node_id: str, value: Any, payload: type[P]) -> P:
    node_id = slug(node_id, "id")
    changes = input_data(section.model, value, keep_none=True)

    async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> bool:
        _, changed = await update_node(tx, now, section, node_id, changes)
        return changed

    written = await perform(info, body)
    outcome = WriteOutcome.UPDATED if written.value else WriteOutcome.UNCHANGED
    return payload(id=strawberry.ID(node_id), outcome=outcome, revision=written.revision)


async def delete(info: Info, section: NodeSection, node_id: str, cascade: bool) -> DeletePayload:
    node_id = slug(node_id, "id")
    if cascade:
        require_role(info, "admin")

    async def body(tx: neo4j.AsyncManagedTransaction, now: datetime) -> Deletion:
        return await delete_node(tx, now, section, node_id, cascade)

    written = await perform(info, body, restore=Deletion.from_json)
    return DeletePayload(
        id=strawberry.ID(node_id),
        deleted=[DeletedNode(label=label, id=strawberry.ID(i)) for label, i in written.value.nodes],
        relationships_removed=written.value.relationships,
        revision=written.revision,
    )


EDIT: list[type[BasePermission]] = [IsEditor]
Cascade = Annotated[
    bool,
    strawberry.argument(
        description="Abhängige mitlöschen (nur Rolle admin) / delete dependents too (role admin)"
    ),
]


@strawberry.type
class NodeMutation:
    @strawberry.mutation(permission_classes=EDIT, description="Akteur anlegen / create an actor")
    async def create_actor(self, info: Info, input: ActorInput) -> ActorPayload:
        return await create(info, NODE_SECTION["actors"], input, ActorPayload)

    @strawberry.mutation(permission_classes=EDIT, description="Akteur ändern / update an actor")
    async def update_actor(self, info: Info, id: strawberry.ID, input: ActorPatch) -> ActorPayload:
        return await update(info, NODE_SECTION["actors"], id, input, ActorPayload)

    @strawberry.mutation(permission_classes=EDIT, description=DELETE_RULE)
    async def delete_actor(
        self,
        info: Info,
        id: strawberry.ID,
        cascade: Cascade = False,
    ) -> DeletePayload:
        return await delete(info, NODE_SECTION["actors"], id, cascade)

    @strawberry.mutation(permission_classes=EDIT, description="Angebot anlegen / create")
    async def create_offering(self, info: Info, input: OfferingInput) -> OfferingPayload:
        return await create(info, NODE_SECTION["offerings"], input, OfferingPayload)

    @strawberry.mutation(permission_classes=EDIT, description="Angebot ändern / update")
    async def update_offering(
        self, info: Info, id: strawberry.ID, input: OfferingPatch
    ) -> OfferingPayload:
        return await update(info, NODE_SECTION["offerings"], id, input, OfferingPayload)

    @strawberry.mutation(permission_classes=EDIT, description=DELETE_RULE)
    async def delete_offering(
        self, info: Info, id: strawberry.ID, cascade: Cascade = False
    ) -> DeletePayload:
        return await delete(info, NODE_SECTION["offerings"], id, cascade)

    @strawberry.mutation(permission_classes=EDIT, description="Arbeitskreis anlegen / create")
    async def create_working_group(
        self, info: Info, input: WorkingGroupInput
    ) -> WorkingGroupPayload:
        return await create(info, NODE_SECTION["workingGroups"], input, WorkingGroupPayload)

    @strawberry.mutation(permission_classes=EDIT, description="Arbeitskreis ändern / update")
    async def update_working_group(
        self, info: Info, id: strawberry.ID, input: WorkingGroupPatch
    ) -> WorkingGroupPayload:
        return await update(info, NODE_SECTION["workingGroups"], id, input, WorkingGroupPayload)

    @strawberry.mutation(permission_classes=EDIT, description=DELETE_RULE)
    async def delete_working_group(
        self, info: Info, id: strawberry.ID, cascade: Cascade = False
    ) -> DeletePayload:
        return await delete(info, NODE_SECTION["workingGroups"], id, cascade)

    @strawberry.mutation(permission_classes=EDIT, description="Koordination anlegen / create")
    async def create_coordinator(self, info: Info, input: CoordinatorInput) -> CoordinatorPayload:
        return await create(info, NODE_SECTION["coordinators"], input, CoordinatorPayload)

    @strawberry.mutation(permission_classes=EDIT, description="Koordination ändern / update")
    async def update_coordinator(
        self, info: Info, id: strawberry.ID, input: CoordinatorPatch
    ) -> CoordinatorPayload:
        return await update(info, NODE_SECTION["coordinators"], id, input, CoordinatorPayload)

    @strawberry.mutation(permission_classes=EDIT, description=DELETE_RULE)
    async def delete_coordinator(
        self, info: Info, id: strawberry.ID, cascade: Cascade = False
    ) -> DeletePayload:
        return await delete(info, NODE_SECTION["coordinators"], id, cascade)
