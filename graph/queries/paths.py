"""The paths that are more than one relationship of the contract, written by hand.

Everything a nested field or a filter follows over ONE relationship is derived from the
data contract (:mod:`domain.contract`); what lives here is what the contract cannot say:

- the municipality hierarchy's scoped fields (``Municipality.offerings.with_parts`` ...):
  a place relates to a municipality through ``PART_OF`` chains (:mod:`graph.queries.hierarchy`);
- ``Event.participants``: one field over three labels;
- filter links over two hops (``actor.topic``: through offerings OR working groups) and the
  transitive ``municipality.within``.

Plain data (name, labels, patterns with ``p``/``n`` or ``n``/``x``): ``relations`` and
``predicates`` wrap it in their own types.
"""

from __future__ import annotations

from graph.queries.hierarchy import MAX_DEPTH, Scope, place_patterns

RelationPath = tuple[str, str, tuple[str, ...], tuple[str, ...], str | None]
"""``(name, parent label, target labels, patterns, type of r)`` from a parent ``p`` to nodes
``n``; the last names the relationship type bound to ``r`` whose properties come along."""

LinkPath = tuple[str, str, tuple[str, ...]]
"""``(subject label, far label, patterns)`` from a subject ``n`` to a far node ``x``."""

PARTICIPANT_LABELS = ("Actor", "Coordinator", "Person")


def relation_paths() -> list[RelationPath]:
    """Nested fields whose path is not a single relationship."""
    paths: list[RelationPath] = [
        (
            "Event.participants",
            "Event",
            PARTICIPANT_LABELS,
            (f"(p)<-[r:PARTICIPATED_IN]-(n:{'|'.join(PARTICIPANT_LABELS)})",),
            "PARTICIPATED_IN",
        )
    ]
    for scope in Scope:
        offerings = place_patterns("offering.availableIn", scope, subject="n", anchor="p")
        actors = place_patterns("actor.place", scope, subject="n", anchor="p")
        paths.append(
            (
                f"Municipality.offerings.{scope.value}",
                "Municipality",
                ("Offering",),
                tuple(offerings),
                None,
            )
        )
        paths.append(
            (f"Municipality.actors.{scope.value}", "Municipality", ("Actor",), tuple(actors), None)
        )
    return paths


LINK_PATHS: dict[str, LinkPath] = {
    # An actor works on a topic when it offers something on it or sits in a working
    # group on it; target groups and languages are properties of offerings only.
    "actor.topic": (
        "Actor",
        "Topic",
        (
            "(n)-[:OFFERS]->(:Offering)-[:ADDRESSES]->(x:Topic)",
            "(n)-[:MEMBER_OF]->(:WorkingGroup)-[:ADDRESSES]->(x:Topic)",
        ),
    ),
    "actor.targetGroup": (
        "Actor",
        "TargetGroup",
        ("(n)-[:OFFERS]->(:Offering)-[:TARGETS]->(x:TargetGroup)",),
    ),
    "actor.language": (
        "Actor",
        "Language",
        ("(n)-[:OFFERS]->(:Offering)-[:IN_LANGUAGE]->(x:Language)",),
    ),
    "municipality.within": (
        "Municipality",
        "Municipality",
        (f"(n)-[:PART_OF*1..{MAX_DEPTH}]->(x:Municipality)",),
    ),
}
"""Filter links over more than one relationship, by name."""
