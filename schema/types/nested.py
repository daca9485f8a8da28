"""Relationship fields: declared once (``schema.declared.Related``), read by one resolver.

A relationship field is its declaration: the relation it follows, where the related node's
selection sits, which arguments become relationship conditions, and how an item becomes
the field's value. The resolver made here is the same for every such field (check
``first``, translate ``where``, ask the DataLoader, build); the compiled path reads the
declaration from the field's metadata and never calls it.

Plain fields (the items are just the related nodes) are derived from the contract's
relation whitelist (:func:`relationship_fields`, for every side the registry names); a
class in ``schema/types`` writes a field by hand only to override one (a description, an
item type carrying relationship properties, a ``scope``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import strawberry

from domain.contract import CONTRACT, Contract, Kind
from graph.queries.relations import RELATIONS, Relation, relations
from schema import batching
from schema.batching import Item
from schema.context import Info
from schema.declared import Condition, OneOf, Related, metadata
from schema.naming import snake, where_name
from schema.types.projection import selected
from schema.types.refs import NODE_REFS, resolved, type_of
from schema.where import WHERE_INPUTS

T = TypeVar("T")


async def items(
    declaration: Related[Any], info: Info, parent_id: Any, **arguments: Any
) -> list[Item]:
    """A relationship field's items on the resolver path, batched with its siblings of the
    same level (one statement per field and level)."""
    read = declaration.read(info.context, arguments)
    return await batching.related(
        info,
        read.relation.name,
        str(parent_id),
        read.first,
        read.where,
        read.rel_where,
        selected(info, *declaration.node),
    )


async def nested(declaration: Related[T], info: Info, parent_id: Any, **arguments: Any) -> list[T]:
    """The value of a relationship field on the resolver path, built as declared."""
    return [declaration.build(i) for i in await items(declaration, info, parent_id, **arguments)]


async def nested_one(declaration: Related[T], info: Info, parent_id: Any) -> T | None:
    """The value of a to-one reference on the resolver path (null when not set)."""
    found = await items(declaration, info, parent_id)
    return declaration.build(found[0]) if found else None


def field(declaration: Related[Any], description: str, resolve: Callable[..., Any]) -> Any:
    """A Strawberry field with ``resolve`` that declares ``declaration``."""
    return strawberry.field(
        resolver=resolve, description=description, metadata=metadata(declaration)
    )


def reads(declaration: Related[Any], description: str) -> Callable[[Callable[..., Any]], Any]:
    """Decorates a hand-written relationship field's resolver with its declaration::

    @reads(MEMBERSHIPS, "Mitgliedschaften ...")
    async def memberships(self, info: Info, first: int | None = None, ...) -> ...:
        return await nested(MEMBERSHIPS, info, self.id, first=first, ...)
    """

    def wrap(resolve: Callable[..., Any]) -> Any:
        return field(declaration, description, resolve)

    return wrap


def one_of(*props: str) -> tuple[Condition, ...]:
    """``one_of("role")``: the argument ``role`` keeps the items whose relationship property
    of the same name is one of the given values."""
    return tuple(OneOf(prop, prop) for prop in props)


def node_type(label: str) -> Any:
    """The object type of a label: its written class, or the derived one
    (``schema.types.derived``) for a kind nobody wrote a class for."""
    if label in NODE_REFS:
        return resolved(label)
    return type_of(node_ref(label))  # through its lazy reference, like every other type


def node_ref(label: str) -> Any:
    """The lazy reference to a label's object type, for annotations."""
    if label in NODE_REFS:
        return NODE_REFS[label]
    return Annotated[label, strawberry.lazy("schema.types.derived")]


def _node_builder(label: str) -> Callable[[Item], Any]:
    def build(item: Item) -> Any:
        return node_type(label).from_node(item.node)

    return build


def _plain(relation: Relation) -> str:
    """The one far label of a relationship field whose items are just nodes."""
    if len(relation.targets) != 1 or relation.rel_props:
        raise ValueError(f"{relation.name}: not a plain relationship to one kind's nodes")
    return relation.targets[0]


def related_nodes(relation: str | Relation, description: str) -> Any:
    """The field of a relationship whose items are just the related nodes, derived.

    ``offerings = related_nodes("Topic.offerings", "...")`` becomes
    ``offerings(first: Int, where: OfferingWhere): [Offering!]!``: the relationship is looked
    up in the contract's relation whitelist when the type is defined (a name the contract
    does not have fails at import), the ``where`` input and the item type follow from its far
    kind. Fields whose items carry relationship properties (a membership's role) keep a
    hand-written item type.
    """
    found = RELATIONS[relation] if isinstance(relation, str) else relation
    target = _plain(found)
    declaration = Related(found.name, _node_builder(target))

    async def resolve(self: Any, info: Info, first: int | None = None, where: Any = None) -> Any:
        return await nested(declaration, info, self.id, first=first, where=where)

    resolve.__annotations__ = {
        "self": Any,
        "info": Info,
        "first": int | None,
        "where": WHERE_INPUTS[where_name(target)] | None,
        "return": list[node_ref(target)],  # type: ignore[misc]
    }
    return field(declaration, description, resolve)


def related_node(relation: str | Relation, description: str) -> Any:
    """Like :func:`related_nodes`, for a reference that holds one node (``partOf``).

    ``part_of = related_node("Actor.partOf", "...")`` becomes ``partOf: Actor``: null when
    the reference is not set.
    """
    found = RELATIONS[relation] if isinstance(relation, str) else relation
    target = _plain(found)
    declaration = Related(found.name, _node_builder(target), one=True)

    async def resolve(self: Any, info: Info) -> Any:
        return await nested_one(declaration, info, self.id)

    resolve.__annotations__ = {"self": Any, "info": Info, "return": node_ref(target) | None}
    return field(declaration, description, resolve)


def _described(relation: Relation, kind: Kind, many: bool) -> str:
    """A derived field's description, from its far kind's names."""
    if many:
        return f"{kind.german[1] or kind.label} / the related {kind.section} ({relation.name})"
    return f"{kind.german[0] or kind.label} / the related {kind.noun} ({relation.name})"


def relationship_fields(label: str, contract: Contract = CONTRACT) -> dict[str, Any]:
    """A derived field for every plain side of ``label`` the registry names, by Python name.

    Each side of a relationship that names a field on this kind (``Offering.locations`` for
    a kind ``Location`` whose section links offerings) becomes a list field
    (:func:`related_nodes`), or a to-one field (:func:`related_node`) where the side holds
    one node. Sides whose items carry relationship properties (a membership's role) need
    an item type and are written by hand.
    """
    table = RELATIONS if contract is CONTRACT else relations(contract)
    found: dict[str, Any] = {}
    for rel in contract.relationships:
        for here in (rel.start, rel.end):
            if here.label != label or here.field is None:
                continue
            relation = table[f"{label}.{here.field}"]
            if relation.rel_props or len(relation.targets) != 1:
                continue
            make = related_nodes if here.many else related_node
            text = _described(relation, contract.kind(relation.targets[0]), here.many)
            found[snake(here.field)] = make(relation, text)
    return found


def add_relationship_fields(cls: type, label: str) -> None:
    """Put the derived relationship fields of ``label`` on ``cls``, except those the class
    writes itself (a hand-written field overrides the derived one)."""
    own = vars(cls)
    for name, derived in relationship_fields(label).items():
        if name not in own:
            setattr(cls, name, derived)
