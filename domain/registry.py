"""The registry: a declarative description of every section of the data contract.

It says, for each node section, its Neo4j label, its model, and which of its fields are
references that become relationships (type and direction); for each relationship section,
its type, its endpoints and the properties that are part of its identity. Loaders, the
writer, the exporter and the GraphQL layer read this table instead of hard-coding the
contract in four places. Labels and relationship types in Cypher come from here only,
never from user input.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from domain import model
from domain.model import NodeRecord, RelationshipRecord


def _alias(record_model: type[model.Record], attribute: str) -> str:
    info = record_model.model_fields[attribute]
    return info.alias or attribute


@dataclass(frozen=True)
class Link:
    """A reference field on a node record that becomes a relationship.

    ``reverse`` turns the direction around: ``providers`` on an offering is stored as
    ``(:Actor)-[:OFFERS]->(:Offering)``, as the data contract says.
    """

    attribute: str
    target: str
    rel_type: str
    many: bool = True
    reverse: bool = False


@dataclass(frozen=True)
class NodeSection:
    """A node section: ``actors`` -> ``(:Actor)``."""

    name: str
    label: str
    noun: str
    """How one record is called in messages: ``working group``."""
    model: type[NodeRecord]
    links: tuple[Link, ...] = ()
    personal: bool = False
    """Holds personal data: contact fields are for authenticated callers only."""

    @property
    def title_field(self) -> str:
        """The alias of the human-readable name: ``name``, or ``title`` for offerings."""
        return self.model.TITLE_FIELD

    @cached_property
    def link_attributes(self) -> frozenset[str]:
        """Model attributes that are references, not properties of the node."""
        return frozenset(link.attribute for link in self.links)

    @cached_property
    def property_fields(self) -> tuple[tuple[str, str], ...]:
        """``(attribute, alias)`` of the fields stored as node properties, ``id`` first."""
        names = [n for n in self.model.model_fields if n not in self.link_attributes]
        ordered = ["id"] + [n for n in names if n not in ("id", "source")] + ["source"]
        return tuple((n, _alias(self.model, n)) for n in ordered)

    def alias(self, attribute: str) -> str:
        """The file/property name of a model attribute (``located_in`` -> ``locatedIn``)."""
        return _alias(self.model, attribute)


@dataclass(frozen=True)
class Endpoint:
    """One end of a relationship section: the field naming it and the section it refers to."""

    attribute: str
    section: str


@dataclass(frozen=True)
class RelationshipSection:
    """A relationship section: ``memberships`` -> ``(:Actor)-[:MEMBER_OF]->(:WorkingGroup)``.

    ``starts`` lists alternatives (participations start at an actor, a coordinator or a
    person: exactly one of them is given). ``key_properties`` are part of the identity of
    the relationship besides its endpoints: residents are counted per ``year``.
    """

    name: str
    rel_type: str
    model: type[RelationshipRecord]
    starts: tuple[Endpoint, ...]
    end: Endpoint
    key_properties: tuple[str, ...] = ()

    @cached_property
    def property_fields(self) -> tuple[tuple[str, str], ...]:
        """``(attribute, alias)`` of the fields stored as relationship properties."""
        endpoints = {e.attribute for e in (*self.starts, self.end)}
        names = [n for n in self.model.model_fields if n not in endpoints and n != "source"]
        return tuple((n, _alias(self.model, n)) for n in [*names, "source"])

    def alias(self, attribute: str) -> str:
        """The file name of a model attribute (``working_group`` -> ``workingGroup``)."""
        return _alias(self.model, attribute)


Section = NodeSection | RelationshipSection


NODE_SECTIONS: tuple[NodeSection, ...] = (
    NodeSection(
        "municipalities",
        "Municipality",
        "municipality",
        model.Municipality,
        links=(Link("part_of", "municipalities", "PART_OF", many=False),),
    ),
    NodeSection("topics", "Topic", "topic", model.Topic),
    NodeSection("targetGroups", "TargetGroup", "target group", model.TargetGroup),
    NodeSection("languages", "Language", "language", model.Language),
    NodeSection("countries", "Country", "country", model.Country),
    NodeSection(
        "actors",
        "Actor",
        "actor",
        model.Actor,
        links=(
            Link("located_in", "municipalities", "LOCATED_IN", many=False),
            Link("active_in", "municipalities", "ACTIVE_IN"),
            Link("part_of", "actors", "PART_OF", many=False),
        ),
    ),
    NodeSection(
        "workingGroups",
        "WorkingGroup",
        "working group",
        model.WorkingGroup,
        links=(Link("topics", "topics", "ADDRESSES"),),
    ),
    NodeSection(
        "offerings",
        "Offering",
        "offering",
        model.Offering,
        links=(
            Link("providers", "actors", "OFFERS", reverse=True),
            Link("topics", "topics", "ADDRESSES"),
            Link("target_groups", "targetGroups", "TARGETS"),
            Link("languages", "languages", "IN_LANGUAGE"),
            Link("municipalities", "municipalities", "AVAILABLE_IN"),
        ),
    ),
    NodeSection(
        "coordinators",
        "Coordinator",
        "coordinator",
        model.Coordinator,
        personal=True,
        links=(
            Link("works_for", "actors", "WORKS_FOR"),
            Link("coordinates_offerings", "offerings", "COORDINATES"),
            Link("coordinates_working_groups", "workingGroups", "COORDINATES"),
            Link("coordinates_topics", "topics", "COORDINATES"),
        ),
    ),
    NodeSection(
        "people",
        "Person",
        "person",
        model.Person,
        personal=True,
        links=(Link("works_for", "actors", "WORKS_FOR"),),
    ),
    NodeSection("events", "Event", "event", model.Event),
)
"""Node sections in an order where every link points to an earlier or the same section."""

RELATIONSHIP_SECTIONS: tuple[RelationshipSection, ...] = (
    RelationshipSection(
        "memberships",
        "MEMBER_OF",
        model.Membership,
        starts=(Endpoint("actor", "actors"),),
        end=Endpoint("working_group", "workingGroups"),
    ),
    RelationshipSection(
        "cooperations",
        "COOPERATES_WITH",
        model.Cooperation,
        starts=(Endpoint("from_", "actors"),),
        end=Endpoint("to", "actors"),
    ),
    RelationshipSection(
        "fundings",
        "FUNDS",
        model.Funding,
        starts=(Endpoint("funder", "actors"),),
        end=Endpoint("offering", "offerings"),
    ),
    RelationshipSection(
        "participations",
        "PARTICIPATED_IN",
        model.Participation,
        starts=(
            Endpoint("actor", "actors"),
            Endpoint("coordinator", "coordinators"),
            Endpoint("person", "people"),
        ),
        end=Endpoint("event", "events"),
    ),
    RelationshipSection(
        "residents",
        "RESIDES_IN",
        model.Resident,
        starts=(Endpoint("country", "countries"),),
        end=Endpoint("municipality", "municipalities"),
        key_properties=("year",),
    ),
    RelationshipSection(
        "languageShares",
        "SPOKEN_IN",
        model.LanguageShare,
        starts=(Endpoint("language", "languages"),),
        end=Endpoint("country", "countries"),
    ),
)

NODE_SECTION: dict[str, NodeSection] = {s.name: s for s in NODE_SECTIONS}
RELATIONSHIP_SECTION: dict[str, RelationshipSection] = {s.name: s for s in RELATIONSHIP_SECTIONS}
SECTIONS: dict[str, Section] = {**NODE_SECTION, **RELATIONSHIP_SECTION}
"""Every section by its name in the files, node sections first."""

SECTION_BY_LABEL: dict[str, NodeSection] = {s.label: s for s in NODE_SECTIONS}


@dataclass(frozen=True)
class LinkKind:
    """One concrete relationship kind created by a node link, e.g. Offering-OFFERS<-Actor."""

    section: NodeSection
    link: Link
    start_label: str = field(init=False)
    end_label: str = field(init=False)

    def __post_init__(self) -> None:
        target = NODE_SECTION[self.link.target].label
        start, end = (
            (target, self.section.label)
            if self.link.reverse
            else (
                self.section.label,
                target,
            )
        )
        object.__setattr__(self, "start_label", start)
        object.__setattr__(self, "end_label", end)


def link_kinds() -> Iterator[LinkKind]:
    """Every relationship kind that node links create, in registry order."""
    for section in NODE_SECTIONS:
        for link in section.links:
            yield LinkKind(section, link)


RELATIONSHIP_TYPES: tuple[str, ...] = tuple(
    dict.fromkeys(
        [link.rel_type for s in NODE_SECTIONS for link in s.links]
        + [s.rel_type for s in RELATIONSHIP_SECTIONS]
    )
)
"""Every relationship type the contract creates (for exports, wipes and summaries)."""
