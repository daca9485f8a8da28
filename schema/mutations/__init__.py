"""The root ``Mutation`` type: nodes, references and relationships with properties.

Every mutation needs a bearer token of role ``editor`` (``admin`` for ``cascade`` deletes),
validates its input with the domain model of the data contract, and runs in ONE Neo4j
transaction together with the revision bump, so a refused or failed mutation changes nothing.
"""

from __future__ import annotations

from strawberry.tools import merge_types

from schema.mutations.gap_decisions import GapMutation
from schema.mutations.links import LinkMutation
from schema.mutations.nodes import NodeMutation
from schema.mutations.relationships import RelationshipMutation

Mutation = merge_types("Mutation", (NodeMutation, LinkMutation, RelationshipMutation, GapMutation))

__all__ = ["Mutation"]
