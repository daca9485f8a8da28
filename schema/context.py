"""What every resolver gets: the driver, the database, the request and the caller's role."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, LiteralString

import neo4j
from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import Info as StrawberryInfo

from graph.gap_service import GapService
from graph.settings import Settings


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
    """``editor`` or ``admin`` for a caller with a valid bearer token; None: anonymous."""
    token_id: str | None = None
    request_id: str = "-"
    """Also in the ``X-Request-ID`` response header and in every log line of the request."""

    def query(self, text: LiteralString) -> neo4j.Query:
        """A statement carrying the transaction timeout (``NEO4J_TX_TIMEOUT``).

        Pass it to ``driver.execute_query`` instead of a bare string, so that no request
        can hold the database longer than configured.
        """
        return neo4j.Query(text, timeout=self.settings.neo4j_tx_timeout)


Info = StrawberryInfo[Context, None]
