"""No Neo4j notification reaches a user's terminal (issue 20).

A load into an empty database names property keys and labels that do not exist yet, and
Neo4j used to warn about each ("property key does not exist", GQL status 01N52). The driver
logged every warning, several lines long, before the load's summary. The project's drivers
now ask the server for no notifications (``graph.db.NOTIFICATIONS``).
"""

from __future__ import annotations

import logging
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.settings import PROJECT_ROOT

GIFHORN = PROJECT_ROOT / "loaders" / "data" / "gifhorn"
NOISE = ("Received notification", "GqlStatusObject")
"""How the driver words a notification it logs (``neo4j.notifications``)."""


def test_loading_and_exporting_on_an_empty_database_prints_no_notification(
    empty_db: neo4j.Driver,
    cli_env: CliRunner,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    with caplog.at_level(logging.DEBUG, logger="neo4j"):
        loaded = cli_env.invoke(app, ["load", str(GIFHORN)])
        exported = cli_env.invoke(app, ["export", "--format", "yaml", str(tmp_path / "out")])

    assert loaded.exit_code == 0, loaded.output
    assert "load complete" in loaded.output
    assert exported.exit_code == 0, exported.output
    for text in NOISE:
        assert text not in loaded.output
        assert text not in exported.output
        assert text not in caplog.text  # the driver's whole log, down to DEBUG
    assert "status_description" not in loaded.output + exported.output
    assert not [r for r in caplog.records if r.name.startswith("neo4j.notifications")]
