"""The launcher runs a real Neo4j: start, reuse, status, stop, and clear failures.

These tests use an instance of their own (own folder, own port) so the session's test
server keeps running; only the jar cache is shared.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph import launcher
from graph.db import open_driver
from graph.launcher import LauncherError, verify_jars
from graph.settings import Settings
from tests.conftest import short_lived_server


@pytest.fixture
def own_instance(settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    """Settings for a second local server in a temporary folder; stopped afterwards."""
    own = short_lived_server(settings, tmp_path / "neo4j")
    yield own
    launcher.stop(own)


def test_start_reuse_status_stop(own_instance: Settings) -> None:
    first = launcher.start(own_instance)
    assert first.running and not first.reused

    again = launcher.start(own_instance)
    assert again.reused
    assert again.pid == first.pid  # no second server

    assert launcher.status(own_instance).running
    password_file = own_instance.neo4j_local_dir / "password"
    assert password_file.stat().st_mode & 0o777 == 0o600

    stopped = launcher.stop(own_instance)
    assert not stopped.running
    assert not launcher.status(own_instance).running


def test_a_server_told_to_keep_its_plans_runs_with_those_settings(
    own_instance: Settings,
) -> None:
    """``NEO4J_KEEP_PLANS`` (the test servers' setting) reaches the running Neo4j, not only
    its config file: a setting Neo4j renamed would be ignored there without a word."""
    keeping = own_instance.model_copy(update={"neo4j_keep_plans": True})
    launcher.start(keeping)
    with open_driver(keeping) as driver:
        records, _, _ = driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
            names=list(launcher.KEPT_PLANS),
            database_="system",
        )
    assert {record["name"]: record["value"] for record in records} == launcher.KEPT_PLANS


def test_readyz_follows_the_server(own_instance: Settings) -> None:
    from schema.app import create_app

    launcher.start(own_instance)
    with TestClient(create_app(own_instance)) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["status"] == "ready"

        launcher.stop(own_instance)
        down = client.get("/readyz")
        assert down.status_code == 503
        assert down.headers["content-type"] == "application/json"
        assert down.json()["neo4j"] == "unreachable"
        assert client.get("/healthz").json()["status"] == "ok"

        launcher.start(own_instance)
        assert client.get("/readyz").status_code == 200


def test_a_server_that_cannot_start_reports_the_log(own_instance: Settings) -> None:
    broken = own_instance.model_copy(update={"neo4j_heap": "1m"})

    with pytest.raises(LauncherError, match="exited while starting") as failure:
        launcher.start(broken)

    assert "heap" in str(failure.value).lower()
    assert not launcher.status(broken).running


def test_port_taken_by_another_process_is_refused(own_instance: Settings) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", own_instance.neo4j_local_port))
        squatter.listen()
        with pytest.raises(LauncherError, match="is taken by another process"):
            launcher.start(own_instance)


def _fake_cache(tmp_path: Path) -> Path:
    lib = tmp_path / "5.26.0" / "lib"
    lib.mkdir(parents=True)
    (lib / "neo4j-kernel.jar").write_bytes(b"PK\x03\x04 real bytes")
    return lib


def test_jar_cache_without_manifest_is_reported(tmp_path: Path) -> None:
    lib = _fake_cache(tmp_path)

    with pytest.raises(LauncherError, match="no readable manifest"):
        verify_jars(lib)


def test_corrupt_jar_is_reported(tmp_path: Path) -> None:
    lib = _fake_cache(tmp_path)
    (lib / "manifest.json").write_text(
        json.dumps({"neo4j-kernel.jar": {"size": 17, "sha256": "0" * 64}})
    )

    with pytest.raises(LauncherError, match=r"is corrupt: neo4j-kernel\.jar"):
        verify_jars(lib)


def test_missing_jar_is_reported(tmp_path: Path) -> None:
    lib = _fake_cache(tmp_path)
    (lib / "manifest.json").write_text(
        json.dumps({"neo4j-bolt.jar": {"size": 1, "sha256": "0" * 64}})
    )

    with pytest.raises(LauncherError, match=r"incomplete: neo4j-bolt\.jar is missing"):
        verify_jars(lib)


def test_start_refuses_a_corrupt_cache(own_instance: Settings, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    lib = _fake_cache(cache)
    (lib / "manifest.json").write_text(
        json.dumps({"neo4j-kernel.jar": {"size": 1, "sha256": "0" * 64}})
    )
    broken = own_instance.model_copy(update={"neo4j_jar_cache": cache, "neo4j_version": "5.26.0"})

    with pytest.raises(LauncherError, match="corrupt"):
        launcher.start(broken)
