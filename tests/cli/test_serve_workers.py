"""`integration-graph serve --workers N`: several processes, one consistent API.

Each worker keeps its own caches (the analyses by graph revision, the validation cache, the
circuit breaker). The revision lives in Neo4j, so a write through one worker must be seen by
every other at once. The test starts the real command with two workers against the test
Neo4j and tells the workers apart by the tag that ``/healthz`` reports: one TCP connection
is served by the one worker that accepted it, so a ``/healthz`` and a query sent on the same
fresh connection come from the same process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import neo4j
import pytest
from typer.testing import CliRunner

from cli.main import app
from graph.settings import PROJECT_ROOT, Settings
from graph.tokens import create_token
from tests.api.test_mutations_nodes import CREATE_ACTOR, KVHS, SEED
from tests.conftest import free_port

START_TIMEOUT = 300.0
"""How long ``serve --workers 2`` may take to answer /readyz: a guard, not a promise (the
wait ends at the first ready answer). Each worker imports the app and builds the schema;
measured 14.4 s at load 10 to 13 on the shared 2-core machine, and the former 25 s ran out
at load 20."""
READ = '{ revision gaps { revision } actor(id: "kvhs-gifhorn") { id name } }'


@pytest.fixture
def served(empty_db: neo4j.Driver, settings: Settings) -> Iterator[str]:
    """`serve --workers 2` on a free port, against the test server; its base URL."""
    empty_db.execute_query(SEED, database_=settings.neo4j_database)
    port = free_port()
    env = dict(os.environ)
    env["API_ANALYSIS_WAIT"] = str(settings.api_analysis_wait)  # each sees its writes
    if settings.uses_local_server:
        env["NEO4J_LOCAL_DIR"] = str(settings.neo4j_local_dir)
        env["NEO4J_LOCAL_PORT"] = str(settings.neo4j_local_port)
    command = [
        sys.executable, "-m", "cli.main", "serve", "--workers", "2",
        "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(process, base)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def wait_ready(process: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            pytest.fail(f"serve exited with {process.returncode}:\n{output[-2000:]}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"serve --workers 2 was not ready within {START_TIMEOUT:.0f} s")


def read_per_worker(base: str, wanted: int = 2, attempts: int = 80) -> dict[str, list[Any]]:
    """The READ answers by worker tag, from fresh connections until ``wanted`` workers answered
    at least three times each (or the attempts run out)."""
    answers: dict[str, list[Any]] = {}
    for _ in range(attempts):
        with httpx.Client(base_url=base, timeout=10) as connection:
            worker = connection.get("/healthz").json()["worker"]
            response = connection.post("/graphql", json={"query": READ})
        assert response.status_code == 200, response.text
        answers.setdefault(worker, []).append(response.json())
        if len(answers) >= wanted and all(len(seen) >= 3 for seen in answers.values()):
            break
    return answers


def test_two_workers_see_a_write_made_through_either(
    served: str, empty_db: neo4j.Driver, settings: Settings
) -> None:
    _, secret = create_token(empty_db, settings.neo4j_database, "editor", "workers test")
    before = read_per_worker(served)  # both workers cache the analyses at this revision
    revisions_before = {
        body["data"]["gaps"]["revision"] for seen in before.values() for body in seen
    }

    written = httpx.post(
        f"{served}/graphql",
        json={"query": CREATE_ACTOR, "variables": {"input": KVHS}},
        headers={"Authorization": f"Bearer {secret}"},
        timeout=10,
    ).json()
    after = read_per_worker(served)

    assert len(before) == 2, f"only worker(s) {sorted(before)} answered"
    assert set(after) == set(before), "the same two worker processes answer"
    assert len(revisions_before) == 1
    new_revision = written["data"]["createActor"]["revision"]
    assert new_revision == revisions_before.pop() + 1
    for worker, seen in after.items():
        for body in seen:
            assert "errors" not in body, body
            assert body["data"]["revision"] == new_revision, (worker, body)
            assert body["data"]["gaps"]["revision"] == new_revision, (worker, body)
            assert body["data"]["actor"] == {"id": "kvhs-gifhorn", "name": KVHS["name"]}


@pytest.mark.parametrize(
    ("value", "message"),
    [("0", "at least 1 worker"), ("-2", "at least 1 worker"), ("x", "integer")],
)
def test_serve_refuses_a_bad_workers_count(value: str, message: str) -> None:
    result = CliRunner().invoke(app, ["serve", "--workers", value])

    assert result.exit_code == 2
    assert message in result.output
