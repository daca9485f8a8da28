"""The GraphQL names of what is derived per node kind, and the kinds that share an input.

Derived names follow the label (``Actor`` -> ``ActorWhere``, ``ActorSort``, root fields
``actor`` and ``actors``). The released API lets some kinds share an input, which must stay
so (``schema.graphql`` only grows): the four vocabularies share ``VocabularyWhere`` and
``VocabularySort``; coordinators and people share ``PersonSort``. That is all this module
says; everything else about a kind comes from the data contract.

Examples
--------
>>> where_name("Actor"), where_name("Language"), sort_name("Coordinator")
('ActorWhere', 'VocabularyWhere', 'PersonSort')
>>> by_id_field("WorkingGroup"), enum_constant("migrantPopulation"), enum_constant("Actor")
('workingGroup', 'MIGRANT_POPULATION', 'ACTOR')
"""

from __future__ import annotations

from collections.abc import Iterable

from domain.contract import Kind

VOCABULARIES = ("Topic", "TargetGroup", "Language", "Country")

WHERE_GROUPS: dict[str, str] = {label: "Vocabulary" for label in VOCABULARIES}
"""Kinds whose ``where`` argument is one shared input, named by the group."""

SORT_GROUPS: dict[str, str] = {**WHERE_GROUPS, "Coordinator": "Person"}
"""Kinds whose ``sort`` argument is one shared input, named by the group."""


def where_name(label: str) -> str:
    """The ``where`` input of a kind."""
    return WHERE_GROUPS.get(label, label) + "Where"


def sort_name(label: str) -> str:
    """The ``sort`` input of a kind (its enum of fields is this name + ``Field``)."""
    return SORT_GROUPS.get(label, label) + "Sort"


def by_id_field(label: str) -> str:
    """The root field that returns one node of a kind by id."""
    return label[0].lower() + label[1:]


def enum_constant(name: str) -> str:
    """A property name as a GraphQL enum value: ``startDate`` -> ``START_DATE``."""
    return "".join(f"_{c}" if c.isupper() else c.upper() for c in name).lstrip("_")


def in_words(kinds: Iterable[Kind]) -> tuple[str, str]:
    """The kinds' plurals, German and English, for descriptions.

    >>> from domain.contract import CONTRACT
    >>> in_words([CONTRACT.kind("Coordinator"), CONTRACT.kind("TargetGroup")])
    ('Koordinator:innen, Zielgruppen', 'coordinators, target groups')
    """
    listed = list(kinds)
    german = ", ".join(kind.german[1] or kind.noun for kind in listed)
    english = ", ".join(snake(kind.section).replace("_", " ") for kind in listed)
    return german, english


def snake(name: str) -> str:
    """A GraphQL name as a Python attribute: ``targetGroup`` -> ``target_group``."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
