"""HSDS 3 export and import on the Gifhorn data in a real Neo4j.

The export is validated against the specification's JSON schemas (shipped in
``tests/data/schemas/hsds-3``, CC BY-SA 4.0) with ``jsonschema`` and its format checks
(UUIDs, e-mail, URIs, dates); the round trip export -> wipe -> load gives the same records
for everything HSDS carries.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import neo4j
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from typer.testing import CliRunner

from cli.main import app
from domain.landscape import Landscape
from graph.settings import PROJECT_ROOT, Settings
from graph.store.reader import read_landscape
from graph.store.writer import graph_ids, write_landscape
from loaders.export import to_document
from loaders.landscape import load_landscape
from tests.conftest import wipe
from tests.interchange.conftest import SCHEMAS

HSDS = SCHEMAS / "hsds-3"
MUNICIPALITIES = PROJECT_ROOT / "loaders" / "data" / "gifhorn" / "municipalities.yaml"
CARRIED = ("actors", "offerings", "topics", "targetGroups", "fundings", "municipalities")
"""Sections HSDS carries completely (municipalities: loaded before, matched by AGS)."""


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


def test_round_trip_gives_the_same_graph_for_what_hsds_carries(
    gifhorn: neo4j.Driver, settings: Settings, cli_env: CliRunner, tmp_path: Path
) -> None:
    database = settings.neo4j_database
    before = _sections(read_landscape(gifhorn, database=database))
    _export(cli_env, tmp_path, "--include-personal-data")

    wipe(gifhorn, database)
    write_landscape(gifhorn, load_landscape([MUNICIPALITIES]), database=database)
    result = _load_hsds(cli_env, tmp_path, "--include-personal-data")
    assert result.exit_code == 0, result.output
    after = _sections(read_landscape(gifhorn, database=database))

    for section in CARRIED:
        assert after[section] == before[section], section
    used = {code for o in before["offerings"] for code in o.get("languages", [])}
    assert after["languages"] == [lang for lang in before["languages"] if lang["id"] in used]
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
