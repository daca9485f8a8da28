"""The data contract as one description: every node kind, property and relationship.

Built from the registry (:mod:`domain.registry`, which also drives the loaders and the
writer) and the validation models (:mod:`domain.model`, which give each property its value
type), so nothing here is written twice. Everything that reads the graph derives from
:data:`CONTRACT`: the catalog of node kinds and the relation whitelist of the queries, the
filter links, constraints and indexes, the analyses' labels. To add a node kind, add its
model and its registry section; what is truly special about it (a path over several
relationships) is written by hand in ``graph/queries/paths.py``.

The derivations take a :class:`Contract` as an argument, so a test can describe a kind that
does not exist (see ``tests/projection/test_contract.py``).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from pydantic.fields import FieldInfo

from domain.headers import GERMAN_HEADERS
from domain.registry import (
    NODE_SECTIONS,
    RELATIONSHIP_SECTIONS,
    Link,
    NodeSection,
    RelationshipSection,
    Side,
)


class ValueType(Enum):
    """How a property's values compare and travel through cursors."""

    STRING = "string"
    INT = "int"
    FLOAT = "float"
    DATE = "date"
    DATETIME = "datetime"


Vocabulary = type[Enum]
"""An enum of allowed values (written before :class:`Property`, whose field ``type`` would
shadow the builtin)."""

CONTACT_FIELDS = frozenset({"email", "phone"})
"""Personal contact data: returned to authenticated callers only, never filtered on."""

VERSION = "version"
"""Counts a node's changes: 1 on create, +1 per change of its properties or its owned
reference fields (``graph.store.cypher``, ``graph.mutations.versions``). A node written
before versions existed has none and reads as 1."""

BOOKKEEPING = ("updatedAt", VERSION, "verifiedAt", "verifiedBy", "fieldSources", "recentChanges")
"""Properties the service keeps on a landscape node beside its data: never part of a
record, an export or the comparison that decides whether a load changes a node."""

BOOKKEEPING_TRAITS: dict[str, dict[str, Any]] = {
    VERSION: {
        "required": True,
        "default": 1,
        "description": "Version: 1 beim Anlegen, +1 je Änderung; als expectedVersion senden / "
        "1 on create, +1 per change; send it as expectedVersion to update",
    },
    "verifiedAt": {
        "description": "Zuletzt bestätigt (Angaben stimmen noch) / last confirmed as still right"
    },
    "verifiedBy": {"description": "Bestätigt von / confirmed by"},
}
"""What the API says about the bookkeeping it shows."""

FIELD_STORAGE = {"provenance": "fieldSources"}
"""API fields computed from a stored property of another name: a read that selects the field
reads the property (``graph.queries.catalog.projection``)."""

SIGNED_IN_ONLY = frozenset({"verifiedBy"})
"""Names of people on every kind (who confirmed a record): for signed-in callers only."""


@dataclass(frozen=True)
class Property:
    """One stored property of a node or relationship kind and what reads may do with it."""

    name: str
    type: ValueType
    filterable: bool = True
    sortable: bool = False
    searchable: bool = False
    indexed: bool = False
    personal: bool = False
    internal: bool = False
    """For signed-in callers only, whatever the kind (``NodeSection.internal``)."""
    headers: tuple[str, ...] = ()
    """German spreadsheet headers; the first is the one an export writes."""
    enum: Vocabulary | None = None
    """The vocabulary of the allowed values (``ActorKind``), None for free values."""
    required: bool = False
    """Every stored node has a value: the model requires one or gives a default."""
    default: Any = None
    """The model's default (``Event.status``: HELD), read where a node has no value."""
    description: str | None = None
    """What the API says about it: the model field's ``description``."""


