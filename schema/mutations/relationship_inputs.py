"""Inputs of the relationship mutations, derived from the relationship sections.

``<Model>Input`` (``connect*``) has every field of the section's domain model: its ends as
ids, its properties and ``source``, required where the model requires them and with the
model's defaults (``role: MembershipRole! = MEMBER``). ``<Model>Key`` (``disconnect*``) has
only what identifies one relationship: its ends (of alternative starts, as a participation
has, exactly one is given) and the key properties (a residents figure's ``year``). A new
relationship section gets both without a line here.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import strawberry
from pydantic.fields import FieldInfo

from domain.contract import enum_of, value_type
from domain.registry import NODE_SECTION, RelationshipSection
from schema.mutations.inputs import Fields, input_type
from schema.types.values import VALUE_TYPES


def ends(section: RelationshipSection) -> tuple[str, ...]:
    """The attributes naming the relationship's ends: the starts, then the end."""
    return tuple(e.attribute for e in (*section.starts, section.end))


def _value_type(section: RelationshipSection, attribute: str) -> Any:
    """An id for an end; else the property's vocabulary or value type."""
    if attribute in ends(section):
        return strawberry.ID
    annotation = section.model.model_fields[attribute].annotation
    return enum_of(annotation) or VALUE_TYPES[value_type(annotation)]


def _field(annotation: Any, info: FieldInfo) -> tuple[Any, Any, str | None]:
    """Required without a default; with the model's default where it has one; else null."""
    if info.is_required():
        return annotation, dataclasses.MISSING, info.description
    default = info.get_default(call_default_factory=True)
    if default is None:
        return annotation | None, None, info.description
    return annotation, default, info.description


def _names(section: RelationshipSection) -> dict[str, str]:
    return {attribute: section.alias(attribute) for attribute in section.model.model_fields}


def _pattern(section: RelationshipSection) -> str:
    """``(:Actor)-[:MEMBER_OF {role, since, until}]->(:WorkingGroup)``."""
    starts = "|".join(NODE_SECTION[e.section].label for e in section.starts)
    props = [alias for _, alias in section.property_fields if alias != "source"]
    stored = f" {{{', '.join(props)}}}" if props else ""
    end = NODE_SECTION[section.end.section].label
    return f"(:{starts})-[:{section.rel_type}{stored}]->(:{end})"


def _one_of(section: RelationshipSection) -> str:
    """The rule for alternative starts, in words (empty for a single start)."""
    if len(section.starts) == 1:
        return ""
    names = ", ".join(section.alias(e.attribute) for e in section.starts)
    return f": genau eine/r von {names} / exactly one of them"


def relationship_input(section: RelationshipSection) -> type:
    """``<Model>Input``: the whole relationship, ends first, then what is required."""
    model, at_ends = section.model, ends(section)
    order = sorted(
        model.model_fields.items(),
        key=lambda item: (not item[1].is_required(), item[0] not in at_ends),
    )
    fields: Fields = {attr: _field(_value_type(section, attr), info) for attr, info in order}
    description = _pattern(section) + _one_of(section)
    return input_type(f"{model.__name__}Input", fields, description, _names(section))


def relationship_key(section: RelationshipSection) -> type:
    """``<Model>Key``: the ends (alternative starts optional) and the key properties."""
    single = len(section.starts) == 1
    required = (strawberry.ID, dataclasses.MISSING, None)
    fields: Fields = {
        start.attribute: required if single else (strawberry.ID | None, None, None)
        for start in section.starts
    }
    fields[section.end.attribute] = required
    names = {alias: attr for attr, alias in _names(section).items()}
    for prop in section.key_properties:
        fields[names[prop]] = (_value_type(section, names[prop]), dataclasses.MISSING, None)
    fields = dict(sorted(fields.items(), key=lambda item: item[1][1] is not dataclasses.MISSING))
    words = ", ".join(section.alias(attr) for attr in fields)
    description = f"{section.german} bestimmt durch {words} / which {section.noun}: {words}"
    return input_type(f"{section.model.__name__}Key", fields, description, _names(section))
