"""The Strawberry schema: the root types put together, with limits and error masking.

``Query`` is merged from the root query types of the modules that contribute fields; add a
module's type to ``QUERY_TYPES`` to extend it. ``schema`` (the default limits) is what
``schema.graphql`` is printed from; the app builds one with the limits of its settings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension, ValidationCache
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from schema.accounts import AccountQuery
from schema.caching import HttpCaching
from schema.changes import ChangeQuery
from schema.compiled import CompiledExecution, PlanCache
from schema.cost import PageDefaults
from schema.development import DevelopmentQuery
from schema.documents import parsed_documents
from schema.gaps import GapQuery
from schema.limits import DEFAULT_LIMITS, Limits, limit_extensions
from schema.masking import ErrorMasking, log_request_errors
from schema.mutations import Mutation
from schema.pagination import DEFAULT_NESTED_SIZE, DEFAULT_PAGE_SIZE
from schema.queries import DEFAULT_PLANNER_SIZE, DEFAULT_SEARCH_SIZE, NodeQuery
from schema.queries import Query as LandscapeQuery
from schema.stale import StaleQuery
from schema.status import StatusQuery
from schema.subscriptions import Subscription

CACHED_DOCUMENTS = 256
QUERY_TYPES: tuple[type, ...] = (
    NodeQuery,
    LandscapeQuery,
    GapQuery,
    StatusQuery,
    AccountQuery,
    ChangeQuery,
    StaleQuery,
    DevelopmentQuery,
)

Query = merge_types("Query", QUERY_TYPES)

PAGE_DEFAULTS = PageDefaults(
    root=DEFAULT_PAGE_SIZE,
    nested=DEFAULT_NESTED_SIZE,
    by_field={"search": DEFAULT_SEARCH_SIZE, "whoWorksOn": DEFAULT_PLANNER_SIZE},
)
"""The page sizes the resolvers use when a request gives none: what the cost estimate uses."""


class Schema(strawberry.Schema):
    """Strawberry's schema, logging request errors in one line each (``schema.masking``)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        context = getattr(execution_context, "context", None)
        log_request_errors(errors, str(getattr(context, "request_id", "-")))


def build_schema(
    limits: Limits = DEFAULT_LIMITS,
    *,
    query: type = Query,
    mutation: type | None = Mutation,
    subscription: type | None = Subscription,
    compiled: bool = True,
) -> strawberry.Schema:
    """The schema with the given limits (one extension instance per request).

    ``query``/``mutation`` are for tests that exercise the execution stack (limits, masking,
    timeouts) with root types of their own. ``compiled=False`` answers every field through
    its resolver (the reference path the compiled one is checked against).
    """
    nested = min(PAGE_DEFAULTS.nested, limits.max_page_size)
    defaults = dataclasses.replace(PAGE_DEFAULTS, nested=nested)
    limits = dataclasses.replace(limits, page_defaults=defaults)
    plans = PlanCache()
    compiled_execution = [partial(CompiledExecution, plans)] if compiled else []
    extensions: list[Callable[[], SchemaExtension]] = [
        # Dashboards send the same few documents again and again: parse and validate each
        # once. Only clean parses are kept (schema.documents), so a syntax error is reported
        # with its code every time, which Strawberry's ParserCache would skip. The limits
        # remember the requests (document and variables) they let through.
        partial(ValidationCache, maxsize=CACHED_DOCUMENTS),
        parsed_documents(),
        *limit_extensions(limits),
        # after the limits (a refused document sends nothing), before the execution: a
        # matching If-None-Match costs one revision read and no execution (schema.caching)
        HttpCaching,
        # after the limits: a refused document never reaches Neo4j on either path
        *compiled_execution,
        ErrorMasking,
    ]
    return Schema(query=query, mutation=mutation, subscription=subscription, extensions=extensions)


schema = build_schema()
