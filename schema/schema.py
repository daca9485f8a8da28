"""The Strawberry schema: the root types put together."""

from __future__ import annotations

import strawberry

from schema.queries import Query

schema = strawberry.Schema(query=Query)
