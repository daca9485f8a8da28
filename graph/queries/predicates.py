"""Typed filter values and their translation into Cypher ``WHERE`` conditions.

The GraphQL filter inputs turn into these small immutable values; :func:`compile_predicate`
turns them into text plus parameters. Immutability matters twice: the values are hashable,
so a DataLoader can be keyed by them, and a predicate compiles to the same text every time,
so equal requests share a cached query plan in Neo4j.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from domain.contract import CONTRACT, Contract
from graph.queries.catalog import NODE_KINDS, NodeKind, ValueType, node_kinds
from graph.queries.hierarchy import PLACE_RELATIONSHIPS, Scope, scope_prelude
from graph.queries.paths import LINK_PATHS
from graph.queries.quantified import (
    MAX_RELATION_DEPTH,
    QUANTIFIED_NODE,
    Quantifier,
    quantified_relation,
    step,
)
from graph.queries.statement import Params


class Op(Enum):
    """Comparison operators, named as in the Neo4j GraphQL Library's filter inputs."""

    EQ = "="
    IN = "IN"
    CONTAINS = "CONTAINS"
    STARTS_WITH = "STARTS WITH"
    ENDS_WITH = "ENDS WITH"
    LT = "<"
    LTE = "<="
    GT = ">"
    GTE = ">="


STRING_ONLY = frozenset({Op.CONTAINS, Op.STARTS_WITH, Op.ENDS_WITH})


@dataclass(frozen=True)
class Compare:
    """``prop op value`` on the filtered node (``value`` is a tuple for ``IN``)."""

    prop: str
    op: Op
    value: Any


