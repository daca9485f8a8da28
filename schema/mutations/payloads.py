"""What the mutations answer: the id written, what happened, and the new graph revision."""

from __future__ import annotations

import strawberry

from schema.mutations.enums import WriteOutcome


@strawberry.type(description="Ergebnis einer Knoten-Mutation / result of a node mutation")
class NodePayload:
    id: strawberry.ID
    outcome: WriteOutcome
    revision: int = strawberry.field(
        description="Revision des Graphen nach der Änderung / graph revision after the write"
    )


@strawberry.type(description="Ein geschriebener Akteur / the actor written")
class ActorPayload(NodePayload):
    pass


@strawberry.type(description="Ein geschriebenes Angebot / the offering written")
class OfferingPayload(NodePayload):
    pass


@strawberry.type(description="Ein geschriebener Arbeitskreis / the working group written")
class WorkingGroupPayload(NodePayload):
    pass


@strawberry.type(description="Eine geschriebene Koordination / the coordinator written")
class CoordinatorPayload(NodePayload):
    pass


@strawberry.type(description="Ein gelöschter Knoten / a deleted node")
class DeletedNode:
    label: str
    id: strawberry.ID


@strawberry.type(description="Ergebnis einer Löschung / result of a delete")
class DeletePayload:
    id: strawberry.ID
    deleted: list[DeletedNode] = strawberry.field(
        description="Alle gelöschten Knoten, der genannte zuerst / every node deleted, the "
        "named one first (more with cascade)"
    )
    relationships_removed: int
    revision: int


@strawberry.type(description="Ergebnis von connect/disconnect / result of connect/disconnect")
class ConnectionPayload:
    relationship: str = strawberry.field(
        description="Das Muster, z. B. (:Offering)-[:ADDRESSES]->(:Topic) / the pattern"
    )
    start: strawberry.ID
    end: strawberry.ID
    outcome: WriteOutcome
    revision: int
