"""Inputs of the node mutations, derived from each kind's domain model.

``ActorInput`` (create) has every field of the model ``domain.model.Actor``, required where
the model requires it; ``ActorPatch`` (update) has the same fields but ``id``, all optional.
Field names are those of the data contract (docs/data-format.md); values are typed by the
contract (an enum for a vocabulary, ``Date`` for dates) and reference fields take ids (one,
or a list where the reference holds many). In an update, a field left out stays as it is,
``null`` clears it, and a reference list replaces the stored one. The model validates every
input exactly as it validates a row of a file (``schema.mutations.validation``).
"""

from __future__ import annotations

import dataclasses
import types
from typing import Any

import strawberry
from strawberry import UNSET

from domain.contract import Kind
from domain.registry import NodeSection
from schema.types.values import VALUE_TYPES


def field_type(section: NodeSection, kind: Kind, attribute: str) -> Any:
    """The GraphQL type of one model field: ``ID``, ``[ID!]``, an enum or a value type."""
    links = {link.attribute: link for link in section.links}
    if attribute in links:
        return list[strawberry.ID] if links[attribute].many else strawberry.ID
    alias = section.model.model_fields[attribute].alias or attribute
    if alias == kind.id:
        return strawberry.ID
    prop = kind.property(alias)
    return prop.enum if prop.enum is not None else VALUE_TYPES[prop.type]


Fields = dict[str, tuple[Any, Any, str | None]]
"""``attribute -> (annotation, default, description)`` of an input."""


def input_type(
    name: str, fields: Fields, description: str, names: dict[str, str] | None = None
) -> type:
    """A Strawberry input from its fields; ``names`` gives a field a GraphQL name of its own
    (``from_`` -> ``from``), else it is the attribute in camelCase."""
    namespace: dict[str, Any] = {
        "__module__": __name__,
        "__annotations__": {attr: annotation for attr, (annotation, _, _) in fields.items()},
    }
    for attr, (_, default, about) in fields.items():
        given = (names or {}).get(attr)
        namespace[attr] = strawberry.field(default=default, description=about, name=given)
    cls = types.new_class(name, (), {}, lambda ns: ns.update(namespace))
    return strawberry.input(cls, description=description)


def _attributes(section: NodeSection) -> list[tuple[str, bool, str | None]]:
    """``(attribute, required, description)`` of the model's fields, required ones first."""
    fields = [
        (attr, info.is_required(), info.description)
        for attr, info in section.model.model_fields.items()
    ]
    return sorted(fields, key=lambda field: not field[1])


def node_input(section: NodeSection, kind: Kind) -> type:
    """``<Label>Input``: a new node, with the model's required fields required."""
    fields: Fields = {}
    for attr, required, about in _attributes(section):
        annotation = field_type(section, kind, attr)
        if required:
            fields[attr] = (annotation, dataclasses.MISSING, about)
        else:
            fields[attr] = (annotation | None, None, about)
    german, english = kind.german[0] or kind.label, kind.noun
    return input_type(f"{kind.label}Input", fields, f"{german}, neu / a new {english}")


def node_patch(section: NodeSection, kind: Kind) -> type:
    """``<Label>Patch``: changes to a node; what is left out stays as it is."""
    fields: Fields = {
        attr: (field_type(section, kind, attr) | None, UNSET, about)
        for attr, _, about in _attributes(section)
        if attr != "id"
    }
    german, english = kind.german[0] or kind.label, kind.noun
    return input_type(
        f"{kind.label}Patch", fields, f"Änderungen: {german} / changes to a {english}"
    )
