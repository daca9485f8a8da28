"""A load counts versions as the API does: +1 per changed node, nothing for an unchanged one.

A node's version is 1 when a load creates it. A later load that changes its properties, or
only its reference fields (an actor's ``activeIn``), adds one, once per load, and notes the
fields in the node's ``recentChanges`` (names only: a load keeps no values there). A load
that changes nothing leaves every version as it was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import neo4j
import pytest

from domain.contract import CONTRACT
from graph.settings import Settings
from graph.store.writer import write_landscape
from tests.store.test_writer import LANDSCAPE, landscape_of

pytestmark = pytest.mark.neo4j


def bookkeeping(driver: neo4j.Driver, settings: Settings) -> dict[str, tuple[Any, list[Any]]]:
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) "
        "RETURN n.id AS id, n.version AS version, coalesce(n.recentChanges, []) AS recent",
        labels=sorted(CONTRACT.labels),
        database_=settings.neo4j_database,
    )
    return {r["id"]: (r["version"], [json.loads(e) for e in r["recent"]]) for r in records}


def load(driver: neo4j.Driver, settings: Settings, tmp_path: Path, text: str, **kw: Any) -> None:
    write_landscape(driver, landscape_of(tmp_path, text), database=settings.neo4j_database, **kw)


def test_a_load_creates_at_version_one_and_an_unchanged_load_keeps_it(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    load(empty_db, settings, tmp_path, LANDSCAPE)
    load(empty_db, settings, tmp_path, LANDSCAPE)

    assert {version for version, _ in bookkeeping(empty_db, settings).values()} == {1}


@pytest.mark.parametrize("replace", [False, True])
def test_a_load_adds_one_per_changed_node_for_properties_and_references(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path, replace: bool
) -> None:
    load(empty_db, settings, tmp_path, LANDSCAPE)
    changed = LANDSCAPE.replace("capacity: 20", "capacity: 25").replace(
        "activeIn: [gifhorn, meine]", "activeIn: [gifhorn]"
    )
    changed = changed.replace(  # a property and a reference of one node: one step
        "{id: ak-bildung, name: AK Bildung, topics: [sprache]",
        "{id: ak-bildung, name: AK Bildung, meetingCadence: quarterly, topics: []",
    )

    load(empty_db, settings, tmp_path, changed, replace=replace)

    after = bookkeeping(empty_db, settings)
    assert after["integrationskurs"][0] == 2
    assert after["integrationskurs"][1][-1]["fields"] == [{"field": "capacity"}]
    assert after["kvhs-gifhorn"][0] == 2
    assert after["kvhs-gifhorn"][1][-1]["fields"] == [{"field": "activeIn"}]
    assert after["ak-bildung"][0] == 2
    assert after["caritas"][0] == 1
    assert after["sprache"][0] == 1
