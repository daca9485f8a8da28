"""The root ``Mutation`` type: nodes, references and relationships with properties.

Every landscape mutation needs a caller of role ``member`` or higher and the scope of its
role (``graph.mutations.scope``, checked inside the write transaction); it validates its
input with the domain model of the data contract, and runs in ONE Neo4j transaction
together with the revision bump, so a refused or failed mutation changes nothing. The
account mutations (``schema.accounts``) are the admin's.
"""

from __future__ import annotations

from strawberry.tools import merge_types

from schema.accounts import AccountMutation
from schema.mutations.gap_decisions import GapMutation
from schema.mutations.links import LinkMutation
from schema.mutations.nodes import NodeMutation
from schema.mutations.relationships import RelationshipMutation
from schema.mutations.revert import RevertMutation

Mutation = merge_types(
    "Mutation",
    (
        NodeMutation,
        LinkMutation,
        RelationshipMutation,
        GapMutation,
        AccountMutation,
        RevertMutation,
    ),
)

__all__ = ["Mutation"]
