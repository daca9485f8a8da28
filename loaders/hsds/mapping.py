"""The fixed parts of the HSDS mapping: tables and columns, ids, taxonomies, field terms.

Everything here is derived once and shared by the writer and the reader, so that an export
always reads back: the same deterministic UUIDs, the same taxonomy URIs, the same columns.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from domain.vocabulary import ActorKind, OfferingKind, Vocabulary

URN = "urn:integration-graph"
"""Prefix of the stable URIs of our taxonomies and terms. They are names (URNs), not web
addresses: stable because they are made of our ids, and never pretending to resolve."""

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, f"{URN}:hsds")


def hsds_id(*parts: str) -> str:
    """A UUID (HSDS ids are UUIDs) derived from our ids: the same record, the same UUID."""
    return str(uuid.uuid5(NAMESPACE, "/".join(parts)))


TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "organization": (
        "organizations.csv",
        (
            "id",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "tax_status",
            "tax_id",
            "year_incorporated",
            "legal_status",
            "logo",
            "uri",
            "parent_organization_id",
        ),
    ),
    "organization_identifier": (
        "organization_identifiers.csv",
        ("id", "organization_id", "identifier_scheme", "identifier_type", "identifier"),
    ),
    "service": (
        "services.csv",
        (
            "id",
            "organization_id",
            "program_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "interpretation_services",
            "application_process",
            "fees_description",
            "wait_time",
            "fees",
            "accreditations",
            "eligibility_description",
            "minimum_age",
            "maximum_age",
            "assured_date",
            "assurer_email",
            "licenses",
            "alert",
            "last_modified",
        ),
    ),
    "phone": (
        "phones.csv",
        (
            "id",
            "location_id",
            "service_id",
            "organization_id",
            "contact_id",
            "service_at_location_id",
            "number",
            "extension",
            "type",
            "description",
        ),
    ),
    "schedule": (
        "schedules.csv",
        (
            "id",
            "service_id",
            "location_id",
            "service_at_location_id",
            "valid_from",
            "valid_to",
            "dtstart",
            "timezone",
            "until",
            "count",
            "wkst",
            "freq",
            "interval",
            "byday",
            "byweekno",
            "bymonthday",
            "byyearday",
            "description",
            "opens_at",
            "closes_at",
            "schedule_link",
            "attending_type",
            "notes",
        ),
    ),
    "service_area": (
        "service_areas.csv",
        ("id", "service_id", "name", "description", "extent", "extent_type", "uri"),
    ),
    "language": (
        "languages.csv",
        ("id", "service_id", "location_id", "phone_id", "name", "code", "note"),
    ),
    "funding": ("funding.csv", ("id", "organization_id", "service_id", "source")),
    "cost_option": (
        "cost_options.csv",
        (
            "id",
            "service_id",
            "valid_from",
            "valid_to",
            "option",
            "currency",
            "amount",
            "amount_description",
        ),
    ),
    "contact": (
        "contacts.csv",
        (
            "id",
            "organization_id",
            "service_id",
            "service_at_location_id",
            "location_id",
            "name",
            "title",
            "department",
            "email",
        ),
    ),
    "taxonomy": ("taxonomies.csv", ("id", "name", "description", "uri", "version")),
    "taxonomy_term": (
        "taxonomy_terms.csv",
        (
            "id",
            "code",
            "name",
            "description",
            "parent_id",
            "taxonomy",
            "language",
            "taxonomy_id",
            "term_uri",
        ),
    ),
    "attribute": (
        "attributes.csv",
        ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
    ),
}
"""HSDS 3 tables we write and read: file of the tabular layout and its scalar columns, in
the order of the specification's schemas (``schema/<table>.json``)."""

UNFILLED_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "program": ("programs.csv", ("id", "organization_id", "name", "alternate_name", "description")),
    "service_at_location": (
        "service_at_location.csv",
        ("id", "service_id", "location_id", "description"),
    ),
    "location": (
        "locations.csv",
        (
            "id",
            "location_type",
            "url",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "transportation",
            "latitude",
            "longitude",
            "external_identifier",
            "external_identifier_type",
        ),
    ),
    "address": (
        "addresses.csv",
        (
            "id",
            "location_id",
            "attention",
            "address_1",
            "address_2",
            "city",
            "region",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ),
    ),
    "required_document": ("required_documents.csv", ("id", "service_id", "document", "uri")),
    "accessibility": ("accessibility.csv", ("id", "location_id", "description", "details", "url")),
    "metadata": (
        "metadata.csv",
        (
            "id",
            "resource_id",
            "resource_type",
            "last_action_date",
            "last_action_type",
            "field_name",
            "previous_value",
            "replacement_value",
            "updated_by",
        ),
    ),
    "meta_table_description": (
        "meta_table_descriptions.csv",
        ("id", "name", "language", "character_set"),
    ),
}
"""The other tables of the HSDS 3 tabular data package, which we never fill: written as
header-only CSVs, so that the specification's ``datapackage.json`` describes the folder
completely (its foreign keys name ``location`` and ``program``, and a data package validator
such as frictionless refuses a package whose files are missing)."""

NUMBER_COLUMNS = frozenset(
    {
        "year_incorporated",
        "minimum_age",
        "maximum_age",
        "extension",
        "timezone",
        "count",
        "interval",
        "amount",
    }
)
"""Columns the schemas type as ``number``: numbers in JSON, text in CSV."""

