"""The error codes the service reports, defined once, and the refusal that carries one.

Clients branch on ``extensions.code``, never on the wording of a message: the message is for
people (German first, then English) and may change. The graph layer refuses a write with a
:class:`Refusal` of a code; the GraphQL layer (``schema.errors``) reports the same code.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Every ``extensions.code`` a client may see."""

    BAD_USER_INPUT = "BAD_USER_INPUT"
    """an input failed validation; ``field`` names the first field at fault"""
    NOT_FOUND = "NOT_FOUND"
    """an id does not name an existing node (``field`` says which input)"""
    CONFLICT = "CONFLICT"
    """a node with that id exists already, or a concurrent write won"""
    HAS_DEPENDENTS = "HAS_DEPENDENTS"
    """a delete would orphan other nodes; ``dependents`` lists them"""
    UNAUTHENTICATED = "UNAUTHENTICATED"
    """a mutation by an anonymous caller (no or an ended session), or a bad/revoked token"""
    FORBIDDEN = "FORBIDDEN"
    """the caller's role or scope does not allow it (``graph.mutations.scope``; ``cascade``
    deletes and accounts need ``admin``)"""
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    """``/auth/login``: wrong e-mail or password (HTTP 401)"""
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    """``/auth/login``: too many failed sign-ins, ``retryAfter`` seconds to wait (HTTP 429)"""
    ACCOUNT_DISABLED = "ACCOUNT_DISABLED"
    """``/auth/login``: the account was disabled by an admin (HTTP 403)"""
    CSRF_REJECTED = "CSRF_REJECTED"
    """a cookie-authenticated POST without the session's ``X-CSRF-Token`` or from a foreign
    ``Origin`` (HTTP 403); nothing ran"""
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
    TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
    TOO_MANY_TOKENS = "TOO_MANY_TOKENS"
    PAGE_SIZE_EXCEEDED = "PAGE_SIZE_EXCEEDED"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
    """the estimated objects (``cost``) exceed ``API_MAX_QUERY_COST``"""
    TOO_MANY_CONDITIONS = "TOO_MANY_CONDITIONS"
    """a ``where`` or a list argument is larger than its limit"""
    RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE"
    """the answer would be larger than ``API_MAX_RESPONSE_BYTES``"""
    BAD_REQUEST = "BAD_REQUEST"
    """the HTTP request is malformed (body, JSON, operation name missing)"""
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    NOT_ACCEPTABLE = "NOT_ACCEPTABLE"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
    """a request named a document by its hash that the server does not know: send the full
    text with the hash once (Apollo's automatic persisted queries; Apollo Client does this by
    itself)"""
    PERSISTED_QUERY_HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
    """a document sent with a hash that is not the SHA-256 of its text (HTTP 400)"""
    DOCUMENT_NOT_TRUSTED = "DOCUMENT_NOT_TRUSTED"
    """``API_TRUSTED_DOCUMENTS_ONLY``: an anonymous caller sent a document that is not a
    trusted one (HTTP 403)"""
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    """an ``Idempotency-Key`` came back with a different mutation"""
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    """the request body is larger than ``API_MAX_BODY_BYTES`` (HTTP 413)"""
    REQUEST_TIMEOUT = "REQUEST_TIMEOUT"
    """the request body did not arrive within ``API_BODY_TIMEOUT`` (HTTP 408)"""
    TIMEOUT = "TIMEOUT"
    """Neo4j stopped the transaction after ``NEO4J_TX_TIMEOUT`` seconds (a write, too, when it
    waited that long for another's locks), or the request ran longer than
    ``API_REQUEST_TIMEOUT``"""
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    """Neo4j cannot be reached (HTTP 503)"""
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    """anything unexpected; the message carries the request id"""


class Refusal(Exception):
    """A write refused because of its input; the transaction is rolled back.

    ``field`` names the input at fault, ``details`` go to the client beside the code.
    """

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        field: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.details = dict(details or {})
