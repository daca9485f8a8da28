"""The parsed landscape: validated records of every section, ready to be written.

Loaders produce it (from files, HSDS, a backup), the writer stores it, the reader reads it
back; so it belongs to neither side but to the data contract. Also here: the callbacks a
load uses to ask the graph about ids and names outside the files, and the problem a
reference becomes when the graph does not know it either.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass

from domain.model import NodeRecord, Record, RelationshipRecord
from domain.problems import Origin, Problem
from domain.registry import NODE_SECTION, NODE_SECTIONS, RELATIONSHIP_SECTIONS, SECTIONS

KnownIds = Callable[[str, list[str]], Collection[str]]
"""``(section, ids) -> the ids among them that exist outside the files (in the graph)``."""


@dataclass(frozen=True, slots=True)
class ExternalReference:
    """A reference to a record not in the files, to be found in the graph by the writer."""

    section: str
    id: str
    origin: Origin
    field: str


NamesInGraph = Callable[[str, list[str]], dict[str, list[str]]]
"""``(section, names) -> {name: ids}`` for the names among them that stored records carry;
with an empty list of names: every stored name of the section (for suggestions)."""


@dataclass(frozen=True)
class Landscape:
    """A validated set of records: every reference resolved, no duplicates.

    ``nodes`` and ``relationships`` hold every section of the registry (empty where the
    files had none), records in file order. ``external`` lists references that point
    outside the files (only when the load allowed that).
    """

    nodes: Mapping[str, tuple[NodeRecord, ...]]
    relationships: Mapping[str, tuple[RelationshipRecord, ...]]
    external: tuple[ExternalReference, ...] = ()
    notices: tuple[Problem, ...] = ()
    """What the load did on its own and the user should see (ids made from names)."""

    @classmethod
    def of(
        cls,
        records: Mapping[str, Iterable[Record]],
        external: Iterable[ExternalReference] = (),
        notices: Iterable[Problem] = (),
    ) -> Landscape:
        """Build a landscape from records per section (missing sections are empty)."""
        nodes = {
            s.name: tuple(r for r in records.get(s.name, ()) if isinstance(r, NodeRecord))
            for s in NODE_SECTIONS
        }
        rels = {
            s.name: tuple(r for r in records.get(s.name, ()) if isinstance(r, RelationshipRecord))
            for s in RELATIONSHIP_SECTIONS
        }
        return cls(nodes, rels, tuple(external), tuple(notices))

    def records(self, section: str) -> tuple[Record, ...]:
        """The records of any section."""
        if section in self.nodes:
            return self.nodes[section]
        return self.relationships[section]

    def counts(self) -> dict[str, int]:
        """Number of records per section."""
        return {name: len(self.records(name)) for name in SECTIONS}

    @property
    def size(self) -> int:
        """Number of records of all sections."""
        return sum(self.counts().values())


def unknown_reference_problem(ref: ExternalReference) -> Problem:
    """The problem for an external reference the graph does not know either."""
    noun = NODE_SECTION[ref.section].noun
    reason = f"unknown {noun} '{ref.id}': neither the files nor the graph have it"
    return Problem(ref.origin, ref.field, reason)
