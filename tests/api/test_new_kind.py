"""A node kind added the README's way is complete: ``Location``, in the real registry.

``Location`` is a model, a registry section and a German section name
(``tests/api/location_kind.py``). Here it is added to the *real* registry, in a pytest run
of its own (``-p tests.api.with_location``: a process in which the whole program is built
with the kind), against this session's Neo4j; that run is ``tests/api/location_surfaces.py``
and each of its tests is one surface, reported here by name: the schema's types, nested
fields both ways, search (in the API and in the cockpit), the full-text index of a database
made before the kind (not ready, ``migrate``, ready, found), a load/export round trip in
YAML and Excel, the data-format document's check and the HSDS decision. Afterwards this
session's database gets its own index back (``migrate`` with the real contract) and loses
the kind's constraint and index.

The last tests check the real schema for what every kind must have.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import neo4j
import pytest

from domain.contract import CONTRACT as REAL
from domain.registry import NODE_SECTIONS
from graph.db import credentials
from graph.migrations import FULLTEXT_INDEX, migrate, stored_fulltext
from graph.settings import PROJECT_ROOT, Settings
from schema.naming import by_id_field
from schema.schema import schema
from tests.conftest import wipe

SURFACES = {
    "the kind is in the real contract": "test_the_kind_is_part_of_the_real_contract",
    "type, filter, sort, root fields, mutations": (
        "test_the_kind_gets_its_type_filter_sort_root_fields_and_mutations"
    ),
    "SearchKind and SearchNode": "test_the_kind_is_searchable_in_the_schema",
    "nested fields both ways": "test_an_offering_lists_its_locations_and_a_location_its_offerings",
    "search by name and address": "test_search_finds_a_location_by_its_name_and_its_address",
    "search over every kind": "test_a_search_over_every_kind_returns_a_location_among_the_others",
    "index of an existing database": (
        "test_an_existing_database_gets_the_kind_into_its_index_by_migrate"
    ),
    "YAML round trip": "test_an_export_loads_back_into_the_same_locations[yaml]",
    "Excel round trip": "test_an_export_loads_back_into_the_same_locations[xlsx]",
    "cockpit search": "test_the_cockpit_search_shows_and_names_a_location",
    "data-format document": (
        "test_the_document_check_notices_the_kind_until_the_document_is_generated"
    ),
    "HSDS decision": "test_hsds_asks_for_a_decision_about_the_kind",
}
"""Each surface and the test of ``location_surfaces.py`` that checks it."""

RUN_TIMEOUT = 1800
"""Seconds the run may take at most (a bound on waiting: it took 205 to 235 s on 2 cores at a
load average of 20 to 29, ~150 s when started by hand there)."""


def _environment(settings: Settings) -> dict[str, str]:
    """This session's server for the run, named by URI (no worker of ours, no second server)."""
    uri, user, password = credentials(settings)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update(
        NEO4J_URI=uri,
        NEO4J_USER=user,
        NEO4J_PASSWORD=password,
        NEO4J_DATABASE=settings.neo4j_database,
        PYTHONPATH=str(PROJECT_ROOT),
    )
    return env


def _outcomes(report: Path) -> dict[str, str]:
    """``name -> passed | failed: message`` from the run's JUnit XML."""
    found = {}
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        problem = next((c for c in case if c.tag in ("failure", "error", "skipped")), None)
        if problem is None:
            found[case.attrib["name"]] = "passed"
        else:
            detail = (problem.attrib.get("message") or "") + "\n" + (problem.text or "")
            found[case.attrib["name"]] = f"{problem.tag}: {detail.strip()}"
    return found


def _restore(driver: neo4j.Driver, database: str) -> None:
    """This session's contract again: its own full-text index, no trace of the kind."""
    wipe(driver, database)
    driver.execute_query("DROP CONSTRAINT location_id_unique IF EXISTS", database_=database)
    driver.execute_query("DROP INDEX location_name IF EXISTS", database_=database)
    migrate(driver, database)


@pytest.fixture(scope="module")
def surfaces(
    driver: neo4j.Driver, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """The outcome of each test of the run; this session's database is restored after it."""
    report = tmp_path_factory.mktemp("with-location") / "report.xml"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        "tests.api.with_location",
        "-p",
        "no:xdist",
        "-p",
        "no:cacheprovider",
        "-q",
        f"--junit-xml={report}",
        "tests/api/location_surfaces.py",
    ]
    try:
        run = subprocess.run(
            command,
            cwd=PROJECT_ROOT,
            env=_environment(settings),
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=False,
        )
        assert report.exists(), run.stdout + run.stderr
    finally:
        _restore(driver, settings.neo4j_database)
    return _outcomes(report)


def test_every_surface_was_checked(surfaces: dict[str, str]) -> None:
    assert set(surfaces) == set(SURFACES.values())


@pytest.mark.parametrize("surface", list(SURFACES))
def test_the_new_kind_has(surface: str, surfaces: dict[str, str]) -> None:
    assert surfaces.get(SURFACES[surface]) == "passed", surfaces.get(SURFACES[surface])


def test_afterwards_the_session_has_its_own_index_again(
    surfaces: dict[str, str], driver: neo4j.Driver, settings: Settings
) -> None:
    stored = stored_fulltext(driver, settings.neo4j_database)

    assert stored is not None and "Location" not in stored.labels
    names, _, _ = driver.execute_query("SHOW INDEXES YIELD name", database_=settings.neo4j_database)
    assert FULLTEXT_INDEX in {r["name"] for r in names}
    assert "location_name" not in {r["name"] for r in names}


# --- what the real schema gives every kind --------------------------------------------------


def test_only_editable_kinds_get_node_mutations() -> None:
    fields = schema._schema.mutation_type.fields  # type: ignore[union-attr]
    # createAccount makes an account (operational data beside the landscape), not a node kind
    landscape = (name for name in fields if name.startswith("create") and name != "createAccount")
    created = {name.removeprefix("create") for name in landscape}

    assert created == {s.label for s in NODE_SECTIONS if s.editable}
    assert created == {"Actor", "Offering", "WorkingGroup", "Coordinator", "Measure", "Event"}


def test_every_kind_of_the_contract_has_its_root_fields() -> None:
    fields = schema._schema.query_type.fields  # type: ignore[union-attr]

    for kind in REAL.kinds:
        assert fields[by_id_field(kind.label)].type.name == kind.label
        assert str(fields[kind.section].type) == f"{kind.label}Connection!"


def test_every_relationship_field_the_contract_names_is_on_its_graphql_type() -> None:
    """A kind added without a relationship field, or an end whose type lacks the field its
    section names, fails here."""
    fields = {name: set(getattr(t, "fields", {})) for name, t in schema._schema.type_map.items()}
    named = {
        (end.label, end.field)
        for rel in REAL.relationships
        for end in (rel.start, rel.end)
        if end.field is not None
    }

    missing = sorted(f"{label}.{field}" for label, field in named if field not in fields[label])

    assert missing == []
    assert ("WorkingGroup", "measures") in named and ("Measure", "workingGroup") in named