@dataclass(frozen=True)
class AllOf:
    """Every part holds (``AND``); no parts: always true."""

    parts: tuple[Predicate, ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one part holds (``OR``); no parts: never true."""

    parts: tuple[Predicate, ...]


@dataclass(frozen=True)
class Not:
    """The part does not hold (``NOT``)."""

    part: Predicate


@dataclass(frozen=True)
class Related:
    """A node reached through the whitelisted ``link`` passes ``test``.

    ``actor.topic`` with ``Compare("id", Op.IN, ("sprache",))`` reads "the actor works on
    Sprache" (see :data:`LINKS` for what each link follows).
    """

    link: str
    test: Compare


@dataclass(frozen=True)
class InMunicipality:
    """The node's place relationship (``link``) points into one of ``ids`` under ``scope``."""

    link: str
    ids: tuple[str, ...]
    scope: Scope


@dataclass(frozen=True)
class Quantified:
    """The nodes reached through the relationship field ``relation`` of the subject's kind
    (``"offerings"`` on an Actor follows ``RELATIONS["Actor.offerings"]``) pass ``test``: at
    least one (SOME), none (NONE) or every one (ALL). ALL holds for a node without related
    nodes, as in the Neo4j GraphQL Library; ``test`` may hold Quantified parts of its own.
    """

    relation: str
    quantifier: Quantifier
    test: Predicate


Predicate = Compare | AllOf | AnyOf | Not | Related | InMunicipality | Quantified


@dataclass(frozen=True)
class FilterLink:
    """Paths from a subject ``n`` to a far node ``x`` of kind ``far``; any path suffices."""

    subject: str
    far: NodeKind
    patterns: tuple[str, ...]


def _lower_first(label: str) -> str:
    return label[0].lower() + label[1:]


def _kinds(contract: Contract) -> dict[str, NodeKind]:
    """The catalog's own kinds for the real contract (one object per kind), else new ones."""
    return NODE_KINDS if contract is CONTRACT else node_kinds(contract)


def single_links(contract: Contract) -> dict[str, FilterLink]:
    """The filter links over one relationship, from each end that names one:
    ``offering.provider`` follows ``(n)<-[:OFFERS]-(x:Actor)``."""
    kinds = _kinds(contract)
    found: dict[str, FilterLink] = {}
    for rel in contract.relationships:
        arrow = "-" if rel.undirected else "->"
        ends = (
            (rel.start, rel.end, f"-[:{rel.rel_type}]{arrow}"),
            (rel.end, rel.start, f"<-[:{rel.rel_type}]-"),
        )
        for here, there, edge in ends:
            if here.filter is not None:
                name = f"{_lower_first(here.label)}.{here.filter}"
                if name in found:
                    raise ValueError(f"two relationships name the filter link {name!r}")
                found[name] = FilterLink(
                    here.label, kinds[there.label], (f"(n){edge}(x:{there.label})",)
                )
    return found


def links(contract: Contract) -> dict[str, FilterLink]:
    """Every filter link of a contract: derived ones, then the hand-written multi-hop ones."""
    kinds = _kinds(contract)
    multi = {
        name: FilterLink(subject, kinds[far], patterns)
        for name, (subject, far, patterns) in LINK_PATHS.items()
    }
    derived = single_links(contract)
    if derived.keys() & multi.keys():
        raise ValueError(f"filter links named twice: {sorted(derived.keys() & multi.keys())}")
    return {**derived, **multi}


LINKS: dict[str, FilterLink] = links(CONTRACT)
"""Every relationship path a filter may follow, by name."""


FAR = "far_node"
ANCHOR = "anchor_place"
"""Variables local to a filter's EXISTS subquery; named so that no statement's own
variables (``n``, ``o``, ``a``, ``x`` ...) are captured by them."""


def compile_compare(test: Compare, var: str, types: dict[str, ValueType], params: Params) -> str:
    """``var.prop op $p`` after checking the property and operator against the whitelist."""
    if test.prop not in types:
        raise ValueError(f"{test.prop!r} is not a filterable property here")
    if test.op in STRING_ONLY and types[test.prop] is not ValueType.STRING:
        raise ValueError(f"{test.op.name} applies to text properties only, not {test.prop!r}")
    value = list(test.value) if test.op is Op.IN else test.value
    return f"{var}.{test.prop} {test.op.value} {params.add(value)}"


def compile_predicate(pred: Predicate, kind: NodeKind, var: str, params: Params) -> str:
    """The condition for ``pred`` on the node bound to ``var`` (of label ``kind``)."""
    if isinstance(pred, Compare):
        return compile_compare(pred, var, kind.properties, params)
    if isinstance(pred, AllOf):
        if not pred.parts:
            return "true"
        return "(" + " AND ".join(compile_predicate(p, kind, var, params) for p in pred.parts) + ")"
    if isinstance(pred, AnyOf):
        if not pred.parts:
            return "false"
        return "(" + " OR ".join(compile_predicate(p, kind, var, params) for p in pred.parts) + ")"
    if isinstance(pred, Not):
        return f"(NOT {compile_predicate(pred.part, kind, var, params)})"
    if isinstance(pred, Related):
        return _compile_related(pred, kind, var, params)
    if isinstance(pred, Quantified):
        return _compile_quantified(pred, kind, var, params)
    return _compile_place(pred, kind, var, params)


def _rebind(pattern: str, var: str) -> str:
    """Patterns are written with ``n`` as the subject; point them at the caller's variable."""
    return pattern.replace("(n)", f"({var})", 1)


def _compile_related(pred: Related, kind: NodeKind, var: str, params: Params) -> str:
    link = LINKS[pred.link]
    if link.subject != kind.label:
        raise ValueError(f"link {pred.link!r} does not start at {kind.label}")
    test = compile_compare(pred.test, FAR, link.far.properties, params)
    checks = [
        f"EXISTS {{ MATCH {_rebind(p, var).replace('(x:', f'({FAR}:')} WHERE {test} }}"
        for p in link.patterns
    ]
    return checks[0] if len(checks) == 1 else "(" + " OR ".join(checks) + ")"


def _places(pred: InMunicipality, kind: NodeKind, params: Params) -> tuple[str, str]:
    """Register the prelude collecting the accepted places; return its variable and the
    relationship type expression of the link."""
    label, rel = PLACE_RELATIONSHIPS[pred.link]
    if label != kind.label:
        raise ValueError(f"place link {pred.link!r} does not start at {kind.label}")
    return params.prelude(scope_prelude(params.add(list(pred.ids)), pred.scope), "places"), rel


def _compile_place(pred: InMunicipality, kind: NodeKind, var: str, params: Params) -> str:
    """The accepted places are collected once per statement (a prelude), then each node
    only checks its own few place relationships against that list."""
    places, rel = _places(pred, kind, params)
    return (
        f"EXISTS {{ MATCH ({var})-[:{rel}]->({ANCHOR}:Municipality) WHERE {ANCHOR} IN {places} }}"
    )


def match_nodes(
    pred: Predicate | None, kind: NodeKind, var: str, params: Params
) -> tuple[str, list[str]]:
    """How to find the nodes of ``kind`` passing ``pred``: a clause binding ``var``, and the
    conditions left for its ``WHERE``.

    Without a place filter every node of the label is a candidate. With one at the top
    level (alone or in an ``AND``), the search starts at the accepted places and walks to
    the few nodes there, instead of testing every node of the label: on a national
    landscape the difference is one Samtgemeinde against all offerings.
    """
    parts = pred.parts if isinstance(pred, AllOf) else (() if pred is None else (pred,))
    anchor = next((p for p in parts if isinstance(p, InMunicipality)), None)
    if anchor is None:
        conditions = [] if pred is None else [compile_predicate(pred, kind, var, params)]
        return f"MATCH ({var}:{kind.label})", conditions
    places, rel = _places(anchor, kind, params)
    rest = [compile_predicate(p, kind, var, params) for p in parts if p is not anchor]
    carried = ", ".join([var, *params.prelude_vars])
    clause = (
        f"UNWIND {places} AS {ANCHOR} MATCH ({ANCHOR})<-[:{rel}]-({var}:{kind.label}) "
        f"WITH DISTINCT {carried}"
    )
    return clause, rest


def relation_depth(pred: Predicate) -> int:
    """How deep relationship filters nest in ``pred`` (0: none)."""
    if isinstance(pred, Quantified):
        return 1 + relation_depth(pred.test)
    if isinstance(pred, AllOf | AnyOf):
        return max((relation_depth(p) for p in pred.parts), default=0)
    if isinstance(pred, Not):
        return relation_depth(pred.part)
    return 0


def misplaced_relation(pred: Predicate, label: str) -> str | None:
    """The first relationship filter in ``pred`` that nodes of ``label`` (or the related
    nodes it leads to) do not have, as ``"Label.field"``; None when every one fits."""
    if isinstance(pred, AllOf | AnyOf):
        found = (misplaced_relation(p, label) for p in pred.parts)
        return next((f for f in found if f is not None), None)
    if isinstance(pred, Not):
        return misplaced_relation(pred.part, label)
    if isinstance(pred, Quantified):
        relation = quantified_relation(label, pred.relation)
        if relation is None:
            return f"{label}.{pred.relation}"
        return misplaced_relation(pred.test, relation.targets[0])
    return None


def _compile_quantified(pred: Quantified, kind: NodeKind, var: str, params: Params) -> str:
    """``some``: EXISTS, ``none``: NOT EXISTS, ``all``: no related node fails the test (a
    test that is null counts as failed, as it would in a filter of its own).

    A ``some`` inside a ``some`` (alone, or beside conditions in an AND) does not become an
    EXISTS inside an EXISTS: the chain is written as consecutive ``MATCH`` clauses of ONE
    subquery (``EXISTS { MATCH (a)-[:OFFERS]->(o) MATCH (o)-[:ADDRESSES]->(t) WHERE ... }``),
    which Neo4j plans as a whole, like the path a person would write. Separate MATCH clauses
    keep the meaning exactly: unlike one path pattern, they may use a relationship twice, as
    the nested subqueries may.
    """
    if relation_depth(pred) > MAX_RELATION_DEPTH:
        raise ValueError(f"relationship filters nest at most {MAX_RELATION_DEPTH} levels deep")
    if pred.quantifier is Quantifier.ALL:
        pattern, far, target = _quantified_step(pred, kind, var, params)
        test = compile_predicate(pred.test, target, far, params)
        if test == "true":
            return "true"
        return f"(NOT EXISTS {{ MATCH {pattern} WHERE NOT coalesce({test}, false) }})"
    clauses = " ".join(_some_chain(pred, kind, var, params))
    exists = f"EXISTS {{ {clauses} }}"
    return exists if pred.quantifier is Quantifier.SOME else f"(NOT {exists})"


def _quantified_step(
    pred: Quantified, kind: NodeKind, var: str, params: Params
) -> tuple[str, str, NodeKind]:
    """The pattern of one relationship filter's step, its far variable and far kind."""
    relation = quantified_relation(kind.label, pred.relation)
    if relation is None or relation.target_kind is None:
        raise ValueError(f"{kind.label} has no relationship filter {pred.relation!r}")
    far = params.variable(QUANTIFIED_NODE)
    return step(relation, var, far), far, relation.target_kind


def _some_chain(pred: Quantified, kind: NodeKind, var: str, params: Params) -> list[str]:
    """``MATCH step WHERE conditions`` clauses for ``pred``, continued into one nested
    ``some`` of its test."""
    pattern, far, target = _quantified_step(pred, kind, var, params)
    parts = pred.test.parts if isinstance(pred.test, AllOf) else (pred.test,)
    chained = [p for p in parts if isinstance(p, Quantified) and p.quantifier is Quantifier.SOME]
    following = chained[0] if len(chained) == 1 else None
    tests = [compile_predicate(p, target, far, params) for p in parts if p is not following]
    tests = [test for test in tests if test != "true"]
    clause = f"MATCH {pattern}" + (f" WHERE {' AND '.join(tests)}" if tests else "")
    if following is None:
        return [clause]
    return [clause, *_some_chain(following, target, far, params)]
