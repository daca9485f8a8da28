"""HSDS 3 export and import on the Gifhorn data in a real Neo4j.

The export is validated against the specification's JSON schemas (shipped in
``tests/data/schemas/hsds-3``, CC BY-SA 4.0) with ``jsonschema`` and its format checks
(UUIDs, e-mail, URIs, dates), and as a tabular data package with frictionless and the
specification's own ``datapackage.json`` (the tool HSDS publishers check with); the round
trip export -> wipe -> load into the empty database gives the same records for everything
HSDS carries.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import neo4j
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from typer.testing import CliRunner

from cli.main import app
from domain.landscape import Landscape
from graph.settings import Settings
from graph.store.reader import read_landscape
from graph.store.writer import graph_ids
from loaders.export import to_document
from tests.conftest import wipe
from tests.interchange.conftest import SCHEMAS

HSDS = SCHEMAS / "hsds-3"
CARRIED = (
    "actors",
    "offerings",
    "topics",
    "targetGroups",
    "fundings",
    "languages",
    "municipalities",
)
"""Sections that come back completely (municipalities: the shipped ones, loaded along into
an empty database and matched by AGS)."""


def _registry() -> Registry[Any]:
    return Registry().with_resources(
        (
            path.name,
            Resource.from_contents(json.loads(path.read_text()), DRAFT202012),
        )
        for path in HSDS.glob("*.json")
    )


def _validator(schema: Path) -> Draft202012Validator:
    return Draft202012Validator(
        json.loads(schema.read_text()), registry=_registry(), format_checker=FormatChecker()
    )


def _errors(validator: Draft202012Validator, instance: Any) -> list[str]:
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(instance)]


def _export(cli_env: CliRunner, out: Path, *flags: str) -> None:
    result = cli_env.invoke(app, ["export", "--format", "hsds", str(out), *flags])
    assert result.exit_code == 0, result.output


def _sections(landscape: Landscape) -> dict[str, list[dict[str, Any]]]:
    return to_document(landscape)


def test_export_is_valid_hsds(gifhorn: neo4j.Driver, cli_env: CliRunner, tmp_path: Path) -> None:
    _export(cli_env, tmp_path)

    document = json.loads((tmp_path / "hsds.json").read_text(encoding="utf-8"))
    assert _errors(_validator(HSDS / "compiled" / "tabular.json"), document) == []
    for table, rows in document.items():
        validator = _validator(HSDS / f"{table}.json")
        assert [e for row in rows for e in _errors(validator, row)] == [], table
        schema = json.loads((HSDS / f"{table}.json").read_text())
        with (tmp_path / schema["path"]).open(encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            assert set(reader.fieldnames or ()) <= set(schema["properties"])
            assert sum(1 for _ in reader) == len(rows)
    assert len(document["organization"]) == 75
    assert len(document["service"]) == 172
    assert "contact" not in document  # personal data only when asked for
    for file in tmp_path.iterdir():  # nor in the texts that mention the team
        assert "Audrey Grothe" not in file.read_text(encoding="utf-8"), file.name
    assert any("(Name entfernt)" in o["description"] for o in document["organization"])


def _frictionless_errors(folder: Path) -> list[str]:
    """Every error frictionless finds in the folder, validated as the data package the
    specification's ``datapackage.json`` (copied in unchanged) describes."""
    from frictionless import validate

    shutil.copy(HSDS / "datapackage.json", folder / "datapackage.json")
    report = validate(folder / "datapackage.json")
    assert report.stats["tasks"] == 21  # every table of HSDS 3 was checked
    return [f"{task.name}: {e.type}: {e.message}" for task in report.tasks for e in task.errors]


def test_frictionless_validates_the_export_with_the_official_datapackage(
    gifhorn: neo4j.Driver, cli_env: CliRunner, tmp_path: Path
) -> None:
    _export(cli_env, tmp_path)

    assert _frictionless_errors(tmp_path) == []
    with (tmp_path / "taxonomy_terms.csv").open(encoding="utf-8") as handle:
        terms = {row["code"]: row for row in csv.DictReader(handle)}
    # a topic and a target group share the id "frauen": namespaced, the codes are unique
    assert terms["topics:frauen"]["name"] == terms["target-groups:frauen"]["name"] == "Frauen"
    # a target group without a description of its own gets the taxonomy's stand-in
    assert terms["target-groups:frauen"]["description"] == "Frauen (Zielgruppen / target groups)"
    assert (tmp_path / "locations.csv").read_text(encoding="utf-8").count("\n") == 1


