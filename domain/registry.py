"""The registry: a declarative description of every section of the data contract.

It says, for each node section, its Neo4j label, its model, and which of its fields are
references that become relationships (type and direction); for each relationship section,
its type, its endpoints and the properties that are part of its identity. Each end of a
relationship also says how its kind reads it (:class:`Side`: the GraphQL field and the
filter link), and each node section which properties are sortable, indexed and searchable.
Loaders, the writer and the exporter read this table; the read side reads the description
derived from it (:mod:`domain.contract`). Labels and relationship types in Cypher come from
here only, never from user input.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property

from domain import model
from domain.model import NodeRecord, RelationshipRecord


def _alias(record_model: type[model.Record], attribute: str) -> str:
    info = record_model.model_fields[attribute]
    return info.alias or attribute


@dataclass(frozen=True)
class Side:
    """How one end's kind reads a relationship: its GraphQL field, and the name of the
    filter link that follows the relationship from there (``Offering.providers``,
    ``offering.provider``). No side: that kind does not read the relationship on its own
    (``Event.participants`` spans three labels and is written by hand)."""

    field: str
    filter: str | None = None


@dataclass(frozen=True)
class Link:
    """A reference field on a node record that becomes a relationship.

    ``reverse`` turns the direction around: ``providers`` on an offering is stored as
    ``(:Actor)-[:OFFERS]->(:Offering)``, as the data contract says. ``here`` is how the
    section holding the field reads the relationship, ``there`` how the target does.
    """

    attribute: str
    target: str
    rel_type: str
    many: bool = True
    reverse: bool = False
    here: Side | None = None
    there: Side | None = None


@dataclass(frozen=True)
class Embedded:
    """References inside a structured property (JSON text): ``agenda`` items of an event
    name a ``measure``. They are no relationships (the item belongs to its list, in order),
    but a load and a mutation check that every id names a record of ``target``."""

    attribute: str
    key: str
    target: str

    def ids(self, value: object) -> list[tuple[int, str]]:
        """``(item index, id)`` of the ids named in a stored or given value (JSON text or a
        list of mappings); values that are not such lists name nothing (validation reports
        them)."""
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                return []
        if not isinstance(value, list):
            return []
        found = []
        for index, item in enumerate(value):
            target = item.get(self.key) if isinstance(item, dict) else None
            if isinstance(target, str) and target.strip():
                found.append((index, target.strip()))
        return found


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
    sortable: tuple[str, ...] = ("name", "id")
    """Properties a list may be ordered by."""
    indexed: tuple[str, ...] = ()
    """Properties with a lookup index (the filters used most)."""
    searchable: tuple[str, ...] = ()
    """Properties in the full-text index behind ``search``."""
    german: tuple[str, str] = ("", "")
    """Singular and plural in German, for the API's descriptions: ``("Akteur", "Akteure")``."""
    editable: bool = False
    """The API offers create/update/delete mutations for it (the others change by import)."""
    embedded: tuple[Embedded, ...] = ()
    """References inside structured properties (an event's agenda items name measures)."""
    internal: tuple[str, ...] = ()
    """Properties for signed-in callers only, whatever the kind (a measure's internal note);
    never filtered on, left out of public network exports, like contact data."""

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
    """One end of a relationship section: the field naming it, the section it refers to,
    and how that section's kind reads the relationship (see :class:`Side`)."""

    attribute: str
    section: str
    side: Side | None = None


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
    undirected: bool = False
    """Read in both directions through one field (cooperations)."""
    german: str = ""
    """One relationship in German words (``Mitgliedschaft``), for the API's descriptions."""
    noun: str = ""
    """One relationship in English words (``membership``)."""

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


TEXT_SEARCH = ("name", "description")

