"""The second floor of ``python -m bench library``: the hand-written statement behind HTTP.

The first floor sends each question's hand-written Cypher from the bench process with the
driver: no HTTP, no GraphQL, no JSON. This one serves the same statement from a minimal
Starlette route on the same HTTP stack as our API (uvicorn, the same bounded h11
protocol, the same worker count, no access log): ``POST /<question>`` with the parameters
as a JSON object answers the statement's one column ``answer`` as JSON (orjson, dates as
ISO strings). Our API's p50 over this floor's is what GraphQL costs; this floor's over the
first is what HTTP costs.

Run by the bench: ``python -m bench.floor_server --port N --workers N``; the Neo4j it talks
to comes from the environment, as for ``integration-graph serve``.
"""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import neo4j
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from graph.db import open_async_driver
from graph.settings import get_settings
from schema.protocol import PROTOCOL

HEALTHCHECK_SECONDS = 120
"""uvicorn's 5 s kills workers that are still importing on a busy machine (``serve`` allows
30 s; on a bench machine at load 20 the import alone took 65 s)."""


def _plain(value: Any) -> Any:
    """Neo4j's dates and times as ISO strings (orjson's fallback for unknown types)."""
    if hasattr(value, "iso_format"):
        return str(value.iso_format())
    raise TypeError(f"not JSON: {type(value).__name__}")


def create_app() -> Starlette:
    """One route per question: run its floor statement, answer its ``answer`` as JSON."""
    from bench.library_questions import CASES  # the questions, and their statements

    statements = {case.name: case.floor for case in CASES}
    settings = get_settings()
    holder: dict[str, neo4j.AsyncDriver] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        holder["driver"] = open_async_driver(settings)
        try:
            yield
        finally:
            await holder["driver"].close()

    async def answer(request: Request) -> Response:
        statement = statements.get(request.path_params["question"])
        if statement is None:
            return Response(status_code=404)
        parameters = orjson.loads(await request.body())
        result = await holder["driver"].execute_query(
            statement,
            parameters,
            database_=settings.neo4j_database,
            routing_=neo4j.RoutingControl.READ,
        )
        body = orjson.dumps(result.records[0]["answer"], default=_plain)
        return Response(body, media_type="application/json")

    return Starlette(
        routes=[Route("/{question}", answer, methods=["POST"])],
        lifespan=lifespan,
    )


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(prog="python -m bench.floor_server")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    uvicorn.run(
        "bench.floor_server:create_app",
        factory=True,
        host="127.0.0.1",
        port=args.port,
        workers=args.workers,
        access_log=False,
        http=PROTOCOL,
        timeout_worker_healthcheck=HEALTHCHECK_SECONDS,
    )


if __name__ == "__main__":
    main()