JSON_FILE = "hsds.json"
"""The tabular layout as one JSON document (``{"organization": [...], ...}``), valid
against the specification's ``schema/compiled/tabular.json``."""

IDENTIFIER_SCHEME = "integration-graph"


@dataclass(frozen=True)
class Taxonomy:
    """One of the vocabularies we publish as an HSDS taxonomy."""

    key: str
    name: str
    description: str

    @property
    def id(self) -> str:
        return hsds_id("taxonomy", self.key)

    @property
    def uri(self) -> str:
        return f"{URN}:taxonomy:{self.key}"

    def term_id(self, code: str) -> str:
        return hsds_id("taxonomy_term", self.key, code)

    def code(self, code: str) -> str:
        """The term's ``code`` in HSDS, namespaced by the taxonomy (``topics:frauen``):
        HSDS wants codes unique across the whole ``taxonomy_term`` table, and a topic and
        a target group may share an id of ours (``frauen``)."""
        return f"{self.key}:{code}"

    def our_code(self, code: str) -> str:
        """Our id from an HSDS ``code``: without the namespace (exports before the codes
        were namespaced wrote the bare id, which is read as it is)."""
        return code.removeprefix(f"{self.key}:")

    def default_description(self, name: str) -> str:
        """The ``description`` of a term that has none of its own (HSDS requires one): read
        back as no description, so the round trip stays exact."""
        return f"{name} ({self.name})"

    def term_uri(self, code: str) -> str:
        return f"{URN}:{self.key}:{code}"


TOPICS = Taxonomy(
    "topics",
    "Handlungsfelder / fields of action",
    "Handlungsfelder der Integrationsarbeit im Landkreis Gifhorn (integration-graph).",
)
TARGET_GROUPS = Taxonomy(
    "target-groups",
    "Zielgruppen / target groups",
    "Zielgruppen der Angebote (integration-graph).",
)
ACTOR_KINDS = Taxonomy(
    "actor-kinds", "Akteursarten / kinds of actor", "Art einer Organisation (integration-graph)."
)
OFFERING_KINDS = Taxonomy(
    "offering-kinds", "Angebotsarten / kinds of offering", "Art eines Angebots (integration-graph)."
)
FIELDS = Taxonomy(
    "fields",
    "Felder / fields (integration-graph)",
    "Fields of the integration graph that HSDS has no column for; the attribute's value "
    "holds the field's value.",
)

KIND_TAXONOMIES: dict[str, tuple[Taxonomy, type[Vocabulary]]] = {
    "organization": (ACTOR_KINDS, ActorKind),
    "service": (OFFERING_KINDS, OfferingKind),
}

FIELD_TERMS: dict[str, str] = {
    "id": "stable id (slug) of the record in the integration graph",
    "source": "where the fact comes from (citation)",
    "address": "postal address as one line of text",
    "founded": "when the organization was founded, as precise as known (2017, 2017-06)",
    "locatedIn": "id of the municipality where the organization sits",
    "activeIn": "id of a municipality where the organization is active",
    "provider": "id of a further organization that runs the service",
    "capacity": "number of places",
    "funder": "id of the organization that funds the service",
    "program": "funding programme",
    "ags": "official municipality key (Amtlicher Gemeindeschlüssel) of the service area",
    "responsibility": "what the contact is responsible for",
    "since": "start of the contact's role (ISO date)",
    "until": "end of the contact's role (ISO date)",
    "worksFor": "id of a further organization the contact works for",
    "coordinatesOffering": "id of a further service the contact coordinates",
    "coordinatesTopic": "id of a field of action the contact coordinates",
}
"""Terms of the ``fields`` taxonomy: the code is the field, the attribute value its value."""

HSDS_FIELDS: dict[tuple[str, str], str] = {
    ("actors", "name"): "name",
    ("actors", "kind"): "attribute (actor-kinds)",
    ("actors", "website"): "website",
    ("actors", "email"): "email",
    ("actors", "phone"): "phones.number",
    ("actors", "partOf"): "parent_organization_id",
    ("actors", "founded"): "year_incorporated / attribute (fields: founded)",
    ("offerings", "title"): "name",
    ("offerings", "kind"): "attribute (offering-kinds)",
    ("offerings", "schedule"): "schedules.description",
    ("offerings", "startDate"): "schedules.valid_from",
    ("offerings", "endDate"): "schedules.valid_to",
    ("offerings", "cost"): "cost_options.amount",
    ("offerings", "fundingProgram"): "funding.source",
    ("offerings", "providers"): "organization_id",
    ("offerings", "topics"): "attribute (topics)",
    ("offerings", "targetGroups"): "attribute (target-groups)",
    ("offerings", "languages"): "languages.code",
    ("offerings", "municipalities"): "service_areas",
    ("languages", "id"): "code",
    ("topics", "id"): "code",
    ("targetGroups", "id"): "code",
    ("coordinators", "role"): "title",
    ("coordinators", "email"): "email",
    ("coordinators", "phone"): "phones.number",
    ("fundings", "funder"): "attribute (fields: funder)",
    ("fundings", "program"): "attribute (fields: program)",
}
"""Where a field of ours lives in HSDS, to name it in problems (others: attribute of the
``fields`` taxonomy with the field's name)."""
