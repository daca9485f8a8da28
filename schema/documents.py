"""What is known about a document once need not be worked out again for the next request.

Dashboards send the same few documents again and again. :class:`ParsedDocuments` keeps the
parsed form of documents that parsed without error (a document with a syntax error is
parsed, and reported, every time, so its error keeps its code), and :func:`request_key`
names a request by its document, operation and variables, the key of the limits' verdicts
(``schema.limits``) and of the compiled plans (``schema.compiled``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionContext

from schema.lru import LRU

DOCUMENTS = 256
"""Parsed documents kept per schema."""

RequestKey = tuple[str, str | None, str]
"""Document text, operation name and the variables (canonical JSON)."""


def operation_name(context: ExecutionContext) -> str | None:
    """The operation name the client sent (Strawberry falls back to the first one's name)."""
    return getattr(context, "_provided_operation_name", context.operation_name)


def request_key(context: ExecutionContext) -> RequestKey:
    """The request's document, operation and variables, computed once per request."""
    found: RequestKey | None = getattr(context, "_request_key", None)
    if found is None:
        variables = json.dumps(context.variables or {}, sort_keys=True, default=str)
        found = (context.query or "", operation_name(context), variables)
        context._request_key = found  # type: ignore[attr-defined]
    return found


class ParsedDocuments(SchemaExtension):
    """Reuse the parse of a document that parsed cleanly before (bounded, shared)."""

    def __init__(self, cache: LRU[str, DocumentNode]) -> None:
        self.cache = cache

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query is not None and context.graphql_document is None:
            context.graphql_document = self.cache.get(query)
        yield
        document = context.graphql_document
        if query is not None and document is not None and not context.pre_execution_errors:
            self.cache.put(query, document)


def parsed_documents() -> Any:
    """A factory of :class:`ParsedDocuments` sharing one cache (one per schema)."""
    cache: LRU[str, DocumentNode] = LRU(DOCUMENTS)
    return lambda: ParsedDocuments(cache)
