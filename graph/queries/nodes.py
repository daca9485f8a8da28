"""Root reads of one node kind: by id (batched), and a filtered, sorted page.

A page is read by keyset pagination over a stable order (the sort property, then ``id``):
the cursor carries the last row's sort value and id, and the next page starts strictly
after it. Unlike ``SKIP``, this stays correct when rows are added in between and costs
the same on page 100 as on page 1. The total count, when asked for, is a subquery of the
same statement, so a root list is always exactly one round trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.queries.catalog import NodeKind, projection
from graph.queries.predicates import Predicate, match_nodes
from graph.queries.statement import Params, Statement


@dataclass(frozen=True)
class Order:
    """Sort by ``prop`` (whitelisted for the kind), ties broken by ``id`` in the same direction."""

    prop: str
    descending: bool = False


@dataclass(frozen=True)
class Position:
    """Where the previous page ended: its last row's sort value (may be null) and id."""

    value: Any
    id: str


def by_ids(kind: NodeKind, ids: list[str], props: frozenset[str] | None = None) -> Statement:
    """The nodes of ``kind`` with the given ids, as one row ``nodes`` (missing ids are left out).

    ``props`` are the properties to return (None: all of them).
    """
    node = projection((kind,), "n", props)
    return Statement(
        f"UNWIND $ids AS id MATCH (n:{kind.label} {{id: id}}) RETURN collect({node}) AS nodes",
        {"ids": ids},
    )


def after_condition(order: Order, kind: NodeKind, position: Position, params: Params) -> str:
    """Rows strictly after ``position`` in the order ``ORDER BY n.prop, n.id``.

    Neo4j sorts nulls last ascending and first descending; the condition mirrors that so a
    row with a missing sort value is neither skipped nor repeated.
    """
    kind.value_type(order.prop)
    key = f"n.{order.prop}"
    last_id = params.add(position.id)
    if position.value is None:
        if order.descending:
            return f"(({key} IS NULL AND n.id < {last_id}) OR {key} IS NOT NULL)"
        return f"({key} IS NULL AND n.id > {last_id})"
    value = params.add(position.value)
    if order.descending:
        return f"({key} < {value} OR ({key} = {value} AND n.id < {last_id}))"
    return f"({key} > {value} OR ({key} = {value} AND n.id > {last_id}) OR {key} IS NULL)"


def page(
    kind: NodeKind,
    where: Predicate | None,
    order: Order,
    limit: int,
    after: Position | None,
    *,
    with_total: bool,
    props: frozenset[str] | None = None,
) -> Statement:
    """One statement returning ``total`` (or null) and up to ``limit`` nodes as ``nodes``.

    ``props`` are the properties to return (None: all); the sort property is always among
    them, as the cursors are made of it.
    """
    kind.value_type(order.prop)
    node = projection((kind,), "n", None if props is None else props | {order.prop})
    params = Params()
    direction = "DESC" if order.descending else "ASC"
    match, conditions = match_nodes(where, kind, "n", params)
    total = "RETURN null AS total"
    if with_total:
        total = f"{match} {_where(conditions)} RETURN count(n) AS total"
    if after is not None:
        conditions = [*conditions, after_condition(order, kind, after, params)]
    text = (
        f"{params.head()}CALL {params.scope()} {{ {total} }} "
        f"CALL {params.scope()} {{ {match} {_where(conditions)} "
        f"WITH n ORDER BY n.{order.prop} {direction}, n.id {direction} "
        f"LIMIT {params.named('limit', limit)} RETURN collect({node}) AS nodes }} "
        "RETURN total, nodes"
    )
    return Statement(text, params.values)


def _where(conditions: list[str]) -> str:
    return f"WHERE {' AND '.join(conditions)}" if conditions else ""
