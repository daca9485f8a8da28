"""The ``where`` input of every node kind, derived from the data contract.

A kind's input has, in this order:

- one operator input per filterable property of the contract (``name: StringFilter``,
  ``kind: ActorKindFilter``, ``startDate: DateFilter``; contact data is never filterable);
- one ``IDFilter`` per filter link that starts at the kind (``topic``, ``provider``,
  ``worksFor``: the related node's id, see ``graph.queries.predicates.LINKS``);
- the few filters that are more than a property or a link, written by hand below
  (:data:`SPECIAL`: ``municipality`` with its scope, ``providerKind``);
- ``AND`` / ``OR`` / ``NOT``, and ``some`` / ``none`` / ``all`` over every relationship
  (``schema.relation_filters``).

Kinds that share an input (``schema.naming``) get the conditions all of them have. Nothing
here names a property: adding one to a model adds its filter.

Examples
--------
>>> names = [c.name for c in conditions(CONTRACT.kind("Coordinator"))]
>>> names[:8], {"email", "phone", "verifiedBy"} & set(names)  # personal: never a filter
(['id', 'source', 'updatedAt', 'name', 'role', 'responsibility', 'since', 'until'], set())
>>> where = WHERE_INPUTS["EventWhere"](name=StringFilter(starts_with="Netzwerk"))
>>> where.predicate()
Compare(prop='name', op=<Op.STARTS_WITH: 'STARTS WITH'>, value='Netzwerk')
"""

from __future__ import annotations

import keyword
import types
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import strawberry

from domain.contract import CONTRACT, Contract, Kind, Property, ValueType
from graph.queries.predicates import Predicate, links
from schema.filters import (
    ActorKindFilter,
    Condition,
    DateFilter,
    DateTimeFilter,
    FloatFilter,
    IDFilter,
    IntFilter,
    MunicipalityFilter,
    StringFilter,
    WhereInput,
    enum_filter,
    through_link,
)
from schema.naming import in_words, snake, where_name
from schema.relation_filters import filter_name, relation_filter_input, with_relation_filters

OPERATOR_INPUTS: dict[ValueType, type] = {
    ValueType.STRING: StringFilter,
    ValueType.INT: IntFilter,
    ValueType.FLOAT: FloatFilter,
    ValueType.DATE: DateFilter,
    ValueType.DATETIME: DateTimeFilter,
}


def property_condition(kind: Kind, prop: Property) -> Condition:
    """``name: StringFilter``; the id takes ``IDFilter``, a vocabulary its enum's filter."""
    if prop.name == kind.id:
        input_: Any = IDFilter
    elif prop.enum is not None:
        input_ = enum_filter(prop.enum)
    else:
        input_ = OPERATOR_INPUTS[prop.type]
    return Condition(prop.name, input_, lambda value: value.compares(prop.name))


LINK_DESCRIPTIONS: dict[str, str] = {
    "actor.topic": "bietet etwas zum Handlungsfeld an oder sitzt in einem Arbeitskreis dazu "
    "/ offers something on the topic or is member of a working group on it",
    "actor.targetGroup": "bietet etwas für die Zielgruppe an / offers for the group",
    "actor.language": "bietet etwas in der Sprache an / offers in the language",
    "actor.workingGroup": "Mitglied im Arbeitskreis / member of the working group",
    "municipality.partOf": "direkt Teil von / directly part of",
    "municipality.within": "liegt (mittelbar) in / lies (at any depth) within",
}
"""What a link filter means, where its name alone does not say it."""


def _related_by_id(link: str) -> Callable[[Any], list[Predicate]]:
    return lambda value: through_link(link, value)


def link_conditions(kind: Kind, contract: Contract) -> list[Condition]:
    """``topic: IDFilter`` for every filter link whose subject is the kind."""
    return [
        Condition(
            name.split(".", 1)[1],
            IDFilter,
            _related_by_id(name),
            LINK_DESCRIPTIONS.get(name),
        )
        for name, link in links(contract).items()
        if link.subject == kind.label
    ]


