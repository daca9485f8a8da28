"""Lazy references between the type modules: the one way a type module names a type of
another.

An actor has offerings and an offering has providers: the modules cannot import each other's
classes while they are being defined. So where two type modules need each other, neither
imports the other: a field's type is a reference from here (``OfferingRef``), which Strawberry
resolves when the schema is built (mypy sees the real classes), and an object is built
through :func:`resolved` / :func:`type_of` at run time. This module imports no type module
(but for mypy), so it closes no circle; a plain import stays where it closes none (an
event's participants are actors or people, who know events only through here).
"""

from __future__ import annotations

import functools
import importlib
import typing
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import strawberry

if TYPE_CHECKING:
    from schema.types.actor import Actor
    from schema.types.event import Event, Participation
    from schema.types.measure import Measure
    from schema.types.municipality import Municipality
    from schema.types.offering import Offering
    from schema.types.people import Coordinator, Person
    from schema.types.vocabulary import Country, Language, TargetGroup, Topic
    from schema.types.working_group import WorkingGroup

ActorRef: TypeAlias = Annotated["Actor", strawberry.lazy("schema.types.actor")]
OfferingRef: TypeAlias = Annotated["Offering", strawberry.lazy("schema.types.offering")]
WorkingGroupRef: TypeAlias = Annotated[
    "WorkingGroup", strawberry.lazy("schema.types.working_group")
]
MunicipalityRef: TypeAlias = Annotated["Municipality", strawberry.lazy("schema.types.municipality")]
CoordinatorRef: TypeAlias = Annotated["Coordinator", strawberry.lazy("schema.types.people")]
PersonRef: TypeAlias = Annotated["Person", strawberry.lazy("schema.types.people")]
EventRef: TypeAlias = Annotated["Event", strawberry.lazy("schema.types.event")]
ParticipationRef: TypeAlias = Annotated["Participation", strawberry.lazy("schema.types.event")]
TopicRef: TypeAlias = Annotated["Topic", strawberry.lazy("schema.types.vocabulary")]
TargetGroupRef: TypeAlias = Annotated["TargetGroup", strawberry.lazy("schema.types.vocabulary")]
LanguageRef: TypeAlias = Annotated["Language", strawberry.lazy("schema.types.vocabulary")]
CountryRef: TypeAlias = Annotated["Country", strawberry.lazy("schema.types.vocabulary")]
MeasureRef: TypeAlias = Annotated["Measure", strawberry.lazy("schema.types.measure")]


NODE_REFS: dict[str, Any] = {
    "Actor": ActorRef,
    "Offering": OfferingRef,
    "WorkingGroup": WorkingGroupRef,
    "Municipality": MunicipalityRef,
    "Coordinator": CoordinatorRef,
    "Person": PersonRef,
    "Event": EventRef,
    "Topic": TopicRef,
    "TargetGroup": TargetGroupRef,
    "Language": LanguageRef,
    "Country": CountryRef,
    "Measure": MeasureRef,
}
"""The lazy reference to each node kind's object type, by label."""


@functools.cache
def type_of(reference: Any) -> Any:
    """The object type behind a lazy reference, for building objects of a type defined in
    another module (``type_of(ParticipationRef).from_item(item)``); cached, because the
    resolvers ask on every parent object."""
    name, lazy = typing.get_args(reference)
    return getattr(importlib.import_module(lazy.module), name.__forward_arg__)


@functools.cache
def resolved(label: str) -> Any:
    """The object type of a node kind, by label (once the type modules are loaded); cached
    by label, the cheapest key to look up per parent object."""
    return type_of(NODE_REFS[label])
