"""Loads and restores in the change history: one ``Change`` per load, in its transaction.

A load that changes anything records one change with an entry per node record created,
updated or deleted (an update with each field's old and new value); a load that changes
nothing, or a dry run, records none.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph.backup import read_everything, restore
from graph.history.store import ChangeMeta
from graph.settings import Settings
from graph.store.writer import write_landscape
from tests.store.test_writer import LANDSCAPE, landscape_of

pytestmark = pytest.mark.neo4j


def changes(driver: neo4j.Driver, settings: Settings) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(
        "MATCH (c:Change) RETURN properties(c) AS c ORDER BY c.revision",
        database_=settings.neo4j_database,
    )
    return [dict(r["c"]) for r in records]


def entries(change: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{e['label']}:{e['recordId']}": e for e in json.loads(change["entries"])}


def test_a_load_records_one_change_with_every_created_record(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    result = write_landscape(
        empty_db, landscape_of(tmp_path, LANDSCAPE), database=settings.neo4j_database
    )

    [change] = changes(empty_db, settings)
    assert change["action"] == "load"
    assert change["author"].startswith("CLI ")
    assert change["revision"] == result.revision
    found = entries(change)
    assert len(found) == 8  # the nodes; relationships are counted, not itemised
    assert {e["op"] for e in found.values()} == {"created"}
    kvhs = {f["field"]: f["new"] for f in found["Actor:kvhs-gifhorn"]["fields"]}
    assert kvhs["name"] == "Kreisvolkshochschule Gifhorn"
    assert found["Offering:integrationskurs"]["recordName"] == "Integrationskurs"
    assert found["Offering:integrationskurs"]["fields"][0]["old"] is None


def test_a_repeated_load_and_a_dry_run_record_nothing(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    landscape = landscape_of(tmp_path, LANDSCAPE)
    write_landscape(empty_db, landscape, database=settings.neo4j_database)
    write_landscape(empty_db, landscape, database=settings.neo4j_database)
    changed = landscape_of(tmp_path, LANDSCAPE.replace("capacity: 20", "capacity: 25"))
    write_landscape(empty_db, changed, database=settings.neo4j_database, dry_run=True)

    assert len(changes(empty_db, settings)) == 1


def test_an_update_and_a_replace_record_old_and_new_values(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    write_landscape(empty_db, landscape_of(tmp_path, LANDSCAPE), database=settings.neo4j_database)
    text = LANDSCAPE.replace("capacity: 20", "capacity: 25").replace(
        "  - {id: caritas, name: Caritas, kind: welfare_association, source: example}\n", ""
    )
    text = text.replace("  - {actor: caritas, workingGroup: ak-bildung, source: article}\n", "")
    author = ChangeMeta(author="Stabsstelle", author_key="test")
    write_landscape(
        empty_db,
        landscape_of(tmp_path, text),
        database=settings.neo4j_database,
        replace=True,
        author=author,
    )

    change = changes(empty_db, settings)[-1]
    assert change["author"] == "Stabsstelle"
    found = entries(change)
    assert set(found) == {"Offering:integrationskurs", "Actor:caritas"}
    offering = found["Offering:integrationskurs"]
    assert offering["op"] == "updated"
    assert offering["fields"] == [{"field": "capacity", "old": 20, "new": 25}]
    assert found["Actor:caritas"]["op"] == "deleted"
    assert {"field": "name", "old": "Caritas", "new": None} in found["Actor:caritas"]["fields"]
    assert change["deletions"] == 1


def test_a_restore_records_one_restore_change_and_keeps_no_old_history(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    database = settings.neo4j_database
    write_landscape(empty_db, landscape_of(tmp_path, LANDSCAPE), database=database)
    landscape, tokens, accounts = read_everything(empty_db, database)
    empty_db.execute_query("MATCH (n) DETACH DELETE n", database_=database)

    restore(empty_db, database, landscape, tokens, accounts)

    [change] = changes(empty_db, settings)
    assert change["action"] == "restore"
    assert len(entries(change)) == 8
