"""The municipality hierarchy: which stored places count as "in municipality M".

Municipalities form a tree through ``PART_OF``: member municipalities are part of their
Samtgemeinde, Samtgemeinden and Einheitsgemeinden are part of the county. A place
relationship (``AVAILABLE_IN`` of an offering, ``LOCATED_IN``/``ACTIVE_IN`` of an actor)
to a node X relates to a municipality M in one of three ways:

- ``EXACT``: X is M;
- ``PART``: X is a part of M (M contains X: a Samtgemeinde asks about its members);
- ``ENCLOSING``: X contains M (a county-wide or Samtgemeinde-wide offering also serves
  every member; this is what the data contract means by "an offering available in a
  Samtgemeinde counts as available in each of its members").

The planner's default, :attr:`Scope.WITH_PARTS_AND_ENCLOSING`, takes all three: asking for
Samtgemeinde Meinersen yields what is offered in Meinersen itself, in Hillerse, Leiferde,
Meinersen (Gemeinde) and Müden (Aller), and the county-wide offerings. Siblings never count:
an offering only in Leiferde is not an offering of Hillerse.
"""

from __future__ import annotations

from enum import Enum

MAX_DEPTH = 5
"""Longest PART_OF chain followed; the real tree is 2 deep (member -> SG -> county)."""


class Scope(Enum):
    """Which of the three relations between a stored place and M are accepted."""

    EXACT = "exact"
    WITH_PARTS = "with_parts"
    WITH_ENCLOSING = "with_enclosing"
    WITH_PARTS_AND_ENCLOSING = "with_parts_and_enclosing"

    @property
    def parts(self) -> bool:
        return self in (Scope.WITH_PARTS, Scope.WITH_PARTS_AND_ENCLOSING)

    @property
    def enclosing(self) -> bool:
        return self in (Scope.WITH_ENCLOSING, Scope.WITH_PARTS_AND_ENCLOSING)


PLACE_RELATIONSHIPS: dict[str, tuple[str, str]] = {
    "offering.availableIn": ("Offering", "AVAILABLE_IN"),
    "actor.place": ("Actor", "LOCATED_IN|ACTIVE_IN"),
}
"""Place links by name: (subject label, relationship type expression)."""


def place_patterns(link: str, scope: Scope, *, subject: str, anchor: str) -> list[str]:
    """Patterns binding ``subject`` (a node of the link's label) to an ``anchor`` municipality.

    Each pattern holds exactly when one accepted relation holds; a caller ORs them (inside
    EXISTS) or UNIONs them (when enumerating). ``subject`` and ``anchor`` are variable names
    chosen by the caller, never user input.
    """
    label, rel = PLACE_RELATIONSHIPS[link]
    start = f"({subject}:{label})-[:{rel}]->"
    if scope.parts:
        patterns = [f"{start}(:Municipality)-[:PART_OF*0..{MAX_DEPTH}]->({anchor}:Municipality)"]
    else:
        patterns = [f"{start}({anchor}:Municipality)"]
    if scope.enclosing:
        patterns.append(
            f"{start}(:Municipality)<-[:PART_OF*1..{MAX_DEPTH}]-({anchor}:Municipality)"
        )
    return patterns


def relation_case(place: str, anchor: str) -> str:
    """A Cypher expression naming how ``place`` relates to ``anchor``: exact, part, enclosing."""
    return (
        f"CASE WHEN {place} = {anchor} THEN 'exact' "
        f"WHEN EXISTS {{ ({place})-[:PART_OF*1..{MAX_DEPTH}]->({anchor}) }} THEN 'part' "
        f"WHEN EXISTS {{ ({anchor})-[:PART_OF*1..{MAX_DEPTH}]->({place}) }} THEN 'enclosing' "
        "END"
    )


def scope_prelude(ids: str, scope: Scope) -> str:
    """A prelude body collecting the municipality nodes that count as "in" ``ids``.

    ``ids`` is a parameter placeholder. The result: the named municipalities, plus (with
    parts) everything they contain, plus (with enclosing) everything that contains them.
    """
    branches = ["RETURN a AS x"]
    if scope.parts:
        branches.append(f"MATCH (a)<-[:PART_OF*1..{MAX_DEPTH}]-(x:Municipality) RETURN x")
    if scope.enclosing:
        branches.append(f"MATCH (a)-[:PART_OF*1..{MAX_DEPTH}]->(x:Municipality) RETURN x")
    return (
        f"MATCH (a:Municipality) WHERE a.id IN {ids} "
        f"CALL (a) {{ {' UNION '.join(branches)} }} "
        "RETURN collect(DISTINCT x) AS {var}"
    )
