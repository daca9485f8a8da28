"""The relationship fields a nested read may follow: :data:`RELATIONS`, the whitelist.

The statements that read them are elsewhere (:mod:`graph.queries.lists` per request level,
:mod:`graph.queries.tree` for a whole tree, :mod:`graph.queries.quantified` for the
``some``/``none``/``all`` filters); this module compiles no filter, so each of them can
build on it.

:data:`RELATIONS` is the whitelist: every pattern, label and relationship type a nested
field can follow, with ``p`` for the parent, ``n`` for the related node and ``r`` for the
relationship when it carries properties. Fields over one relationship are derived from the
data contract (each relationship names its field on either end); the multi-hop ones come
from :mod:`graph.queries.paths`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.contract import CONTRACT, Contract, RelationshipKind
from graph.queries.catalog import NODE_KINDS, NodeKind, ValueType
from graph.queries.paths import relation_paths


@dataclass(frozen=True)
class Relation:
    """A nested field's path from a parent of label ``source`` to nodes of ``targets``.

    Several ``patterns`` are alternatives (their union, each node once). ``rel_props`` are
    the relationship's properties, returned with each item and filterable; ``undirected``
    also reports whether the relationship starts at the parent.
    """

    name: str
    source: str
    targets: tuple[str, ...]
    patterns: tuple[str, ...]
    rel_props: dict[str, ValueType] = field(default_factory=dict)
    undirected: bool = False

    @property
    def target_kind(self) -> NodeKind | None:
        """The far node's kind when it is a single label (filters need one)."""
        return NODE_KINDS[self.targets[0]] if len(self.targets) == 1 else None

    @property
    def order_prop(self) -> str:
        return NODE_KINDS[self.targets[0]].title


def _props(relationship: RelationshipKind) -> dict[str, ValueType]:
    return {prop.name: prop.type for prop in relationship.properties}


def single_relations(contract: Contract) -> list[Relation]:
    """One nested field per side of each relationship that names one, in contract order:
    ``(p)-[:OFFERS]->(n:Offering)`` for ``Actor.offerings``, ``(p)<-[:OFFERS]-(n:Actor)``
    for ``Offering.providers``; ``r`` is bound when the relationship has properties."""
    found: list[Relation] = []
    for rel in contract.relationships:
        props = _props(rel)
        edge = f"[{'r' if props else ''}:{rel.rel_type}]"
        start, end = rel.start, rel.end
        if start.field is not None:
            arrow = f"-{edge}-" if rel.undirected else f"-{edge}->"
            pattern = f"(p){arrow}(n:{end.label})"
            name = f"{start.label}.{start.field}"
            found.append(
                Relation(name, start.label, (end.label,), (pattern,), props, rel.undirected)
            )
        if end.field is not None:
            pattern = f"(p)<-{edge}-(n:{start.label})"
            found.append(
                Relation(f"{end.label}.{end.field}", end.label, (start.label,), (pattern,), props)
            )
    return found


def path_relations(contract: Contract) -> list[Relation]:
    """The hand-written multi-hop fields (:mod:`graph.queries.paths`)."""
    found = []
    for name, source, targets, patterns, rel_type in relation_paths():
        props: dict[str, ValueType] = {}
        if rel_type is not None:
            # every kind of the type carries the same properties (participations)
            props = next(_props(r) for r in contract.relationships if r.rel_type == rel_type)
        found.append(Relation(name, source, targets, patterns, props))
    return found


def relations(contract: Contract) -> dict[str, Relation]:
    """Every nested field of a contract, by ``Type.field`` (scoped ones by ``.scope``)."""
    found = [*single_relations(contract), *path_relations(contract)]
    table = {relation.name: relation for relation in found}
    if len(table) != len(found):
        raise ValueError("two relationships name the same field")
    return table


RELATIONS: dict[str, Relation] = relations(CONTRACT)
"""Every nested relationship field, by ``Type.field`` (scoped ones by ``.scope``)."""


_ENDS = re.compile(r"\((p|n)([:)])")


def rebind(pattern: str, parent: str, child: str, rel: str) -> str:
    """A whitelisted pattern (``p`` parent, ``n`` related node, ``r`` relationship) with the
    statement's own variable names.

    >>> rebind("(p)-[r:FUNDS]->(n:Offering)", "v1", "v2", "e2")
    '(v1)-[e2:FUNDS]->(v2:Offering)'
    """
    names = {"p": parent, "n": child}
    pattern = _ENDS.sub(lambda m: f"({names[m.group(1)]}{m.group(2)}", pattern)
    return pattern.replace("[r:", f"[{rel}:")


def check_read(relation: Relation, *, node_filter: bool, rel_filter: bool) -> None:
    """Refuse a read the relation cannot answer: a node filter over several far labels, a
    relationship filter where the relationship has no properties, relationship properties
    over several patterns (their items would mix relationships of different shapes)."""
    if node_filter and relation.target_kind is None:
        raise ValueError(f"{relation.name} leads to several labels and takes no node filter")
    if rel_filter and not relation.rel_props:
        raise ValueError(f"{relation.name} has no relationship properties to filter")
    if relation.rel_props and len(relation.patterns) != 1:
        raise ValueError(f"{relation.name}: relationship properties need a single pattern")
