"""Shared fixtures: a real Neo4j for the whole session, never a fake.

Unless ``NEO4J_URI`` is set, the session starts the project's own local Neo4j in a test
instance folder (``NEO4J_TEST_DIR``, default ``.neo4j/test``, port ``NEO4J_TEST_PORT``,
default 7688), so that tests never touch the data of a developer's running server. When the
server cannot be started or reached, every test that needs it fails with the reason.

Run in parallel (``pytest -n 3``, pytest-xdist, as ``make test`` does), each worker starts
and stops a server of its own: folder ``<NEO4J_TEST_DIR>-gw<N>``, port
``NEO4J_TEST_WORKER_PORT + N`` (default 7690), so that workers never see each other's
writes. A shared ``NEO4J_URI`` cannot serve several workers (each wipes the database), so
the run stops when both are asked for.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import neo4j
import pytest
import strawberry
from starlette.testclient import TestClient

from domain import days
from graph import launcher
from graph.db import open_driver
from graph.migrations import migrate
from graph.settings import PROJECT_ROOT, Settings, load_settings
from schema.http import UNSTARTED_BY_ENGINE
from tests.loaded_data import ensure_loaded

WORKER_PORT = 7690
"""The default port of the first parallel worker's server (``NEO4J_TEST_WORKER_PORT``)."""

ANALYSIS_WAIT = float(os.environ.get("API_ANALYSIS_WAIT", "300"))
"""Tests see their own writes in the analyses: a read waits for the background
recomputation (a guard, not a promise: the wait ends when it is done). The tests of the
background recomputation itself set 0, as a server does (``tests/api/test_recompute.py``)."""


JAVA_OPTIONS = ""
"""JVM options of the session's test servers (``NEO4J_TEST_JAVA_OPTIONS``): Java's defaults.

A test server spends its time in Cypher's planner (each new statement is parsed, checked and
planned), and over a whole run Java's optimising compiler (C2) pays for itself there. The
whole suite (1,211 tests, two workers, idle machine): 1,002 s with both compilers against
1,133 to 1,237 s in five runs with the quick compiler alone (``-XX:TieredStopAtLevel=1``);
the differential test's first shard 66 s instead of 84 s. On a fresh server, 384 distinct
statements of that test took 45.6 s instead of 60 s (``tests/api/differential.py``)."""

SHORT_LIVED_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1"
"""JVM options of a server started for one test (:func:`short_lived_server`): it starts,
answers a few statements and stops, and the optimising compiler would only cost CPU there
(``test_readyz_follows_the_server``: 40 s with the quick compiler, 47 s with both)."""


def free_port() -> int:
    """A TCP port of 127.0.0.1 that was free a moment ago (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def short_lived_server(settings: Settings, folder: Path) -> Settings:
    """Settings for a second local server of one test, in ``folder`` on a free port."""
    return settings.model_copy(
        update={
            "neo4j_uri": None,
            "neo4j_local_dir": folder,
            "neo4j_local_port": free_port(),
            "neo4j_java_options": SHORT_LIVED_JAVA_OPTIONS,
        }
    )


def worker_index() -> int | None:
    """The number of this pytest-xdist worker (``gw2`` is 2); ``None`` in a serial run."""
    name = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(name.removeprefix("gw")) if name.startswith("gw") else None


def _test_instance(index: int | None) -> tuple[Path, int]:
    """The test server's folder and port: the serial run's, or worker ``index``'s own."""
    folder = Path(os.environ.get("NEO4J_TEST_DIR", PROJECT_ROOT / ".neo4j" / "test"))
    if index is None:
        return folder, int(os.environ.get("NEO4J_TEST_PORT", "7688"))
    first = int(os.environ.get("NEO4J_TEST_WORKER_PORT", str(WORKER_PORT)))
    return folder.with_name(f"{folder.name}-gw{index}"), first + index


def _test_settings(index: int | None = None) -> Settings:
    if os.environ.get("NEO4J_URI"):
        return load_settings(api_analysis_wait=ANALYSIS_WAIT)
    folder, port = _test_instance(index if index is not None else worker_index())
    return load_settings(
        api_analysis_wait=ANALYSIS_WAIT,
        neo4j_local_dir=folder,
        neo4j_local_port=port,
        # The browser tests load a 10,000-actor landscape in one transaction.
        neo4j_tx_memory=os.environ.get("NEO4J_TEST_TX_MEMORY", "1g"),
        neo4j_heap=os.environ.get("NEO4J_TEST_HEAP", "2g"),
        neo4j_java_options=os.environ.get("NEO4J_TEST_JAVA_OPTIONS", JAVA_OPTIONS),
        neo4j_keep_plans=True,
    )