NODE_SECTIONS: tuple[NodeSection, ...] = (
    NodeSection(
        "municipalities",
        "Municipality",
        "municipality",
        model.Municipality,
        german=("Gemeinde", "Gemeinden"),
        links=(
            Link(
                "part_of",
                "municipalities",
                "PART_OF",
                many=False,
                here=Side("partOf", "partOf"),
                there=Side("parts"),
            ),
        ),
        sortable=("name", "kind", "ags", "population", "migrantPopulation", "id"),
        indexed=("name", "kind"),
    ),
    NodeSection(
        "topics",
        "Topic",
        "topic",
        model.Topic,
        german=("Handlungsfeld", "Handlungsfelder"),
        searchable=TEXT_SEARCH,
    ),
    NodeSection(
        "targetGroups",
        "TargetGroup",
        "target group",
        model.TargetGroup,
        german=("Zielgruppe", "Zielgruppen"),
        searchable=TEXT_SEARCH,
    ),
    NodeSection(
        "languages", "Language", "language", model.Language, german=("Sprache", "Sprachen")
    ),
    NodeSection("countries", "Country", "country", model.Country, german=("Land", "Länder")),
    NodeSection(
        "actors",
        "Actor",
        "actor",
        model.Actor,
        editable=True,
        german=("Akteur", "Akteure"),
        links=(
            Link("located_in", "municipalities", "LOCATED_IN", many=False, here=Side("locatedIn")),
            Link("active_in", "municipalities", "ACTIVE_IN", here=Side("activeIn")),
            Link(
                "part_of",
                "actors",
                "PART_OF",
                many=False,
                here=Side("partOf", "partOf"),
                there=Side("parts"),
            ),
        ),
        sortable=("name", "kind", "id", "updatedAt"),
        indexed=("name", "kind"),
        searchable=TEXT_SEARCH,
    ),
    NodeSection(
        "workingGroups",
        "WorkingGroup",
        "working group",
        model.WorkingGroup,
        editable=True,
        german=("Arbeitskreis", "Arbeitskreise"),
        links=(
            Link(
                "topics",
                "topics",
                "ADDRESSES",
                here=Side("topics", "topic"),
                there=Side("workingGroups"),
            ),
        ),
        sortable=("name", "founded", "id"),
        indexed=("name",),
        searchable=TEXT_SEARCH,
    ),
    NodeSection(
        "offerings",
        "Offering",
        "offering",
        model.Offering,
        editable=True,
        german=("Angebot", "Angebote"),
        links=(
            Link(
                "providers",
                "actors",
                "OFFERS",
                reverse=True,
                here=Side("providers", "provider"),
                there=Side("offerings"),
            ),
            Link(
                "topics",
                "topics",
                "ADDRESSES",
                here=Side("topics", "topic"),
                there=Side("offerings"),
            ),
            Link(
                "target_groups",
                "targetGroups",
                "TARGETS",
                here=Side("targetGroups", "targetGroup"),
                there=Side("offerings"),
            ),
            Link(
                "languages",
                "languages",
                "IN_LANGUAGE",
                here=Side("languages", "language"),
                there=Side("offerings"),
            ),
            Link("municipalities", "municipalities", "AVAILABLE_IN", here=Side("municipalities")),
        ),
        sortable=("title", "kind", "startDate", "endDate", "capacity", "cost", "id", "updatedAt"),
        indexed=("title", "kind"),
        searchable=("title", "description"),
    ),
    NodeSection(
        "coordinators",
        "Coordinator",
        "coordinator",
        model.Coordinator,
        editable=True,
        german=("Koordinator:in", "Koordinator:innen"),
        personal=True,
        links=(
            Link(
                "works_for",
                "actors",
                "WORKS_FOR",
                here=Side("worksFor", "worksFor"),
                there=Side("coordinators"),
            ),
            Link(
                "coordinates_offerings",
                "offerings",
                "COORDINATES",
                here=Side("offerings"),
                there=Side("coordinators"),
            ),
            Link(
                "coordinates_working_groups",
                "workingGroups",
                "COORDINATES",
                here=Side("workingGroups"),
                there=Side("coordinators"),
            ),
            Link(
                "coordinates_topics",
                "topics",
                "COORDINATES",
                here=Side("topics"),
                there=Side("coordinators"),
            ),
        ),
        sortable=("name", "role", "id"),
        indexed=("name",),
    ),
    NodeSection(
        "people",
        "Person",
        "person",
        model.Person,
        german=("Person", "Personen"),
        personal=True,
        links=(
            Link(
                "works_for",
                "actors",
                "WORKS_FOR",
                here=Side("worksFor", "worksFor"),
                there=Side("people"),
            ),
        ),
        sortable=("name", "role", "id"),
    ),
    NodeSection(
        "events",
        "Event",
        "event",
        model.Event,
        editable=True,
        german=("Ereignis", "Ereignisse"),
        links=(
            Link(
                "working_group",
                "workingGroups",
                "MEETING_OF",
                many=False,
                here=Side("workingGroup", "workingGroup"),
                there=Side("meetings", "meeting"),
            ),
        ),
        sortable=("name", "date", "kind", "id", "updatedAt"),
        searchable=TEXT_SEARCH,
        embedded=(Embedded("agenda", "measure", "measures"),),
    ),
    NodeSection(
        "measures",
        "Measure",
        "measure",
        model.Measure,
        editable=True,
        german=("Maßnahme", "Maßnahmen"),
        links=(
            Link(
                "working_group",
                "workingGroups",
                "ASSIGNED_TO",
                many=False,
                here=Side("workingGroup", "workingGroup"),
                there=Side("measures", "measure"),
            ),
            Link(
                "actors",
                "actors",
                "RESPONSIBLE_FOR",
                reverse=True,
                here=Side("actors", "actor"),
            ),
            Link(
                "coordinators",
                "coordinators",
                "COORDINATES",
                reverse=True,
                here=Side("coordinators", "coordinator"),
            ),
            Link("topics", "topics", "ADDRESSES", here=Side("topics", "topic")),
            Link(
                "target_groups",
                "targetGroups",
                "TARGETS",
                here=Side("targetGroups", "targetGroup"),
            ),
            Link(
                "municipalities",
                "municipalities",
                "CONCERNS",
                here=Side("municipalities", "municipality"),
            ),
            Link(
                "decided_in",
                "events",
                "DECIDED_IN",
                many=False,
                here=Side("decidedIn", "decidedIn"),
                there=Side("decisions", "decision"),
            ),
        ),
        sortable=("title", "status", "due", "priority", "statusChangedAt", "id", "updatedAt"),
        indexed=("title", "status"),
        # never the internal note: a hit would tell an anonymous caller what it says
        searchable=("title", "description"),
        internal=("internalNote",),
    ),
)
"""Node sections in an order where every link points to an earlier or the same section."""

