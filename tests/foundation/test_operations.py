"""Clear operations (issue 11): a password starting with '-', a reused server with other
settings, `neo4j stop`, errors that name the setting to change, arguments checked first."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from typer.testing import CliRunner

from cli.main import app
from graph import launcher
from graph.db import open_driver
from graph.migrations import migrate
from graph.revision import bump_revision
from graph.settings import Settings, get_settings
from graph.store.writer import WriteError, write_landscape
from loaders.landscape import load_landscape
from loaders.synthetic import generate, write_document
from tests.conftest import free_port
from tests.foundation.test_launcher import own_instance  # noqa: F401


@pytest.fixture
def small_instance(own_instance: Settings) -> Settings:  # noqa: F811
    """A second local server with very little transaction memory (stopped by
    ``own_instance``, which owns its folder)."""
    return own_instance.model_copy(update={"neo4j_heap": "512m", "neo4j_tx_memory": "10m"})


def test_a_server_with_a_dash_password_and_little_memory_says_what_to_change(
    small_instance: Settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    write_document(generate(3000, seed=3), tmp_path / "large", "json")
    monkeypatch.setattr(secrets, "token_urlsafe", lambda _n: "-" + "x" * 31)

    started = launcher.start(small_instance)  # neo4j-admin used to take it for an option

    assert started.running
    assert (small_instance.neo4j_local_dir / "password").read_text().startswith("-x")
    with open_driver(small_instance) as driver:
        migrate(driver, small_instance.neo4j_database)
        with pytest.raises(WriteError) as caught:
            write_landscape(driver, load_landscape([tmp_path / "large"]))
    assert "NEO4J_TX_MEMORY" in str(caught.value) and "NEO4J_HEAP" in str(caught.value)

    asked = small_instance.model_copy(update={"neo4j_heap": "1g", "neo4j_tx_memory": "512m"})
    reused = launcher.start(asked)
    text = reused.describe()
    assert reused.reused
    assert "NEO4J_HEAP runs 512m, asked 1g" in text
    assert "NEO4J_TX_MEMORY runs 10m, asked 512m" in text
    assert "integration-graph neo4j stop" in text

    assert launcher.stop(small_instance).describe().startswith(f"Neo4j stopped: pid {started.pid}")
    assert launcher.stop(small_instance).describe().startswith("Neo4j is not running")


def test_a_load_over_its_time_names_neo4j_tx_timeout(
    empty_db: neo4j.Driver, tmp_path: Path
) -> None:
    write_document(generate(3000, seed=3), tmp_path / "large", "json")
    landscape = load_landscape([tmp_path / "large"])

    with pytest.raises(WriteError) as caught:  # the server checks timeouts every 2 s
        write_landscape(empty_db, landscape, timeout=0.5)

    assert "NEO4J_TX_TIMEOUT" in str(caught.value)
    assert empty_db.execute_query("MATCH (a:Actor) RETURN count(a) AS n").records[0]["n"] == 0


def test_a_load_stopped_by_its_timeout_while_waiting_for_a_lock_names_neo4j_tx_timeout(
    empty_db: neo4j.Driver, tmp_path: Path
) -> None:
    """Here Neo4j names the timeout; in a run under load it once ended such a load as
    `LockClientStopped`, with words about a shutdown (`stopped_by_timeout` reads both)."""
    write_document(generate(20, seed=3), tmp_path / "small", "json")
    landscape = load_landscape([tmp_path / "small"])
    with empty_db.session() as session:
        session.execute_write(bump_revision)  # the node every load updates last
        holder = session.begin_transaction()
        holder.run("MATCH (r:_Meta {id: 'revision'}) SET r.held = true").consume()
        try:
            with pytest.raises(WriteError) as caught:
                write_landscape(empty_db, landscape, timeout=0.5)
        finally:
            holder.rollback()

    assert "NEO4J_TX_TIMEOUT" in str(caught.value)
    assert empty_db.execute_query("MATCH (a:Actor) RETURN count(a) AS n").records[0]["n"] == 0


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    get_settings.cache_clear()
    monkeypatch.setenv("COLUMNS", "300")
    yield CliRunner()
    get_settings.cache_clear()


def test_a_wrong_password_names_the_variables(
    settings: Settings, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", settings.neo4j_uri or settings.local_uri)
    monkeypatch.setenv("NEO4J_PASSWORD", "not-the-password")

    result = runner.invoke(app, ["migrate"])

    assert result.exit_code == 1
    assert "refused the user name or password: check NEO4J_USER and NEO4J_PASSWORD" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) <= 2


def test_an_unreachable_server_names_neo4j_uri(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{free_port()}")
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    # The driver retries for NEO4J_RETRY_TIME (30 s by default) before giving up; the
    # message at the end is the promise here, not the wait before it.
    monkeypatch.setenv("NEO4J_RETRY_TIME", "1")

    result = runner.invoke(app, ["migrate"])

    assert result.exit_code == 1
    assert "cannot reach Neo4j at NEO4J_URI=bolt://127.0.0.1:" in result.output
    assert "check NEO4J_URI" in result.output and "Traceback" not in result.output


def test_the_cli_retries_a_failing_transaction_for_neo4j_retry_time() -> None:
    chosen = Settings(neo4j_uri="bolt://127.0.0.1:9", neo4j_password="x", neo4j_retry_time=1.5)

    with open_driver(chosen) as driver:  # nothing is reached until a query runs
        assert driver._default_workspace_config.max_transaction_retry_time == 1.5
    with open_driver(chosen, max_retry_time=5.0) as driver:  # the app's analyses choose
        assert driver._default_workspace_config.max_transaction_retry_time == 5.0


def test_load_of_a_missing_path_fails_before_neo4j_starts(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("NEO4J_LOCAL_DIR", str(tmp_path / "never-started"))
    monkeypatch.setenv("NEO4J_LOCAL_PORT", str(free_port()))

    result = runner.invoke(app, ["load", str(tmp_path / "nowhere.yaml")])

    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert not (tmp_path / "never-started").exists()


@pytest.mark.parametrize("command", [["load"], ["export"], ["neo4j", "start"], ["analyse"]])
def test_help_shows_flags_without_type_noise(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])

    assert result.exit_code == 0
    assert "<bool>" not in result.output
