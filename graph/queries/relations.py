"""Nested lists: one batched statement per relationship field, keyed by parent ids.

A nested field such as ``Actor.offerings`` is resolved for *all* parents of one request
level together (the DataLoader collects their ids): ``UNWIND $ids`` walks the parents and a
``CALL (p) {...}`` subquery applies the filter, order and per-parent limit. So a query's
statement count grows with the depth of its selection, never with the number of objects.

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
from graph.queries.catalog import NODE_KINDS, NodeKind, ValueType, projection
from graph.queries.hierarchy import MAX_DEPTH
from graph.queries.paths import relation_paths
from graph.queries.predicates import Compare, Predicate, compile_compare, compile_predicate
from graph.queries.statement import Params, Statement


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


def related(
    relation: Relation,
    ids: list[str],
    *,
    first: int,
    where: Predicate | None = None,
    rel_where: tuple[Compare, ...] = (),
    props: frozenset[str] | None = None,
) -> Statement:
    """Up to ``first`` related items per parent id, as one row ``rows: [[pid, items], ...]``.

    Each item is ``{node, rel?, outgoing?, labels?}`` (``labels`` only when the relation
    leads to several labels); parents that do not exist are missing, parents without
    related nodes have an empty list. ``props`` are the node properties to return (None:
    all). One row rather than one per parent: the Python driver's cost per record is far
    above the database's cost per parent.
    """
    params = Params()
    conditions: list[str] = []
    if where is not None:
        kind = relation.target_kind
        if kind is None:
            raise ValueError(f"{relation.name} leads to several labels and takes no node filter")
        conditions.append(compile_predicate(where, kind, "n", params))
    for test in rel_where:
        if not relation.rel_props:
            raise ValueError(f"{relation.name} has no relationship properties to filter")
        conditions.append(compile_compare(test, "r", relation.rel_props, params))
    where_text = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    order = f"ORDER BY n.{relation.order_prop}, n.id LIMIT {params.named('first', first)}"
    kinds = tuple(NODE_KINDS[label] for label in relation.targets)
    item = f"node: {projection(kinds, 'n', props)}"
    if len(kinds) > 1:
        item += ", labels: labels(n)"
    if relation.rel_props:
        # only the declared properties: the writer's own (updatedAt) cost decoding time
        item += ", rel: r {" + ", ".join(f".{prop}" for prop in relation.rel_props) + "}"
        if relation.undirected:
            item += ", outgoing: startNode(r) = p"
        if len(relation.patterns) != 1:
            raise ValueError(f"{relation.name}: relationship properties need a single pattern")
        body = f"MATCH {relation.patterns[0]} {where_text} WITH n, r {order}"
    else:
        # The filter may use prelude variables: carry them through DISTINCT.
        carried = ", ".join(["n", *params.prelude_vars])
        if len(relation.patterns) == 1:
            body = f"MATCH {relation.patterns[0]} "
        else:
            union = " UNION ".join(f"MATCH {pattern} RETURN n" for pattern in relation.patterns)
            body = f"CALL (p) {{ {union} }} "
        body += f"WITH DISTINCT {carried} {where_text} WITH n {order}"
    text = (
        f"{params.head()}UNWIND $ids AS pid MATCH (p:{relation.source} {{id: pid}}) "
        f"CALL {params.scope('p')} {{ {body} RETURN collect({{{item}}}) AS items }} "
        "RETURN collect([pid, items]) AS rows"
    )
    return Statement(text, {**params.values, "ids": ids})


def residents(
    ids: list[str],
    *,
    year: int | None,
    with_parts: bool,
    first: int,
    props: frozenset[str] | None = None,
) -> Statement:
    """Residents by country of origin per municipality, largest groups first.

    With ``with_parts`` a Samtgemeinde or the county sums the figures of its members (the
    data keep residents on the smallest units only, so nothing is counted twice). Without a
    ``year`` each municipality reports its latest year on record. Each figure carries the
    sources of the counts it sums, so a page can mark illustrative figures where they are.
    """
    hops = f"*0..{MAX_DEPTH}" if with_parts else "*0..0"
    country = projection((NODE_KINDS["Country"],), "c", props)
    text = (
        "UNWIND $ids AS pid MATCH (p:Municipality {id: pid}) "
        "CALL (p) { "
        f"MATCH (p)<-[:PART_OF{hops}]-(:Municipality)<-[r:RESIDES_IN]-(c:Country) "
        "WITH collect({c: c, count: r.count, year: r.year, source: r.source}) AS rows "
        "WITH rows, coalesce($year, "
        "reduce(y = null, x IN rows | CASE WHEN y IS NULL OR x.year > y THEN x.year ELSE y END)"
        ") AS year "
        "UNWIND rows AS row WITH row, year WHERE row.year = year "
        "WITH row.c AS c, year, sum(row.count) AS count, collect(DISTINCT row.source) AS sources "
        "ORDER BY count DESC, c.id LIMIT $first "
        f"RETURN collect({{node: {country}, rel: {{count: count, year: year, sources: sources}}}})"
        " AS items } "
        "RETURN collect([pid, items]) AS rows"
    )
    return Statement(text, {"ids": ids, "year": year, "first": first})
