"""Issue 23: the edges a hostile probe still found in the HTTP layer.

Each test replays one probe against the real app (and Neo4j): a client that goes away in the
middle of its body, oversized or too many headers, a pile of introspection, and a health
check that tells nothing about the process.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import neo4j

from graph.settings import Settings
from tests.api.test_hardening import uvicorn_serving


class _Records(logging.Handler):
    """Collects what uvicorn's own loggers say (they do not propagate to pytest's)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def logged(*names: str) -> Iterator[list[logging.LogRecord]]:
    """Every record of the loggers ``names`` (and their children) while the block runs."""
    handler = _Records()
    loggers = [logging.getLogger(name) for name in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    try:
        yield handler.records
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.removeHandler(handler)
            lg.setLevel(level)


def _post_then_vanish(port: int) -> None:
    """A POST /graphql that promises 1000 bytes, sends 10 and closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 1000\r\n\r\n{"query":'
        )


def test_a_client_that_goes_away_mid_body_is_one_quiet_line(
    landscape: neo4j.Driver, settings: Settings
) -> None:
    with uvicorn_serving(settings) as port, logged("integration_graph", "uvicorn") as records:
        for _ in range(20):
            _post_then_vanish(port)
        time.sleep(1.0)  # let the server notice the disconnects
        answer = httpx.post(
            f"http://127.0.0.1:{port}/graphql", json={"query": "{ __typename }"}, timeout=10
        )

    assert answer.status_code == 200
    assert len(records) <= 20, [r.getMessage() for r in records]
    for record in records:
        assert record.exc_info is None, record.getMessage()
        assert record.levelno <= logging.INFO, record.getMessage()
