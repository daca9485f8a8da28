"""Nested lists: one batched statement per relationship field, keyed by parent ids.

A nested field such as ``Actor.offerings`` is resolved for *all* parents of one request
level together (the DataLoader collects their ids): ``UNWIND $ids`` walks the parents and a
``CALL (p) {...}`` subquery applies the filter, order and per-parent limit. So a query's
statement count grows with the depth of its selection, never with the number of objects.
The relationship fields are those of the whitelist :data:`graph.queries.relations.RELATIONS`.
"""

from __future__ import annotations

from graph.queries.catalog import NODE_KINDS, projection
from graph.queries.hierarchy import MAX_DEPTH
from graph.queries.predicates import Compare, Predicate, compile_compare, compile_predicate
from graph.queries.relations import Relation, check_read
from graph.queries.statement import Params, Statement


def per_parent(
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
    check_read(relation, node_filter=where is not None, rel_filter=bool(rel_where))
    params = Params()
    conditions: list[str] = []
    if where is not None and relation.target_kind is not None:
        conditions.append(compile_predicate(where, relation.target_kind, "n", params))
    conditions += [compile_compare(t, "r", relation.rel_props, params) for t in rel_where]
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
