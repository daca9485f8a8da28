"""The root fields of every node kind, derived: ``actor(id)`` and ``actors(where, sort, ...)``.

For each kind of the contract, two fields: one node by id (``workingGroup(id: ...)``) and a
filtered, sorted, paginated list named like the kind's registry section
(``workingGroups(where: WorkingGroupWhere, sort: WorkingGroupSort, first, after)``). Every
one costs exactly one Cypher statement (a list's page and its ``totalCount`` share one). Each
field declares its read (``schema.declared``: ``ById``, ``Listing``): the resolver turns its
arguments into that read and sends it; the compiled path reads the declaration from the
field and never calls the resolver.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Annotated, Any, Protocol

import strawberry

from domain.contract import CONTRACT, Contract, Kind
from graph.queries import catalog
from graph.queries import nodes as node_queries
from graph.queries.catalog import NodeKind
from schema.batching import node_loader, run
from schema.context import Info
from schema.declared import ById, Listing, metadata
from schema.filters import WhereInput
from schema.naming import by_id_field, in_words, sort_name, where_name
from schema.pagination import Connection, selects
from schema.types.projection import selected
from schema.types.sorting import SORT_INPUTS, SortInput
from schema.where import WHERE_INPUTS


class NodeType(Protocol):
    """An object type of a node kind: built from a row of its properties."""

    @classmethod
    def from_node(cls, props: Mapping[str, Any]) -> Any: ...


First = Annotated[
    int | None,
    strawberry.argument(
        description="höchstens so viele / at most this many (default 20, max API_MAX_PAGE_SIZE)"
    ),
]
After = Annotated[
    str | None,
    strawberry.argument(
        description="Cursor: die Seite beginnt nach diesem Eintrag / start after this cursor"
    ),
]


async def one(info: Info, declaration: ById, node_id: strawberry.ID) -> Any:
    """The node of the declared kind with ``node_id``, built, or None (batched per request)."""
    read = declaration.read({"id": node_id})
    props = await node_loader(info, read.kind, selected(info)).load(read.id)
    return declaration.value([] if props is None else [props])


async def page(info: Info, declaration: Listing, **arguments: Any) -> Connection[Any]:
    """One page of the declared kind: filtered, ordered, after a cursor, with ``totalCount``."""
    read = declaration.read(info.context, arguments)
    statement = node_queries.page(
        read.kind,
        read.where,
        read.order,
        read.limit,
        read.after,
        with_total=selects(info, "totalCount"),
        props=selected(info, "edges", "node"),
    )
    record = (await run(info, statement))[0]
    return declaration.value(read, record["nodes"], record["total"])


def by_id(kind: Kind, node_kind: NodeKind, node_type: type[NodeType]) -> Any:
    """``actor(id: ID!): Actor``."""
    declaration = ById(node_kind, node_type.from_node)

    async def resolve(self: Any, info: Info, id: strawberry.ID) -> Any:
        return await one(info, declaration, id)

    resolve.__annotations__ = {
        "self": Any,
        "info": Info,
        "id": strawberry.ID,
        "return": node_type | None,
    }
    english = kind.noun
    return strawberry.field(
        resolver=resolve,
        name=by_id_field(kind.label),
        description=f"{kind.german[0] or kind.label} nach id / one {english} by id",
        metadata=metadata(declaration),
    )


def listing(
    kind: Kind, node_kind: NodeKind, node_type: type[NodeType], inputs: Mapping[str, type]
) -> Any:
    """``actors(where, sort, first, after): ActorConnection``."""
    where_input = inputs[where_name(kind.label)]
    sort_input: type[SortInput] = inputs[sort_name(kind.label)]
    declaration = Listing(node_kind, node_type.from_node, lambda: sort_input().order())

    async def resolve(
        self: Any,
        info: Info,
        where: WhereInput | None = None,
        sort: SortInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Any]:
        return await page(info, declaration, where=where, sort=sort, first=first, after=after)

    resolve.__annotations__ = {
        "self": Any,
        "info": Info,
        "where": where_input | None,
        "sort": sort_input | None,
        "first": First,
        "after": After,
        "return": Connection[node_type],  # type: ignore[valid-type]
    }
    german, english = in_words([kind])
    return strawberry.field(
        resolver=resolve,
        name=kind.section,
        description=f"{german} / {english}, filtered, sorted, paginated",
        metadata=metadata(declaration),
    )


def node_query(
    node_types: Mapping[str, type[NodeType]],
    contract: Contract = CONTRACT,
    inputs: Mapping[str, type] | None = None,
) -> type:
    """The root type ``NodeQuery`` with both fields of every kind in ``node_types``.

    ``inputs`` holds the ``where`` and ``sort`` inputs by name (default: the derived ones
    of the real contract); a test builds them for a contract of its own.
    """
    found = {**WHERE_INPUTS, **SORT_INPUTS} if inputs is None else inputs
    kinds = catalog.NODE_KINDS if contract is CONTRACT else catalog.node_kinds(contract)
    namespace: dict[str, Any] = {"__module__": __name__}
    for label, node_type in node_types.items():
        kind, node_kind = contract.kind(label), kinds[label]
        namespace[by_id_field(label)] = by_id(kind, node_kind, node_type)
        namespace[kind.section] = listing(kind, node_kind, node_type, found)
        if contract is CONTRACT:
            from schema.types.aggregates import root_field

            namespace[f"{kind.section}_aggregate"] = root_field(kind)
    cls = types.new_class("NodeQuery", (), {}, lambda ns: ns.update(namespace))
    return strawberry.type(cls)
