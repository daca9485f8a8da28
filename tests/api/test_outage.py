"""While Neo4j is down the API answers 503 within a second, and recovers on its own.

Runs a Neo4j instance of its own (a temporary folder, a free port), so that stopping it
disturbs no other test and no other server: the session's test server keeps running.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from graph import launcher
from graph.settings import Settings
from schema.app import create_app

QUERY = {"query": '{ actor(id: "nobody") { name } }'}
GAPS = {"query": "{ gaps { brokers(top: 3) { brokers { name } } } }"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def own_server(settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    """A Neo4j of this test alone; stopped at the end whatever happens."""
    own = settings.model_copy(
        update={
            "neo4j_uri": None,
            "neo4j_password": None,
            "neo4j_local_dir": tmp_path / "neo4j",
            "neo4j_local_port": _free_port(),
        }
    )
    launcher.start(own)
    try:
        yield own
    finally:
        launcher.stop(own)


def _timed(client: TestClient, method: str, url: str, **kwargs: object) -> tuple[float, int]:
    started = time.monotonic()
    response = client.request(method, url, **kwargs)  # type: ignore[arg-type]
    return time.monotonic() - started, response.status_code


def test_an_outage_is_answered_fast_and_the_app_recovers_by_itself(own_server: Settings) -> None:
    with TestClient(create_app(own_server)) as client:
        assert client.get("/readyz").status_code == 200
        assert client.post("/graphql", json=QUERY).status_code == 200

        launcher.stop(own_server)
        first = _timed(client, "POST", "/graphql", json=QUERY)  # notices the outage
        during = [
            _timed(client, "GET", "/readyz"),
            _timed(client, "POST", "/graphql", json=QUERY),
            _timed(client, "POST", "/graphql", json=GAPS),
            _timed(client, "GET", "/readyz"),
        ]
        body = client.post("/graphql", json=QUERY)

        launcher.start(own_server)
        back = time.monotonic()
        recovered_after = None
        while time.monotonic() - back < 20:
            if client.post("/graphql", json=QUERY).status_code == 200:
                recovered_after = time.monotonic() - back
                break
            time.sleep(0.2)
        ready = client.get("/readyz").status_code

    assert first[1] == 503
    assert first[0] < 8.0, f"the first request after the crash took {first[0]:.1f} s"
    for seconds, status in during:
        assert status == 503
        assert seconds < 1.0, f"a request during the outage took {seconds:.2f} s"
    assert body.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
    assert body.headers["retry-after"]
    assert recovered_after is not None and recovered_after < 10.0
    assert ready == 200
