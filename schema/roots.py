"""The root fields of every node kind, derived: ``actor(id)`` and ``actors(where, sort, ...)``.

For each kind of the contract, two fields: one node by id (``workingGroup(id: ...)``) and a
filtered, sorted, paginated list named like the kind's registry section
(``workingGroups(where: WorkingGroupWhere, sort: WorkingGroupSort, first, after)``). Every
one costs exactly one Cypher statement (a list's page and its ``totalCount`` share one). The
resolvers are also what the compiled path calls, in discover mode, to learn the read
(``schema.prefetch``): they compute the page size, the filter and the order once, for both.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Protocol

import strawberry

from domain.contract import CONTRACT, Contract, Kind
from graph.queries import catalog
from graph.queries import nodes as node_queries
from graph.queries.catalog import NodeKind
from graph.queries.nodes import Order
from schema.batching import node_loader, run
from schema.context import Info
from schema.filters import WhereInput, predicate_of
from schema.naming import by_id_field, in_words, sort_name, where_name
from schema.pagination import (
    DEFAULT_PAGE_SIZE,
    Connection,
    connection,
    decode_cursor,
    page_size,
    selects,
)
from schema.prefetch import NodeRead, PageRead, Prefetched
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


async def one(
    info: Info, kind: NodeKind, node_id: strawberry.ID, build: Callable[[Any], Any]
) -> Any:
    """The node of ``kind`` with ``node_id``, built, or None (batched per request)."""
    if isinstance(info, Prefetched):  # the compiled path (schema.prefetch)
        props = info.node(NodeRead(kind, str(node_id)))
    else:
        props = await node_loader(info, kind, selected(info)).load(str(node_id))
    return None if props is None else build(props)


async def page(
    info: Info,
    kind: NodeKind,
    where: WhereInput | None,
    order: Order,
    first: int | None,
    after: str | None,
    build: Callable[[Any], Any],
) -> Connection[Any]:
    """One page of ``kind``: filtered, ordered, after a cursor, with ``totalCount``."""
    size = page_size(info, first, DEFAULT_PAGE_SIZE)
    position = None if after is None else decode_cursor(after, order, kind)
    predicate = predicate_of(where, kind.label)
    if isinstance(info, Prefetched):  # the compiled path (schema.prefetch)
        rows, total = info.page(PageRead(kind, predicate, order, size + 1, position))
        return connection(rows, size=size, order=order, after=position, total=total, build=build)
    statement = node_queries.page(
        kind,
        predicate,
        order,
        size + 1,
        position,
        with_total=selects(info, "totalCount"),
        props=selected(info, "edges", "node"),
    )
    record = (await run(info, statement))[0]
    return connection(
        record["nodes"], size=size, order=order, after=position, total=record["total"], build=build
    )


def by_id(kind: Kind, node_kind: NodeKind, node_type: type[NodeType]) -> Any:
    """``actor(id: ID!): Actor``."""

    async def resolve(self: Any, info: Info, id: strawberry.ID) -> Any:
        return await one(info, node_kind, id, node_type.from_node)

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
    )


def listing(
    kind: Kind, node_kind: NodeKind, node_type: type[NodeType], inputs: Mapping[str, type]
) -> Any:
    """``actors(where, sort, first, after): ActorConnection``."""
    where_input = inputs[where_name(kind.label)]
    sort_input: type[SortInput] = inputs[sort_name(kind.label)]

    async def resolve(
        self: Any,
        info: Info,
        where: WhereInput | None = None,
        sort: SortInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Any]:
        order = (sort or sort_input()).order()
        return await page(info, node_kind, where, order, first, after, node_type.from_node)

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
