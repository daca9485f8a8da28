"""The errors the API reports on purpose, each with a machine-readable code.

Clients branch on ``extensions.code``, never on the wording of a message: the message is for
people (German first, then English, as the county works in German) and may change. Every
error raised on purpose is an :class:`ApiError`; anything else that escapes a resolver is a
bug or an outage and is masked by ``schema.masking`` before it reaches the client.

| code | meaning |
|---|---|
| ``BAD_USER_INPUT`` | an input failed validation; ``field`` names the first field at fault |
| ``NOT_FOUND`` | an id does not name an existing node (``field`` says which input) |
| ``CONFLICT`` | a node with that id exists already |
| ``HAS_DEPENDENTS`` | a delete would orphan other nodes; ``dependents`` lists them |
| ``UNAUTHENTICATED`` | a mutation without a valid bearer token, or a bad/revoked token |
| ``FORBIDDEN`` | the token's role is not enough (``cascade`` deletes need ``admin``) |
| ``GRAPHQL_PARSE_FAILED`` / ``GRAPHQL_VALIDATION_FAILED`` | the document is not valid |
| ``QUERY_TOO_DEEP``, ``TOO_MANY_ALIASES``, ``TOO_MANY_TOKENS``, ``PAGE_SIZE_EXCEEDED`` | limits |
| ``QUERY_TOO_COMPLEX`` | the estimated objects (``cost``) exceed ``API_MAX_QUERY_COST`` |
| ``TOO_MANY_CONDITIONS`` | a ``where`` or a list argument is larger than its limit |
| ``RESPONSE_TOO_LARGE`` | the answer would be larger than ``API_MAX_RESPONSE_BYTES`` |
| ``BAD_REQUEST`` | the HTTP request is malformed (body, JSON, operation name missing) |
| ``IDEMPOTENCY_KEY_REUSED`` | an ``Idempotency-Key`` came back with a different mutation |
| ``PAYLOAD_TOO_LARGE`` | the request body is larger than ``API_MAX_BODY_BYTES`` (HTTP 413) |
| ``TIMEOUT`` | Neo4j stopped the transaction after ``NEO4J_TX_TIMEOUT`` seconds, or the request
  ran longer than ``API_REQUEST_TIMEOUT`` |
| ``SERVICE_UNAVAILABLE`` | Neo4j cannot be reached (HTTP 503) |
| ``INTERNAL_SERVER_ERROR`` | anything unexpected; the message carries the request id |
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from graphql import GraphQLError


class ApiError(GraphQLError):
    """An error the API raises on purpose; passed to the client unmasked, with its code."""

    code: ClassVar[str] = "INTERNAL_SERVER_ERROR"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        extensions: dict[str, Any] = {"code": self.code}
        if field is not None:
            extensions["field"] = field
        if details:
            extensions.update(details)
        super().__init__(message, extensions=extensions)


class BadUserInput(ApiError):
    code = "BAD_USER_INPUT"


class NotFound(ApiError):
    code = "NOT_FOUND"


class Conflict(ApiError):
    code = "CONFLICT"


class HasDependents(ApiError):
    code = "HAS_DEPENDENTS"


class Unauthenticated(ApiError):
    code = "UNAUTHENTICATED"


class Forbidden(ApiError):
    code = "FORBIDDEN"


class PageSizeExceeded(ApiError):
    code = "PAGE_SIZE_EXCEEDED"


class Timeout(ApiError):
    code = "TIMEOUT"


class QueryTooDeep(ApiError):
    code = "QUERY_TOO_DEEP"


class TooManyAliases(ApiError):
    code = "TOO_MANY_ALIASES"


class QueryTooComplex(ApiError):
    code = "QUERY_TOO_COMPLEX"


class TooManyConditions(ApiError):
    code = "TOO_MANY_CONDITIONS"


class BadRequest(ApiError):
    code = "BAD_REQUEST"


class IdempotencyKeyReused(ApiError):
    code = "IDEMPOTENCY_KEY_REUSED"


class ServiceUnavailable(ApiError):
    code = "SERVICE_UNAVAILABLE"

    def __init__(self) -> None:
        super().__init__(
            "Die Datenbank ist nicht erreichbar / the database is unavailable; "
            "please try again later"
        )


def error_body(message: str, code: str, **extensions: Any) -> dict[str, Any]:
    """A GraphQL response body with one error and no data, for errors outside execution."""
    return {"errors": [{"message": message, "extensions": {"code": code, **extensions}}]}


def problems_extension(problems: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """``field`` (the first field at fault) plus every ``{field, message}`` pair."""
    return {
        "field": problems[0][0],
        "problems": [{"field": field, "message": message} for field, message in problems],
    }