@dataclass(frozen=True)
class Kind:
    """A node kind: label, id and title properties, and its properties in file order."""

    label: str
    section: str
    noun: str
    title: str
    properties: tuple[Property, ...]
    personal: bool = False
    id: str = "id"
    german: tuple[str, str] = ("", "")
    """Singular and plural in German (``("Akteur", "Akteure")``), for descriptions."""
    sort_order: tuple[str, ...] = ()
    """The sortable properties in the order a list offers them, the default first (empty:
    the sortable properties in property order)."""

    def property(self, name: str) -> Property:
        for prop in self.properties:
            if prop.name == name:
                return prop
        raise KeyError(f"{self.label}.{name} is not part of the contract")

    def sort_fields(self) -> tuple[str, ...]:
        """What a list of this kind may be ordered by, the default first."""
        return self.sort_order or self.names("sortable")

    def names(self, trait: str) -> tuple[str, ...]:
        """The properties with a trait set: ``kind.names("indexed")`` -> ``("name", "kind")``."""
        return tuple(p.name for p in self.properties if getattr(p, trait))


@dataclass(frozen=True)
class End:
    """One end of a relationship kind and how its kind reads the relationship.

    ``field`` is the GraphQL field on this end's kind (None: not read from here by a plain
    field), ``filter`` the name of the filter link from here, ``many`` whether a node here
    may have many nodes at the other end.
    """

    label: str
    field: str | None = None
    filter: str | None = None
    many: bool = True


@dataclass(frozen=True)
class RelationshipKind:
    """``(:start)-[:rel_type]->(:end)`` with its properties, as the writer stores it.

    One relationship kind of one (start label, type, end label); the writer sends one batch
    statement per kind (``graph.store.kinds``), so every label and type in it is fixed here.

    ``section`` is the registry section that writes it (``offerings`` for ``OFFERS``, whose
    field ``providers`` sits on offerings; ``memberships`` for ``MEMBER_OF``).
    """

    rel_type: str
    start: End
    end: End
    section: str
    properties: tuple[Property, ...] = ()
    undirected: bool = False
    key_properties: tuple[str, ...] = ()
    """Part of a relationship's identity besides its ends (residents: ``year``)."""

    @property
    def pattern(self) -> str:
        return f"(:{self.start.label})-[:{self.rel_type}]->(:{self.end.label})"


@dataclass(frozen=True)
class Contract:
    """Every node kind and relationship kind, in registry order."""

    kinds: tuple[Kind, ...]
    relationships: tuple[RelationshipKind, ...]

    def kind(self, label: str) -> Kind:
        for kind in self.kinds:
            if kind.label == label:
                return kind
        raise KeyError(f"no node kind {label!r} in the contract")

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(kind.label for kind in self.kinds)

    @property
    def rel_types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.rel_type for r in self.relationships))

    def extended(
        self, kinds: Iterable[Kind] = (), relationships: Iterable[RelationshipKind] = ()
    ) -> Contract:
        """This contract with more kinds and relationships (for tests of the derivations)."""
        return Contract((*self.kinds, *kinds), (*self.relationships, *relationships))


# --- building the description from the registry ----------------------------------------


def _bare(annotation: Any) -> Any:
    """A model field's annotation without ``Annotated`` and ``| None`` (``Text | None`` -> str)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _bare(typing.get_args(annotation)[0])
    if origin is typing.Union or origin is types.UnionType:
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _bare(inner[0]) if len(inner) == 1 else annotation
    return annotation


def value_type(annotation: Any) -> ValueType:
    """The value type of a model field's annotation (``Text | None`` -> STRING)."""
    bare = _bare(annotation)
    if isinstance(bare, type):
        if issubclass(bare, Enum | str):
            return ValueType.STRING
        if issubclass(bare, bool):
            raise TypeError("booleans are not part of the contract")
        if issubclass(bare, int):
            return ValueType.INT
        if issubclass(bare, float):
            return ValueType.FLOAT
        if issubclass(bare, datetime):
            return ValueType.DATETIME
        if issubclass(bare, date):
            return ValueType.DATE
    raise TypeError(f"no value type for {annotation!r}")


def enum_of(annotation: Any) -> type[Enum] | None:
    """The vocabulary of a model field's annotation (``ActorKind | None`` -> ActorKind)."""
    bare = _bare(annotation)
    return bare if isinstance(bare, type) and issubclass(bare, Enum) else None


def model_traits(field: FieldInfo) -> dict[str, Any]:
    """What a model field says beyond its type: whether it is required, default, description."""
    default = None if field.is_required() else field.get_default(call_default_factory=True)
    return {
        "required": field.is_required() or default is not None,
        "default": default,
        "description": field.description,
    }


