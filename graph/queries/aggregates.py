"""Aggregates of a set of nodes: how many, grouped counts, and min/max/average, in Cypher.

A set of nodes is either the nodes of a kind passing a filter (``offeringsAggregate(where)``)
or the nodes a relationship field reaches from a parent, passing the field's filter
(``WorkingGroup.membersAggregate(where)``): exactly the nodes the matching list field would
page through. What is computed follows what the request selects (:class:`Summary`), so a
dashboard tile asking for ``count`` pays for a count and nothing more.

The answer is one map, ``{count, countBy: {<dimension>: [...]}, min: {...}, max: {...},
average: {...}}``, built in ONE body (:func:`summary_body`) that the three callers share:
a root aggregate is a ``CALL`` subquery of the compiled statement (``graph.queries.tree``),
a nested one a ``COLLECT`` subquery inside its parent's map projection, and the resolver
path sends :func:`root_summary` and :func:`related_summaries` (batched by parent ids).

Grouped counts: a vocabulary property (``Offering.kind``) groups by its stored value; a
relationship to a vocabulary kind, a municipality or a working group (:data:`GROUP_TARGETS`)
groups by the related node, each node of the set counted once per group it reaches (an
offering on two topics counts for both). Groups come largest first, then by value or name.
Every label, type and property is whitelisted (catalog, relations); values are parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.queries.catalog import NODE_KINDS, NodeKind, ValueType
from graph.queries.predicates import Predicate, compile_predicate, match_nodes
from graph.queries.quantified import quantifiable
from graph.queries.relations import RELATIONS, Relation, rebind
from graph.queries.statement import Params, Statement

GROUP_TARGETS = ("Topic", "TargetGroup", "Language", "Country", "Municipality", "WorkingGroup")
"""Kinds a grouped count may group by: the vocabularies, places and working groups, sets
small enough to list every group (a group by provider would be a list of all actors)."""

NUMERIC = (ValueType.INT, ValueType.FLOAT)
ORDERED = (*NUMERIC, ValueType.DATE, ValueType.DATETIME)


def extreme_properties(kind: NodeKind) -> tuple[str, ...]:
    """Properties with a minimum and a maximum: numbers, dates and times (filterable ones:
    contact data and internal notes never reach an aggregate)."""
    return tuple(name for name, type_ in kind.properties.items() if type_ in ORDERED)


def average_properties(kind: NodeKind) -> tuple[str, ...]:
    """Properties with an average: numbers."""
    return tuple(name for name, type_ in kind.properties.items() if type_ in NUMERIC)


def relation_groups(label: str) -> dict[str, Relation]:
    """Relationship fields of ``label`` a grouped count may follow, by field name: one
    relationship to one kind of :data:`GROUP_TARGETS`."""
    found: dict[str, Relation] = {}
    for name, relation in RELATIONS.items():
        source, _, rest = name.partition(".")
        if source != label or "." in rest or not quantifiable(relation):
            continue
        if relation.targets[0] in GROUP_TARGETS:
            found[rest] = relation
    return found


@dataclass(frozen=True)
class Summary:
    """What an aggregate answer holds: the selected parts only."""

    count: bool = False
    by_value: tuple[str, ...] = ()
    """Properties grouped by value (``kind``)."""
    by_relation: tuple[str, ...] = ()
    """Relationship fields grouped by related node (``topics``)."""
    minimum: tuple[str, ...] = ()
    maximum: tuple[str, ...] = ()
    average: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (
            self.count
            or self.by_value
            or self.by_relation
            or self.minimum
            or self.maximum
            or self.average
        )


@dataclass
class Names:
    """Fresh variable names for one body (numbered by the statement's writer)."""

    number: int
    taken: list[str] = field(default_factory=list)

    def __call__(self, stem: str) -> str:
        name = f"{stem}{self.number}_{len(self.taken)}"
        self.taken.append(name)
        return name


def summary_body(
    kind: NodeKind, nodes: str, var: str, summary: Summary, number: int, params: Params
) -> str:
    """``<nodes> WITH ... RETURN {map}``: the aggregate of the distinct nodes bound to ``var``
    by the clauses ``nodes`` (a MATCH with its WHERE). Checks every name against the
    whitelists; ``number`` keeps its variables apart from the statement's others."""
    names = Names(number)
    columns: list[str] = []
    entries: list[str] = []
    if summary.count:
        count = names("count")
        columns.append(f"count({var}) AS {count}")
        entries.append(f"count: {count}")
    for key, props, function in (
        ("min", summary.minimum, "min"),
        ("max", summary.maximum, "max"),
        ("average", summary.average, "avg"),
    ):
        if not props:
            continue
        allowed = average_properties(kind) if function == "avg" else extreme_properties(kind)
        parts = []
        for prop in props:
            if prop not in allowed:
                raise ValueError(f"{kind.label}.{prop} has no {key}")
            column = names("stat")
            columns.append(f"{function}({var}.{prop}) AS {column}")
            parts.append(f"{prop}: {column}")
        entries.append(f"{key}: {{{', '.join(parts)}}}")
    groups: list[str] = []
    computed: list[str] = []
    if summary.by_value or summary.by_relation:
        collected = names("nodes")
        columns.append(f"collect({var}) AS {collected}")
        for prop in summary.by_value:
            kind.value_type(prop)
            item, size, column = names("item"), names("size"), names("group")
            computed.append(
                f"COLLECT {{ UNWIND {collected} AS {item} "
                f"WITH {item}.{prop} AS value, count(*) AS {size} "
                f"ORDER BY {size} DESC, value RETURN {{value: value, count: {size}}} }} AS {column}"
            )
            groups.append(f"{prop}: {column}")
        relations = relation_groups(kind.label)
        for name in summary.by_relation:
            relation = relations.get(name)
            if relation is None:
                raise ValueError(f"{kind.label}.{name} is no relationship to group by")
            item, far, size, column = names("item"), names("far"), names("size"), names("group")
            title = NODE_KINDS[relation.targets[0]].title
            computed.append(
                f"COLLECT {{ UNWIND {collected} AS {item} "
                f"MATCH {_step(relation, item, far)} "
                f"WITH {far}, count(DISTINCT {item}) AS {size} "
                f"ORDER BY {size} DESC, {far}.{title}, {far}.id "
                f"RETURN {{id: {far}.id, name: {far}.{title}, count: {size}}} }} AS {column}"
            )
            groups.append(f"{name}: {column}")
        entries.append(f"countBy: {{{', '.join(groups)}}}")
    if not columns:
        columns.append(f"count({var}) AS {names('count')}")
    text = f"{nodes} WITH DISTINCT {var} WITH {', '.join(columns)} "
    if computed:
        # Grouping subqueries aggregate: Neo4j takes them as columns of their own, not
        # inside the map (where it would read the map as an aggregation).
        kept = [column.rsplit(" AS ", 1)[1] for column in columns]
        text += f"WITH {', '.join([*kept, *computed])} "
    return f"{text}RETURN {{{', '.join(entries)}}}"


def _step(relation: Relation, var: str, far: str) -> str:
    """The relation's one relationship from ``var`` to ``far`` (no relationship variable)."""
    return rebind(relation.patterns[0], var, far, "")


def related_nodes(
    relation: Relation, parent: str, var: str, where: Predicate | None, params: Params
) -> str:
    """The clauses binding ``var`` to the nodes ``relation`` reaches from ``parent`` that pass
    ``where`` (not yet distinct)."""
    kind = relation.target_kind
    if kind is None:
        raise ValueError(f"{relation.name} leads to several labels and has no aggregate")
    condition = "" if where is None else f"WHERE {compile_predicate(where, kind, var, params)}"
    rel = f"{var}_rel"
    patterns = [rebind(p, parent, var, rel) for p in relation.patterns]
    if len(patterns) == 1:
        return f"MATCH {patterns[0]} {condition}"
    union = " UNION ".join(f"MATCH {pattern} RETURN {var}" for pattern in patterns)
    carried = ", ".join([var, *params.prelude_vars])
    return f"CALL ({parent}) {{ {union} }} WITH DISTINCT {carried} {condition}"


def root_body(
    kind: NodeKind, where: Predicate | None, summary: Summary, number: int, params: Params
) -> str:
    """The aggregate of the nodes of ``kind`` passing ``where`` (variable ``n``)."""
    match, conditions = match_nodes(where, kind, "n", params)
    nodes = f"{match} {'WHERE ' + ' AND '.join(conditions) if conditions else ''}"
    return summary_body(kind, nodes, "n", summary, number, params)


def root_summary(kind: NodeKind, where: Predicate | None, summary: Summary) -> Statement:
    """The resolver path's statement for a root aggregate: one row ``summary``."""
    params = Params()
    body = root_body(kind, where, summary, 0, params)
    text = f"{params.head()}CALL {params.scope()} {{ {body} AS summary }} RETURN summary"
    return Statement(text, params.values)


def related_summaries(
    relation: Relation, ids: list[str], where: Predicate | None, summary: Summary
) -> Statement:
    """The resolver path's statement for a relationship field's aggregate, for all parents
    of one level: one row ``rows: [[pid, summary], ...]``."""
    params = Params()
    kind = relation.target_kind
    if kind is None:
        raise ValueError(f"{relation.name} leads to several labels and has no aggregate")
    nodes = related_nodes(relation, "p", "m", where, params)
    body = summary_body(kind, nodes, "m", summary, 0, params)
    text = (
        f"{params.head()}UNWIND $ids AS pid MATCH (p:{relation.source} {{id: pid}}) "
        f"CALL {params.scope('p')} {{ {body} AS summary }} "
        "RETURN collect([pid, summary]) AS rows"
    )
    return Statement(text, {**params.values, "ids": ids})
