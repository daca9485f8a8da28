"""`python -m bench feed [--clients 50] [--seconds 30]`: what live dashboards cost the server.

Two ways for ``clients`` open cockpit tabs to learn of changes, each for ``seconds``:

- **polling** ``{ revision }`` every 5 s (the cockpit's default, ``web/src/live.ts``): one
  HTTP request and one statement per tab and poll;
- **subscribing** to ``changes`` over ``graphql-transport-ws``: one WebSocket per tab; the
  server looks at the revision once per ``API_FEED_INTERVAL`` (1 s) for all of them.

For each: the server process's CPU seconds (``/proc``, user + system), the requests it
answered and the delay from a write to the last tab knowing of it (polling: measured as the
time until every tab saw the new revision). The server is ``integration-graph serve`` in a
process of its own (one worker), on the benchmark database (``bench.support``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from bench.support import bench_settings, save
from graph.db import open_driver
from graph.settings import PROJECT_ROOT, Settings

POLL_SECONDS = 5.0
REVISION = "{ revision }"
FEED = "subscription { changes { revision action } }"
WRITE = "MATCH (r:_Meta {id: 'revision'}) RETURN r.value"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def _serve(settings: Settings, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    if settings.uses_local_server:
        env["NEO4J_LOCAL_DIR"] = str(settings.neo4j_local_dir)
        env["NEO4J_LOCAL_PORT"] = str(settings.neo4j_local_port)
    command = [
        sys.executable, "-m", "cli.main", "serve", "--workers", "1",
        "--host", "127.0.0.1", "--port", str(port), "--no-access-log",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    process.kill()
    raise RuntimeError("the server did not become ready")


def _bump(settings: Settings) -> None:
    """A write: a change recorded like a mutation's (revision + one Change node)."""
    with open_driver(settings) as driver:
        driver.execute_query(
            "MERGE (r:_Meta {id: 'revision'}) SET r.value = coalesce(r.value, 0) + 1 "
            "WITH r CREATE (:Change {id: randomUUID(), at: datetime(), author: 'bench', "
            "action: 'update', revision: r.value, summary: 'bench', entries: '[]', "
            "records: []})",
            database_=settings.neo4j_database,
        )


async def _polling(base: str, clients: int, seconds: float, settings: Settings) -> dict[str, Any]:
    requests = 0
    seen: dict[int, float] = {}
    stop = time.monotonic() + seconds
    written: list[tuple[int, float]] = []

    async def tab(index: int, client: httpx.AsyncClient) -> None:
        nonlocal requests
        await asyncio.sleep(POLL_SECONDS * index / clients)  # tabs opened at different times
        known = None
        while time.monotonic() < stop:
            body = (await client.post(f"{base}/graphql", json={"query": REVISION})).json()
            requests += 1
            revision = body["data"]["revision"]
            if known is not None and revision != known:
                seen[index] = time.monotonic()
            known = revision
            await asyncio.sleep(POLL_SECONDS)

    async with httpx.AsyncClient(timeout=60) as client:
        tabs = [asyncio.create_task(tab(i, client)) for i in range(clients)]
        await asyncio.sleep(seconds / 2)
        await asyncio.to_thread(_bump, settings)
        written.append((0, time.monotonic()))
        await asyncio.gather(*tabs)
    delay = max(seen.values()) - written[0][1] if len(seen) == clients else None
    return {"requests": requests, "delay_to_last_tab_s": delay}


async def _subscribing(
    base: str, clients: int, seconds: float, settings: Settings
) -> dict[str, Any]:
    url = base.replace("http", "ws") + "/graphql"
    sockets = []
    for _ in range(clients):
        socket_ = await connect(url, subprotocols=[Subprotocol("graphql-transport-ws")])
        await socket_.send(json.dumps({"type": "connection_init", "payload": {}}))
        await socket_.recv()
        await socket_.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": FEED}}))
        sockets.append(socket_)
    await asyncio.sleep(seconds / 2)
    written = time.monotonic()
    await asyncio.to_thread(_bump, settings)
    await asyncio.gather(*(s.recv() for s in sockets))
    delay = time.monotonic() - written
    await asyncio.sleep(max(seconds / 2 - delay, 0))
    for socket_ in sockets:
        await socket_.close()
    return {"requests": 0, "websockets": clients, "delay_to_last_tab_s": delay}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench feed")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    options = parser.parse_args(argv)
    settings = bench_settings()
    rows = []
    for name, scenario in (
        ("polling revision every 5 s", _polling),
        ("subscription", _subscribing),
    ):
        port = _free_port()
        server = _serve(settings, port)
        try:
            before = _cpu_seconds(server.pid)
            started = time.monotonic()
            found = asyncio.run(
                scenario(f"http://127.0.0.1:{port}", options.clients, options.seconds, settings)
            )
            elapsed = time.monotonic() - started
            cpu = _cpu_seconds(server.pid) - before
        finally:
            server.terminate()
            server.wait(timeout=30)
        row = {
            "way": name,
            "clients": options.clients,
            "seconds": round(elapsed, 1),
            "server_cpu_s": round(cpu, 2),
            "server_cpu_per_minute_s": round(cpu / elapsed * 60, 2),
            **found,
        }
        rows.append(row)
        print(json.dumps(row))
    print(f"saved to {save('feed', rows)}")
