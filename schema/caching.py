"""HTTP caching of query answers that follows the graph revision.

An answer to a query changes only when the graph does (every write advances the revision,
``graph.revision``), so its ``ETag`` names what it was computed from: the document, the
operation, the variables, the caller's visibility (anonymous, or signed in with a role),
the negotiated media type, the day (``staleRecords``, due measures and the like count from
today) and the revision. A request whose ``If-None-Match`` holds the current tag is
answered ``304 Not Modified`` after ONE statement, the revision read, with no execution:
:class:`HttpCaching` runs after the limits (a refused document sends nothing) and before
the compiled execution, and leaves an empty result in place of executing.

Statements: a plain query costs ONE statement, its own. The label comes from the revision
this worker knows (:class:`KnownRevision`: read when the worker starts, forgotten after a
write of this process, refreshed by every conditional request), so no revision read goes
with it. A request with ``If-None-Match`` reads the revision afresh (one statement) and is
answered 304 after it, or executed; only a fresh read may confirm a tag.

The label is never newer than the answer: the known revision was read before the answer is
computed, and revisions only grow. After a write elsewhere (another worker, a load) it may
be older than the answer: then two answers share a tag for a while, which costs no
staleness (a 304 needs a fresh read that matches) but one full answer for the next
conditional request, which then refreshes the worker's revision.

``Cache-Control``: ``no-cache`` for anonymous answers (store, but ask every time), or
``public, max-age=API_CACHE_MAX_AGE`` when set (public dashboards behind a proxy or CDN);
``private, no-cache`` for signed-in answers; ``no-store`` for mutations, errors and answers
that do not follow the revision (``me``, ``accounts``: account data is not graph data).
A POST query gets its ETag and its 304 as a GET does: it is as safe, and a dashboard that
polls by POST saves the same work (caches in between never store POST answers).
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from typing import Final

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from starlette.requests import Request
from starlette.responses import Response
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from graph.settings import Settings
from schema.context import Context
from schema.documents import request_key

REVISION: Final = "OPTIONAL MATCH (r:_Meta {id: 'revision'}) RETURN coalesce(r.value, 0) AS value"
NOT_REVISIONED: Final = frozenset({"me", "accounts"})
"""Root fields whose answers depend on more than the graph: never given an ETag."""
VARY: Final = "Accept, Authorization, Cookie"


class KnownRevision:
    """The newest graph revision this worker has read (None: none, or forgotten).

    Never ahead of the database: it only takes values read from it, and revisions only
    grow. A write of this process makes it forget (:meth:`forget`, not the announced number:
    that keeps it right however many databases a process talks to); the next query reads.
    The latest read wins, not the largest: a database wiped and loaded again (tests, a
    restore) starts counting anew, and a read that overtook a newer one only makes a label
    older, which is safe.
    """

    def __init__(self) -> None:
        self.value: int | None = None

    def see(self, revision: int) -> None:
        """A revision read from the database just now."""
        self.value = revision

    def forget(self, revision: int | None = None) -> None:
        """A write of this process committed: the next query reads the revision afresh."""
        self.value = None


def known_revision(request: Request) -> KnownRevision | None:
    """The worker's known revision (``schema.app`` keeps one per app), if the app has one."""
    app = request.scope.get("app")
    found = getattr(getattr(app, "state", None), "known_revision", None)
    return found if isinstance(found, KnownRevision) else None


def visibility(context: Context) -> str:
    """What the caller may see: anonymous, or signed in with a role (contact data, admin)."""
    return "anonymous" if context.caller is None else f"signed-in:{context.caller.role}"


def etag(parts: Iterable[str]) -> str:
    """A weak entity tag over the parts (weak: equal meaning, not promised equal bytes).

    >>> etag(["{ revision }", "", "{}", "anonymous", "7"]).startswith('W/"')
    True
    """
    hashed = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f'W/"{hashed}"'