def _headers(name: str) -> tuple[str, ...]:
    return GERMAN_HEADERS.get(name, ())


def kind_of(section: NodeSection) -> Kind:
    """A node section's kind: ``id``, ``source``, ``updatedAt``, then the model's fields."""
    fields = section.model.model_fields
    stored = [(attr, alias) for attr, alias in section.property_fields if alias != "source"]
    types_ = {alias: value_type(fields[attr].annotation) for attr, alias in stored}
    enums = {alias: enum_of(fields[attr].annotation) for attr, alias in stored}
    given = {alias: model_traits(fields[attr]) for attr, alias in stored}
    given.update(source={"required": True}, updatedAt={})  # both written by the writer
    given.update(BOOKKEEPING_TRAITS)
    names = ["id", "source", "updatedAt", *(alias for _, alias in stored if alias != "id")]
    names += [VERSION, "verifiedAt", "verifiedBy"]  # bookkeeping the API shows
    types_.update(source=ValueType.STRING, updatedAt=ValueType.DATETIME)
    types_.update(version=ValueType.INT, verifiedAt=ValueType.DATETIME)
    types_.update(verifiedBy=ValueType.STRING)
    traits = {*section.sortable, *section.indexed, *section.searchable, *section.internal}
    unknown = traits - set(names)
    if unknown:
        raise ValueError(f"{section.name}: no such properties: {sorted(unknown)}")
    properties = tuple(
        Property(
            name,
            types_[name],
            filterable=name not in CONTACT_FIELDS | SIGNED_IN_ONLY | {VERSION}
            and name not in section.internal,
            sortable=name in section.sortable,
            searchable=name in section.searchable,
            indexed=name in section.indexed,
            personal=name in CONTACT_FIELDS | SIGNED_IN_ONLY or name in section.internal,
            internal=name in section.internal,
            headers=_headers(name),
            enum=enums.get(name),
            **given[name],
        )
        for name in names
    )
    return Kind(
        section.label,
        section.name,
        section.noun,
        section.title_field,
        properties,
        personal=section.personal,
        german=section.german,
        sort_order=section.sortable,
    )


def _end(label: str, side: Side | None, many: bool = True) -> End:
    if side is None:
        return End(label, many=many)
    return End(label, side.field, side.filter, many)


def link_relationship(section: NodeSection, link: Link, target_label: str) -> RelationshipKind:
    """The relationship a node section's reference field creates."""
    owner = _end(section.label, link.here, many=link.many)
    other = _end(target_label, link.there)
    start, end = (other, owner) if link.reverse else (owner, other)
    return RelationshipKind(link.rel_type, start, end, section.name)


def section_relationships(
    section: RelationshipSection, labels: dict[str, str]
) -> tuple[RelationshipKind, ...]:
    """The relationship kinds of a relationship section (participations have three)."""
    fields = section.model.model_fields
    properties = tuple(
        Property(alias, value_type(fields[attr].annotation), headers=_headers(alias))
        if alias != "source"
        else Property("source", ValueType.STRING, headers=_headers("source"))
        for attr, alias in section.property_fields
    )
    end = _end(labels[section.end.section], section.end.side)
    return tuple(
        RelationshipKind(
            section.rel_type,
            _end(labels[start.section], start.side),
            end,
            section.name,
            properties,
            section.undirected,
            section.key_properties,
        )
        for start in section.starts
    )


def describe(
    node_sections: Iterable[NodeSection], relationship_sections: Iterable[RelationshipSection]
) -> Contract:
    """The contract of a registry."""
    nodes = tuple(node_sections)
    labels = {section.name: section.label for section in nodes}
    relationships = [
        link_relationship(section, link, labels[link.target])
        for section in nodes
        for link in section.links
    ]
    for rel_section in relationship_sections:
        relationships.extend(section_relationships(rel_section, labels))
    return Contract(tuple(kind_of(s) for s in nodes), tuple(relationships))


CONTRACT = describe(NODE_SECTIONS, RELATIONSHIP_SECTIONS)
"""The landscape's data contract."""
