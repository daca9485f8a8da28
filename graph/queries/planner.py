"""``whoWorksOn``: the offerings and actors that match a planner's criteria, and why.

An offering matches when it satisfies *every* given criterion; within one criterion any of
the listed values will do (``language: [ar, fa]`` reads "in Arabic or Dari"). For each
criterion the statement reports the related nodes that satisfied it, and for the place the
relation too (exact, part, enclosing; see :mod:`graph.queries.hierarchy`).

Actors match as providers of matching offerings. When the question is only about topics
(and optionally a place), an actor also matches as a member of a working group on one of
the topics, located or active in the place: target groups and languages are facts about
offerings, so a membership cannot answer them.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.queries.catalog import ACTOR, OFFERING
from graph.queries.hierarchy import Scope, relation_case
from graph.queries.predicates import (
    AllOf,
    Compare,
    InMunicipality,
    Op,
    Predicate,
    Related,
    compile_predicate,
    match_nodes,
)
from graph.queries.statement import Params, Statement


@dataclass(frozen=True)
class Criteria:
    """What a planner asks for; empty tuples are "any"."""

    topics: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    scope: Scope = Scope.WITH_PARTS_AND_ENCLOSING

    @property
    def empty(self) -> bool:
        return not (self.topics or self.target_groups or self.languages or self.municipalities)


# criterion name -> (link for the filter, relationship pattern from o to x)
_VOCABULARY = {
    "topic": ("offering.topic", "(o)-[:ADDRESSES]->(x:Topic)"),
    "targetGroup": ("offering.targetGroup", "(o)-[:TARGETS]->(x:TargetGroup)"),
    "language": ("offering.language", "(o)-[:IN_LANGUAGE]->(x:Language)"),
}


def _values(criteria: Criteria) -> dict[str, tuple[str, ...]]:
    return {
        "topic": criteria.topics,
        "targetGroup": criteria.target_groups,
        "language": criteria.languages,
    }


def offering_predicate(criteria: Criteria) -> Predicate:
    """The criteria as one offering filter (shared with the ``offerings`` root field)."""
    parts: list[Predicate] = [
        Related(_VOCABULARY[name][0], Compare("id", Op.IN, ids))
        for name, ids in _values(criteria).items()
        if ids
    ]
    if criteria.municipalities:
        parts.append(
            InMunicipality("offering.availableIn", criteria.municipalities, criteria.scope)
        )
    return AllOf(tuple(parts))


def _reasons(criteria: Criteria, params: Params) -> tuple[str, str]:
    """Subqueries collecting, per offering ``o``, what satisfied each criterion.

    Returns the subquery text and the expression concatenating the reason lists.
    """
    calls: list[str] = []
    names: list[str] = []
    for index, (name, ids) in enumerate(_values(criteria).items()):
        if not ids:
            continue
        pattern = _VOCABULARY[name][1]
        calls.append(
            f"CALL (o) {{ MATCH {pattern} WHERE x.id IN {params.add(list(ids))} "
            f"WITH x ORDER BY x.name, x.id "
            f"RETURN collect({{criterion: '{name}', id: x.id, name: x.name}}) AS why{index} }}"
        )
        names.append(f"why{index}")
    if criteria.municipalities:
        accepted = ["exact"]
        accepted += ["part"] if criteria.scope.parts else []
        accepted += ["enclosing"] if criteria.scope.enclosing else []
        calls.append(
            "CALL (o) { MATCH (o)-[:AVAILABLE_IN]->(x:Municipality) "
            f"MATCH (a:Municipality) WHERE a.id IN {params.add(list(criteria.municipalities))} "
            f"WITH x, a, {relation_case('x', 'a')} AS how "
            f"WHERE how IN {params.add(accepted)} "
            "WITH x, a, how ORDER BY x.name, x.id, a.id "
            "RETURN collect({criterion: 'municipality', id: x.id, name: x.name, relation: how, "
            "anchorId: a.id, anchorName: a.name}) AS whyPlace }"
        )
        names.append("whyPlace")
    return " ".join(calls), " + ".join(names) if names else "[]"


def who_works_on(criteria: Criteria, first: int) -> Statement:
    """One statement: ``offeringCount``, ``offerings``, ``actorCount``, ``actors``.

    ``offerings`` holds up to ``first`` items ``{node, reasons}`` by title; ``actors`` up to
    ``first`` items ``{node, offerings, groups}``, the most involved actors first.
    """
    params = Params()
    first_param = params.named("first", first)
    match, conditions = match_nodes(offering_predicate(criteria), OFFERING, "o", params)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    reasons, why = _reasons(criteria, params)
    branches = [
        "UNWIND matched AS o MATCH (a:Actor)-[:OFFERS]->(o) "
        f"{reasons} WITH a, o, {why} AS reasons ORDER BY o.title, o.id "
        "RETURN a, collect({node: o {.*}, reasons: reasons}) AS offerings, [] AS groups"
    ]
    if criteria.topics and not (criteria.target_groups or criteria.languages):
        topics = params.add(list(criteria.topics))
        place = ""
        if criteria.municipalities:
            place_pred = InMunicipality("actor.place", criteria.municipalities, criteria.scope)
            place = f"AND {compile_predicate(place_pred, ACTOR, 'a', params)}"
        branches.append(
            "MATCH (a:Actor)-[:MEMBER_OF]->(w:WorkingGroup) "
            f"WHERE EXISTS {{ MATCH (w)-[:ADDRESSES]->(x:Topic) WHERE x.id IN {topics} }} "
            f"{place} WITH a, w ORDER BY w.name, w.id "
            "RETURN a, [] AS offerings, collect({node: w {.*}, topics: "
            f"[(w)-[:ADDRESSES]->(x:Topic) WHERE x.id IN {topics} | {{id: x.id, name: x.name}}]"
            "}) AS groups"
        )
    text = (
        params.head()
        # the matching offerings, found once, in title order
        + f"CALL {params.scope()} {{ {match} {where} "
        "WITH o ORDER BY o.title, o.id RETURN collect(o) AS matched } "
        # the first of them with their reasons
         + f"CALL (matched) {{ UNWIND matched[..{first_param}] AS o {reasons} "
        f"RETURN collect({{node: o {{.*}}, reasons: {why}}}) AS offerings }} "
        # their providers, and members of working groups on the topics
        + f"CALL {params.scope('matched')} {{ CALL {params.scope('matched')} {{ "
        + " UNION ".join(branches)
        + " } WITH a, collect(offerings) AS os, collect(groups) AS gs "
        "WITH a, reduce(acc = [], l IN os | acc + l) AS offerings, "
        "reduce(acc = [], l IN gs | acc + l) AS groups "
        "ORDER BY size(offerings) + size(groups) DESC, a.name, a.id "
        "RETURN count(a) AS actorCount, "
        f"collect({{node: a {{.*}}, offerings: offerings[..{first_param}], groups: groups}})"
        f"[..{first_param}] AS actors }} "
        "RETURN size(matched) AS offeringCount, offerings, actorCount, actors"
    )
    return Statement(text, params.values)