def matches(if_none_match: str | None, tag: str) -> bool:
    """``If-None-Match`` names this tag (weak comparison, as RFC 9110 asks for it), or ``*``.

    >>> matches('"a", W/"b"', 'W/"b"'), matches('W/"a"', '"a"'), matches("*", 'W/"x"')
    (True, True, True)
    >>> matches(None, 'W/"b"'), matches('W/"c"', 'W/"b"')
    (False, False)
    """
    if not if_none_match:
        return False
    opaque = tag.removeprefix("W/")
    for candidate in (part.strip() for part in if_none_match.split(",")):
        if candidate == "*" or candidate.removeprefix("W/") == opaque:
            return True
    return False


def root_fields(document: DocumentNode, operation: OperationDefinitionNode) -> set[str]:
    """The names of the operation's root fields, through fragments at the root."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    names: set[str] = set()
    pending: list[SelectionSetNode] = [operation.selection_set]
    seen: set[str] = set()
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                names.add(selection.name.value)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name not in seen and name in fragments:
                    seen.add(name)
                    pending.append(fragments[name].selection_set)
    return names


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)


class HttpCaching(SchemaExtension):
    """Give a query's answer its ETag; answer a matching ``If-None-Match`` without executing.

    Acts only on requests the view marked (``request.state.cacheable``): HTTP queries.
    """

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        context = execution.context
        document = execution.graphql_document
        if (
            not execution.result
            and document is not None
            and isinstance(context, Context)
            and getattr(context.request.state, "cacheable", False)
            and execution.operation_type is OperationType.QUERY
        ):
            await self._tag(context, document)
        yield

    async def _tag(self, context: Context, document: DocumentNode) -> None:
        execution = self.execution_context
        query, operation_name, variables = request_key(execution)
        operation = _operation(document, operation_name)
        if operation is None or root_fields(document, operation) & NOT_REVISIONED:
            return
        request = context.request
        conditional = bool(request.headers.get("if-none-match"))
        known = known_revision(request)
        revision = None if conditional or known is None else known.value
        if revision is None:
            try:
                records, _, _ = await context.driver.execute_query(
                    context.query(REVISION), database_=context.database, routing_="r"
                )
            except Exception:  # the execution meets the outage and answers it (503)
                return
            revision = int(records[0]["value"])
            if known is not None:
                known.see(revision)
        tag = etag(
            (
                query,
                operation_name or "",
                variables,
                visibility(context),
                str(getattr(request.state, "media_type", "")),
                datetime.now(UTC).date().isoformat(),
                str(revision),
            )
        )
        request.state.etag = tag
        if matches(request.headers.get("if-none-match"), tag):
            request.state.not_modified = True
            execution.result = ExecutionResult(data=None, errors=None)


def cache_control(request: Request, settings: Settings) -> str:
    """The ``Cache-Control`` of an answer that carries an ETag."""
    if getattr(request.state, "caller", None) is not None or getattr(
        request.state, "session_expired", False
    ):
        return "private, no-cache"
    if settings.api_cache_max_age > 0:
        return f"public, max-age={settings.api_cache_max_age}"
    return "no-cache"


def not_modified(request: Request, settings: Settings) -> Response:
    """The 304 for a matching ``If-None-Match``: no body, the same validators and policy."""
    return Response(
        status_code=304,
        headers={
            "ETag": request.state.etag,
            "Cache-Control": cache_control(request, settings),
            "Vary": VARY,
        },
    )


def apply(request: Request, response: Response, settings: Settings) -> None:
    """Set the caching headers of a /graphql answer (every answer gets a ``Cache-Control``)."""
    if response.status_code == 304:
        return  # made by ``not_modified`` with its own headers
    tag: str | None = getattr(request.state, "etag", None)
    cacheable = (
        tag is not None
        and response.status_code == 200
        and not getattr(request.state, "has_errors", True)
    )
    if cacheable and tag is not None:
        response.headers["ETag"] = tag
        response.headers["Cache-Control"] = cache_control(request, settings)
    else:
        response.headers["Cache-Control"] = "no-store"
    response.headers["Vary"] = VARY
