"""Landscape -> HSDS 3 tables -> ``hsds.json`` (tabular JSON) and one CSV per table.

The mapping is described in ``loaders.hsds``; ids and terms come from
``loaders.hsds.mapping``. Rows leave out empty values (HSDS: absent, not null), except the
``description`` the specification requires: ``""`` on an organization without one, and on a
taxonomy term the taxonomy's default text (``Frauen (Zielgruppen / target groups)``), since
the specification's ``datapackage.json`` refuses an empty one there. The folder holds a CSV
for every table of the HSDS 3 data package (header-only when empty), so that frictionless
validates it with the official ``datapackage.json`` as it is.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from domain import model
from domain.landscape import Landscape
from domain.personal import redact
from loaders.hsds.mapping import (
    FIELD_TERMS,
    FIELDS,
    IDENTIFIER_SCHEME,
    JSON_FILE,
    KIND_TAXONOMIES,
    TABLES,
    TARGET_GROUPS,
    TOPICS,
    UNFILLED_TABLES,
    URN,
    Taxonomy,
    hsds_id,
)

Row = dict[str, Any]
R = TypeVar("R", bound=model.Record)


class Tables:
    """HSDS rows per table, with helpers for the attribute rows most fields become.

    ``hidden`` are names of people that no text may carry (replaced on the way in)."""

    def __init__(self, hidden: Iterable[str] = ()) -> None:
        self.rows: dict[str, list[Row]] = defaultdict(list)
        self.hidden = dict.fromkeys(hidden, REDACTED)

    def add(self, table: str, **values: Any) -> str:
        """Add a row (``None`` values left out); returns its id."""
        row = {
            key: redact(_plain(value), self.hidden)
            for key, value in values.items()
            if value is not None
        }
        self.rows[table].append(row)
        return str(row["id"])

    def term(self, entity: str, link_id: str, taxonomy: Taxonomy, code: str) -> None:
        """Link a record to a term of one of our taxonomies (topic, kind, ...)."""
        self.add(
            "attribute",
            id=hsds_id("attribute", link_id, taxonomy.key, code),
            link_id=link_id,
            taxonomy_term_id=taxonomy.term_id(code),
            link_entity=entity,
        )

    def field(self, entity: str, link_id: str, name: str, value: Any) -> None:
        """A field HSDS has no column for, as an attribute of the ``fields`` taxonomy."""
        if value is None:
            return
        self.add(
            "attribute",
            id=hsds_id("attribute", link_id, FIELDS.key, name, str(value)),
            link_id=link_id,
            taxonomy_term_id=FIELDS.term_id(name),
            link_entity=entity,
            value=str(_plain(value)),
        )


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "value", value)  # enumerations


REDACTED = "(Name entfernt)"
"""Stands in for a person's name in texts when personal data is left out."""


def to_hsds(landscape: Landscape, *, include_personal: bool = False) -> dict[str, list[Row]]:
    """The landscape as HSDS rows per table (see ``loaders.hsds`` for the mapping).

    Without ``include_personal`` there are no contacts, and names of coordinators and
    people are replaced by "(Name entfernt)" in every text (descriptions name staff)."""
    tables = Tables(() if include_personal else _personal_names(landscape))
    _taxonomies(tables, landscape)
    for actor in _records(landscape, "actors", model.Actor):
        _organization(tables, actor)
    names = {r.id: r for r in _records(landscape, "languages", model.Language)}
    places = {m.id: m for m in _records(landscape, "municipalities", model.Municipality)}
    for offering in _records(landscape, "offerings", model.Offering):
        _service(tables, offering, names, places)
    _unused_languages(tables, landscape, names)
    actor_names = {a.id: a.name for a in _records(landscape, "actors", model.Actor)}
    for funding in _records(landscape, "fundings", model.Funding):
        _funding(tables, funding, actor_names)
    if include_personal:
        for coordinator in _records(landscape, "coordinators", model.Coordinator):
            _contact(tables, coordinator)
    return {table: tables.rows[table] for table in TABLES if tables.rows[table]}


def _personal_names(landscape: Landscape) -> list[str]:
    return [
        str(record.name)
        for section in ("coordinators", "people")
        for record in landscape.records(section)
        if isinstance(record, model.Coordinator | model.Person)
    ]


