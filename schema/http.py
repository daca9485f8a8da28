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
- a body that is not UTF-8, not a JSON object or nested absurdly deep is 400 (``schema.body``);
- the caller is settled once per request (``_settle_caller``): a bearer token wins over the
  session cookie ``ig_session``; a cookie-authenticated POST without the session's
  ``X-CSRF-Token`` or from a foreign ``Origin`` is 403 ``CSRF_REJECTED`` (nothing runs); an
  ended session is anonymous with ``X-Session: expired`` and the cookie cleared;
- a document may be named by hash instead of sent (Apollo's automatic persisted queries,
  ``documentId``; trusted documents): ``schema.persisted``;
- query answers carry an ``ETag`` that follows the graph revision, ``If-None-Match`` gets a
  304 without execution, and every answer a ``Cache-Control``: ``schema.caching``;
- a bad or revoked bearer token is 401 with ``WWW-Authenticate``; an unreachable database is
  503 with ``Retry-After``, at once while the circuit breaker knows it is down
  (``schema.breaker``); an unexpected failure is 500 with the request id, logged.

Each request runs within ``API_REQUEST_TIMEOUT``: when that runs out, the request is
cancelled, its Neo4j transactions are terminated server-side (found by the request id in
their metadata) and the client gets 504 ``TIMEOUT``. The response is serialised in a worker
thread (a large answer must not hold the event loop that answers ``/healthz`` and everyone
else) and refused with ``RESPONSE_TOO_LARGE`` above ``API_MAX_RESPONSE_BYTES``.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any, cast

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.base import BaseSchema
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError

from domain.access import Caller
from domain.errors import ErrorCode
from graph.settings import Settings
from graph.tokens import identify
from graph.transactions import terminate_tagged
from schema import caching
from schema.auth_routes import (
    CSRF_MESSAGE,
    SESSION_HEADER,
    clear_session_cookie,
    csrf_valid,
    lookup,
    origin_allowed,
)
from schema.body import decode_request_json
from schema.breaker import CircuitBreaker
from schema.context import Context
from schema.errors import error_body
from schema.masking import is_unavailable
from schema.middleware import BodyRefused, request_id_of
from schema.persisted import DocumentRefused, DocumentStore, resolve
from schema.web import wants_html

logger = logging.getLogger("integration_graph.api")

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
RETRY_AFTER_SECONDS = "5"
TERMINATE_TIMEOUT = 2.0
"""Seconds to spend terminating a timed-out request's transactions before answering."""

UNSTARTED_BY_ENGINE = r"coroutine '(Executor|GraphQLCoreConverter)\.[\w.<>]+' was never awaited"
"""Python's warning for a coroutine of graphql-core's executor or of Strawberry's resolver
wrapper that was made but never started (``ignore_unstarted_engine_work``)."""


def ignore_unstarted_engine_work() -> None:
    """Silence Python's warning about the engine's coroutines a stopped request left unstarted.

    A request stopped by its budget is cancelled while graphql-core has made coroutines
    (a list's items, the fields of each) whose tasks have not run yet; they are meant not to
    run now, and Python warns about each when it collects it, later, under whatever runs
    then: noise in the server's log that reports no fault. Only the engine's two names are
    silenced; a coroutine of ours left unawaited still warns.
    """
    warnings.filterwarnings("ignore", message=UNSTARTED_BY_ENGINE, category=RuntimeWarning)


_current: ContextVar[Request] = ContextVar("graphql_request")
"""The request being answered, for Strawberry's hooks that get only an adapter."""
_decoded: ContextVar[object] = ContextVar("graphql_body", default=None)
"""The request body as decoded JSON (for ``documentId``, which Strawberry drops)."""

_serialiser = ThreadPoolExecutor(max_workers=2, thread_name_prefix="json-response")
"""Own threads for encoding responses: never queued behind gap analyses."""


class Encoded(dict[str, Any]):
    """A response body already encoded (off the event loop) by ``process_result``."""

    body: bytes = b""


