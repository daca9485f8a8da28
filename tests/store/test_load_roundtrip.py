"""Export, wipe, load: the graph comes back identical, in every export format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import neo4j
import pytest

from domain.registry import NODE_SECTIONS
from graph.settings import Settings
from graph.store.reader import read_landscape
from graph.store.writer import write_landscape
from loaders.export import EXPORT_FORMATS, ExportFormat, export_landscape
from loaders.landscape import load_landscape
from loaders.synthetic import generate, write_document
from tests.store.conftest import Snapshot

pytestmark = pytest.mark.neo4j

GIFHORN = Path(__file__).resolve().parents[2] / "loaders" / "data" / "gifhorn"
MEASURES = Path(__file__).resolve().parent / "data" / "measures.yaml"
"""Measures on the Gifhorn data: the shipped dataset has none, the round trips need them."""


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_wipe_load_gives_the_identical_graph(
    empty_db: neo4j.Driver,
    settings: Settings,
    tmp_path: Path,
    fmt: ExportFormat,
    snapshot: Callable[..., Snapshot],
) -> None:
    database = settings.neo4j_database
    write_document(generate(300, seed=5), tmp_path / "synthetic", "yaml")
    write_landscape(empty_db, load_landscape([GIFHORN, MEASURES]), database=database)
    synthetic = load_landscape([tmp_path / "synthetic"])  # renames the shared vocabulary
    write_landscape(empty_db, synthetic, database=database, overwrite_other_sources=True)
    before = snapshot(empty_db)

    export_landscape(read_landscape(empty_db, database=database), tmp_path / fmt, fmt)
    empty_db.execute_query("MATCH (n) DETACH DELETE n", database_=database)
    result = write_landscape(empty_db, load_landscape([tmp_path / fmt]), database=database)

    assert result.total().created == result.entities > 3000
    assert snapshot(empty_db) == before
    labels = {node_labels for node_labels, _ in before[0]}
    assert {(s.label,) for s in NODE_SECTIONS} <= labels  # every kind made the trip


def test_loading_an_export_of_an_unchanged_graph_changes_nothing(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    database = settings.neo4j_database
    write_landscape(empty_db, load_landscape([GIFHORN, MEASURES]), database=database)

    export_landscape(read_landscape(empty_db, database=database), tmp_path, "csv")
    result = write_landscape(empty_db, load_landscape([tmp_path]), database=database)

    assert not result.changed
