"""The CLI pointed at the test server, through the same environment a user sets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from graph.settings import Settings


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    from graph.settings import get_settings

    monkeypatch.setenv("NEO4J_LOCAL_DIR", str(settings.neo4j_local_dir))
    monkeypatch.setenv("NEO4J_LOCAL_PORT", str(settings.neo4j_local_port))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()