class RequestRefused(Exception):
    """A request answered before (or instead of) executing it: status, code and message."""

    def __init__(
        self, status: int, code: ErrorCode, message: str, headers: Mapping[str, str] | None = None
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
        ErrorCode.SERVICE_UNAVAILABLE,
        "Die Datenbank ist nicht erreichbar / the database is unavailable; please try again later",
        {"Retry-After": RETRY_AFTER_SECONDS},
    )


def _is_request_error(result: ExecutionResult) -> bool:
    """No execution took place: the document or the variables were refused."""
    if isinstance(result, PreExecutionError):
        return True
    errors: list[GraphQLError] = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


def _encode(data: object) -> bytes:
    """Compact UTF-8 JSON without ASCII escapes, as ``json.dumps(..., separators=(",", ":"),
    ensure_ascii=False).encode()`` writes it, but with orjson: several times faster on the
    large answers (500-object pages, the network map) that dominate a response's cost."""
    return orjson.dumps(data)


def _too_large(size: int, limit: int) -> dict[str, Any]:
    body = error_body(
        f"Die Antwort wäre {size:,} Bytes groß, erlaubt sind {limit:,}: kleinere Seiten "
        f"(first) oder weniger Felder / the response would be {size:,} bytes, the maximum is "
        f"{limit:,} (API_MAX_RESPONSE_BYTES): ask for smaller pages or fewer fields",
        ErrorCode.RESPONSE_TOO_LARGE,
        limit=limit,
        setting="API_MAX_RESPONSE_BYTES",
    )
    return {"data": None, **body}


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
            # subscriptions (schema.subscriptions): the current protocol only; browsers on
            # other origins only when API_CORS_ORIGINS names them (the handshake carries
            # the session cookie)
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            allowed_origins=[o for o in settings.cors_origins if o != "*"],
        )
        self._settings = settings
        self._holder = driver_holder
        self.documents = DocumentStore(
            driver_holder,
            settings.neo4j_database,
            settings.api_apq_max_documents,
            settings.api_web_dir.parent / "src" / "graphql",
        )

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
            await self._guard()
            await self._settle_caller(request)
            response = await self._run_within_budget(request)
        except RequestRefused as refused:
            response = self._refusal(request, refused)
        except HTTPException as error:
            response = self._refusal(request, self._from_strawberry(request, error))
        except BodyRefused:
            raise
        except ClientDisconnect:  # the client went away: no fault, no answer, one line
            logger.info("request %s: client disconnected", request_id_of(scope))
            return
        except Exception:
            request_id = request_id_of(scope)
            logger.exception("request %s: unexpected error outside execution", request_id)
            response = self._refusal(
                request,
                RequestRefused(
                    500,
                    ErrorCode.INTERNAL_SERVER_ERROR,
                    f"Interner Fehler / internal error (request id {request_id})",
                ),
            )
        caching.apply(request, response, self._settings)
        if getattr(request.state, "session_expired", False):
            response.headers[SESSION_HEADER] = "expired"
            clear_session_cookie(response, request)
        await response(scope, receive, send)

    def _opens_graphiql(self, request: Request) -> bool:
        """A browser opening /graphql itself (no query): show it GraphiQL instead."""
        return (
            self._settings.api_graphiql
            and request.method == "GET"
            and not {"query", "extensions", "documentId"} & set(request.query_params)
            and wants_html(request.headers)
        )

    @property
    def breaker(self) -> CircuitBreaker:
        breaker: CircuitBreaker = self._holder["breaker"]
        return breaker

    async def _guard(self) -> None:
        """503 at once while the database is known to be down (one probe at a time)."""
        if not await self.breaker.allows(self._holder["driver"], self._settings.neo4j_database):
            raise _unavailable()

    async def _run_within_budget(self, request: Request) -> Response:
        """``run`` within ``API_REQUEST_TIMEOUT``; on timeout stop the request's transactions."""
        budget = self._settings.api_request_timeout
        request.state.deadline = time.monotonic() + budget
        _current.set(request)
        try:
            async with asyncio.timeout(budget):
                response = await self.run(request)
                if getattr(request.state, "not_modified", False):
                    return caching.not_modified(request, self._settings)
                return response
        except TimeoutError:
            request_id = request_id_of(request.scope)
            stopped = await self._terminate(request_id)
            logger.warning(
                "request %s: stopped after %s s (API_REQUEST_TIMEOUT), %d Neo4j "
                "transaction(s) terminated",
                request_id,
                budget,
                stopped,
            )
            raise RequestRefused(
                504,
                ErrorCode.TIMEOUT,
                f"Die Anfrage hat länger als {budget} s gedauert und wurde abgebrochen / the "
                f"request took longer than {budget} s and was stopped (API_REQUEST_TIMEOUT); "
                "ask for less, e.g. a smaller page",
            ) from None

    async def _terminate(self, request_id: str) -> int:
        try:
            async with asyncio.timeout(TERMINATE_TIMEOUT):
                return await terminate_tagged(
                    self._holder["driver"], self._settings.neo4j_database, request_id
                )
        except Exception as error:  # the answer must not wait on a sick database
            logger.warning(
                "request %s: could not terminate its transactions: %r", request_id, error
            )
            return 0

    def _precheck(self, request: Request) -> None:
        """Method, media type and content type, before any work is done."""
        if request.method not in ("GET", "POST"):
            raise RequestRefused(
                405,
                ErrorCode.METHOD_NOT_ALLOWED,
                f"{request.method} is not supported: use GET for queries, POST for any operation",
                {"Allow": "GET, POST"},
            )
        media = negotiate(request.headers.get("accept"))
        if media is None:
            raise RequestRefused(
                406,
                ErrorCode.NOT_ACCEPTABLE,
                f"Accept must allow {GRAPHQL_RESPONSE} or {JSON} "
                f"(got {request.headers.get('accept')!r})",
            )
        request.state.media_type = media
        if request.method == "POST":
            content_type = request.headers.get("content-type", "")
            if content_type.split(";")[0].strip().lower() != JSON:
                raise RequestRefused(
                    415,
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    f"POST bodies must be {JSON} (got {content_type or 'no content type'!r})",
                )

    def should_render_graphql_ide(self, request: Any) -> bool:
        """Never for a GET that names its document by hash instead of sending ``query``."""
        params = request.query_params
        if "extensions" in params or "documentId" in params:
            return False
        return bool(super().should_render_graphql_ide(request))

    def decode_json(self, data: str | bytes) -> object:
        decoded = decode_request_json(data)
        _decoded.set(decoded)
        return decoded

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """Strawberry's parse, then the document named by hash put in place (``persisted``)."""
        _decoded.set(None)
        data = await super().parse_http_body(request)
        if isinstance(data, list):
            return data
        if request.method == "GET":
            document_id: object = request.query_params.get("documentId")
        else:
            body = _decoded.get()
            document_id = body.get("documentId") if isinstance(body, dict) else None
        state = _current.get().state
        anonymous = getattr(state, "caller", None) is None
        try:
            resolved = await resolve(
                data,
                document_id,
                self.documents,
                trusted_only=anonymous and self._settings.api_trusted_documents_only,
            )
        except DocumentRefused as refused:
            status = refused.status
            media = getattr(state, "media_type", None)
            if status == 200 and media == GRAPHQL_RESPONSE:
                status = 400  # a request error, as graphql-response+json reports them
            raise RequestRefused(status, refused.code, refused.message) from None
        except Exception as error:
            if is_unavailable(error):  # the document lookup met the outage
                self.breaker.trip()
                raise _unavailable() from None
            raise
        if resolved.register and resolved.document_id is not None:
            state.register = (resolved.document_id, resolved.data.query)
        state.cacheable = True
        return resolved.data

    async def _register(self, request: Request) -> None:
        """Store the APQ the request sent (after it ran without a request error)."""
        document_id, query = request.state.register
        try:
            await self.documents.register(document_id, query)
        except Exception as error:  # the answer stands; the client just sends it again
            logger.warning(
                "request %s: persisted query not stored: %r", request_id_of(request.scope), error
            )

    def _from_strawberry(self, request: Request, error: HTTPException) -> RequestRefused:
        """Strawberry's plain-text HTTP errors, as coded JSON errors with the right status."""
        if isinstance(error.__cause__, InvalidOperationTypeError) and request.method == "GET":
            return RequestRefused(
                405,
                ErrorCode.METHOD_NOT_ALLOWED,
                "Mutationen nur per POST / mutations must be sent with POST",
                {"Allow": "POST"},
            )
        return RequestRefused(error.status_code, ErrorCode.BAD_REQUEST, error.reason)

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
        if isinstance(request, WebSocket):
            return await self._socket_context(request)
        context = Context(
            driver=self._holder["driver"],
            database=self._settings.neo4j_database,
            settings=self._settings,
            request=request,
            response=response,
            analyses=self._holder["analyses"],
            request_id=request_id_of(request.scope),
            deadline=getattr(request.state, "deadline", None),
            breaker=self.breaker,
        )
        caller: Caller | None = getattr(request.state, "caller", None)
        if caller is not None:
            context.caller = caller
            context.role = caller.role
            context.token_id = caller.token_id
        return context

    async def _socket_context(self, socket: WebSocket) -> Context:
        """A WebSocket's context, for its whole connection: the caller from a bearer token
        in the handshake's ``Authorization`` header or the session cookie (the origin is
        checked by Strawberry before); ``connection_init`` may still bring a token
        (:meth:`on_ws_connect`). Its ``request`` is the socket, which has the headers and
        cookies that the subscriptions' types read."""
        context = Context(
            driver=self._holder["driver"],
            database=self._settings.neo4j_database,
            settings=self._settings,
            request=cast(Request, socket),
            response=Response(),
            analyses=self._holder["analyses"],
            request_id=request_id_of(socket.scope),
            breaker=self.breaker,
            feed=self._holder.get("feed"),
        )
        authorization = socket.headers.get("authorization")
        caller: Caller | None = None
        try:
            if authorization is not None:
                caller = await bearer_caller(authorization, self._holder, self._settings)
            else:
                caller = await session_caller(cast(Request, socket), self._holder, self._settings)
        except RequestRefused:
            caller = None  # refused again, with a reason, by on_ws_connect
            context.cache["refused"] = True
        _set_caller(context, caller)
        return context

    async def on_ws_connect(self, context: Context) -> dict[str, object] | None:
        """``connection_init``: a payload ``{"authorization": "Bearer <token>"}`` signs the
        connection in (browsers cannot set headers on a WebSocket); a bad token closes it
        with 4403, as a bad ``Authorization`` header does."""
        params = context.connection_params or {}
        authorization = params.get("authorization") or params.get("Authorization")
        if context.cache.get("refused"):
            raise ConnectionRejectionError({"code": ErrorCode.UNAUTHENTICATED.value})
        if isinstance(authorization, str):
            try:
                caller = await bearer_caller(authorization, self._holder, self._settings)
            except RequestRefused as refused:
                raise ConnectionRejectionError({"code": refused.code.value}) from None
            _set_caller(context, caller)
        return None

    async def _settle_caller(self, request: Request) -> None:
        """Who is asking (``settle_caller``); an unreachable database trips the breaker."""
        try:
            await settle_caller(request, self._holder, self._settings)
        except RequestRefused:
            raise
        except Exception as error:
            if is_unavailable(error):
                self.breaker.trip()
                raise _unavailable() from None
            raise

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = getattr(request.state, "media_type", None) or JSON
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        processed: dict[str, Any] = dict(await super().process_result(request, result))
        request.state.has_errors = bool(result.errors)
        if _is_request_error(result):
            processed.pop("data", None)
        elif getattr(request.state, "register", None) is not None:
            await self._register(request)
        loop = asyncio.get_running_loop()
        body = await loop.run_in_executor(_serialiser, _encode, processed)
        limit = self._settings.api_max_response_bytes
        if len(body) > limit:
            logger.warning(
                "request %s: response of %d bytes refused (API_MAX_RESPONSE_BYTES %d)",
                request_id_of(request.scope),
                len(body),
                limit,
            )
            processed = _too_large(len(body), limit)
            body = _encode(processed)
        encoded = Encoded(processed)
        encoded.body = body
        return encoded  # type: ignore[return-value]

    def encode_json(self, data: object) -> str | bytes:
        if isinstance(data, Encoded):
            return data.body
        # text: a WebSocket message must be a text frame (graphql-transport-ws), and
        # Strawberry sends bytes as a binary one, which graphql-ws clients cannot read
        return _encode(data).decode()

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
            if ErrorCode.SERVICE_UNAVAILABLE in codes:
                response.status_code = 503
                response.headers["Retry-After"] = RETRY_AFTER_SECONDS
            elif media == GRAPHQL_RESPONSE and "data" not in response_data:
                response.status_code = 400
        return response


