"""The cockpit and GraphiQL: the built front end (``web/dist``), served by the API's app.

The cockpit (``/``) and GraphiQL (``/graphiql``) are static files built from npm packages
by ``make web``; they talk to ``/graphql`` like any other client. Everything is served from
this origin, and a Content-Security-Policy tells the browser so: a page that tried to load
a script, a font or data from anywhere else would be refused, which keeps the cockpit
working with the network cable pulled and keeps visitors' requests on the county's server.

Built files with a content hash in their name (``/assets/...``) are cached for a year; the
HTML pages are revalidated on every visit, so a new build reaches browsers at once.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        # Chart and editor libraries set inline style attributes.
        "style-src 'self' 'unsafe-inline'",
        "script-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    )
)
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"

NOT_BUILT = """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Cockpit nicht gebaut</title></head>
<body><main><h1>Das Netzwerk-Cockpit ist noch nicht gebaut</h1>
<p>Bitte <code>make web</code> (oder <code>make run</code>) ausführen; die API unter
<a href="/graphql">/graphql</a> arbeitet bereits.</p>
<p lang="en">The cockpit has not been built yet: run <code>make web</code>
(or <code>make run</code>). The API at /graphql works.</p></main></body></html>
"""


class BuiltFiles(StaticFiles):
    """Static files with our security and caching headers."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        hashed = Path(full_path).parent.name == "assets"
        response.headers["Cache-Control"] = IMMUTABLE if hashed else REVALIDATE
        response.headers["X-Content-Type-Options"] = "nosniff"
        if str(full_path).endswith(".html"):
            response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
            response.headers["Referrer-Policy"] = "same-origin"
        return response


def wants_html(headers: Headers) -> bool:
    """True for a browser navigation (``Accept: text/html``), not for an API client."""
    return "text/html" in headers.get("accept", "")


def web_routes(web_dir: Path, *, graphiql: bool) -> list[BaseRoute]:
    """Routes for ``/`` (the cockpit) and, when enabled, ``/graphiql``.

    Mount them after the API's routes: the cockpit's mount at ``/`` answers every path no
    other route took (404 for unknown files).
    """
    if not (web_dir / "index.html").is_file():

        async def not_built(request: Request) -> Response:
            return HTMLResponse(NOT_BUILT, status_code=503, headers={"Retry-After": "60"})

        return [Route("/", not_built), Route("/graphiql", not_built)]
    files = BuiltFiles(directory=web_dir, html=True)
    routes: list[BaseRoute] = []
    if graphiql:

        async def graphiql_page(request: Request) -> Response:
            return await files.get_response("graphiql.html", request.scope)

        routes.append(Route("/graphiql", graphiql_page, methods=["GET"]))
    else:

        async def graphiql_off(request: Request) -> Response:
            return HTMLResponse(
                "<!doctype html><html lang='de'><title>GraphiQL aus</title><p>GraphiQL ist "
                "auf diesem Server abgeschaltet (API_GRAPHIQL=false).</p></html>",
                status_code=404,
            )

        routes += [Route(path, graphiql_off) for path in ("/graphiql", "/graphiql.html")]
    routes.append(Mount("/", app=files, name="web"))
    return routes
