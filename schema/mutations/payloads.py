"""What the mutations answer: the id written, what happened, and the new graph revision."""

from __future__ import annotations

import types
from datetime import datetime

import strawberry

from domain.contract import Kind
from schema.mutations.enums import WriteOutcome


@strawberry.type(description="Ergebnis einer Knoten-Mutation / result of a node mutation")
class NodePayload:
    id: strawberry.ID
    outcome: WriteOutcome
    revision: int = strawberry.field(
        description="Revision des Graphen nach der Änderung / graph revision after the write"
    )


def node_payload(kind: Kind) -> type[NodePayload]:
    """``<Label>Payload``: a :class:`NodePayload` named for its kind (``ActorPayload``)."""
    german, english = kind.german[0] or kind.label, kind.noun
    cls = types.new_class(f"{kind.label}Payload", (NodePayload,), {})
    cls.__module__ = __name__
    return strawberry.type(cls, description=f"{german}, geschrieben / the {english} written")


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


@strawberry.type(description="Ergebnis einer Bestätigung / result of a confirmation")
class ConfirmPayload:
    id: strawberry.ID
    verified_at: datetime = strawberry.field(
        description="Bestätigt am / confirmed at (Angaben stimmen noch)"
    )
    revision: int
