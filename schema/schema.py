"""The Strawberry schema: the root types put together, with limits and error masking.

``Query`` is merged from the root query types of the modules that contribute fields; add a
module's type to ``QUERY_TYPES`` to extend it. ``schema`` (the default limits) is what
``schema.graphql`` is printed from; the app builds one with the limits of its settings.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import strawberry
from strawberry.extensions import SchemaExtension, ValidationCache
from strawberry.tools import merge_types

from schema.gaps import GapQuery
from schema.limits import DEFAULT_LIMITS, Limits, limit_extensions
from schema.masking import ErrorMasking
from schema.mutations import Mutation
from schema.queries import Query as LandscapeQuery
from schema.status import StatusQuery

CACHED_DOCUMENTS = 256
QUERY_TYPES: tuple[type, ...] = (LandscapeQuery, GapQuery, StatusQuery)

Query = merge_types("Query", QUERY_TYPES)


def build_schema(
    limits: Limits = DEFAULT_LIMITS, *, query: type = Query, mutation: type | None = Mutation
) -> strawberry.Schema:
    """The schema with the given limits (one extension instance per request).

    ``query``/``mutation`` are for tests that exercise the execution stack (limits, masking,
    timeouts) with root types of their own.
    """
    extensions: list[Callable[[], SchemaExtension]] = [
        # Dashboards send the same few documents again and again: validate each document
        # once (the limits are validation rules, so a cached verdict still holds; the
        # page-size check reads the variables and runs on every request). Strawberry's
        # ParserCache is left out: it bypasses the hook that gives syntax errors their code.
        partial(ValidationCache, maxsize=CACHED_DOCUMENTS),
        *limit_extensions(limits),
        ErrorMasking,
    ]
    return strawberry.Schema(query=query, mutation=mutation, extensions=extensions)


schema = build_schema()
