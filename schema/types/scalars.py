"""The scalar fields of every node kind's object type, derived from the data contract.

An object type (``Actor``, ``Offering`` ...) has one field per stored property of its kind
(:data:`domain.contract.CONTRACT`): typed by the property's value type or vocabulary,
non-null where every node has a value (id, title, ``Actor.kind``, ``source``), described by
the model field's ``description``; and a ``from_node`` constructor that turns a Neo4j row
into the object. A hand-written class declares only what is special about its kind (nested
relationship fields, network measures) and takes the rest from :class:`NodeObject`::

    @strawberry.type(description="...")
    class Actor(NodeObject, kind=CONTRACT.kind("Actor")): ...

A kind without a hand-written class gets a complete object type from :func:`object_type`.

Contact fields of a personal kind (a coordinator's e-mail and phone) answer null to
anonymous callers: the derivation gives them a guarding resolver, so no class has to
remember to write one.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Self, cast

import strawberry
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from domain.contract import BOOKKEEPING, SIGNED_IN_ONLY, Kind, Property
from schema.changes import history_field
from schema.permissions import is_authenticated
from schema.types import enums as _enums  # noqa: F401  (the vocabularies as GraphQL enums)
from schema.types import provenance as _provenance
from schema.types.aggregates import add_nested_fields
from schema.types.values import Reader, annotation, attribute, reader, text

PERSONAL = "nur für angemeldete Nutzer:innen, sonst null / authenticated callers only, else null"

_PRIVATE: Any = strawberry.Private
"""Subscripted with a type computed at run time, which a static type cannot be."""


def _contact(stored: str) -> Callable[..., str | None]:
    """The resolver of a contact field: the stored value for authenticated callers only."""

    def contact(self: Any, info: Info[Any, Any]) -> str | None:
        value: str | None = getattr(self, stored)
        return value if is_authenticated(info) else None

    return contact


def guarded(kind: Kind, prop: Property) -> bool:
    """Contact data of a personal kind, names of people on any kind (``verifiedBy``) and
    internal notes of any kind: hidden from anonymous callers."""
    return (prop.personal and (kind.personal or prop.name in SIGNED_IN_ONLY)) or prop.internal


def field(kind: Kind, prop: Property) -> StrawberryField | None:
    """The field's description and, for contact data, the resolver that guards it.

    A guarded field keeps its value in a private ``contact_<name>`` attribute; its resolver
    is a plain synchronous function of the object, which the compiled path calls as it is.
    """
    if guarded(kind, prop):
        label = prop.description or next(iter(prop.headers), prop.name)
        contact = strawberry.field(
            resolver=_contact(stored(kind, prop)), description=f"{label} ({PERSONAL})"
        )
        return cast(StrawberryField, contact)  # typed as its resolver's result
    if prop.description is None:
        return None
    described: StrawberryField = strawberry.field(description=prop.description)
    return described


def stored(kind: Kind, prop: Property) -> str:
    """The attribute ``from_node`` fills: the field's own, or the private one it guards."""
    name = attribute(prop)
    return f"contact_{name}" if guarded(kind, prop) else name


def field_types(kind: Kind, props: list[Property]) -> dict[str, Any]:
    """The fields' types in order, and the private attributes of the guarded ones."""
    found: dict[str, Any] = {}
    for prop in props:
        found[attribute(prop)] = annotation(kind, prop)
        if guarded(kind, prop):
            found[stored(kind, prop)] = _PRIVATE[annotation(kind, prop)]
    return found


def _in_api_order(kind: Kind) -> list[Property]:
    """The id, the model's fields, then ``source`` and ``updatedAt`` (as the API always had),
    then the bookkeeping (``version``, ``verifiedAt``, ``verifiedBy``)."""
    written = [kind.property(name) for name in ("source", "updatedAt")]
    kept = [p for p in kind.properties if p.name in BOOKKEEPING and p not in written]
    rest = [p for p in kind.properties if p not in written + kept and p.name != kind.id]
    return [kind.property(kind.id), *rest, *written, *kept]


PROVENANCE_TYPES: dict[str, Any] = {
    "provenance": list[_provenance.FieldProvenance],
    "field_sources": _PRIVATE[str | None],
}
"""Every node type's ``provenance`` and the stored ``fieldSources`` it is read from."""


def provenance_field() -> Any:
    """A fresh ``provenance`` field for one type (Strawberry binds a field to its class)."""
    return strawberry.field(resolver=_provenance.provenance, description=_provenance.DESCRIPTION)


