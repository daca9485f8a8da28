"""The ``sort`` input of every node kind, derived from the contract's sortable properties.

``sort: {field: START_DATE, direction: DESC}``: one property (an enum of the kind's sortable
properties, in the registry's order, the first being the default) and a direction. The
enum's value is the stored property name, checked once more against the catalog when the
statement is built. Rows with equal sort values are ordered by ``id``, which makes the order
total and the cursors stable. Kinds that share an input (``schema.naming``) must have the
same sortable properties.

Examples
--------
>>> SORT_INPUTS["OfferingSort"]().order()  # the registry's first sortable property
Order(prop='title', descending=False)
>>> [field.value for field in type(SORT_INPUTS["PersonSort"]().field)]
['name', 'role', 'id']
"""

from __future__ import annotations

import types
from enum import Enum
from typing import Any

import strawberry

from domain.contract import CONTRACT, Contract, Kind
from graph.queries.nodes import Order
from schema.naming import enum_constant, in_words, sort_name
from schema.types.enums import SortDirection


class SortInput:
    """What every derived sort input does: turn its choice into an :class:`Order`."""

    field: Enum
    direction: SortDirection

    def order(self) -> Order:
        return Order(str(self.field.value), descending=self.direction is SortDirection.DESC)


def _description(kinds: list[Kind]) -> str:
    german, english = in_words(kinds)
    return f"Sortierung: {german} / sort {english} by"


def sort_input(name: str, kinds: list[Kind]) -> type:
    """The input ``name`` with its enum ``name + "Field"`` over the kinds' sortable properties."""
    choices = {kind.sort_fields() for kind in kinds}
    if len(choices) != 1:
        raise ValueError(f"{name}: the kinds sharing it sort differently: {sorted(choices)}")
    (sortable,) = choices
    if not sortable:
        raise ValueError(f"{name}: {kinds[0].label} has no sortable property")
    members = [(enum_constant(prop), prop) for prop in sortable]
    choice: Any = Enum(f"{name}Field", members)  # type: ignore[misc]  # (functional API)
    fields = strawberry.enum(choice, description=_description(kinds))
    namespace: dict[str, Any] = {
        "__module__": __name__,
        "__annotations__": {"field": fields, "direction": SortDirection},
        "field": fields[enum_constant(sortable[0])],
        "direction": SortDirection.ASC,
    }
    cls = types.new_class(name, (SortInput,), {}, lambda ns: ns.update(namespace))
    return strawberry.input(cls)


def sort_inputs(contract: Contract = CONTRACT) -> dict[str, type]:
    """Every kind's ``sort`` input, by GraphQL name."""
    groups: dict[str, list[Kind]] = {}
    for kind in contract.kinds:
        groups.setdefault(sort_name(kind.label), []).append(kind)
    return {name: sort_input(name, kinds) for name, kinds in groups.items()}


SORT_INPUTS = sort_inputs()
"""The sort input of every kind of the real contract, by GraphQL name."""
