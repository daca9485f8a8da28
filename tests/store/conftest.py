"""Helpers for the store tests: a comparable picture of the graph, and a CLI bound to the
test server. The server itself comes from the project's session fixtures (tests/conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
import typer
from typer.testing import CliRunner, Result

from cli.data_commands import register
from domain.contract import BOOKKEEPING
from graph.launcher import Instance, read_password
from graph.settings import Settings, get_settings

Snapshot = tuple[list[Any], list[Any]]


def take_snapshot(driver: neo4j.Driver, database: str, *, with_times: bool = False) -> Snapshot:
    """Every node (labels, properties) and relationship (type, ends, properties), sorted.

    ``updatedAt`` and the rest of a node's bookkeeping (``version``, its log of recent
    changes, ``domain.contract.BOOKKEEPING``) are left out unless asked for: they say when and
    how often, not what, and an export does not carry them. The graph revision (``_Meta``)
    and the change history (``Change``) are left out too: they record writes, they are not
    data.
    """

    def clean(props: dict[str, Any]) -> tuple[tuple[str, str], ...]:
        return tuple(
            sorted((k, repr(v)) for k, v in props.items() if with_times or k not in BOOKKEEPING)
        )

    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:_Meta AND NOT n:Change RETURN labels(n) AS labels, "
        "properties(n) AS props",
        database_=database,
    )
    rels, _, _ = driver.execute_query(
        "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS props",
        database_=database,
    )
    return (
        sorted((tuple(sorted(n["labels"])), clean(n["props"])) for n in nodes),
        sorted((r["type"], r["a"], r["b"], clean(r["props"])) for r in rels),
    )


@pytest.fixture
def snapshot(settings: Settings) -> Callable[..., Snapshot]:
    def take(driver: neo4j.Driver, *, with_times: bool = False) -> Snapshot:
        return take_snapshot(driver, settings.neo4j_database, with_times=with_times)

    return take


@pytest.fixture
def cli(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Result]]:
    """Run `integration-graph load|export|generate` against the test server, as a user would
    (through NEO4J_URI and NEO4J_PASSWORD), with a wide terminal so tables do not wrap."""
    if not os_environ_has_uri():
        password = read_password(Instance(settings)) or ""
        monkeypatch.setenv("NEO4J_URI", settings.local_uri)
        monkeypatch.setenv("NEO4J_PASSWORD", password)
    monkeypatch.setenv("NEO4J_DATABASE", settings.neo4j_database)
    monkeypatch.setenv("COLUMNS", "300")
    get_settings.cache_clear()
    app = typer.Typer()
    register(app)

    @app.callback()
    def main() -> None:
        """The data commands only."""

    runner = CliRunner()

    def invoke(*args: str | Path) -> Result:
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    yield invoke
    get_settings.cache_clear()


def os_environ_has_uri() -> bool:
    import os

    return bool(os.environ.get("NEO4J_URI"))