PARTICIPATIONS = Side("participations")

RELATIONSHIP_SECTIONS: tuple[RelationshipSection, ...] = (
    RelationshipSection(
        "memberships",
        "MEMBER_OF",
        model.Membership,
        starts=(Endpoint("actor", "actors", Side("memberships", "workingGroup")),),
        end=Endpoint("working_group", "workingGroups", Side("members", "member")),
        german="Mitgliedschaft",
        noun="membership",
    ),
    RelationshipSection(
        "cooperations",
        "COOPERATES_WITH",
        model.Cooperation,
        starts=(Endpoint("from_", "actors", Side("cooperations")),),
        end=Endpoint("to", "actors"),
        undirected=True,
        german="Kooperation",
        noun="cooperation",
    ),
    RelationshipSection(
        "fundings",
        "FUNDS",
        model.Funding,
        starts=(Endpoint("funder", "actors", Side("fundings")),),
        end=Endpoint("offering", "offerings", Side("funders", "funder")),
        german="Förderung",
        noun="funding",
    ),
    RelationshipSection(
        "participations",
        "PARTICIPATED_IN",
        model.Participation,
        starts=(
            Endpoint("actor", "actors", PARTICIPATIONS),
            Endpoint("coordinator", "coordinators", PARTICIPATIONS),
            Endpoint("person", "people", PARTICIPATIONS),
        ),
        # Event.participants spans all three labels: graph/queries/paths.py
        end=Endpoint("event", "events"),
        german="Teilnahme",
        noun="participation",
    ),
    RelationshipSection(
        "residents",
        "RESIDES_IN",
        model.Resident,
        # Municipality.residents sums the members' figures: graph/queries/relations.py
        starts=(Endpoint("country", "countries", Side("residents")),),
        end=Endpoint("municipality", "municipalities"),
        key_properties=("year",),
        german="Einwohnerzahl",
        noun="residents figure",
    ),
    RelationshipSection(
        "languageShares",
        "SPOKEN_IN",
        model.LanguageShare,
        starts=(Endpoint("language", "languages", Side("countries")),),
        end=Endpoint("country", "countries", Side("languages")),
        german="Sprachanteil",
        noun="language share",
    ),
)

NODE_SECTION: dict[str, NodeSection] = {s.name: s for s in NODE_SECTIONS}
RELATIONSHIP_SECTION: dict[str, RelationshipSection] = {s.name: s for s in RELATIONSHIP_SECTIONS}
SECTIONS: dict[str, Section] = {**NODE_SECTION, **RELATIONSHIP_SECTION}
"""Every section by its name in the files, node sections first."""

RELATIONSHIP_TYPES: tuple[str, ...] = tuple(
    dict.fromkeys(
        [link.rel_type for s in NODE_SECTIONS for link in s.links]
        + [s.rel_type for s in RELATIONSHIP_SECTIONS]
    )
)
"""Every relationship type the contract creates (for exports, wipes and summaries)."""
