"""GraphQL subscriptions over ``graphql-transport-ws`` at ``/graphql``: the change feed.

``subscription { changes { revision action summary entries { label recordId op } } }``
delivers every change written from the moment of subscribing, oldest first: mutations of
any worker, loads and imports from the command line alike. Every process has one poller
for all its subscribers (``schema.feed``). A change reads exactly as in ``changes``: the
``Change`` type masks ``author``, contact data and internal notes for anonymous callers.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from schema.context import Info
from schema.types.change import Change


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Neue Änderungen, sobald sie geschrieben sind (ältere: changes(since:)) / "
        "every change from now on, as it is written, by anyone (catch up with changes(since:))"
    )
    async def changes(self, info: Info) -> AsyncGenerator[Change, None]:
        feed = info.context.feed
        if feed is None:  # a schema run without the app (tests of the execution stack)
            return
        async for row in feed.subscribe():
            yield Change.from_row(row)