def _records(landscape: Landscape, section: str, kind: type[R]) -> list[R]:
    return [r for r in landscape.records(section) if isinstance(r, kind)]


def _taxonomies(tables: Tables, landscape: Landscape) -> None:
    """Our five taxonomies: topics and target groups from the data, the two kinds from the
    enumerations, and the field names."""
    every = (TOPICS, TARGET_GROUPS, *(t for t, _ in KIND_TAXONOMIES.values()), FIELDS)
    for taxonomy in every:
        tables.add(
            "taxonomy",
            id=taxonomy.id,
            name=taxonomy.name,
            description=taxonomy.description,
            uri=taxonomy.uri,
        )
    for taxonomy, section in ((TOPICS, "topics"), (TARGET_GROUPS, "targetGroups")):
        for record in landscape.records(section):
            assert isinstance(record, model.Topic | model.TargetGroup)
            description = record.description or taxonomy.default_description(record.name)
            _term(tables, taxonomy, record.id, record.name, description)
            tables.field("taxonomy_term", taxonomy.term_id(record.id), "source", record.source)
    for taxonomy, vocabulary in KIND_TAXONOMIES.values():
        for member in vocabulary:
            _term(tables, taxonomy, member.value, f"{member.de} / {member.en}", member.en)
    for code, text in FIELD_TERMS.items():
        _term(tables, FIELDS, code, code, text)


def _term(tables: Tables, taxonomy: Taxonomy, code: str, name: str, description: str) -> None:
    tables.add(
        "taxonomy_term",
        id=taxonomy.term_id(code),
        code=taxonomy.code(code),
        name=name,
        description=description,
        taxonomy=taxonomy.name,
        language="de",
        taxonomy_id=taxonomy.id,
        term_uri=taxonomy.term_uri(code),
    )


def _organization(tables: Tables, actor: model.Actor) -> None:
    org = tables.add(
        "organization",
        id=hsds_id("organization", actor.id),
        name=actor.name,
        description=actor.description or "",
        email=actor.email,
        website=actor.website,
        parent_organization_id=hsds_id("organization", actor.part_of) if actor.part_of else None,
        year_incorporated=int(str(actor.founded)[:4]) if actor.founded else None,
    )
    tables.add(
        "organization_identifier",
        id=hsds_id("organization_identifier", actor.id),
        organization_id=org,
        identifier_scheme=IDENTIFIER_SCHEME,
        identifier_type="id",
        identifier=actor.id,
    )
    if actor.phone:
        tables.add("phone", id=hsds_id("phone", org), organization_id=org, number=actor.phone)
    tables.term("organization", org, KIND_TAXONOMIES["organization"][0], actor.kind.value)
    tables.field("organization", org, "address", actor.address)
    # year_incorporated holds the year only; the field keeps "2017-06" as precise as known.
    tables.field("organization", org, "founded", actor.founded)
    tables.field("organization", org, "locatedIn", actor.located_in)
    for place in actor.active_in:
        tables.field("organization", org, "activeIn", place)
    tables.field("organization", org, "source", actor.source)


def _service(
    tables: Tables,
    offering: model.Offering,
    languages: dict[str, model.Language],
    places: dict[str, model.Municipality],
) -> None:
    providers = [hsds_id("organization", p) for p in offering.providers]
    service = tables.add(
        "service",
        id=hsds_id("service", offering.id),
        organization_id=providers[0] if providers else None,
        name=offering.title,
        description=offering.description,
        status="active",
    )
    tables.field("service", service, "id", offering.id)
    tables.term("service", service, KIND_TAXONOMIES["service"][0], offering.kind.value)
    for extra in offering.providers[1:]:
        tables.field("service", service, "provider", extra)
    _service_details(tables, service, offering)
    for topic in offering.topics:
        tables.term("service", service, TOPICS, topic)
    for group in offering.target_groups:
        tables.term("service", service, TARGET_GROUPS, group)
    for code in offering.languages:
        row = tables.add(
            "language",
            id=hsds_id("language", offering.id, code),
            service_id=service,
            name=languages[code].name,
            code=code,
        )
        tables.field("language", row, "source", languages[code].source)
    for place in offering.municipalities:
        _service_area(tables, service, offering.id, places[place])
    tables.field("service", service, "source", offering.source)


