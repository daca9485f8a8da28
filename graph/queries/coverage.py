"""``coverage``: how many offerings fall into each cell of a two-way table.

The axes are municipalities, topics, target groups or languages. An offering counts once in
every cell whose row key and column key it has; it may count in several cells (a course in
Arabic and Dari counts for both languages). For the municipality axis the keys of an
offering follow the same scope as the municipality filter, so a cell for municipality M
equals ``offerings(where: {municipality: {id: M}}).totalCount`` under the same scope.

The statement returns the axis items and the non-empty cells; :func:`fill` adds the zero
cells, so a dashboard sees every row and column even where nothing is offered.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from graph.queries.catalog import OFFERING
from graph.queries.hierarchy import MAX_DEPTH, Scope
from graph.queries.predicates import Predicate, match_nodes
from graph.queries.statement import Params, Statement


class Dimension(Enum):
    """An axis of the coverage table: the label of its items and how offerings reach them."""

    MUNICIPALITY = "Municipality"
    TOPIC = "Topic"
    TARGET_GROUP = "TargetGroup"
    LANGUAGE = "Language"


_DIRECT = {
    Dimension.TOPIC: "(o)-[:ADDRESSES]->(k:Topic)",
    Dimension.TARGET_GROUP: "(o)-[:TARGETS]->(k:TargetGroup)",
    Dimension.LANGUAGE: "(o)-[:IN_LANGUAGE]->(k:Language)",
}


@dataclass(frozen=True)
class Axis:
    """One axis: its dimension and, optionally, which items (ids) or municipality kinds."""

    dimension: Dimension
    ids: tuple[str, ...] = ()
    municipality_kinds: tuple[str, ...] = ()


def _items(axis: Axis, name: str, params: Params) -> str:
    conditions = []
    if axis.ids:
        conditions.append(f"k.id IN {params.add(list(axis.ids))}")
    if axis.municipality_kinds and axis.dimension is Dimension.MUNICIPALITY:
        conditions.append(f"k.kind IN {params.add(list(axis.municipality_kinds))}")
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    return (
        f"CALL () {{ MATCH (k:{axis.dimension.value}) {where} WITH k ORDER BY k.name, k.id "
        f"RETURN collect({{id: k.id, name: k.name}}) AS {name} }} "
    )


def _keys(dimension: Dimension, scope: Scope, name: str) -> str:
    """A subquery giving offering ``o``'s keys on one axis as the list ``name``."""
    if dimension is not Dimension.MUNICIPALITY:
        return f"CALL (o) {{ MATCH {_DIRECT[dimension]} RETURN collect(DISTINCT k.id) AS {name} }} "
    branches = ["RETURN x AS k"]
    if scope.parts:  # an offering in a part counts for every municipality containing it
        branches.append(f"MATCH (x)-[:PART_OF*1..{MAX_DEPTH}]->(k:Municipality) RETURN k")
    if scope.enclosing:  # an offering in an enclosing area counts for its members
        branches.append(f"MATCH (x)<-[:PART_OF*1..{MAX_DEPTH}]-(k:Municipality) RETURN k")
    return (
        f"CALL (o) {{ MATCH (o)-[:AVAILABLE_IN]->(x:Municipality) "
        f"CALL (x) {{ {' UNION '.join(branches)} }} RETURN collect(DISTINCT k.id) AS {name} }} "
    )


def coverage(rows: Axis, columns: Axis, where: Predicate | None, scope: Scope) -> Statement:
    """One statement: ``rows``, ``columns`` (``{id, name}`` lists), ``cells``, ``offerings``."""
    params = Params()
    match, conditions = match_nodes(where, OFFERING, "o", params)
    filtered = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    text = (
        params.head()
        + _items(rows, "rows", params)
        + _items(columns, "columns", params)
        + f"CALL {params.scope()} {{ {match} {filtered} RETURN collect(o) AS matched }} "
        + "CALL (matched) { UNWIND matched AS o "
        + _keys(rows.dimension, scope, "rowKeys")
        + _keys(columns.dimension, scope, "columnKeys")
        + "UNWIND rowKeys AS row UNWIND columnKeys AS column "
        "WITH row, column, count(*) AS count "
        "RETURN collect({row: row, column: column, count: count}) AS cells } "
        "RETURN rows, columns, cells, size(matched) AS offerings"
    )
    return Statement(text, params.values)


def fill(
    rows: list[str], columns: list[str], counted: dict[tuple[str, str], int]
) -> list[list[int]]:
    """The full row-major matrix: every row and column, zero where nothing was counted."""
    return [[counted.get((row, column), 0) for column in columns] for row in rows]
