"""What every resolver gets: the driver, the database, the request and the caller's role."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, LiteralString

import neo4j
from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import Info as StrawberryInfo

from domain.access import Caller
from graph.gap_service import Analyses, GapService
from graph.settings import Settings
from schema.breaker import CircuitBreaker

if TYPE_CHECKING:
    from schema.feed import ChangeFeed


@dataclass
class Context:
    driver: neo4j.AsyncDriver
    database: str
    settings: Settings
    request: Request
    response: Response
    analyses: GapService
    """The app's gap analyses, cached by graph revision across requests (``schema.gaps``)."""
    # Per-request caches (DataLoaders and the like) live here, never across requests.
    cache: dict[str, Any] = field(default_factory=dict)
    role: str | None = None
    """The caller's role (``domain.access.ROLES``); None: anonymous. Mirrors ``caller.role``."""
    token_id: str | None = None
    caller: Caller | None = None
    """Who is asking, settled once per request in ``schema.http`` (None: anonymous)."""
    request_id: str = "-"
    """Also in the ``X-Request-ID`` response header and in every log line of the request."""
    breaker: CircuitBreaker | None = None
    """Tripped by the first "database unreachable" error (``schema.masking``)."""
    deadline: float | None = None
    """``time.monotonic()`` by which the request must be answered (``API_REQUEST_TIMEOUT``)."""
    feed: ChangeFeed | None = None
    """The process's change feed, for subscriptions (``schema.feed``)."""
    connection_params: dict[str, Any] | None = None
    """A WebSocket's ``connection_init`` payload (``{"authorization": "Bearer ..."}``)."""

    def newest_analyses(self) -> Analyses:
        """The newest finished analyses, one snapshot for the whole request (call it in a
        worker thread: it reads the revision). Visitors never wait for a recomputation."""
        found = self.cache.get("analyses")
        if not isinstance(found, Analyses):
            found = self.analyses.newest()
            self.cache["analyses"] = found
        return found

    @property
    def author(self) -> str:
        """The name recorded in the change history for this request's writes."""
        return self.caller.name if self.caller is not None else "anonym"

    def tx_timeout(self) -> float:
        """Seconds a transaction may run: ``NEO4J_TX_TIMEOUT``, cut to the request's budget.

        So Neo4j itself stops a statement when the request's time is up (never below 0.1 s:
        the server treats 0 as "no timeout").
        """
        limit = self.settings.neo4j_tx_timeout
        if self.deadline is not None:
            limit = min(limit, self.deadline - time.monotonic())
        return max(limit, 0.1)

    def tx_metadata(self) -> dict[str, str]:
        """Tags every transaction of this request, to find it in ``SHOW TRANSACTIONS``."""
        return {"requestId": self.request_id}

    def query(self, text: LiteralString) -> neo4j.Query:
        """A statement carrying the transaction timeout (``NEO4J_TX_TIMEOUT``).

        Pass it to ``driver.execute_query`` instead of a bare string, so that no request
        can hold the database longer than configured.
        """
        return neo4j.Query(text, timeout=self.tx_timeout(), metadata=self.tx_metadata())


Info = StrawberryInfo[Context, None]