def _set_caller(context: Context, caller: Caller | None) -> None:
    context.caller = caller
    context.role = None if caller is None else caller.role
    context.token_id = None if caller is None else caller.token_id


async def session_caller(
    request: Request, holder: dict[str, Any], settings: Settings
) -> Caller | None:
    """The caller of a valid session cookie (None: no cookie, or an ended session)."""
    found = await lookup(request, holder, settings)
    if found is None or found.session is None:
        return None
    account = found.session.account
    return Caller(
        role=account.role,
        name=account.email,
        account_id=account.id,
        actor_ids=frozenset(account.actor_ids) if account.role == "member" else frozenset(),
        via="session",
    )


async def settle_caller(request: Request, holder: dict[str, Any], settings: Settings) -> None:
    """Who is asking, once per request: the bearer token, else the session cookie.

    A bad bearer token is 401 (never anonymous). A valid session cookie on a POST needs
    the session's ``X-CSRF-Token`` and an allowed ``Origin`` (403 ``CSRF_REJECTED``,
    nothing runs). An unknown or ended session is anonymous: public reading keeps
    working, the answer says ``X-Session: expired`` and clears the cookie. The caller (or
    None) is in ``request.state.caller``. Shared by ``/graphql`` and the uploads
    (``schema.upload_routes``), so every cookie-authenticated POST is checked alike.
    """
    request.state.caller = None
    authorization = request.headers.get("authorization")
    if authorization is not None:
        request.state.caller = await bearer_caller(authorization, holder, settings)
        return
    found = await lookup(request, holder, settings)
    if found is None:
        return
    if found.session is None:
        request.state.session_expired = True
        return
    if request.method == "POST" and (
        not origin_allowed(request, settings) or not csrf_valid(request, found.session)
    ):
        raise RequestRefused(403, ErrorCode.CSRF_REJECTED, CSRF_MESSAGE)
    account = found.session.account
    request.state.caller = Caller(
        role=account.role,
        name=account.email,
        account_id=account.id,
        actor_ids=frozenset(account.actor_ids) if account.role == "member" else frozenset(),
        via="session",
    )


async def bearer_caller(authorization: str, holder: dict[str, Any], settings: Settings) -> Caller:
    """The caller of a bearer token; 401 ``RequestRefused`` for a bad or revoked one."""
    scheme, _, secret = authorization.strip().partition(" ")
    challenge = {"WWW-Authenticate": 'Bearer realm="integration-graph"'}
    if scheme.lower() != "bearer" or not secret.strip():
        raise RequestRefused(
            401,
            ErrorCode.UNAUTHENTICATED,
            "Authorization muss 'Bearer <token>' sein / the Authorization header must be "
            "'Bearer <token>'",
            challenge,
        )
    found = await identify(holder["driver"], settings.neo4j_database, secret.strip())
    if found.token is None:
        raise RequestRefused(
            401,
            ErrorCode.UNAUTHENTICATED,
            found.refusal or "invalid token",
            {"WWW-Authenticate": 'Bearer realm="integration-graph", error="invalid_token"'},
        )
    token = found.token
    return Caller(
        role=token.role,
        name=token.name or token.id,
        token_id=token.id,
        actor_ids=frozenset(token.actor_ids) if token.role == "member" else frozenset(),
    )