SPECIAL: dict[str, tuple[Condition, ...]] = {
    "Actor": (
        Condition(
            "municipality",
            MunicipalityFilter,
            lambda value: [value.predicate("actor.place")],
            "ansässig oder aktiv in der Gemeinde / located or active in the municipality",
        ),
    ),
    "Offering": (
        Condition(
            "providerKind",
            ActorKindFilter,
            lambda value: through_link("offering.provider", value, "kind"),
            "Art eines Anbieters / kind of one of the providers",
        ),
        Condition(
            "municipality",
            MunicipalityFilter,
            lambda value: [value.predicate("offering.availableIn")],
            "verfügbar in der Gemeinde / available in the municipality",
        ),
    ),
}
"""Filters that are more than one property or link: the municipality hierarchy with its
scope, and a property of a related node."""


def conditions(kind: Kind, contract: Contract = CONTRACT) -> list[Condition]:
    """Every condition of a kind's ``where`` input, in schema order."""
    own = [property_condition(kind, p) for p in kind.properties if p.filterable]
    return [*own, *link_conditions(kind, contract), *SPECIAL.get(kind.label, ())]


def shared_conditions(kinds: Iterable[Kind], contract: Contract = CONTRACT) -> list[Condition]:
    """The conditions every one of ``kinds`` has (same name, same input), in the first's order."""
    first, *others = [conditions(kind, contract) for kind in kinds]
    common = [{(c.name, c.input) for c in other} for other in others]
    return [c for c in first if all((c.name, c.input) in names for names in common)]


def _attribute(name: str) -> str:
    attr = snake(name)
    return f"{attr}_" if keyword.iskeyword(attr) or hasattr(WhereInput, attr) else attr


def _description(kinds: list[Kind]) -> str:
    german, english = in_words(kinds)
    return f"Filter für {german} / filter for {english}"


def where_input(
    name: str, kinds: list[Kind], contract: Contract = CONTRACT, module: str = __name__
) -> type:
    """The Strawberry input ``name`` filtering ``kinds`` (one kind, or a group sharing it).

    Its annotations name other inputs (``list[ActorWhere]``), which Strawberry looks up in
    ``module``: the caller puts the inputs there. The ``some``/``none``/``all`` filters
    follow the relation whitelist of the real contract (``graph.queries.relations``).
    """
    if not kinds:
        raise ValueError(f"{name}: a where input filters at least one kind")
    found = shared_conditions(kinds, contract)
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__module__": module, "__doc__": _description(kinds)}
    for condition in found:
        attr = _attribute(condition.name)
        annotations[attr] = condition.input | None
        namespace[attr] = strawberry.field(
            default=None, name=condition.name, description=condition.description
        )
    for attr, graphql, many in (("and_", "AND", True), ("or_", "OR", True), ("not_", "NOT", False)):
        annotations[attr] = f"list[{name}] | None" if many else f"{name} | None"
        namespace[attr] = strawberry.field(default=None, name=graphql)
    namespace["__annotations__"] = annotations
    namespace["conditions"] = tuple((_attribute(c.name), c) for c in found)
    cls = types.new_class(name, (WhereInput,), {}, lambda ns: ns.update(namespace))
    cls = with_relation_filters(*(kind.label for kind in kinds))(cls)
    return strawberry.input(cls, description=_description(kinds))


def where_inputs(contract: Contract = CONTRACT, module: str = __name__) -> dict[str, type]:
    """Every kind's ``where`` input and the relationship filter inputs, by GraphQL name.

    The inputs refer to each other by name in ``module``: put them there
    (``globals().update(where_inputs(contract, __name__))``).
    """
    groups: dict[str, list[Kind]] = {}
    for kind in contract.kinds:
        groups.setdefault(where_name(kind.label), []).append(kind)
    inputs = {name: where_input(name, kinds, contract, module) for name, kinds in groups.items()}
    filters = {filter_name(name): relation_filter_input(cls) for name, cls in inputs.items()}
    return {**inputs, **filters}


WHERE_INPUTS = where_inputs()
globals().update(WHERE_INPUTS)  # string annotations (``list[ActorWhere]``) resolve here

if TYPE_CHECKING:  # what the type checker sees of the derived classes the types name
    ActorWhere = WhereInput
    OfferingWhere = WhereInput
    WorkingGroupWhere = WhereInput
    MunicipalityWhere = WhereInput
    VocabularyWhere = WhereInput
