"""The change subscription end to end: a real server (uvicorn), a real WebSocket client
speaking ``graphql-transport-ws`` (the ``websockets`` library), real writes: a mutation over
HTTP and ``integration-graph load`` in a process of its own.

The server's feed polls every 0.2 s here (``API_FEED_INTERVAL``); each wait below allows a
minute, far above the fraction of a second a delivery takes.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from graph.settings import PROJECT_ROOT, Settings
from graph.tokens import create_token
from tests.web.conftest import LiveServer

PROTOCOL = Subprotocol("graphql-transport-ws")
WAIT = 60.0
FEED = """subscription {
  changes { action revision summary author entries { label recordId op } }
}"""
NEW_ACTOR = """actors:
  - id: willkommenscafe-leiferde
    name: Willkommenscafé Leiferde
    kind: volunteer_initiative
    source: test
"""


@pytest.fixture
def server(gifhorn: neo4j.Driver, settings: Settings) -> Iterator[LiveServer]:
    chosen = settings.model_copy(update={"api_feed_interval": 0.2})
    with LiveServer(chosen) as live:
        yield live


async def subscribe(url: str, init: dict[str, Any] | None = None) -> ClientConnection:
    """Connect, sign in with ``init`` (the ``connection_init`` payload), subscribe."""
    socket = await connect(url.replace("http", "ws") + "/graphql", subprotocols=[PROTOCOL])
    await socket.send(json.dumps({"type": "connection_init", "payload": init or {}}))
    ack = json.loads(await asyncio.wait_for(socket.recv(), WAIT))
    assert ack["type"] == "connection_ack", ack
    await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": FEED}}))
    return socket


async def next_change(socket: ClientConnection) -> dict[str, Any]:
    frame = await asyncio.wait_for(socket.recv(), WAIT)
    assert isinstance(frame, str)  # a text frame, as graphql-transport-ws requires
    message = json.loads(frame)
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message
    change: dict[str, Any] = message["payload"]["data"]["changes"]
    return change


def load(path: Path, settings: Settings) -> None:
    """``integration-graph load`` in a process of its own, against the test server."""
    env = dict(os.environ)
    if settings.uses_local_server:
        env["NEO4J_LOCAL_DIR"] = str(settings.neo4j_local_dir)
        env["NEO4J_LOCAL_PORT"] = str(settings.neo4j_local_port)
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "load", str(path)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_subscriber_gets_a_mutation_and_a_load_from_another_process(
    server: LiveServer, gifhorn: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    _, secret = create_token(gifhorn, settings.neo4j_database, "editor", "Redaktion")
    new_file = tmp_path / "neu.yaml"
    new_file.write_text(NEW_ACTOR, encoding="utf-8")
    feed = server._server.config.app.state.feed  # type: ignore[union-attr]

    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]], int]:
        anonymous = await subscribe(server.url)
        signed_in = await subscribe(server.url, {"authorization": f"Bearer {secret}"})
        third = await subscribe(server.url)
        fetches = feed.fetches
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"{server.url}/graphql",
                json={
                    "query": "mutation ($input: ActorPatch!) { updateActor(id: "
                    '"kvhs-gifhorn", input: $input) { revision } }',
                    "variables": {"input": {"description": "Neu beschrieben"}},
                },
                headers={"authorization": f"Bearer {secret}"},
            )
        assert "errors" not in response.json(), response.json()
        seen = [await next_change(anonymous), await next_change(signed_in)]
        await next_change(third)
        one_read = feed.fetches - fetches  # three subscribers, one read of the news
        await asyncio.to_thread(load, new_file, settings)
        seen_after = [await next_change(anonymous), await next_change(signed_in)]
        for socket in (anonymous, signed_in, third):
            await socket.close()
        return seen, seen_after, one_read

    (update, update_signed), (loaded, loaded_signed), reads = asyncio.run(scenario())

    assert update["action"] == "update"
    assert update["entries"] == [{"label": "Actor", "recordId": "kvhs-gifhorn", "op": "updated"}]
    assert update["author"] is None  # personal data: anonymous subscribers get null
    assert update_signed["author"] == "Redaktion"
    assert update_signed["revision"] == update["revision"]
    assert reads == 1

    assert loaded["action"] == "load"
    assert loaded["revision"] > update["revision"]
    assert {"label": "Actor", "recordId": "willkommenscafe-leiferde", "op": "created"} in (
        loaded["entries"]
    )
    assert loaded["author"] is None and loaded_signed["author"]


def test_a_bad_token_in_connection_init_is_refused(server: LiveServer) -> None:
    async def scenario() -> int | None:
        socket = await connect(
            server.url.replace("http", "ws") + "/graphql", subprotocols=[PROTOCOL]
        )
        await socket.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": "Bearer nope"}})
        )
        await asyncio.wait_for(socket.wait_closed(), WAIT)
        return socket.close_code

    assert asyncio.run(scenario()) == 4403


def test_nobody_listening_means_no_polling(server: LiveServer) -> None:
    feed = server._server.config.app.state.feed  # type: ignore[union-attr]
    assert feed.polls == 0 and not feed.subscribers


def test_a_subscription_outlives_the_header_timeout_of_the_served_protocol(
    gifhorn: neo4j.Driver, settings: Settings
) -> None:
    """`serve` bounds the time request headers may take (1 s here): the WebSocket that an
    upgrade leaves behind must not get that answer written into it later."""
    from tests.api.test_hardening_edges import QuickHeaders, bounded_serving

    _, secret = create_token(gifhorn, settings.neo4j_database, "editor", "Redaktion")
    chosen = settings.model_copy(update={"api_feed_interval": 0.2})

    async def scenario(port: int) -> dict[str, Any]:
        socket = await subscribe(f"http://127.0.0.1:{port}")
        await asyncio.sleep(3 * QuickHeaders.header_timeout)
        async with httpx.AsyncClient() as client:
            response = await client.post(
                f"http://127.0.0.1:{port}/graphql",
                json={
                    "query": 'mutation { updateActor(id: "kvhs-gifhorn", '
                    'input: {description: "Später"}) { revision } }'
                },
                headers={"authorization": f"Bearer {secret}"},
            )
        assert "errors" not in response.json(), response.json()
        change = await next_change(socket)
        await socket.close()
        return change

    with bounded_serving(chosen) as port:
        assert asyncio.run(scenario(port))["action"] == "update"
