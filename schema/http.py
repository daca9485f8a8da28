"""GraphQL over HTTP: Strawberry's ASGI view, brought in line with the specification.

Strawberry 0.341 answers every result as ``application/json`` with status 200, refuses a
mutation sent with GET with 400, and reports malformed requests as plain text. The
specification (graphql.github.io/graphql-over-http) asks for more, and this view adds it:

- content negotiation: ``Accept: application/graphql-response+json`` gets that media type;
  ``application/json``, ``*/*`` or no ``Accept`` get ``application/json``; anything else 406;
- with ``application/graphql-response+json`` a request error (unparsable or invalid
  document, a refused limit, bad variables) is 400 and its body has no ``data`` entry;
  with ``application/json`` it stays 200, as the specification asks for legacy clients;
- a mutation sent with GET is 405 with ``Allow: POST``; other methods are 405;
- a POST whose body is not JSON is 415; unparsable JSON is 400;
- every error body is a JSON GraphQL response with ``errors[].extensions.code``;
- a bad or revoked bearer token is 401 with ``WWW-Authenticate``; an unreachable database is
  503 with ``Retry-After``; an unexpected failure is 500 with the request id, logged.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema.base import BaseSchema
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from graph.settings import Settings
from graph.tokens import identify
from schema.context import Context
from schema.errors import error_body
from schema.masking import is_unavailable
from schema.middleware import BodyTooLarge, request_id_of
from schema.web import wants_html

logger = logging.getLogger("integration_graph.api")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
RETRY_AFTER_SECONDS = "5"


class RequestRefused(Exception):
    """A request answered before (or instead of) executing it: status, code and message."""

    def __init__(
        self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


def negotiate(accept: str | None) -> str | None:
    """The response media type for an ``Accept`` header; None when nothing fits (406)."""
    if not accept or not accept.strip():
        return JSON
    best: tuple[float, int, str] | None = None
    for part in accept.split(","):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        choice = {
            GRAPHQL_RESPONSE: GRAPHQL_RESPONSE,
            JSON: JSON,
            "application/*": JSON,
            "*/*": JSON,
        }.get(media.lower())
        if choice is None or quality <= 0:
            continue
        # Higher quality wins; at equal quality the explicit graphql-response+json wins.
        rank = (quality, 1 if choice == GRAPHQL_RESPONSE else 0, choice)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None


def _unavailable() -> RequestRefused:
    return RequestRefused(
        503,
        "SERVICE_UNAVAILABLE",
        "Die Datenbank ist nicht erreichbar / the database is unavailable; please try again later",
        {"Retry-After": RETRY_AFTER_SECONDS},
    )


def _is_request_error(result: ExecutionResult) -> bool:
    """No execution took place: the document or the variables were refused."""
    if isinstance(result, PreExecutionError):
        return True
    errors: list[GraphQLError] = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


class GraphQLView(GraphQL[Context, None]):
    """Strawberry's ASGI view with our context, authentication and HTTP semantics."""

    def __init__(
        self,
        schema: BaseSchema,
        settings: Settings,
        driver_holder: dict[str, Any],
    ) -> None:
        super().__init__(
            schema,
            # GraphiQL is served from our own build at /graphiql (schema/web.py); Strawberry's
            # page would load React and GraphiQL from a CDN and stay blank offline.
            graphql_ide=None,
            allow_queries_via_get=True,
        )
        self._settings = settings
        self._holder = driver_holder

    # -- the request as a whole -------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        if self._opens_graphiql(request):
            await RedirectResponse("/graphiql", status_code=307)(scope, receive, send)
            return
        try:
            self._precheck(request)
            response = await self.run(request)
        except RequestRefused as refused:
            response = self._refusal(request, refused)
        except HTTPException as error:
            response = self._refusal(request, self._from_strawberry(request, error))
        except BodyTooLarge:
            raise
        except Exception:
            request_id = request_id_of(scope)
            logger.exception("request %s: unexpected error outside execution", request_id)
            response = self._refusal(
                request,
                RequestRefused(
                    500,
                    "INTERNAL_SERVER_ERROR",
                    f"Interner Fehler / internal error (request id {request_id})",
                ),
            )
        await response(scope, receive, send)

    def _opens_graphiql(self, request: Request) -> bool:
        """A browser opening /graphql itself (no query): show it GraphiQL instead."""
        return (
            self._settings.api_graphiql
            and request.method == "GET"
            and "query" not in request.query_params
            and wants_html(request.headers)
        )

    def _precheck(self, request: Request) -> None:
        """Method, media type and content type, before any work is done."""
        if request.method not in ("GET", "POST"):
            raise RequestRefused(
                405,
                "METHOD_NOT_ALLOWED",
                f"{request.method} is not supported: use GET for queries, POST for any operation",
                {"Allow": "GET, POST"},
            )
        media = negotiate(request.headers.get("accept"))
        if media is None:
            raise RequestRefused(
                406,
                "NOT_ACCEPTABLE",
                f"Accept must allow {GRAPHQL_RESPONSE} or {JSON} "
                f"(got {request.headers.get('accept')!r})",
            )
        request.state.media_type = media
        if request.method == "POST":
            content_type = request.headers.get("content-type", "")
            if content_type.split(";")[0].strip().lower() != JSON:
                raise RequestRefused(
                    415,
                    "UNSUPPORTED_MEDIA_TYPE",
                    f"POST bodies must be {JSON} (got {content_type or 'no content type'!r})",
                )

    def _from_strawberry(self, request: Request, error: HTTPException) -> RequestRefused:
        """Strawberry's plain-text HTTP errors, as coded JSON errors with the right status."""
        if isinstance(error.__cause__, InvalidOperationTypeError) and request.method == "GET":
            return RequestRefused(
                405,
                "METHOD_NOT_ALLOWED",
                "Mutationen nur per POST / mutations must be sent with POST",
                {"Allow": "POST"},
            )
        return RequestRefused(error.status_code, "BAD_REQUEST", error.reason)

    def _refusal(self, request: Request, refused: RequestRefused) -> Response:
        media = getattr(request.state, "media_type", None) or JSON
        return JSONResponse(
            error_body(refused.message, refused.code),
            status_code=refused.status,
            headers=refused.headers,
            media_type=f"{media}; charset=utf-8" if media == GRAPHQL_RESPONSE else JSON,
        )

    # -- Strawberry's hooks -----------------------------------------------------------------

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        assert isinstance(request, Request)
        context = Context(
            driver=self._holder["driver"],
            database=self._settings.neo4j_database,
            settings=self._settings,
            request=request,
            response=response,
            analyses=self._holder["analyses"],
            request_id=request_id_of(request.scope),
        )
        authorization = request.headers.get("authorization")
        if authorization is not None:
            await self._authenticate(context, authorization)
        return context

    async def _authenticate(self, context: Context, authorization: str) -> None:
        scheme, _, secret = authorization.strip().partition(" ")
        challenge = {"WWW-Authenticate": 'Bearer realm="integration-graph"'}
        if scheme.lower() != "bearer" or not secret.strip():
            raise RequestRefused(
                401,
                "UNAUTHENTICATED",
                "Authorization muss 'Bearer <token>' sein / the Authorization header must be "
                "'Bearer <token>'",
                challenge,
            )
        try:
            caller = await identify(context.driver, context.database, secret.strip())
        except Exception as error:
            if is_unavailable(error):
                raise _unavailable() from None
            raise
        if caller.token is None:
            raise RequestRefused(
                401,
                "UNAUTHENTICATED",
                caller.refusal or "invalid token",
                {"WWW-Authenticate": 'Bearer realm="integration-graph", error="invalid_token"'},
            )
        context.role = caller.token.role
        context.token_id = caller.token.id

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = getattr(request.state, "media_type", None) or JSON
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        response = await super().process_result(request, result)
        if _is_request_error(result):
            response.pop("data", None)
        return response

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        media = sub_response.media_type or JSON
        response = super().create_response(response_data, sub_response)
        response.headers["content-type"] = (
            f"{GRAPHQL_RESPONSE}; charset=utf-8" if media == GRAPHQL_RESPONSE else JSON
        )
        if isinstance(response_data, dict):
            codes = {
                error.get("extensions", {}).get("code")
                for error in response_data.get("errors") or ()
                if isinstance(error, dict)
            }
            if "SERVICE_UNAVAILABLE" in codes:
                response.status_code = 503
                response.headers["Retry-After"] = RETRY_AFTER_SECONDS
            elif media == GRAPHQL_RESPONSE and "data" not in response_data:
                response.status_code = 400
        return response
