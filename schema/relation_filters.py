"""Relationship filters ``some`` / ``none`` / ``all`` on the ``...Where`` inputs, derived.

Every relationship field of :data:`graph.queries.relations.RELATIONS` that is ONE relationship
to ONE label (``Actor.offerings``, ``Offering.topics``, ``WorkingGroup.members`` ...) gets a
field of the same name on its kind's ``Where`` input, typed ``<Target>RelationFilter`` with
``some`` / ``none`` / ``all``, each the related kind's full ``Where`` (so they nest). Nothing
is written per field: :func:`with_relation_filters` adds the fields to a ``Where`` class
before Strawberry sees it, :func:`relation_filter_input` builds one filter input per
``Where``. Where the name is already an older filter of the input (``ActorWhere.partOf``,
``CoordinatorWhere.worksFor`` ...), the new field is ``<name>Relation``: schema.graphql only
grows, nothing existing changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import strawberry

from graph.queries.predicates import Predicate, Quantified
from graph.queries.quantified import Quantifier, quantifiable
from graph.queries.relations import RELATIONS, Relation
from schema.naming import snake, where_name

TAKEN_SUFFIX = "Relation"
"""Appended to a relationship filter whose name an older filter of the input holds."""


def filter_name(where_name: str) -> str:
    """``OfferingWhere`` -> ``OfferingRelationFilter``."""
    return where_name.removesuffix("Where") + "RelationFilter"


@dataclass(frozen=True)
class RelationField:
    """One relationship filter of a ``Where`` input."""

    attr: str
    """The Python attribute (``target_groups_relation``: never one of the class's own, such
    as ``parts``)."""
    name: str
    """The GraphQL name: ``relation``, or ``<relation>Relation`` where an older filter has it."""
    relation: str
    """The field part of the ``RELATIONS`` key (``targetGroups``)."""
    target_where: str
    paths: tuple[str, ...]
    """The relationships it follows, for the description (``Offering-[:TARGETS]->...``)."""

    @property
    def description(self) -> str:
        paths = ", ".join(self.paths)
        return f"Beziehungsfilter (some/none/all) / relationship filter over {paths}"


def _path(relation: Relation) -> str:
    step = relation.patterns[0].replace("(p)", f"({relation.source})", 1)
    return step.replace("(n:", "(", 1).replace("[r:", "[:", 1)


def relation_fields(labels: Iterable[str], taken: Iterable[str]) -> list[RelationField]:
    """The relationship filters of a ``Where`` input serving ``labels``; ``taken`` are the
    fields (Python names) the input has already."""
    wanted, used = frozenset(labels), frozenset(taken)
    by_name: dict[str, list[Relation]] = {}
    for relation in RELATIONS.values():
        if relation.source in wanted and quantifiable(relation):
            by_name.setdefault(relation.name.split(".", 1)[1], []).append(relation)
    fields = []
    for name, relations in by_name.items():
        targets = {where_name(r.targets[0]) for r in relations}
        if len(targets) != 1:
            raise ValueError(f"{name} leads to different filter inputs: {sorted(targets)}")
        attr = snake(name)
        graphql_name = name + TAKEN_SUFFIX if attr in used else name
        paths = tuple(_path(r) for r in relations)
        fields.append(RelationField(f"{attr}_relation", graphql_name, name, targets.pop(), paths))
    return fields


W = TypeVar("W", bound=type[Any])


def with_relation_filters(*labels: str) -> Callable[[W], W]:
    """Add the relationship filters of ``labels`` to a ``Where`` class (apply it below
    ``@strawberry.input``, which must see the fields); ``relation_fields`` on the class
    lists ``(attribute, relation)`` pairs for :meth:`WhereInput.predicate`."""

    def add(cls: W) -> W:
        annotations: dict[str, Any] = cls.__annotations__  # the class's own, to extend
        fields = relation_fields(labels, annotations)
        for field in fields:
            if hasattr(cls, field.attr):
                raise ValueError(f"{cls.__name__} has an attribute {field.attr!r} already")
            annotations[field.attr] = f"{filter_name(field.target_where)} | None"
            described = strawberry.field(
                default=None, name=field.name, description=field.description
            )
            setattr(cls, field.attr, described)
        cls.relation_fields = tuple((field.attr, field.relation) for field in fields)
        return cls

    return add


class _Where(Protocol):
    def predicate(self) -> Predicate: ...


class RelationFilter:
    """``some`` / ``none`` / ``all`` over one relationship; all that are given must hold."""

    def predicates(self, relation: str) -> list[Predicate]:
        parts: list[Predicate] = []
        for quantifier in Quantifier:
            where: _Where | None = getattr(self, quantifier.value)
            if where is not None:
                parts.append(Quantified(relation, quantifier, where.predicate()))
        return parts


def relation_filter_input(where: type) -> type:
    """The ``<Kind>RelationFilter`` input whose ``some``/``none``/``all`` take ``where``."""
    namespace: dict[str, Any] = {
        "__module__": where.__module__,
        "__annotations__": {q.value: f"{where.__name__} | None" for q in Quantifier},
        **{q.value: None for q in Quantifier},
    }
    cls = type(filter_name(where.__name__), (RelationFilter,), namespace)
    return strawberry.input(
        description="Beziehungsfilter: some = mindestens ein verknüpfter Knoten erfüllt den "
        "Filter, none = keiner, all = alle (wahr ohne verknüpfte Knoten) / relationship "
        "filter: some = at least one related node passes, none = no related node passes, "
        "all = every related node passes (true when there are none); all given must hold"
    )(cls)
