"""What every nested list field does: check ``first``, translate ``where``, ask the loader.

Kept in one place so that each field resolver in the type modules is one line of intent
("the offerings of this actor, filtered") and the paging rules cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any

import strawberry

from graph.queries.predicates import Compare, Op
from graph.queries.relations import RELATIONS
from schema import batching
from schema.context import Info
from schema.filters import WhereInput, predicate_of
from schema.naming import where_name
from schema.pagination import DEFAULT_NESTED_SIZE, page_size
from schema.prefetch import NestedRead, Prefetched
from schema.types.projection import selected
from schema.types.refs import NODE_REFS, resolved
from schema.where import WHERE_INPUTS


async def nested(
    info: Info,
    relation: str,
    parent_id: str,
    first: int | None,
    where: WhereInput | None = None,
    rel_where: tuple[Compare, ...] = (),
    node: tuple[str, ...] = (),
) -> list[batching.Item]:
    """Up to ``first`` related items of one parent (default and maximum from the limits).

    ``node`` is where the related node's own selection sits below this field (``("actor",)``
    for ``members { role actor { name } }``); only the properties selected there are read.
    """
    size = page_size(info, first, DEFAULT_NESTED_SIZE)
    target = RELATIONS[relation].target_kind
    predicate = predicate_of(where, None if target is None else target.label)
    if isinstance(info, Prefetched):  # the compiled path (schema.prefetch)
        return info.related(NestedRead(relation, size, predicate, rel_where, node), parent_id)
    props = selected(info, *node)
    return await batching.related(info, relation, parent_id, size, predicate, rel_where, props)


async def nested_one(info: Info, relation: str, parent_id: str) -> batching.Item | None:
    """A to-one relationship, reading only the selected properties."""
    if isinstance(info, Prefetched):
        items = info.related(NestedRead(relation, 1, None, (), ()), parent_id)
        return items[0] if items else None
    return await batching.related_one(info, relation, parent_id, selected(info))


def one_of(prop: str, values: Sequence[Enum] | None) -> tuple[Compare, ...]:
    """A relationship-property condition ``prop IN values`` (nothing when not given)."""
    if values is None:
        return ()
    return (Compare(prop, Op.IN, tuple(str(v.value) for v in values)),)


def _plain_target(relation: str) -> str:
    """The one far label of a relationship field whose items are just nodes."""
    found = RELATIONS[relation]
    if len(found.targets) != 1 or found.rel_props:
        raise ValueError(f"{relation}: not a plain relationship to one kind's nodes")
    return found.targets[0]


def related_nodes(relation: str, description: str) -> Any:
    """The field of a relationship whose items are just the related nodes, derived.

    ``offerings = related_nodes("Topic.offerings", "...")`` becomes
    ``offerings(first: Int, where: OfferingWhere): [Offering!]!``: the relationship is looked
    up in the contract's relation whitelist when the type is defined (a name the contract
    does not have fails at import), the ``where`` input and the item type follow from its far
    kind. Fields whose items carry relationship properties (a membership's role) keep a
    hand-written item type.
    """
    target = _plain_target(relation)
    where_input = WHERE_INPUTS[where_name(target)]

    async def resolve(
        self: Any, info: Info, first: int | None = None, where: WhereInput | None = None
    ) -> list[Any]:
        items = await nested(info, relation, self.id, first, where)
        build = resolved(target).from_node
        return [build(i.node) for i in items]

    resolve.__annotations__ = {
        "self": Any,
        "info": Info,
        "first": int | None,
        "where": where_input | None,
        "return": list[NODE_REFS[target]],  # type: ignore[valid-type]
    }
    return strawberry.field(resolver=resolve, description=description)


def related_node(relation: str, description: str) -> Any:
    """Like :func:`related_nodes`, for a reference that holds one node (``partOf``).

    ``part_of = related_node("Actor.partOf", "...")`` becomes ``partOf: Actor``: null when
    the reference is not set.
    """
    target = _plain_target(relation)

    async def resolve(self: Any, info: Info) -> Any:
        item = await nested_one(info, relation, self.id)
        return None if item is None else resolved(target).from_node(item.node)

    resolve.__annotations__ = {
        "self": Any,
        "info": Info,
        "return": NODE_REFS[target] | None,
    }
    return strawberry.field(resolver=resolve, description=description)
