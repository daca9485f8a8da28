"""The result of ``search``: ranked hits of any searchable kind, derived from the contract.

The kinds a search can find are the labels of the full-text index
(:func:`graph.migrations.fulltext_labels`: every kind with a searchable property). From
them follow ``SearchKind`` (one value per kind, ``WorkingGroup`` -> ``WORKING_GROUP``),
the union ``SearchNode`` of their object types, and how a hit's row becomes its object.
Nothing here names a kind, so a kind added to the registry with a searchable property is
found, typed and labelled without a line written here. Each hit also says its node's id,
its title (the kind's title property) and the kind's German name, so that a client shows
and links any kind without a fragment per type (the cockpit's search does).

The object types are given by the caller (``schema.queries.NODE_TYPES``), which builds
them first; this module only arranges them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Union, cast

import strawberry

from domain.contract import CONTRACT, Contract, Kind
from graph.migrations import fulltext_labels
from schema.naming import enum_constant

KIND_DESCRIPTION = "Was gesucht wird / which kinds of nodes to search"


@dataclass(frozen=True)
class SearchTypes:
    """The GraphQL types of ``search`` and how a result row becomes a hit."""

    kind: type[Enum]
    """``SearchKind``: its values are the labels."""
    hit: type
    """``SearchHit``."""
    kinds: Mapping[str, Kind]
    """The searchable kinds by label, in index order."""
    builders: Mapping[str, Any]
    """``from_node`` of each searchable kind's object type, by label."""

    def labels(self, chosen: Sequence[Enum] | None) -> list[str]:
        """The labels to search: the chosen kinds, or every searchable one."""
        return [str(kind.value) for kind in chosen] if chosen else list(self.kinds)

    def hit_of(self, node: Mapping[str, Any], labels: Sequence[str], score: float) -> Any:
        """The hit of one result row (the node's labels decide its kind)."""
        label = next((name for name in labels if name in self.kinds), None)
        if label is None:
            raise ValueError(f"a search hit of no searchable kind: {sorted(labels)}")
        kind = self.kinds[label]
        title = node.get(kind.title) or node.get("id") or ""
        return self.hit(
            score=score,
            kind=self.kind(label),
            node=self.builders[label](node),
            title=str(title),
            kind_name=kind.german[0] or kind.noun,
            node_id=strawberry.ID(str(node["id"])),
        )


def search_types(node_types: Mapping[str, Any], contract: Contract = CONTRACT) -> SearchTypes:
    """``SearchKind``, ``SearchNode`` and ``SearchHit`` for the contract's searchable kinds."""
    kinds = {label: contract.kind(label) for label in fulltext_labels(contract)}
    values = {enum_constant(label): label for label in kinds}
    kind_enum = strawberry.enum(
        cast(type[Enum], Enum("SearchKind", values)), description=KIND_DESCRIPTION
    )
    members = tuple(node_types[label] for label in kinds)
    node_union = Annotated[
        Union[members],  # type: ignore[valid-type]  # noqa: UP007 (a tuple of types)
        strawberry.union("SearchNode", description="Ein Treffer / a node found by search"),
    ]
    hit = _hit_type(kind_enum, node_union)
    builders = {label: node_types[label].from_node for label in kinds}
    return SearchTypes(kind_enum, hit, kinds, builders)


def _hit_type(kind_enum: Any, node_union: Any) -> type:
    """``SearchHit``, built with its annotations given (they are values, not names)."""
    namespace = {
        "__annotations__": {
            "score": float,
            "kind": kind_enum,
            "node": node_union,
            "title": str,
            "kind_name": str,
            "node_id": strawberry.ID,
        },
        "score": strawberry.field(
            description="Lucene-Relevanz, höher ist besser / higher is better"
        ),
        "title": strawberry.field(
            description="Name oder Titel des Treffers / the hit's name or title, whatever its kind"
        ),
        "kind_name": strawberry.field(
            description="Die Art auf Deutsch (Akteur, Angebot ...) / the kind's German name"
        ),
        "node_id": strawberry.field(
            description="Kennung des Treffers / the id of the node found, whatever its kind"
        ),
    }
    return strawberry.type(
        type("SearchHit", (), namespace),
        description="Ein Suchtreffer mit Relevanz / a search hit and its score",
    )
