"""The parallel run's units hold: tests that share a module-scoped fixture run on one worker.

``make test`` runs two workers with ``--dist loadgroup`` and relies on ``parallel_group``
(``tests/conftest.py``) to keep a module with loaded data, a live server or a differential
corpus on one worker, so that it is built once. Nothing fails when that grouping silently
stops working: every worker builds the fixture again, and the suite only gets slower and
its browser tests run side by side. That happened with pytest 9.2, whose structured node
ids undo xdist 3.8's group suffix (pytest-dev/pytest-xdist#1386): the suite took 2.5 times
as long. This test runs a small suite in two workers, as ``make test`` does, and asks
where each test ran. No server needed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from graph.settings import PROJECT_ROOT

CONFTEST = """
from tests.conftest import pytest_collection_modifyitems  # the project's grouping, alone
"""

SUITE = """
import os
from pathlib import Path

import pytest

RECORDS = Path(os.environ["UNIT_RECORDS"])


@pytest.fixture(scope="module")
def shared():
    return "built once per worker that runs this module"


@pytest.mark.parametrize("n", range(6))
def test_in_a_unit(shared, n):
    (RECORDS / f"grouped-{n}").write_text(os.environ["PYTEST_XDIST_WORKER"])


@pytest.mark.parametrize("n", range(6))
def test_alone(n):
    (RECORDS / f"alone-{n}").write_text(os.environ["PYTEST_XDIST_WORKER"])
"""


def run_pytest(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """pytest on a small suite in ``root``, as a process of its own that imports the project
    (its fixtures and hooks) but not its conftest; ``env`` is added to the environment."""
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **env}
    environment.pop("PYTEST_XDIST_WORKER", None)  # the outer run's worker, not the inner's
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--rootdir", str(root)]
    return subprocess.run(
        [*command, *args], cwd=root, env=environment, capture_output=True, text=True, timeout=300
    )


def test_a_module_with_a_shared_fixture_runs_on_one_worker(tmp_path: Path) -> None:
    suite = tmp_path / "suite"
    records = tmp_path / "records"
    suite.mkdir()
    records.mkdir()
    (suite / "conftest.py").write_text(CONFTEST)
    (suite / "test_units.py").write_text(SUITE)
    run = run_pytest(
        suite, "-n", "2", "--dist", "loadgroup", "-q", str(suite), UNIT_RECORDS=str(records)
    )
    assert run.returncode == 0, run.stdout + run.stderr
    grouped = {path.read_text() for path in records.glob("grouped-*")}
    alone = {path.read_text() for path in records.glob("alone-*")}
    assert len(list(records.glob("grouped-*"))) == 6
    assert len(grouped) == 1, f"the module's tests ran on {sorted(grouped)}"
    assert alone <= {"gw0", "gw1"} and len(list(records.glob("alone-*"))) == 6


BROWSER_CONFTEST = """
from tests.web.conftest import playwright_instance  # the project's fixture, alone
"""

A_BROWSER_TEST = """
def test_drives_a_browser(playwright_instance):
    assert playwright_instance.chromium.name == "chromium"
"""

A_LATER_TEST = """
import asyncio


def test_runs_its_own_event_loop():
    async def answer():
        return 42

    assert asyncio.run(answer()) == 42
"""


def test_a_test_after_the_browser_tests_may_run_its_own_event_loop(tmp_path: Path) -> None:
    """Playwright's sync API marks a loop as running in the test thread while it lives: a
    worker that took the browser tests first then failed every later ``asyncio.run`` (35
    tests of one run). The browser tests' Playwright ends with their package."""
    web = tmp_path / "web"
    web.mkdir()
    (web / "__init__.py").write_text("")
    (web / "conftest.py").write_text(BROWSER_CONFTEST)
    (web / "test_browser.py").write_text(A_BROWSER_TEST)
    (tmp_path / "test_later.py").write_text(A_LATER_TEST)
    run = run_pytest(tmp_path, "-p", "no:xdist", "-v", str(web), str(tmp_path / "test_later.py"))
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.index("test_drives_a_browser") < run.stdout.index("test_runs_its_own")
