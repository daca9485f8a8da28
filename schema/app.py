"""The ASGI app: GraphQL at /graphql, liveness at /healthz, readiness at /readyz, the
cockpit at /, GraphiQL at /graphiql, sign-in at /auth/login, /auth/logout, /auth/session
and spreadsheet uploads at /import/dry-run, /import/apply (``schema.upload_routes``).

Every response carries an ``X-Request-ID``; request bodies are capped at
``API_MAX_BODY_BYTES``. How /graphql speaks HTTP is in ``schema.http``; how the built front
end is served is in ``schema.web``. Browsers on other origins may call the API only when
``API_CORS_ORIGINS`` names them (Starlette's CORS middleware answers their preflight).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import neo4j
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from strawberry.schema.base import BaseSchema

from graph.db import open_async_driver, open_driver
from graph.gap_service import GapService
from graph.health import check_readiness
from graph.migrations import migrate
from graph.revision import current_revision_async, listen, unlisten
from graph.settings import Settings, get_settings
from schema.auth_routes import auth_routes
from schema.breaker import CircuitBreaker
from schema.caching import KnownRevision
from schema.concept_export import concept_export_routes
from schema.feed import ChangeFeed
from schema.http import GraphQLView, ignore_unstarted_engine_work
from schema.landscape_export import landscape_export_routes
from schema.limits import Limits
from schema.middleware import BodySizeLimitMiddleware, RequestIdMiddleware
from schema.schema import build_schema
from schema.table_export import table_export_routes
from schema.upload_routes import upload_routes
from schema.web import web_routes

ANALYSIS_RETRY_SECONDS = 5.0


def _apply_migrations(settings: Settings) -> None:
    with open_driver(settings) as driver:
        migrate(driver, settings.neo4j_database)


async def known_revision(driver: neo4j.AsyncDriver, settings: Settings) -> KnownRevision:
    """The worker's revision for labelling answers, read once at start (left unknown when
    Neo4j is not there yet: then the first query reads it)."""
    known = KnownRevision()
    with contextlib.suppress(Exception):  # the first query meets the outage and answers it
        known.see(await current_revision_async(driver, settings.neo4j_database))
    return known


_WORKER_TAGS: dict[int, str] = {}


def worker_tag() -> str:
    """A random tag of this process, made on first use (per pid, so a forked worker gets
    its own): stable while the process lives, meaningless outside it."""
    pid = os.getpid()
    if pid not in _WORKER_TAGS:
        _WORKER_TAGS[pid] = secrets.token_hex(4)
    return _WORKER_TAGS[pid]


def cors(origins: list[str]) -> list[Middleware]:
    """The CORS middleware for ``API_CORS_ORIGINS``; none when no origin is named.

    Credentials (cookies) are never allowed across origins: the sign-in session is for the
    cockpit on the same origin (``schema.auth_routes``); a dashboard elsewhere sends its
    bearer token in the ``Authorization`` header, which the preflight allows.
    """
    if not origins:
        return []
    return [
        Middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "Accept",
                "Idempotency-Key",
                "X-File-Name",
                "If-None-Match",
            ],
            expose_headers=["X-Request-ID", "Retry-After", "ETag"],
            max_age=600,
        )
    ]


def create_app(
    settings: Settings | None = None,
    *,
    run_migrations: bool = True,
    schema: BaseSchema | None = None,
) -> Starlette:
    """Build the app; the driver opens (and migrations run) when the app starts.

    ``schema`` defaults to the project's schema with the limits from ``settings``.
    """
    settings = settings or get_settings()
    ignore_unstarted_engine_work()
    holder: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if run_migrations:
            await asyncio.to_thread(_apply_migrations, settings)
        holder["driver"] = open_async_driver(settings)
        holder["breaker"] = CircuitBreaker()
        # one poller of the change history per process, for all its subscriptions
        holder["feed"] = ChangeFeed(
            holder["driver"], settings.neo4j_database, settings.api_feed_interval
        )
        # The analyses run networkx in worker threads with the synchronous driver (whose
        # retries stop after 5 s as the async driver's do: an outage must not hang them).
        sync_driver = open_driver(settings, max_retry_time=ANALYSIS_RETRY_SECONDS)
        analyses = GapService(sync_driver, settings.neo4j_database, wait=settings.api_analysis_wait)
        # After a write, the analyses and the map are recomputed in a background thread,
        # debounced; visitors get the newest finished result meanwhile (graph.analysis_cache).
        analyses.start(debounce=settings.api_analysis_debounce)
        holder["analyses"] = analyses
        holder["sync_driver"] = sync_driver  # also for the workbook download
        app.state.analyses = holder["analyses"]  # for operators and tests: cache statistics
        app.state.feed = holder["feed"]  # for tests: how often it looked
        # The revision that labels answers for HTTP caching, without a read per query.
        app.state.known_revision = await known_revision(holder["driver"], settings)
        listen(app.state.known_revision.forget)  # a write of this process: read it again
        try:
            yield
        finally:
            unlisten(app.state.known_revision.forget)
            analyses.stop()
            await holder["feed"].close()
            await holder["driver"].close()
            sync_driver.close()

    async def healthz(request: Request) -> Response:
        # ``worker`` tells the processes of `serve --workers N` apart (tests, operators) with
        # a random tag: the pid would tell anyone on the network about the host.
        return JSONResponse({"status": "ok", "worker": worker_tag()})

    async def readyz(request: Request) -> Response:
        breaker: CircuitBreaker = holder["breaker"]
        if not await breaker.allows(holder["driver"], settings.neo4j_database):
            return JSONResponse(
                {"status": "unavailable", "neo4j": "unreachable", "error": "circuit open"},
                status_code=503,
                headers={"Retry-After": "1"},
            )
        readiness = await check_readiness(holder["driver"], settings.neo4j_database)
        if not readiness.reachable:
            breaker.trip()
        body: dict[str, Any] = {
            "status": "ready" if readiness.ready else "unavailable",
            "neo4j": "reachable" if readiness.reachable else "unreachable",
            "missingMigrations": readiness.missing,
        }
        if readiness.error:
            body["error"] = readiness.error
        return JSONResponse(body, status_code=200 if readiness.ready else 503)

    graphql = GraphQLView(
        schema or build_schema(Limits.from_settings(settings), compiled=settings.api_compiled),
        settings,
        holder,
    )
    routes: list[BaseRoute] = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        # No method list: the view answers every method itself (405 as a GraphQL error).
        Route("/graphql", graphql),
        WebSocketRoute("/graphql", graphql),  # subscriptions (schema.subscriptions)
        *auth_routes(settings, holder),
        *landscape_export_routes(settings, holder),
        *concept_export_routes(settings, holder),
        *table_export_routes(),
        *upload_routes(settings, holder),
    ]
    routes += web_routes(settings.api_web_dir, graphiql=settings.api_graphiql)
    middleware = [
        Middleware(RequestIdMiddleware),
        *cors(settings.cors_origins),
        Middleware(
            BodySizeLimitMiddleware,
            max_bytes=settings.api_max_body_bytes,
            timeout=settings.api_body_timeout,
        ),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


def create_served_app() -> Starlette:
    """The app of one worker process of ``integration-graph serve``.

    uvicorn imports this in every worker (``factory=True``); the settings come from the
    environment, as in the parent, which has already applied the migrations once.
    """
    return create_app(get_settings(), run_migrations=False)