LAYOUTS = 256
"""Row shapes remembered per object type: a statement's projection gives all its rows one
shape; whole nodes give one per combination of the properties they hold."""

Readers = tuple[tuple[str, Reader, str], ...]
"""(attribute, reader, property name) per field."""


@dataclass(frozen=True)
class Layout:
    """How ``from_node`` fills an object from rows of one shape (the same keys in order).

    A property the rows lack reads the same for all of them (None, or the model's default),
    so that value is found once; only the properties the rows hold are read row by row.
    """

    absent: dict[str, Any]
    present: Readers

    @classmethod
    def of(cls, readers: Readers, keys: frozenset[str]) -> Layout:
        """The layout for rows with ``keys``.

        >>> from schema.types.values import number, text
        >>> layout = Layout.of((("name", text, "name"), ("size", number, "size")), {"name"})
        >>> layout.absent, [name for _, _, name in layout.present]
        ({'size': None}, ['name'])
        """
        absent: dict[str, Any] = {}
        present = []
        for attr, read, name in readers:
            if name not in keys:
                try:
                    value = read({}, name)
                except KeyError:  # a required property (the id): the row itself must say
                    value = _NOT_SHARED
                if _shareable(value):
                    absent[attr] = value
                    continue
            present.append((attr, read, name))
        return cls(absent, tuple(present))


_NOT_SHARED = object()


def _shareable(value: Any) -> bool:
    """Whether one value may stand in every object: immutable."""
    return value is None or isinstance(value, (str, int, float, Enum, date))


class NodeObject:
    """Base of the per-kind object types: the kind's scalar fields and ``from_node``."""

    readers: ClassVar[Readers] = ()
    """(attribute, reader, property name) per field."""

    layouts: ClassVar[dict[tuple[str, ...], Layout]]
    """The row shapes seen so far (up to :data:`LAYOUTS`)."""

    if TYPE_CHECKING:
        id: strawberry.ID

    def __init_subclass__(cls, kind: Kind, **rest: Any) -> None:
        """Put the kind's scalar fields before the class's own (before Strawberry reads it)."""
        super().__init_subclass__(**rest)
        props = _in_api_order(kind)
        own = inspect.get_annotations(cls)
        cls.__annotations__ = {**field_types(kind, props), **PROVENANCE_TYPES, **own}
        for prop in props:
            described = field(kind, prop)
            if described is not None:
                setattr(cls, attribute(prop), described)
        if "history" not in own:  # every node kind's change history, derived here once
            cls.history = history_field(kind.label)  # type: ignore[attr-defined]
        cls.provenance = provenance_field()  # type: ignore[attr-defined]
        # every relationship side the registry names that the class does not write itself,
        # and every relationship field's aggregate (``membersAggregate``), derived here once
        from schema.types.nested import add_relationship_fields

        add_relationship_fields(cls, kind.label)
        add_nested_fields(cls, kind.label)
        cls.readers = (
            *((stored(kind, p), reader(kind, p), p.name) for p in props),
            ("field_sources", text, "fieldSources"),
        )
        cls.layouts = {}

    @classmethod
    def from_node(cls, props: Mapping[str, Any]) -> Self:
        """The object for a row of a node's properties (a map projection or a whole node).

        The readers fill every attribute the class has data for, so the generated
        ``__init__`` (a keyword check per field, for every node of every page) is skipped:
        building a page of 100 actors took twice as long through it. A row holds only the
        properties its statement selected (two of an actor's 25 in a nested list), so the
        others are filled from the row shape's :class:`Layout`, not read one by one.
        """
        keys = tuple(props)
        layout = cls.layouts.get(keys)
        if layout is None:
            layout = Layout.of(cls.readers, frozenset(keys))
            if len(cls.layouts) < LAYOUTS:
                cls.layouts[keys] = layout
        obj = cls.__new__(cls)
        state = obj.__dict__
        state.update(layout.absent)
        state.update({attr: read(props, name) for attr, read, name in layout.present})
        return obj


def object_type(kind: Kind, description: str | None = None) -> type[NodeObject]:
    """A complete object type for a kind without a hand-written class: its scalar fields."""
    namespace = {"__module__": __name__, "__doc__": description}
    cls = types.new_class(
        kind.label, (NodeObject,), {"kind": kind}, lambda ns: ns.update(namespace)
    )
    derived: type[NodeObject] = strawberry.type(cls, description=description)
    return derived
