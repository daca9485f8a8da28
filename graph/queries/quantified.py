"""Which relationships the ``some``/``none``/``all`` filters may follow, and the one step
each takes.

A relationship filter (``ActorWhere.offerings: {some: ...}``) follows a nested field of
:data:`graph.queries.relations.RELATIONS` that is one relationship to one label. Kept apart
from :mod:`graph.queries.predicates`, which compiles the filters: the whitelist of
relations knows nothing of filters, so this module can build on it and the predicates on
this module, without either importing the other back.
"""

from __future__ import annotations

import re
from enum import Enum

from graph.queries.relations import RELATIONS, Relation


class Quantifier(Enum):
    """How many related nodes must pass a relationship filter (the Library's words)."""

    SOME = "some"
    NONE = "none"
    ALL = "all"


MAX_RELATION_DEPTH = 3
"""Relationship filters nest at most this deep (``some`` inside ``some`` inside ``some``):
each level is one more subquery per candidate node, and planning time grows with them."""

QUANTIFIED_NODE = "rel_node"
"""Prefix of the variables of relationship filters; each level gets a fresh one from
:meth:`Params.variable` (``rel_node0``, ``rel_node1`` ...), so no level captures another's."""

_STEP = re.compile(r"\(p\)(<?-)\[r?:([A-Z_]+)\](->|-)\(n:([A-Za-z]+)\)")
"""A relation that is one relationship to one label, as written in ``RELATIONS``."""


def quantifiable(relation: Relation) -> bool:
    """Whether ``some``/``none``/``all`` can follow ``relation``: one relationship, one label."""
    return (
        len(relation.patterns) == 1
        and len(relation.targets) == 1
        and _STEP.fullmatch(relation.patterns[0]) is not None
    )


def quantified_relation(label: str, field: str) -> Relation | None:
    """The relation a relationship filter ``field`` follows from nodes of ``label``; None when
    that kind has no such relationship (the vocabulary kinds share one filter input)."""
    relation = RELATIONS.get(f"{label}.{field}")
    return relation if relation is not None and quantifiable(relation) else None


def step(relation: Relation, var: str, far: str) -> str:
    """The relation's single relationship from ``var`` to ``far``, without a variable for
    the relationship itself (filters test nodes only).

    >>> step(RELATIONS["Actor.offerings"], "a", "o")
    '(a)-[:OFFERS]->(o:Offering)'
    """
    match = _STEP.fullmatch(relation.patterns[0])
    if match is None:
        raise ValueError(f"{relation.name} is not one relationship to one label")
    left, rel_type, right, label = match.groups()
    return f"({var}){left}[:{rel_type}]{right}({far}:{label})"
