"""Aggregate fields, derived for every node kind and every relationship field.

For each kind of the contract (``Offering``): a root field ``offeringsAggregate(where:
OfferingWhere): OfferingAggregate!`` with the same ``where`` as the list ``offerings``, and
on every object type whose kind has a relationship field ``f`` to a kind K, a field
``fAggregate(where: KWhere): KAggregate!`` over the nodes ``f`` would list (the Neo4j
GraphQL Library's naming: ``actorsAggregate``). The type of an aggregate::

    type OfferingAggregate {
      count: Int!
      countBy: OfferingCountBy!     # kind: [OfferingKindCount!]!  topics: [NodeCount!]! ...
      min: OfferingExtremes!        # capacity, cost, startDate, endDate, updatedAt ...
      max: OfferingExtremes!
      average: OfferingAverages!    # capacity, cost (kinds with numbers only)
    }

``countBy`` groups by each vocabulary property (by value) and by each relationship to a
vocabulary kind, a municipality or a working group (by related node, as stored: an offering
recorded for Samtgemeinde Meinersen counts for it, not for its members; filter with
``municipality`` for the hierarchy). Only what is selected is computed
(``Aggregates.summary``), on both paths: the compiled one reads the selection from its plan.
Each field declares its read (``schema.declared.Aggregated``), which the compiled path reads
instead of calling the resolver.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any

import strawberry

from domain.contract import CONTRACT, Kind, Property
from graph.queries import aggregates as aggregate_queries
from graph.queries.aggregates import Summary, relation_groups
from graph.queries.catalog import NODE_KINDS
from graph.queries.hierarchy import Scope
from graph.queries.relations import RELATIONS
from schema.batching import run, summary_loader
from schema.context import Info
from schema.declared import Aggregated, metadata
from schema.filters import WhereInput
from schema.naming import where_name
from schema.types import enums as _enums  # noqa: F401  (the vocabularies as GraphQL enums)
from schema.types.projection import selected
from schema.types.values import annotation, attribute, reader
from schema.where import WHERE_INPUTS

Names = Callable[..., frozenset[str]]
"""The field names selected below a path of field names (``names("countBy")``)."""

PARTS = ("count", "countBy", "min", "max", "average")


@strawberry.type(description="Eine Gruppe und ihre Anzahl / a group (a related node) and its count")
class NodeCount:
    id: strawberry.ID
    name: str | None
    count: int


def _new_type(name: str, fields: Mapping[str, tuple[Any, str | None]], description: str) -> Any:
    """A Strawberry object type ``name`` with ``fields`` (attribute: (type, description))."""
    namespace: dict[str, Any] = {
        "__module__": __name__,
        "__annotations__": {attr: type_ for attr, (type_, _) in fields.items()},
    }
    for attr, (_, text) in fields.items():
        namespace[attr] = strawberry.field(description=text) if text else None
    cls = types.new_class(name, (), {}, lambda ns: ns.update(namespace))
    return strawberry.type(cls, description=description)


def _build(cls: Any, values: dict[str, Any]) -> Any:
    """An object of ``cls`` with ``values`` (no keyword checks: parts not selected stay
    unset, like the node objects' ``from_node``)."""
    obj = cls.__new__(cls)
    obj.__dict__.update(values)
    return obj


_VALUE_COUNTS: dict[type[Enum], Any] = {}


def value_count(enum: type[Enum]) -> Any:
    """``OfferingKindCount { value: OfferingKind, count: Int! }``, one per vocabulary."""
    found = _VALUE_COUNTS.get(enum)
    if found is None:
        found = _VALUE_COUNTS[enum] = _new_type(
            f"{enum.__name__}Count",
            {
                "value": (enum | None, "der Wert (null: ohne Angabe) / the value (null: none)"),
                "count": (int, None),
            },
            "Ein Wert und seine Anzahl / a value and how many have it",
        )
    return found


class Aggregates:
    """The aggregate types of one kind and how a row of the statement becomes them."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        node_kind = NODE_KINDS[kind.label]
        german = kind.german[1] or kind.label
        self.values: dict[str, Property] = {
            p.name: p for p in kind.properties if p.enum is not None and p.filterable
        }
        self.relations = relation_groups(kind.label)
        clash = self.values.keys() & self.relations.keys()
        if clash:
            raise ValueError(f"{kind.label}: grouped twice under {sorted(clash)}")
        extremes = [kind.property(p) for p in aggregate_queries.extreme_properties(node_kind)]
        self.averages = aggregate_queries.average_properties(node_kind)
        self.extremes = tuple(p.name for p in extremes)
        parts: dict[str, tuple[Any, str | None]] = {
            "count": (int, "Anzahl / how many"),
        }
        self.count_by = None
        if self.values or self.relations:
            groups: dict[str, tuple[Any, str | None]] = {
                attribute(p): (_list_of(value_count(_enum(p))), None) for p in self.values.values()
            }
            groups.update({_attr(name): (list[NodeCount], None) for name in self.relations})
            self.count_by = _new_type(
                f"{kind.label}CountBy",
                groups,
                f"{german} gezählt je Wert oder verbundenem Knoten, größte Gruppen zuerst / "
                "counts per value or related node, largest first",
            )
            parts["count_by"] = (self.count_by, "Gruppiert / grouped counts")
        self.extreme_type = None
        if extremes:
            optional = {attribute(p): (_optional(annotation(kind, p)), None) for p in extremes}
            self.extreme_type = _new_type(
                f"{kind.label}Extremes",
                optional,
                f"Kleinster oder größter Wert je Feld ({german}) / smallest or largest value",
            )
            parts["min"] = (self.extreme_type, "Kleinste Werte / minimum per field")
            parts["max"] = (self.extreme_type, "Größte Werte / maximum per field")
        self.average_type = None
        if self.averages:
            self.average_type = _new_type(
                f"{kind.label}Averages",
                {attribute(kind.property(n)): (float | None, None) for n in self.averages},
                f"Durchschnitt je Feld ({german}) / average per field",
            )
            parts["average"] = (self.average_type, "Durchschnitte / average per field")
        self.type = _new_type(
            f"{kind.label}Aggregate",
            parts,
            f"Kennzahlen über {german} / aggregates over {kind.section}",
        )
        self.readers = {name: reader(kind, kind.property(name)) for name in self.extremes}

    def summary(self, names: Names) -> Summary:
        """What to compute for a selection (``names(*path)``: the names selected there)."""
        top = names()
        by = names("countBy") if "countBy" in top else frozenset()
        return Summary(
            count="count" in top,
            by_value=tuple(n for n in self.values if n in by),
            by_relation=tuple(n for n in self.relations if n in by),
            minimum=_chosen(self.extremes, names, "min", top),
            maximum=_chosen(self.extremes, names, "max", top),
            average=_chosen(self.averages, names, "average", top),
        )

    def from_row(self, row: Mapping[str, Any]) -> Any:
        """The aggregate object of a statement's map."""
        values: dict[str, Any] = {"count": row.get("count")}
        if self.count_by is not None:
            found = row.get("countBy") or {}
            groups: dict[str, Any] = {}
            for name, prop in self.values.items():
                enum = prop.enum
                assert enum is not None
                count_type = value_count(enum)
                groups[attribute(prop)] = [
                    _build(count_type, {"value": _member(enum, g["value"]), "count": g["count"]})
                    for g in found.get(name) or ()
                ]
            for name in self.relations:
                groups[_attr(name)] = [
                    NodeCount(id=strawberry.ID(g["id"]), name=g["name"], count=g["count"])
                    for g in found.get(name) or ()
                ]
            values["count_by"] = _build(self.count_by, groups)
        for part in ("min", "max"):
            if self.extreme_type is not None:
                found = row.get(part) or {}
                values[part] = _build(
                    self.extreme_type,
                    {
                        attribute(self.kind.property(n)): read(found, n)
                        for n, read in self.readers.items()
                    },
                )
        if self.average_type is not None:
            found = row.get("average") or {}
            values["average"] = _build(
                self.average_type,
                {attribute(self.kind.property(n)): found.get(n) for n in self.averages},
            )
        return _build(self.type, values)


def _list_of(item: Any) -> Any:
    return list[item]


def _enum(prop: Property) -> type[Enum]:
    assert prop.enum is not None
    return prop.enum


def _attr(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def _optional(type_: Any) -> Any:
    return type_ if type(None) in getattr(type_, "__args__", ()) else type_ | None


def _member(enum: type[Enum], value: Any) -> Any:
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        return None


def _chosen(
    allowed: tuple[str, ...], names: Names, part: str, top: frozenset[str]
) -> tuple[str, ...]:
    if part not in top:
        return ()
    below = names(part)
    return tuple(n for n in allowed if n in below)


AGGREGATES: dict[str, Aggregates] = {kind.label: Aggregates(kind) for kind in CONTRACT.kinds}
"""The aggregate types of every kind, by label."""


def aggregate_field_name(field: str) -> str:
    """``offerings`` -> ``offeringsAggregate`` (the Neo4j GraphQL Library's naming)."""
    return f"{field}Aggregate"


def root_field(kind: Kind) -> Any:
    """``offeringsAggregate(where: OfferingWhere): OfferingAggregate!``."""
    aggregates = AGGREGATES[kind.label]
    node_kind = NODE_KINDS[kind.label]
    where_input = WHERE_INPUTS[where_name(kind.label)]

    declaration = Aggregated(node_kind, aggregates.summary, aggregates.from_row)

    async def resolve(self: Any, info: Info, where: WhereInput | None = None) -> Any:
        summary = aggregates.summary(lambda *below: selected(info, *below))
        read = declaration.over_all({"where": where}, summary)
        statement = aggregate_queries.root_summary(read.kind, read.where, summary)
        [record] = await run(info, statement)
        return declaration.value(record["summary"])

    resolve.__annotations__ = {
        "self": Any,
        "info": Info,
        "where": where_input | None,
        "return": aggregates.type,
    }
    german = kind.german[1] or kind.label
    return strawberry.field(
        resolver=resolve,
        name=aggregate_field_name(kind.section),
        description=f"Kennzahlen über {german} mit demselben Filter wie die Liste / count, "
        f"grouped counts, min, max and average over the {kind.section} the list would hold",
        metadata=metadata(declaration),
    )


def relation_fields(label: str) -> dict[str, tuple[str, ...]]:
    """The relationship fields of ``label`` with an aggregate, by field name: the relation
    names (one, or one per municipality scope)."""
    found: dict[str, list[str]] = {}
    for name, relation in RELATIONS.items():
        source, _, rest = name.partition(".")
        if source != label or relation.target_kind is None:
            continue
        found.setdefault(rest.split(".")[0], []).append(name)
    return {field: tuple(names) for field, names in found.items()}


def nested_field(label: str, field: str, relations: tuple[str, ...]) -> Any:
    """``membersAggregate(where: ActorWhere): ActorAggregate!`` on ``WorkingGroup``;
    scoped fields (``Municipality.offerings``) take the same ``scope`` as their list."""
    scoped = relations[0] != f"{label}.{field}"
    target = RELATIONS[relations[0]].target_kind
    assert target is not None
    aggregates = AGGREGATES[target.label]
    where_input = WHERE_INPUTS[where_name(target.label)]

    declaration = Aggregated(
        target, aggregates.summary, aggregates.from_row, relation=f"{label}.{field}", scoped=scoped
    )

    async def summarize(parent: Any, info: Info, **arguments: Any) -> Any:
        summary = aggregates.summary(lambda *below: selected(info, *below))
        read = declaration.over_related(arguments, summary)
        loader = summary_loader(info, read.relation, read.where, summary)
        return declaration.value(await loader.load(str(parent.id)))

    resolve: Callable[..., Any]
    if scoped:

        async def resolve_scoped(
            self: Any,
            info: Info,
            where: WhereInput | None = None,
            scope: Scope = Scope.WITH_PARTS_AND_ENCLOSING,
        ) -> Any:
            return await summarize(self, info, where=where, scope=scope)

        resolve = resolve_scoped
        resolve.__annotations__ = {"scope": Scope}
    else:

        async def resolve_plain(self: Any, info: Info, where: WhereInput | None = None) -> Any:
            return await summarize(self, info, where=where)

        resolve = resolve_plain
        resolve.__annotations__ = {}
    resolve.__annotations__.update(
        {"self": Any, "info": Info, "where": where_input | None, "return": aggregates.type}
    )
    return strawberry.field(
        resolver=resolve,
        name=aggregate_field_name(field),
        description=f"Kennzahlen über {field} mit demselben Filter / count, grouped counts, "
        f"min, max and average over what {field} would list",
        metadata=metadata(declaration),
    )


def add_nested_fields(cls: type, label: str) -> None:
    """Put ``<field>Aggregate`` of every relationship field of ``label`` on ``cls``."""
    for field, relations in relation_fields(label).items():
        setattr(cls, f"{_attr(field)}_aggregate", nested_field(label, field, relations))
