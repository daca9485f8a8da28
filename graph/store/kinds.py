"""The concrete node and relationship kinds a landscape writes, derived from the registry.

A *relationship kind* is one (start label, type, end label) triple, e.g.
``(:Actor)-[:PART_OF]->(:Actor)`` and ``(:Municipality)-[:PART_OF]->(:Municipality)`` are two
kinds of one type. The writer sends one batch statement per kind, so every label and type in
a statement is fixed by the registry, and the planner can use the id constraints on both
ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.registry import (
    NODE_SECTION,
    NODE_SECTIONS,
    RELATIONSHIP_SECTIONS,
    Link,
    NodeSection,
    RelationshipSection,
)


@dataclass(frozen=True)
class RelKind:
    """``(:start)-[:rel_type]->(:end)``, unique by endpoints plus ``key_properties``."""

    start: str
    rel_type: str
    end: str
    key_properties: tuple[str, ...] = ()

    @property
    def pattern(self) -> str:
        return f"(:{self.start})-[:{self.rel_type}]->(:{self.end})"


@dataclass(frozen=True)
class LinkKind:
    """A relationship kind created by a reference field of a node section."""

    section: NodeSection
    link: Link
    kind: RelKind

    @property
    def owner_is_start(self) -> bool:
        """The record that holds the field is the start node (false for ``providers``)."""
        return not self.link.reverse


@dataclass(frozen=True)
class SectionKind:
    """A relationship kind of a relationship section (participations have three)."""

    section: RelationshipSection
    start_attribute: str
    kind: RelKind


def link_kinds() -> tuple[LinkKind, ...]:
    """Every relationship kind created by node links, in registry order."""
    kinds = []
    for section in NODE_SECTIONS:
        for link in section.links:
            target = NODE_SECTION[link.target].label
            start, end = (target, section.label) if link.reverse else (section.label, target)
            kinds.append(LinkKind(section, link, RelKind(start, link.rel_type, end)))
    return tuple(kinds)


def section_kinds() -> tuple[SectionKind, ...]:
    """Every relationship kind of the relationship sections, in registry order."""
    kinds = []
    for section in RELATIONSHIP_SECTIONS:
        end = NODE_SECTION[section.end.section].label
        for start in section.starts:
            kind = RelKind(
                NODE_SECTION[start.section].label, section.rel_type, end, section.key_properties
            )
            kinds.append(SectionKind(section, start.attribute, kind))
    return tuple(kinds)


def all_rel_kinds() -> tuple[RelKind, ...]:
    """Every distinct relationship kind of the data contract."""
    kinds = [k.kind for k in link_kinds()] + [k.kind for k in section_kinds()]
    return tuple(dict.fromkeys(kinds))


def node_labels() -> tuple[str, ...]:
    return tuple(s.label for s in NODE_SECTIONS)
