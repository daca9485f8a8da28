"""Clients nobody here wrote, from npm, against `integration-graph serve --workers 2`:

- Apollo Client with ``createPersistedQueryLink`` (automatic persisted queries), by POST and
  by GET (``useGETForHashedQueries``): the first request sends the hash alone, the server
  answers ``PERSISTED_QUERY_NOT_FOUND``, the link resends it with the text; from then on the
  hash alone is enough, whichever worker answers (the store is shared in Neo4j).
- graphql-http's GraphQL-over-HTTP audit: every audit passes.

The Node side lives in ``tests/node`` with its own lock file (``npm ci`` there, which this
module runs when ``node_modules`` is missing).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest

from graph.settings import PROJECT_ROOT, Settings
from tests.cli.test_serve_workers import wait_ready
from tests.conftest import free_port

NODE_DIR = PROJECT_ROOT / "tests" / "node"
NODE_TIMEOUT = 300.0
"""Seconds a Node script may run: a guard against a hang (measured 2-6 s at load 10)."""


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("Node.js is needed for the client tests (node on PATH)")
    if not (NODE_DIR / "node_modules").is_dir():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install tests/node"
        subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=NODE_DIR, check=True
        )
    return found


@pytest.fixture
def served(landscape: neo4j.Driver, settings: Settings) -> Iterator[str]:
    """`serve --workers 2` on a free port, on the small landscape; its /graphql URL."""
    port = free_port()
    env = dict(os.environ)
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
        yield f"{base}/graphql"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def run_node(script: str, url: str) -> Any:
    done = subprocess.run(
        [node(), str(NODE_DIR / script), url],
        cwd=NODE_DIR,
        capture_output=True,
        text=True,
        timeout=NODE_TIMEOUT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_apollo_client_with_persisted_queries_by_post_and_get(served: str) -> None:
    by_post, by_get = run_node("apollo_apq.mjs", served)

    # POST: hash alone (not found), then hash and text; the second client: hash alone
    assert [(e["method"], e["sentQuery"], e["sentHash"]) for e in by_post["exchanges"]] == [
        ("POST", False, True),
        ("POST", True, True),
        ("POST", False, True),
    ]
    for answer in by_post["answers"]:
        assert answer["error"] is None
        assert answer["data"]["actor"]["name"] == "Kreisvolkshochschule Gifhorn"
    # GET: hash alone by GET (not found), the text by POST, then the hash alone by GET,
    # which a browser or CDN can cache: it carries an ETag
    assert [(e["method"], e["sentQuery"]) for e in by_get["exchanges"]] == [
        ("GET", False),
        ("POST", True),
        ("GET", False),
    ]
    assert by_get["exchanges"][-1]["status"] == 200
    assert by_get["exchanges"][-1]["etag"]
    for answer in by_get["answers"]:
        assert answer["error"] is None
        assert answer["data"]["topics"]["totalCount"] == 5


def test_apollos_persisted_get_is_revalidated_with_304(served: str) -> None:
    _, by_get = run_node("apollo_apq.mjs", served)
    last = by_get["exchanges"][-1]

    # as a browser revalidates: the same request, with the tag it holds
    again = httpx.get(
        last["url"], headers={"Accept": last["accept"], "If-None-Match": last["etag"]}
    )

    assert again.status_code == 304
    assert again.headers["etag"] == last["etag"]


def test_the_graphql_over_http_audit_passes(served: str) -> None:
    audits = run_node("graphql_http_audit.mjs", served)

    failed = [a for a in audits if a["status"] != "ok"]
    assert len(audits) >= 61  # graphql-http 1.23.1 (tests/node/package-lock.json) has 61
    assert failed == [], json.dumps(failed, indent=1)


def test_node_packages_are_locked() -> None:
    lock = json.loads(Path(NODE_DIR / "package-lock.json").read_text(encoding="utf-8"))
    assert {"@apollo/client", "graphql-http"} <= set(lock["packages"][""]["dependencies"])