@pytest.fixture(autouse=True)
def no_terminal_size(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees output as a pipe does, whatever terminal runs pytest: no ``COLUMNS``
    or ``LINES`` (pytest-xdist's workers inherit ``COLUMNS=80``, which made rich fold CLI
    tables there). A test about a terminal's width sets them itself."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


@pytest.fixture
def today() -> date:
    """The county's day when the test starts.

    Not a module constant: collection and a test can lie on two sides of midnight in a
    run of twenty minutes, and a constant would then be yesterday.
    """
    return days.today()


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


LOAD_TIMEOUT = 600.0
"""Seconds a test's load of a data set may take: the server's 30 s (``NEO4J_TX_TIMEOUT``)
ran out for a 2,000-actor landscape on the 2-core machine at load 18. A guard against a
hung load, not a promise about speed (``test_operations`` tests the timeout itself)."""


def write_gifhorn(driver: neo4j.Driver, settings: Settings) -> None:
    """Write the shipped Gifhorn dataset into an empty database."""
    from graph.store.writer import write_landscape
    from loaders.landscape import load_landscape

    dataset = PROJECT_ROOT / "loaders" / "data" / "gifhorn"
    write_landscape(
        driver,
        load_landscape([dataset]),
        database=settings.neo4j_database,
        timeout=LOAD_TIMEOUT,
    )


def load_gifhorn(driver: neo4j.Driver, settings: Settings) -> None:
    """The database holds exactly the shipped Gifhorn dataset: loaded, or kept from the last
    test that asked for it when nothing was written since (``tests/loaded_data.py``)."""
    ensure_loaded(driver, settings, "gifhorn", lambda: write_gifhorn(driver, settings))


@pytest.fixture
def gifhorn(driver: neo4j.Driver, settings: Settings) -> neo4j.Driver:
    """The driver, on a database holding exactly the shipped Gifhorn dataset."""
    load_gifhorn(driver, settings)
    return driver


@pytest.fixture
def client(driver: neo4j.Driver, settings: Settings) -> Iterator[TestClient]:
    """The ASGI app with its lifespan running, talking to the test server.

    Without the migrations at its start: the ``driver`` fixture applied them once for the
    session, and some 450 tests start an app (the migrations at an app's start are the
    browser tests' and ``serve``'s, whose servers start apps as a deployment does)."""
    from schema.app import create_app

    app = create_app(settings, run_migrations=False, schema=shared_schema(settings))
    with TestClient(app) as test_client:
        yield test_client


def shared_schema(settings: Settings) -> strawberry.Schema:
    """The schema a server with ``settings`` builds, built once per process for the apps of
    the ``client`` fixture.

    A server builds its schema once; the tests start some 450 apps, and with a schema of
    its own an app's start took 0.10 s of CPU, with a shared one 0.016 s (``test_roles``:
    80.6 s, then 50.2 s). What a schema keeps between requests (parsed and validated
    documents, compiled plans) every caller of a server shares anyway; the tests of those
    caches build their own schema.
    """
    from schema.limits import Limits
    from schema.schema import build_schema

    limits = Limits.from_settings(settings)
    key = (repr(limits), settings.api_compiled)  # Limits holds a dict: not hashable
    if key not in _SCHEMAS:
        _SCHEMAS[key] = build_schema(limits, compiled=settings.api_compiled)
    return _SCHEMAS[key]


_SCHEMAS: dict[tuple[str, bool], strawberry.Schema] = {}


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The run that started parallel workers stops their servers too, for a run that was
    interrupted before the workers could (each stops its own at its end; then this finds
    none running)."""
    workers = getattr(session.config.option, "numprocesses", None)
    if worker_index() is not None or not isinstance(workers, int) or workers < 1:
        return
    if os.environ.get("NEO4J_URI") or os.environ.get("NEO4J_TEST_KEEP") == "1":
        return
    for index in range(workers):
        launcher.stop(_test_settings(index))


def pytest_configure(config: pytest.Config) -> None:
    # the app's own filter (schema.http), for every test: Python reports those coroutines
    # when it collects them, under whichever test runs then
    config.addinivalue_line("filterwarnings", f"ignore:{UNSTARTED_BY_ENGINE}:RuntimeWarning")
    parallel = getattr(config.option, "numprocesses", None) or worker_index() is not None
    if parallel and os.environ.get("NEO4J_URI"):
        raise pytest.UsageError(
            "NEO4J_URI names one server, but the tests run in parallel workers that each "
            "wipe their database: run them serially (`pytest -n 0`, or `make test "
            "PYTEST_WORKERS=0`) or unset NEO4J_URI so that each worker starts its own"
        )


BROWSER_TESTS = "tests/web/"
"""The browser tests run on one parallel worker, in their order, with one Chromium."""


def parallel_group(item: pytest.Item) -> str | None:
    """The work unit a parallel worker takes this test in (``--dist loadgroup``).

    The browser tests are one unit; so is every module whose tests share a module-scoped
    fixture (loaded data, a live server, a differential corpus), so that it is made once.
    Any other test is a unit of its own. (The differential corpora's shards were once shared
    out, each worker building the corpus again: the second build cost more than it saved.)
    xdist hands out the units with the most tests first, then the others in their order.
    """
    path = item.nodeid.split("::")[0]
    if path.startswith(BROWSER_TESTS):
        return "browser"
    if not isinstance(item, pytest.Function):
        return None
    definitions = item._fixtureinfo.name2fixturedefs.values()
    if any(defs[-1].scope in ("module", "class", "package") for defs in definitions if defs):
        return path
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that uses the test server (through any fixture that needs
    ``settings``) with ``neo4j``, so that ``make check`` can run the others alone
    (``pytest -m "not neo4j"``). A test that reaches Neo4j without the fixture would fail
    there, never pass by luck: the quick run has no server.

    And put each test into its unit for parallel workers (``parallel_group``); before the
    xdist plugin reads the marks, hence ``tryfirst``. Without the xdist plugin (``pytest -p
    no:xdist``) there are no units: its mark would be unknown."""
    grouping = config.pluginmanager.hasplugin("xdist")
    for item in items:
        if "settings" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.neo4j)
        group = parallel_group(item) if grouping else None
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
