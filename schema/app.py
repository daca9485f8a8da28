"""The ASGI app: GraphQL at /graphql, liveness at /healthz, readiness at /readyz."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import neo4j
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from graph.db import open_async_driver, open_driver
from graph.health import check_readiness
from graph.migrations import migrate
from graph.settings import Settings, get_settings
from schema.context import Context
from schema.schema import schema


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI view with our context."""

    def __init__(self, settings: Settings, driver_holder: dict[str, neo4j.AsyncDriver]) -> None:
        super().__init__(
            schema, graphql_ide="graphiql" if settings.environment == "development" else None
        )
        self._settings = settings
        self._holder = driver_holder

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        assert isinstance(request, Request)
        return Context(
            driver=self._holder["driver"],
            database=self._settings.neo4j_database,
            settings=self._settings,
            request=request,
            response=response,
        )


def _apply_migrations(settings: Settings) -> None:
    with open_driver(settings) as driver:
        migrate(driver, settings.neo4j_database)


def create_app(settings: Settings | None = None, *, run_migrations: bool = True) -> Starlette:
    """Build the app; the driver opens (and migrations run) when the app starts."""
    settings = settings or get_settings()
    holder: dict[str, neo4j.AsyncDriver] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if run_migrations:
            await asyncio.to_thread(_apply_migrations, settings)
        holder["driver"] = open_async_driver(settings)
        try:
            yield
        finally:
            await holder["driver"].close()

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        readiness = await check_readiness(holder["driver"], settings.neo4j_database)
        body: dict[str, Any] = {
            "status": "ready" if readiness.ready else "unavailable",
            "neo4j": "reachable" if readiness.reachable else "unreachable",
            "missingMigrations": readiness.missing,
        }
        if readiness.error:
            body["error"] = readiness.error
        return JSONResponse(body, status_code=200 if readiness.ready else 503)

    graphql = GraphQLApp(settings, holder)
    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/graphql", graphql, methods=["GET", "POST"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)
