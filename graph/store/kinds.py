"""The relationship kinds a landscape writes, paired with the registry entries that write them.

A *relationship kind* (:class:`domain.contract.RelationshipKind`) is one (start label, type,
end label) triple, e.g. ``(:Actor)-[:PART_OF]->(:Actor)`` and
``(:Municipality)-[:PART_OF]->(:Municipality)`` are two kinds of one type. The writer sends
one batch statement per kind, so every label and type in a statement is fixed by the
contract, and the planner can use the id constraints on both ends. This module adds only
what the writer needs beside the kind: the registry's reference field or relationship
section that fills it.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.contract import CONTRACT, RelationshipKind
from domain.registry import (
    NODE_SECTION,
    NODE_SECTIONS,
    RELATIONSHIP_SECTIONS,
    Link,
    NodeSection,
    RelationshipSection,
)


@dataclass(frozen=True)
class LinkKind:
    """A relationship kind created by a reference field of a node section."""

    section: NodeSection
    link: Link
    kind: RelationshipKind

    @property
    def owner_is_start(self) -> bool:
        """The record that holds the field is the start node (false for ``providers``)."""
        return not self.link.reverse


@dataclass(frozen=True)
class SectionKind:
    """A relationship kind of a relationship section (participations have three)."""

    section: RelationshipSection
    start_attribute: str
    kind: RelationshipKind


def _kind(section: str, rel_type: str, start: str, end: str) -> RelationshipKind:
    """The contract's kind written by ``section`` between these labels."""
    for kind in CONTRACT.relationships:
        ends = (kind.start.label, kind.rel_type, kind.end.label)
        if kind.section == section and ends == (start, rel_type, end):
            return kind
    raise KeyError(f"{section}: no relationship kind ({start})-[:{rel_type}]->({end})")


def link_kinds() -> tuple[LinkKind, ...]:
    """Every relationship kind created by node links, in registry order."""
    kinds = []
    for section in NODE_SECTIONS:
        for link in section.links:
            target = NODE_SECTION[link.target].label
            start, end = (target, section.label) if link.reverse else (section.label, target)
            kind = _kind(section.name, link.rel_type, start, end)
            kinds.append(LinkKind(section, link, kind))
    return tuple(kinds)


def section_kinds() -> tuple[SectionKind, ...]:
    """Every relationship kind of the relationship sections, in registry order."""
    kinds = []
    for section in RELATIONSHIP_SECTIONS:
        end = NODE_SECTION[section.end.section].label
        for start in section.starts:
            label = NODE_SECTION[start.section].label
            kind = _kind(section.name, section.rel_type, label, end)
            kinds.append(SectionKind(section, start.attribute, kind))
    return tuple(kinds)


def all_rel_kinds() -> tuple[RelationshipKind, ...]:
    """Every distinct relationship kind of the data contract."""
    kinds = [k.kind for k in link_kinds()] + [k.kind for k in section_kinds()]
    return tuple(dict.fromkeys(kinds))


def node_labels() -> tuple[str, ...]:
    return tuple(s.label for s in NODE_SECTIONS)
