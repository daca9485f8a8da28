"""Lazy references between the type modules, which refer to each other in circles.

An actor has offerings and an offering has providers: the modules cannot import each other's
classes while they are being defined. Strawberry resolves these references when the schema
is built; mypy sees the real classes.
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


for _ref in (*NODE_REFS.values(), ParticipationRef):
    # A reference nested in a union (``ActorRef | PersonRef``) is evaluated by typing, not by
    # Strawberry's lazy loading, in the namespace of the module that uses it, which does not
    # hold the class. Naming the class's module makes that evaluation independent of who
    # evaluated the reference first.
    _name, _lazy = typing.get_args(_ref)
    _name.__forward_module__ = _lazy.module


@functools.cache
def resolved(label: str) -> Any:
    """The object type behind a label's lazy reference (once the type modules are loaded).

    Cached: the nested resolvers ask for it on every parent object.
    """
    name, reference = typing.get_args(NODE_REFS[label])
    return getattr(importlib.import_module(reference.module), name.__forward_arg__)
