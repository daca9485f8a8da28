"""Two small ASGI middlewares: a request id on every response, and a body size limit.

They are plain ASGI (no ``BaseHTTPMiddleware``) so that they neither buffer responses nor
change how errors travel: the request id is set before anything else runs, and a body that
grows past ``API_MAX_BODY_BYTES`` is refused with 413 while it is still being received.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from schema.errors import error_body

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


class BodyTooLarge(Exception):
    """Raised while receiving a body larger than the limit (caught by the middleware)."""


class BodySizeLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with 413, by header or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self.refuse(send)
            return

        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
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
        except BodyTooLarge:
            if started:  # pragma: no cover - the app answered before reading it all
                raise
            await self.refuse(send)

    async def refuse(self, send: Send) -> None:
        body = json.dumps(
            error_body(
                f"Die Anfrage ist größer als {self.max_bytes} Bytes / the request body is "
                f"larger than {self.max_bytes} bytes (API_MAX_BODY_BYTES)",
                "PAYLOAD_TOO_LARGE",
                limit=self.max_bytes,
                setting="API_MAX_BODY_BYTES",
            )
        ).encode()
        headers: list[Any] = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
