"""Two small ASGI middlewares: a request id on every response, and limits on the body.

They are plain ASGI (no ``BaseHTTPMiddleware``) so that they neither buffer responses nor
change how errors travel: the request id is set before anything else runs, a body that
grows past ``API_MAX_BODY_BYTES`` is refused with 413 while it is still being received, and
a body that takes longer than ``API_BODY_TIMEOUT`` to arrive (a slow or stalled upload
holding a connection) is refused with 408. A client that closes the connection before its
body is complete is no fault of the server: one line at info level, no traceback.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import uuid
from typing import Any

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.errors import ErrorCode
from schema.errors import error_body

logger = logging.getLogger("integration_graph.api")

REQUEST_ID_HEADER = "x-request-id"
_ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id_of(scope: Scope) -> str:
    """The id the ``RequestIdMiddleware`` gave this request ("-" outside the app)."""
    return str(scope.get("state", {}).get("request_id", "-"))


class RequestIdMiddleware:
    """Take a sane incoming ``X-Request-ID`` (from a proxy) or make one; echo it back."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope["headers"]).get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")
        request_id = incoming if _ACCEPTED_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0] != b"x-request-id"]
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_id)


class BodyRefused(Exception):
    """Raised while receiving a body the limits refuse (caught by the middleware)."""


class BodyTooLarge(BodyRefused):
    """The body is larger than ``API_MAX_BODY_BYTES``."""


class BodyTimedOut(BodyRefused):
    """The body did not arrive within ``API_BODY_TIMEOUT`` seconds."""


MAX_HEADERS = 100
"""Request headers per request; more are refused with 431 (browsers send 10-20). Their size
and the time they may take are bounded by the server protocol (``schema.protocol``)."""


class BodySizeLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with 413, by header or while streaming, and
    bodies that take longer than ``timeout`` seconds to arrive with 408; and requests with
    more than ``MAX_HEADERS`` headers with 431, before anything reads them."""

    def __init__(self, app: ASGIApp, max_bytes: int, timeout: float = 10.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout = timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope["headers"]) > MAX_HEADERS:
            await self.refuse(send, 431, too_many_headers(len(scope["headers"])))
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self.refuse(send)
            return

        received = 0
        started = False
        deadline: float | None = None

        async def counting_receive() -> Message:
            nonlocal received, deadline
            deadline = deadline or time.monotonic() + self.timeout
            try:
                async with asyncio.timeout_at(_loop_time(deadline)):
                    message = await receive()
            except TimeoutError:
                raise BodyTimedOut from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except ClientDisconnect:  # any route reading a body: the client left, not a fault
            logger.info("%s %s: client disconnected", scope.get("method"), scope.get("path"))
        except BodyRefused as refused:
            if started:  # pragma: no cover - the app answered before reading it all
                raise
            if isinstance(refused, BodyTimedOut):
                await self.refuse(send, 408, self.timed_out())
            else:
                await self.refuse(send)

    def timed_out(self) -> dict[str, Any]:
        return error_body(
            f"Der Inhalt der Anfrage kam nicht binnen {self.timeout} s an / the request body "
            f"did not arrive within {self.timeout} s (API_BODY_TIMEOUT)",
            ErrorCode.REQUEST_TIMEOUT,
            limit=self.timeout,
            setting="API_BODY_TIMEOUT",
        )

    async def refuse(
        self, send: Send, status: int = 413, payload: dict[str, Any] | None = None
    ) -> None:
        body = json.dumps(
            payload
            or error_body(
                f"Die Anfrage ist größer als {self.max_bytes} Bytes / the request body is "
                f"larger than {self.max_bytes} bytes (API_MAX_BODY_BYTES)",
                ErrorCode.PAYLOAD_TOO_LARGE,
                limit=self.max_bytes,
                setting="API_MAX_BODY_BYTES",
            )
        ).encode()
        headers: list[Any] = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def too_many_headers(count: int) -> dict[str, Any]:
    return error_body(
        f"Die Anfrage hat {count} Kopfzeilen, erlaubt sind {MAX_HEADERS} / the request has "
        f"{count} headers, the maximum is {MAX_HEADERS}",
        ErrorCode.BAD_REQUEST,
        limit=MAX_HEADERS,
    )


def _loop_time(deadline: float) -> float:
    """A ``time.monotonic()`` deadline on the running loop's clock."""
    return asyncio.get_running_loop().time() + (deadline - time.monotonic())
