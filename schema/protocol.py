"""The HTTP/1.1 protocol `serve` runs: uvicorn's h11 protocol with bounds on request headers.

uvicorn bounds neither how long a client may take to send its request headers nor (with
httptools) how large they may be: a probe held 4,000 half-sent requests open for 30 s and
had a 1 MB header value accepted. Here, per connection:

- the headers of a request must arrive within ``header_timeout`` seconds of the connection
  (or of the previous answer on a kept-alive one), else ``408`` and the connection closes;
  an idle connection without a byte is closed without an answer (uvicorn's keep-alive
  timeout usually does that first);
- the header block may hold at most ``MAX_HEADER_BYTES``, else ``431`` and close.

The number of headers is bounded by the ASGI check in ``schema.middleware``
(``HeaderCountMiddleware``), which answers ``431`` as well. The answers are JSON in the
shape of every other refusal. The bounds are constants, not settings: no honest client
comes near them (browsers send 1-2 KB of headers, cookies included).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from domain.errors import ErrorCode
from schema.errors import error_body

MAX_HEADER_BYTES = 32 * 1024
"""Bytes of a request line plus headers (nginx refuses at 32 KB too, Node.js at 16 KB)."""

HEADER_TIMEOUT = 10.0
"""Seconds from the connection (or the last answer) to the end of the request headers."""

PROTOCOL = "schema.protocol:BoundedH11Protocol"
"""The import string `serve` gives uvicorn (every worker process imports it)."""


def _raw_answer(status: int, reason: str, payload: dict[str, Any]) -> bytes:
    """A complete HTTP/1.1 answer that closes the connection, written without h11: h11
    refuses to answer a request whose headers it has not seen complete."""
    body = json.dumps(payload, ensure_ascii=False).encode()
    head = (
        f"HTTP/1.1 {status} {reason}\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def headers_too_large() -> bytes:
    limit = MAX_HEADER_BYTES
    return _raw_answer(
        431,
        "Request Header Fields Too Large",
        error_body(
            f"Die Kopfzeilen der Anfrage sind größer als {limit} Bytes / the request headers "
            f"are larger than {limit} bytes",
            ErrorCode.BAD_REQUEST,
            limit=limit,
        ),
    )


def headers_timed_out(seconds: float) -> bytes:
    return _raw_answer(
        408,
        "Request Timeout",
        error_body(
            f"Die Kopfzeilen der Anfrage kamen nicht binnen {seconds:g} s an / the request "
            f"headers did not arrive within {seconds:g} s",
            ErrorCode.REQUEST_TIMEOUT,
            limit=seconds,
        ),
    )


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol that refuses slow (408) and oversized (431) request headers."""

    header_timeout: float = HEADER_TIMEOUT
    max_header_bytes: int = MAX_HEADER_BYTES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # h11's own buffer limit answers a bare 400; ours must be the one that speaks.
        self.conn = h11.Connection(h11.SERVER, max_incomplete_event_size=4 * self.max_header_bytes)
        self._timer: asyncio.TimerHandle | None = None
        self._header_bytes = 0
        self._last_cycle: object | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_headers()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        waiting = self._timer is not None
        if waiting:
            self._header_bytes += len(data)
        super().data_received(data)
        if not waiting or self.transport.is_closing():
            return
        if self.cycle is not self._last_cycle:  # the headers of a request are complete
            self._stop_timer()
        elif self._header_bytes > self.max_header_bytes:
            self._refuse(headers_too_large())

    def handle_websocket_upgrade(self, event: h11.Request) -> None:
        # The connection is a WebSocket from now on (subscriptions): no request headers
        # will follow, and a 408 written into it later would break its frames.
        self._stop_timer()
        super().handle_websocket_upgrade(event)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and (self.cycle is None or self.cycle.response_complete):
            self._await_headers()

    # -- the timer ------------------------------------------------------------------------

    def _await_headers(self) -> None:
        self._stop_timer()
        self._header_bytes = 0
        self._last_cycle = self.cycle
        self._timer = self.loop.call_later(self.header_timeout, self._timed_out)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _timed_out(self) -> None:
        self._timer = None
        if self.transport.is_closing() or self.cycle is not self._last_cycle:
            return
        if self._header_bytes:
            self._refuse(headers_timed_out(self.header_timeout))
        else:
            self.transport.close()

    def _refuse(self, answer: bytes) -> None:
        self._stop_timer()
        self.transport.write(answer)
        self.transport.close()
