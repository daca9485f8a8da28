"""Exchange with service directories: Open Referral HSDS 3 (Human Services Data Specification).

``export_hsds`` writes the landscape as an HSDS 3 dataset: ``hsds.json`` (the tabular
layout as one JSON document, valid against the specification's
``schema/compiled/tabular.json``) and one CSV per table (``organizations.csv``,
``services.csv``, ...; the columns of the table's schema, in its order). ``read_hsds``
reads such a dataset, ours or another system's, into a validated ``Landscape`` for the
usual writer (``graph.store.writer``): all or nothing, every problem with file, row and
field. Ids are UUIDs derived from our ids (``uuid5``), so the same export gives the same
file, and our ids travel along (organization identifier scheme ``integration-graph``, or
the ``id`` field attribute) so that a round trip gives the same graph.

Mapping (ours -> HSDS table.field)::

    Actor            organization (name, description, email, website)
      id               organization_identifier (scheme integration-graph, type id)
      kind             attribute -> term of taxonomy actor-kinds
      phone            phone.number (organization_id)
      partOf           organization.parent_organization_id          (PART_OF)
      address, locatedIn, activeIn, source
                       attribute -> term of taxonomy "fields", value = the field's value
    Offering         service (name = title, description, status "active")
      providers        service.organization_id (first), further ones as attribute provider
      kind             attribute -> term of taxonomy offering-kinds
      schedule         schedule.description; startDate/endDate = schedule.valid_from/valid_to
      cost             cost_option.amount (currency EUR)
      fundingProgram   funding.source (a funding row without a funder)
      capacity, id, source   attribute (fields)
      topics           attribute -> term of taxonomy topics            (ADDRESSES)
      targetGroups     attribute -> term of taxonomy target-groups     (TARGETS)
      languages        language (service_id, code, name)               (IN_LANGUAGE)
      municipalities   service_area (name, uri urn:integration-graph:municipality:<id>,
                       attribute ags = the AGS)                         (AVAILABLE_IN)
    Topic            taxonomy_term of taxonomy topics (code = "topics:<id>", name,
                     description; without one, "<name> (<taxonomy name>)", read back as none)
    TargetGroup      taxonomy_term of taxonomy target-groups (code = "target-groups:<id>")
    Language         language rows (code = ISO 639-1 = our id, name; attribute source);
                     a language no offering is held in: a row without service_id
    Funding (FUNDS)  funding (service_id, source "<funder>: <program>"),
                     attributes funder (actor id) and program
    Coordinator      contact (name, title = role, email, organization_id = first worksFor,
                     service_id = first coordinated offering), phone.number, attributes
                     responsibility, since, until, further worksFor / coordinatesOffering,
                     coordinatesTopic. PERSONAL DATA: written and read only with
                     include_personal (CLI: --include-personal-data); without it the
                     names of coordinators and people are replaced by "(Name entfernt)"
                     in every text as well.

Published taxonomies (stable URIs, names rather than web addresses):
``urn:integration-graph:taxonomy:topics``, ``...:target-groups``, ``...:actor-kinds``,
``...:offering-kinds``, ``...:fields``; a term is ``urn:integration-graph:<taxonomy>:<id>``
(``urn:integration-graph:topics:sprache``), its ``code`` ``<taxonomy>:<id>``
(``topics:sprache``): HSDS wants codes unique across all taxonomies, and a topic and a
target group may share an id (``frauen``). The reader also takes bare codes.

The folder holds a CSV for every table of the HSDS 3 tabular data package, header-only for
those we never fill (location, program, ...), so that frictionless validates it with the
specification's ``datapackage.json`` as it is (``tests/interchange/test_hsds.py``).

Every node kind is named in ``loaders/hsds/kinds.py``, carried or not and why (a test
fails for a kind it does not name). What HSDS cannot carry (left out of the export, never
read): measures, working groups (with the topics they address) and memberships,
cooperations between actors, events and participations, people (Person), countries,
residents and language shares, the municipalities themselves (kind, population, hierarchy:
a service area only names one;
the import matches service areas by AGS, id or name to the municipalities of the graph,
and into a graph without any it loads the shipped ones of Landkreis Gifhorn along,
``SHIPPED_MUNICIPALITIES``), and a coordinator's coordinated working groups. The reader
ignores HSDS tables and taxonomies it has no place for (location, program, accessibility,
...), and reads contacts only when asked to (personal data).
"""

from __future__ import annotations

from pathlib import Path

from domain.landscape import Landscape
from loaders.hsds.reader import (
    SHIPPED_MUNICIPALITIES,
    Place,
    read_hsds,
    read_tables,
    shipped_municipalities,
)
from loaders.hsds.writer import planned_files, to_hsds, write_hsds

__all__ = [
    "SHIPPED_MUNICIPALITIES",
    "Place",
    "export_hsds",
    "planned_files",
    "read_hsds",
    "read_tables",
    "shipped_municipalities",
    "to_hsds",
]


def export_hsds(
    landscape: Landscape, out: Path, *, include_personal: bool = False
) -> dict[str, int]:
    """Write the landscape as an HSDS dataset into ``out``; returns rows per table.

    The files are written into a temporary folder that then replaces ``out``, so the
    export is complete or absent (as every export is)."""
    from loaders.atomic import staged_folder

    rows = to_hsds(landscape, include_personal=include_personal)
    with staged_folder(out) as staging:
        write_hsds(rows, staging)
    return {table: len(records) for table, records in rows.items()}
