"""Resolvers that load the same key share one load; one of them being cancelled must not
cancel it under the others (``schema.batching.SharedLoader``).

graphql-core cancels the pending sibling fields of an object that a non-null error turns
into null (here ``activeIn(first: -1)``, refused with ``BAD_USER_INPUT``). A sibling that
waited on a load shared with a resolver elsewhere in the response (the same actor under an
alias) took that load down with it: the other resolver got a ``CancelledError``, which ended
the whole request (the TestClient raises it, ``serve`` answered a plain-text 500) instead of
answering it with the error and the rest of the data. The differential corpus ran into it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graph.settings import Settings
from schema.app import create_app
from schema.batching import SharedLoader

SIBLING_ROOTS = """
{
  failing: actor(id: "kvhs-gifhorn") { offerings { title } activeIn(first: -1) { name } }
  answered: actor(id: "kvhs-gifhorn") { offerings { title } activeIn(first: 1) { name } }
}
"""
"""Both roots load the actor and its offerings with the same loaders and keys."""

ONE_ROOT = """
{
  offering(id: "kvhs-integrationskurs") {
    title
    providers { offerings { title } activeIn(first: 1) { name } }
    failing: providers { offerings { title } activeIn(first: -1) { name } }
  }
}
"""
"""The failing root is left to the resolvers on the compiled path too (it does not plan)."""


def ask(settings: Settings, compiled: bool, query: str) -> dict[str, Any]:
    chosen = settings.model_copy(update={"api_compiled": compiled})
    with TestClient(create_app(chosen, run_migrations=False)) as client:
        response = client.post("/graphql", json={"query": query})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def coded(body: dict[str, Any]) -> list[tuple[list[Any], str]]:
    return [(error["path"], error["extensions"]["code"]) for error in body.get("errors") or ()]


def test_a_nulled_sibling_leaves_the_shared_load_to_the_other_root(
    landscape: neo4j.Driver, settings: Settings
) -> None:
    body = ask(settings, False, SIBLING_ROOTS)

    assert body["data"] == {
        "failing": None,
        "answered": {
            "offerings": [
                {"title": "Deutschkurs online"},
                {"title": "Integrationskurs mit Kinderbetreuung"},
            ],
            "activeIn": [{"name": "Landkreis Gifhorn"}],
        },
    }
    assert coded(body) == [(["failing", "activeIn"], "BAD_USER_INPUT")]


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "resolvers"])
def test_a_field_error_beside_a_shared_load_is_answered_on_both_paths(
    landscape: neo4j.Driver, settings: Settings, compiled: bool
) -> None:
    body = ask(settings, compiled, ONE_ROOT)

    assert body["data"] == {"offering": None}
    assert coded(body) == [(["offering", "failing", 0, "activeIn"], "BAD_USER_INPUT")]


def test_the_shared_load_stops_only_when_every_caller_gave_up() -> None:
    """Strawberry cancels a batch nobody waits for any more; that must still happen."""

    async def scenario() -> tuple[bool, bool]:
        started, stopped = asyncio.Event(), asyncio.Event()

        async def load(keys: list[str]) -> list[str]:
            started.set()
            try:
                await asyncio.sleep(60)
            except asyncio.CancelledError:
                stopped.set()
                raise
            return keys

        loader: SharedLoader[str, str] = SharedLoader(load)
        first, second = (asyncio.ensure_future(_wait(loader.load("x"))) for _ in range(2))
        await started.wait()
        first.cancel()
        await asyncio.sleep(0.05)
        stopped_early = stopped.is_set()
        second.cancel()
        await asyncio.wait_for(stopped.wait(), 5)
        return stopped_early, second.cancelled()

    stopped_early, second_cancelled = asyncio.run(scenario())

    assert not stopped_early, "the load stopped while a caller still waited for it"
    assert second_cancelled


async def _wait(load: Any) -> Any:
    return await load
