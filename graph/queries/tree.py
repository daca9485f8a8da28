"""A whole tree of reads as ONE statement: root fields, and nested relationships to any depth.

The resolver path sends one statement per root field and one per relationship level (the
DataLoaders of ``schema.batching``). Here the same reads are written as one statement whose
result already has the shape of the answer: each root is a ``CALL`` subquery, each nested
relationship a ``COLLECT { }`` subquery inside its parent's map projection, with its own
filter, order and limit. Neo4j plans the whole tree at once and the driver decodes one
record, so a request costs one round trip however deep it goes.

The node maps hold the selected properties under their own names and the nested lists
under ``child_key(i)`` (``__0``, ``__1`` ...): names no property of the data contract can
have. Every label, relationship type and property comes from the whitelists in
``graph.queries.catalog`` and ``graph.queries.relations``; every value is a parameter.

Variables are numbered per statement (``n`` for a root's nodes as ``graph.queries.nodes``
names them, ``v1``, ``v2`` ... and ``e1``, ``e2`` ... below), so that no subquery captures
a variable of an enclosing one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import count

from graph.queries.aggregates import Summary, related_nodes, root_body, summary_body
from graph.queries.catalog import NODE_KINDS, NodeKind, projection
from graph.queries.nodes import Order, Position, after_condition
from graph.queries.predicates import (
    Compare,
    Predicate,
    compile_compare,
    compile_predicate,
    match_nodes,
)
from graph.queries.relations import Relation, check_read, rebind
from graph.queries.statement import Params, Statement


@dataclass(frozen=True)
class Select:
    """What to read of a node: its properties (None: all) and its nested relationships."""

    props: frozenset[str] | None
    children: tuple[Nested | NestedSummary, ...] = ()


@dataclass(frozen=True)
class Nested:
    """Up to ``first`` nodes related through ``relation``, filtered, in the relation's order.

    ``rel_props`` are the relationship properties to read (None: all the relation has): a
    membership read only for its working group needs neither its role nor its dates.
    """

    relation: Relation
    first: int
    select: Select
    where: Predicate | None = None
    rel_where: tuple[Compare, ...] = ()
    rel_props: frozenset[str] | None = None


@dataclass(frozen=True)
class NestedSummary:
    """The aggregate of the nodes related through ``relation`` that pass ``where``
    (``graph.queries.aggregates``): one map, not a list."""

    relation: Relation
    where: Predicate | None
    summary: Summary


@dataclass(frozen=True)
class ById:
    """One node of ``kind`` by id: the root's value is a list of zero or one node maps."""

    kind: NodeKind
    id: str
    select: Select


@dataclass(frozen=True)
class Page:
    """A filtered, sorted page (keyset pagination as in ``graph.queries.nodes.page``).

    The root's value is ``{total, nodes}``: ``nodes`` up to ``limit`` maps, ``total`` the
    number of all matches when ``with_total`` (else null). With ``with_next``, ``limit`` is
    one more than the page size, as in ``graph.queries.nodes.page``: the extra row says
    there is a next page.
    """

    kind: NodeKind
    where: Predicate | None
    order: Order
    limit: int
    after: Position | None
    with_total: bool
    select: Select
    with_next: bool = True

    @property
    def size(self) -> int:
        """The page size: the rows shown."""
        return self.limit - 1 if self.with_next else self.limit

    def without_next(self) -> Page:
        """The page without its extra row, for an answer that does not say whether there
        is a next page (no ``hasNextPage``): below a nested list, that row is a whole
        subtree read for nothing."""
        return replace(self, limit=self.size, with_next=False)


@dataclass(frozen=True)
class SummaryRoot:
    """The aggregate of the nodes of ``kind`` passing ``where``: the root's value is one map."""

    kind: NodeKind
    where: Predicate | None
    summary: Summary


Root = ById | Page | SummaryRoot


def child_key(index: int) -> str:
    """The key of a node map's ``index``-th nested list."""
    return f"__{index}"


def root_key(index: int) -> str:
    """The column of the ``index``-th root in the statement's one record."""
    return f"root{index}"


@dataclass
class _Writer:
    params: Params = field(default_factory=Params)
    numbers: count[int] = field(default_factory=lambda: count(1))

    def fresh(self) -> int:
        return next(self.numbers)


def statement(roots: Sequence[Root]) -> Statement:
    """One statement reading every root; its one record has a column per root.

    >>> from graph.queries.catalog import TOPIC
    >>> text = statement([ById(TOPIC, "sprache", Select(frozenset({"name"})))]).text
    >>> text.startswith("CALL () { MATCH (n:Topic {id: $p0}) RETURN collect(n {.id, .name})")
    True
    """
    if not roots:
        raise ValueError("a statement needs at least one root")
    writer = _Writer()
    parts: list[str] = []
    columns: list[str] = []
    for index, root in enumerate(roots):
        text, column = _root(root, index, writer)
        parts.append(text)
        columns.append(f"{column} AS {root_key(index)}")
    text = f"{writer.params.head()}{' '.join(parts)} RETURN {', '.join(columns)}"
    return Statement(text, writer.params.values)


