"""What every resolver gets: the driver, the database and the request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import neo4j
from starlette.requests import Request
from starlette.responses import Response
from strawberry.types import Info as StrawberryInfo

from graph.settings import Settings


@dataclass
class Context:
    driver: neo4j.AsyncDriver
    database: str
    settings: Settings
    request: Request
    response: Response
    # Per-request caches (DataLoaders and the like) live here, never across requests.
    cache: dict[str, Any] = field(default_factory=dict)


Info = StrawberryInfo[Context, None]