def test_frictionless_finds_what_the_official_datapackage_forbids(
    gifhorn: neo4j.Driver, cli_env: CliRunner, tmp_path: Path
) -> None:
    """The check above could fail: a bare code used twice and an empty description are
    what the issue found (codes ``frauen`` of a topic and a target group)."""
    _export(cli_env, tmp_path)
    path = tmp_path / "taxonomy_terms.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns, rows = reader.fieldnames or [], list(reader)
    for row in rows:
        row["code"] = row["code"].partition(":")[2]
        if row["code"] == "frauen":
            row["description"] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)

    errors = _frictionless_errors(tmp_path)

    assert any("taxonomy_term: unique-error" in e and '"code"' in e for e in errors), errors
    assert any("taxonomy_term: constraint-error" in e and '"description"' in e for e in errors)


def test_validation_catches_a_broken_row(
    gifhorn: neo4j.Driver, cli_env: CliRunner, tmp_path: Path
) -> None:
    """The check above could fail: a service without name and a bad UUID are errors."""
    _export(cli_env, tmp_path)
    document = json.loads((tmp_path / "hsds.json").read_text(encoding="utf-8"))
    service = dict(document["service"][0])
    del service["name"]
    service["organization_id"] = "not-a-uuid"

    errors = _errors(_validator(HSDS / "service.json"), service)

    assert any("'name' is a required property" in e for e in errors)
    assert any("not-a-uuid" in e for e in errors)


def test_topics_and_target_groups_are_published_taxonomies(
    gifhorn: neo4j.Driver, cli_env: CliRunner, tmp_path: Path
) -> None:
    _export(cli_env, tmp_path)
    document = json.loads((tmp_path / "hsds.json").read_text(encoding="utf-8"))

    uris = {t["uri"] for t in document["taxonomy"]}
    terms = {t["term_uri"]: t for t in document["taxonomy_term"]}

    assert {
        "urn:integration-graph:taxonomy:topics",
        "urn:integration-graph:taxonomy:target-groups",
    } <= uris
    assert terms["urn:integration-graph:topics:sprache"]["name"] == "Sprache"
    assert terms["urn:integration-graph:target-groups:gefluechtete"]["name"] == "Geflüchtete"


def _load_hsds(cli_env: CliRunner, path: Path, *flags: str) -> Any:
    return cli_env.invoke(app, ["load", "--format", "hsds", str(path), *flags])


def _count(driver: neo4j.Driver, database: str, pattern: str) -> int:
    records, _, _ = driver.execute_query(
        f"MATCH {pattern} RETURN count(*) AS n", database_=database
    )
    return int(records[0]["n"])


def test_round_trip_into_an_empty_database_gives_the_same_graph_for_what_hsds_carries(
    gifhorn: neo4j.Driver, settings: Settings, cli_env: CliRunner, tmp_path: Path
) -> None:
    database = settings.neo4j_database
    before = _sections(read_landscape(gifhorn, database=database))
    offering_topics = _count(gifhorn, database, "(:Offering)-[:ADDRESSES]->(:Topic)")
    _export(cli_env, tmp_path, "--include-personal-data")

    wipe(gifhorn, database)  # nothing loaded by hand: the municipalities come along
    result = _load_hsds(cli_env, tmp_path, "--include-personal-data")
    assert result.exit_code == 0, result.output
    assert "the graph holds no municipalities: loading the 50 shipped ones" in result.output
    after = _sections(read_landscape(gifhorn, database=database))

    for section in CARRIED:
        assert after[section] == before[section], section
    assert len(after["languages"]) == 81  # also those no offering is held in
    # ADDRESSES of offerings all come back; those of working groups go with the groups
    assert _count(gifhorn, database, "()-[:ADDRESSES]->(:Topic)") == offering_topics
    without_groups = [
        {k: v for k, v in c.items() if k != "coordinatesWorkingGroups"}
        for c in before["coordinators"]
    ]
    assert after["coordinators"] == without_groups
    for lost in ("workingGroups", "memberships", "cooperations", "events", "residents"):
        assert lost in before and lost not in after


def test_json_document_loads_like_the_csv_tables(
    gifhorn: neo4j.Driver, settings: Settings, cli_env: CliRunner, tmp_path: Path
) -> None:
    from graph.store.reader import municipalities
    from loaders.hsds import Place, read_hsds

    _export(cli_env, tmp_path)
    places = [Place(*row) for row in municipalities(gifhorn, database=settings.neo4j_database)]

    known = graph_ids(gifhorn, settings.neo4j_database)

    from_csv = read_hsds(tmp_path, places=places, known_ids=known)
    from_json = read_hsds(tmp_path / "hsds.json", places=places, known_ids=known)

    assert _sections(from_csv) == _sections(from_json)
    assert len(from_csv.records("offerings")) == 172
