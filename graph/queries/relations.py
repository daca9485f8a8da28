"""Nested lists: one batched statement per relationship field, keyed by parent ids.

A nested field such as ``Actor.offerings`` is resolved for *all* parents of one request
level together (the DataLoader collects their ids): ``UNWIND $ids`` walks the parents and a
``CALL (p) {...}`` subquery applies the filter, order and per-parent limit. So a query's
statement count grows with the depth of its selection, never with the number of objects.

:data:`RELATIONS` is the whitelist: every pattern, label and relationship type a nested
field can follow is written here, with ``p`` for the parent, ``n`` for the related node and
``r`` for the relationship when it carries properties.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.queries.catalog import NODE_KINDS, NodeKind, ValueType, projection
from graph.queries.hierarchy import MAX_DEPTH, Scope, place_patterns
from graph.queries.predicates import Compare, Predicate, compile_compare, compile_predicate
from graph.queries.statement import Params, Statement

S, INT, F, D = ValueType.STRING, ValueType.INT, ValueType.FLOAT, ValueType.DATE


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


def _one(name: str, source: str, pattern: str, target: str, /, **rel: ValueType) -> Relation:
    return Relation(name, source, (target,), (pattern,), dict(rel))


_MEMBERSHIP = {"role": S, "since": D, "until": D, "source": S}

_RELATIONS: list[Relation] = [
    # Actor
    _one("Actor.offerings", "Actor", "(p)-[:OFFERS]->(n:Offering)", "Offering"),
    _one("Actor.fundings", "Actor", "(p)-[r:FUNDS]->(n:Offering)", "Offering", program=S, source=S),
    _one(
        "Actor.memberships",
        "Actor",
        "(p)-[r:MEMBER_OF]->(n:WorkingGroup)",
        "WorkingGroup",
        **_MEMBERSHIP,
    ),
    _one("Actor.locatedIn", "Actor", "(p)-[:LOCATED_IN]->(n:Municipality)", "Municipality"),
    _one("Actor.activeIn", "Actor", "(p)-[:ACTIVE_IN]->(n:Municipality)", "Municipality"),
    _one("Actor.partOf", "Actor", "(p)-[:PART_OF]->(n:Actor)", "Actor"),
    _one("Actor.parts", "Actor", "(p)<-[:PART_OF]-(n:Actor)", "Actor"),
    Relation(
        "Actor.cooperations",
        "Actor",
        ("Actor",),
        ("(p)-[r:COOPERATES_WITH]-(n:Actor)",),
        {"kind": S, "since": D, "source": S},
        undirected=True,
    ),
    _one("Actor.coordinators", "Actor", "(p)<-[:WORKS_FOR]-(n:Coordinator)", "Coordinator"),
    _one("Actor.people", "Actor", "(p)<-[:WORKS_FOR]-(n:Person)", "Person"),
    _one(
        "Actor.participations",
        "Actor",
        "(p)-[r:PARTICIPATED_IN]->(n:Event)",
        "Event",
        role=S,
        title=S,
        source=S,
    ),
    # Offering
    _one("Offering.providers", "Offering", "(p)<-[:OFFERS]-(n:Actor)", "Actor"),
    _one("Offering.funders", "Offering", "(p)<-[r:FUNDS]-(n:Actor)", "Actor", program=S, source=S),
    _one("Offering.topics", "Offering", "(p)-[:ADDRESSES]->(n:Topic)", "Topic"),
    _one("Offering.targetGroups", "Offering", "(p)-[:TARGETS]->(n:TargetGroup)", "TargetGroup"),
    _one("Offering.languages", "Offering", "(p)-[:IN_LANGUAGE]->(n:Language)", "Language"),
    _one(
        "Offering.municipalities",
        "Offering",
        "(p)-[:AVAILABLE_IN]->(n:Municipality)",
        "Municipality",
    ),
    _one("Offering.coordinators", "Offering", "(p)<-[:COORDINATES]-(n:Coordinator)", "Coordinator"),
    # WorkingGroup
    _one(
        "WorkingGroup.members",
        "WorkingGroup",
        "(p)<-[r:MEMBER_OF]-(n:Actor)",
        "Actor",
        **_MEMBERSHIP,
    ),
    _one("WorkingGroup.topics", "WorkingGroup", "(p)-[:ADDRESSES]->(n:Topic)", "Topic"),
    _one(
        "WorkingGroup.coordinators",
        "WorkingGroup",
        "(p)<-[:COORDINATES]-(n:Coordinator)",
        "Coordinator",
    ),
    # Coordinator and Person
    _one("Coordinator.worksFor", "Coordinator", "(p)-[:WORKS_FOR]->(n:Actor)", "Actor"),
    _one("Coordinator.offerings", "Coordinator", "(p)-[:COORDINATES]->(n:Offering)", "Offering"),
    _one(
        "Coordinator.workingGroups",
        "Coordinator",
        "(p)-[:COORDINATES]->(n:WorkingGroup)",
        "WorkingGroup",
    ),
    _one("Coordinator.topics", "Coordinator", "(p)-[:COORDINATES]->(n:Topic)", "Topic"),
    _one(
        "Coordinator.participations",
        "Coordinator",
        "(p)-[r:PARTICIPATED_IN]->(n:Event)",
        "Event",
        role=S,
        title=S,
        source=S,
    ),
    _one("Person.worksFor", "Person", "(p)-[:WORKS_FOR]->(n:Actor)", "Actor"),
    _one(
        "Person.participations",
        "Person",
        "(p)-[r:PARTICIPATED_IN]->(n:Event)",
        "Event",
        role=S,
        title=S,
        source=S,
    ),
    # Vocabulary
    _one("Topic.offerings", "Topic", "(p)<-[:ADDRESSES]-(n:Offering)", "Offering"),
    _one("Topic.workingGroups", "Topic", "(p)<-[:ADDRESSES]-(n:WorkingGroup)", "WorkingGroup"),
    _one("Topic.coordinators", "Topic", "(p)<-[:COORDINATES]-(n:Coordinator)", "Coordinator"),
    _one("TargetGroup.offerings", "TargetGroup", "(p)<-[:TARGETS]-(n:Offering)", "Offering"),
    _one("Language.offerings", "Language", "(p)<-[:IN_LANGUAGE]-(n:Offering)", "Offering"),
    _one(
        "Language.countries",
        "Language",
        "(p)-[r:SPOKEN_IN]->(n:Country)",
        "Country",
        share=F,
        source=S,
    ),
    _one(
        "Country.languages",
        "Country",
        "(p)<-[r:SPOKEN_IN]-(n:Language)",
        "Language",
        share=F,
        source=S,
    ),
    _one(
        "Country.residents",
        "Country",
        "(p)-[r:RESIDES_IN]->(n:Municipality)",
        "Municipality",
        count=INT,
        year=INT,
        source=S,
    ),
    # Municipality
    _one("Municipality.partOf", "Municipality", "(p)-[:PART_OF]->(n:Municipality)", "Municipality"),
    _one("Municipality.parts", "Municipality", "(p)<-[:PART_OF]-(n:Municipality)", "Municipality"),
    # Event
    Relation(
        "Event.participants",
        "Event",
        ("Actor", "Coordinator", "Person"),
        ("(p)<-[r:PARTICIPATED_IN]-(n:Actor|Coordinator|Person)",),
        {"role": S, "title": S, "source": S},
    ),
]

for _scope in Scope:
    _RELATIONS.append(
        Relation(
            f"Municipality.offerings.{_scope.value}",
            "Municipality",
            ("Offering",),
            tuple(place_patterns("offering.availableIn", _scope, subject="n", anchor="p")),
        )
    )
    _RELATIONS.append(
        Relation(
            f"Municipality.actors.{_scope.value}",
            "Municipality",
            ("Actor",),
            tuple(place_patterns("actor.place", _scope, subject="n", anchor="p")),
        )
    )

RELATIONS: dict[str, Relation] = {relation.name: relation for relation in _RELATIONS}
"""Every nested relationship field, by ``Type.field`` (scoped ones by ``.scope``)."""


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
    ``year`` each municipality reports its latest year on record.
    """
    hops = f"*0..{MAX_DEPTH}" if with_parts else "*0..0"
    country = projection((NODE_KINDS["Country"],), "c", props)
    text = (
        "UNWIND $ids AS pid MATCH (p:Municipality {id: pid}) "
        "CALL (p) { "
        f"MATCH (p)<-[:PART_OF{hops}]-(:Municipality)<-[r:RESIDES_IN]-(c:Country) "
        "WITH collect({c: c, count: r.count, year: r.year}) AS rows "
        "WITH rows, coalesce($year, "
        "reduce(y = null, x IN rows | CASE WHEN y IS NULL OR x.year > y THEN x.year ELSE y END)"
        ") AS year "
        "UNWIND rows AS row WITH row, year WHERE row.year = year "
        "WITH row.c AS c, year, sum(row.count) AS count "
        "ORDER BY count DESC, c.id LIMIT $first "
        f"RETURN collect({{node: {country}, rel: {{count: count, year: year}}}})"
        " AS items } "
        "RETURN collect([pid, items]) AS rows"
    )
    return Statement(text, {"ids": ids, "year": year, "first": first})
