"""Shared fixtures: a real Neo4j for the whole session, never a fake.

Unless ``NEO4J_URI`` is set, the session starts the project's own local Neo4j in a test
instance folder (``NEO4J_TEST_DIR``, default ``.neo4j/test``, port ``NEO4J_TEST_PORT``,
default 7688), so that tests never touch the data of a developer's running server. When the
server cannot be started or reached, every test that needs it fails with the reason.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from starlette.testclient import TestClient

from graph import launcher
from graph.db import open_driver
from graph.migrations import migrate
from graph.settings import PROJECT_ROOT, Settings, load_settings

ANALYSIS_WAIT = float(os.environ.get("API_ANALYSIS_WAIT", "300"))
"""Tests see their own writes in the analyses: a read waits for the background
recomputation (a guard, not a promise: the wait ends when it is done). The tests of the
background recomputation itself set 0, as a server does (``tests/api/test_recompute.py``)."""


def _test_settings() -> Settings:
    if os.environ.get("NEO4J_URI"):
        return load_settings(api_analysis_wait=ANALYSIS_WAIT)
    return load_settings(
        api_analysis_wait=ANALYSIS_WAIT,
        neo4j_local_dir=Path(os.environ.get("NEO4J_TEST_DIR", PROJECT_ROOT / ".neo4j" / "test")),
        neo4j_local_port=int(os.environ.get("NEO4J_TEST_PORT", "7688")),
        # The browser tests load a 10,000-actor landscape in one transaction.
        neo4j_tx_memory=os.environ.get("NEO4J_TEST_TX_MEMORY", "1g"),
        neo4j_heap=os.environ.get("NEO4J_TEST_HEAP", "2g"),
    )


@pytest.fixture(scope="session")
def settings() -> Iterator[Settings]:
    """Settings pointing at the test server, which runs for the whole session."""
    chosen = _test_settings()
    started_here = False
    if chosen.uses_local_server:
        state = launcher.start(chosen)
        started_here = not state.reused
    yield chosen
    if started_here and os.environ.get("NEO4J_TEST_KEEP") != "1":
        launcher.stop(chosen)


@pytest.fixture(scope="session")
def driver(settings: Settings) -> Iterator[neo4j.Driver]:
    with open_driver(settings) as opened:
        opened.verify_connectivity()
        migrate(opened, settings.neo4j_database)
        yield opened


def wipe(driver: neo4j.Driver, database: str) -> None:
    driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)


@pytest.fixture
def empty_db(driver: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    """The driver, on a database with no nodes (constraints and indexes stay)."""
    wipe(driver, settings.neo4j_database)
    return driver


@pytest.fixture
def gifhorn(empty_db: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    """The driver, on a database holding exactly the shipped Gifhorn dataset."""
    from graph.store.writer import write_landscape
    from loaders.landscape import load_landscape

    dataset = PROJECT_ROOT / "loaders" / "data" / "gifhorn"
    write_landscape(empty_db, load_landscape([dataset]), database=settings.neo4j_database)
    return empty_db


@pytest.fixture
def client(driver: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    """The ASGI app with its lifespan running, talking to the test server."""
    from schema.app import create_app

    with TestClient(create_app(settings)) as test_client:
        yield test_client


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the test server (through any fixture that needs
    ``settings``) with ``neo4j``, so that ``make check`` can run the others alone
    (``pytest -m "not neo4j"``). A test that reaches Neo4j without the fixture would fail
    there, never pass by luck: the quick run has no server."""
    for item in items:
        if "settings" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.neo4j)