def _unused_languages(
    tables: Tables, landscape: Landscape, languages: dict[str, model.Language]
) -> None:
    """Languages no offering is held in (spoken by residents, say) as language rows without
    a service: HSDS allows them, and so every language of the graph travels."""
    used = {code for o in _records(landscape, "offerings", model.Offering) for code in o.languages}
    for code, language in languages.items():
        if code in used:
            continue
        row = tables.add("language", id=hsds_id("language", code), name=language.name, code=code)
        tables.field("language", row, "source", language.source)


def _service_details(tables: Tables, service: str, offering: model.Offering) -> None:
    """Schedule and dates, cost, capacity and the funding programme."""
    if offering.schedule or offering.start_date or offering.end_date:
        tables.add(
            "schedule",
            id=hsds_id("schedule", service),
            service_id=service,
            valid_from=offering.start_date,
            valid_to=offering.end_date,
            description=offering.schedule,
        )
    if offering.cost is not None:
        tables.add(
            "cost_option",
            id=hsds_id("cost_option", service),
            service_id=service,
            currency="EUR",
            amount=offering.cost,
        )
    tables.field("service", service, "capacity", offering.capacity)
    if offering.funding_program:
        tables.add(
            "funding",
            id=hsds_id("funding", service, "program"),
            service_id=service,
            source=offering.funding_program,
        )


def _service_area(tables: Tables, service: str, offering: str, place: model.Municipality) -> None:
    area = tables.add(
        "service_area",
        id=hsds_id("service_area", offering, place.id),
        service_id=service,
        name=place.name,
        description=f"AGS {place.ags}" if place.ags else None,
        uri=f"{URN}:municipality:{place.id}",
    )
    tables.field("service_area", area, "ags", place.ags)


def _funding(tables: Tables, funding: model.Funding, names: dict[str, str]) -> None:
    funder = names.get(funding.funder, funding.funder)
    row = tables.add(
        "funding",
        id=hsds_id("funding", funding.funder, funding.offering, funding.program or ""),
        service_id=hsds_id("service", funding.offering),
        source=f"{funder}: {funding.program}" if funding.program else funder,
    )
    tables.field("funding", row, "funder", funding.funder)
    tables.field("funding", row, "program", funding.program)
    tables.field("funding", row, "source", funding.source)


def _contact(tables: Tables, person: model.Coordinator) -> None:
    """A coordinator as an HSDS contact: personal data, written only when asked for."""
    contact = tables.add(
        "contact",
        id=hsds_id("contact", person.id),
        organization_id=hsds_id("organization", person.works_for[0]) if person.works_for else None,
        service_id=(
            hsds_id("service", person.coordinates_offerings[0])
            if person.coordinates_offerings
            else None
        ),
        name=person.name,
        title=person.role,
        email=person.email,
    )
    if person.phone:
        tables.add("phone", id=hsds_id("phone", contact), contact_id=contact, number=person.phone)
    tables.field("contact", contact, "id", person.id)
    for name, value in (
        ("responsibility", person.responsibility),
        ("since", person.since),
        ("until", person.until),
    ):
        tables.field("contact", contact, name, value)
    for name, values in (
        ("worksFor", person.works_for[1:]),
        ("coordinatesOffering", person.coordinates_offerings[1:]),
        ("coordinatesTopic", person.coordinates_topics),
    ):
        for value in values:
            tables.field("contact", contact, name, value)
    tables.field("contact", contact, "source", person.source)


# --- files ---------------------------------------------------------------------------------


def planned_files() -> list[str]:
    """File names an export writes: the JSON document and a CSV for every table of the
    HSDS 3 data package (header-only when the table is empty)."""
    return [JSON_FILE, *(file for file, _ in {**TABLES, **UNFILLED_TABLES}.values())]


def write_hsds(rows: dict[str, list[Row]], out: Path) -> list[Path]:
    """Write ``hsds.json`` (the tables with rows) and one CSV per table of the data package
    (all columns of the table, in spec order; only the header when it has no rows)."""
    out.mkdir(parents=True, exist_ok=True)
    document = out / JSON_FILE
    with document.open("w", encoding="utf-8") as handle:
        json.dump(rows, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
    written = [document]
    for table, (file, columns) in {**TABLES, **UNFILLED_TABLES}.items():
        path = out / file
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows.get(table, []))
        written.append(path)
    return written