def _root(root: Root, index: int, writer: _Writer) -> tuple[str, str]:
    """The subqueries of one root and the expression of its column."""
    params = writer.params
    nodes = f"nodes{index}"
    if isinstance(root, ById):
        pre: list[str] = []
        node = _projection(root.kind, "n", root.select, writer, pre)
        body = (
            f"MATCH (n:{root.kind.label} {{id: {params.add(root.id)}}}) "
            f"{_computed(['n', *params.prelude_vars], pre)}RETURN collect({node}) AS {nodes}"
        )
        return f"CALL {params.scope()} {{ {body} }}", nodes
    if isinstance(root, SummaryRoot):
        summary = f"summary{index}"
        body = root_body(root.kind, root.where, root.summary, writer.fresh(), params)
        return f"CALL {params.scope()} {{ {body} AS {summary} }}", summary
    root.kind.value_type(root.order.prop)
    total = f"total{index}"
    match, conditions = match_nodes(root.where, root.kind, "n", params)
    counting = f"RETURN null AS {total}"
    if root.with_total:
        counting = f"{match} {_where(conditions)} RETURN count(n) AS {total}"
    counting = f"CALL {params.scope()} {{ {counting} }}"
    if root.after is not None:
        conditions = [*conditions, after_condition(root.order, root.kind, root.after, params)]
    direction = "DESC" if root.order.descending else "ASC"
    select = root.select
    if select.props is not None:  # the cursors are made of the sort property
        select = Select(select.props | {root.order.prop}, select.children)
    pre = []
    node = _projection(root.kind, "n", select, writer, pre)
    computed = _computed(["n", *params.prelude_vars], pre)
    body = (
        f"{match} {_where(conditions)} "
        f"WITH n ORDER BY n.{root.order.prop} {direction}, n.id {direction} "
        f"LIMIT {params.add(root.limit)} {computed}RETURN collect({node}) AS {nodes}"
    )
    # Written after the body: the nested filters may have added preludes to import.
    page = f"CALL {params.scope()} {{ {body} }}"
    return f"{counting} {page}", f"{{total: {total}, nodes: {nodes}}}"


def _computed(kept: list[str], pre: list[str]) -> str:
    """``WITH kept, <aggregate> AS s1, ...``: the aggregates of the nodes' relationship fields,
    computed before the node maps that hold them (Neo4j reads an aggregating subquery inside
    a map, or inside ``collect()``, as an aggregation of the map itself)."""
    return f"WITH {', '.join([*kept, *pre])} " if pre else ""


def _projection(
    kind: NodeKind | tuple[NodeKind, ...], var: str, select: Select, w: _Writer, pre: list[str]
) -> str:
    """The node map of ``var``; its aggregates, and the lists with an aggregate below, go to
    ``pre`` (columns to compute first, see :func:`_computed`); the map refers to them."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    children = []
    for i, child in enumerate(select.children):
        if isinstance(child, Nested) and not _summarises(child.select):
            children.append(f"{child_key(i)}: {_nested(child, var, w)}")
            continue
        # an aggregate, or a list holding one further down: a column of its own
        column = f"sub_{var}_{i}"
        found = _nested(child, var, w) if isinstance(child, Nested) else _summary(child, var, w)
        pre.append(f"{found} AS {column}")
        children.append(f"{child_key(i)}: {column}")
    return projection(kinds, var, select.props, children)


def _summarises(select: Select) -> bool:
    """Whether an aggregate is read anywhere below ``select``."""
    return any(
        isinstance(child, NestedSummary) or _summarises(child.select) for child in select.children
    )


def _summary(child: NestedSummary, parent: str, w: _Writer) -> str:
    number = w.fresh()
    var = f"v{number}"
    kind = child.relation.target_kind
    if kind is None:
        raise ValueError(f"{child.relation.name} leads to several labels and has no aggregate")
    nodes = related_nodes(child.relation, parent, var, child.where, w.params)
    body = summary_body(kind, nodes, var, child.summary, number, w.params)
    return f"head(COLLECT {{ {body} AS summary }})"


def _nested(child: Nested, parent: str, w: _Writer) -> str:
    relation = child.relation
    number = w.fresh()
    var, rel = f"v{number}", f"e{number}"
    check_read(relation, node_filter=child.where is not None, rel_filter=bool(child.rel_where))
    conditions = []
    if child.where is not None and relation.target_kind is not None:
        conditions.append(compile_predicate(child.where, relation.target_kind, var, w.params))
    conditions += [compile_compare(t, rel, relation.rel_props, w.params) for t in child.rel_where]
    order = f"ORDER BY {var}.{relation.order_prop}, {var}.id LIMIT {w.params.add(child.first)}"
    kinds = tuple(NODE_KINDS[label] for label in relation.targets)
    pre: list[str] = []
    item = [f"node: {_projection(kinds, var, child.select, w, pre)}"]
    if len(kinds) > 1:
        item.append(f"labels: labels({var})")
    patterns = [rebind(p, parent, var, rel) for p in relation.patterns]
    if relation.rel_props:
        wanted = child.rel_props
        props = [p for p in relation.rel_props if wanted is None or p in wanted]
        if props:
            item.append(f"rel: {rel} {{{', '.join(f'.{prop}' for prop in props)}}}")
        if relation.undirected:
            item.append(f"outgoing: startNode({rel}) = {parent}")
        body = f"MATCH {patterns[0]} {_where(conditions)} WITH {var}, {rel} {order}"
    elif len(patterns) == 1:
        body = f"MATCH {patterns[0]} WITH DISTINCT {var} {_where(conditions)} WITH {var} {order}"
    else:
        union = " UNION ".join(f"MATCH {pattern} RETURN {var}" for pattern in patterns)
        body = (
            f"CALL ({parent}) {{ {union} }} "
            f"WITH DISTINCT {var} {_where(conditions)} WITH {var} {order}"
        )
    kept = [var, rel] if relation.rel_props else [var]
    kept += w.params.prelude_vars  # the place filters' lists, used by the aggregates
    return f"COLLECT {{ {body} {_computed(kept, pre)}RETURN {{{', '.join(item)}}} }}"


def _where(conditions: list[str]) -> str:
    return f"WHERE {' AND '.join(conditions)}" if conditions else ""
