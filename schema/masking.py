"""Every error leaves with a code; unexpected ones leave without their secrets.

Errors raised on purpose (``schema.errors.ApiError``) pass unchanged. Errors of the GraphQL
language itself (syntax, validation, variable values) pass with a code added. Everything
else raised in a resolver (a bug, a Cypher error, a driver error) is replaced by
"Interner Fehler / internal error (request id ...)" and logged with its traceback under that
request id, so that an operator can find it and a client never sees a stack trace or Cypher.
Two driver errors are not bugs and get codes of their own: an unreachable database
(``SERVICE_UNAVAILABLE``, answered with HTTP 503) and a transaction stopped by
``NEO4J_TX_TIMEOUT`` (``TIMEOUT``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError
from graphql.validation import validation_context
from graphql.validation.rules import overlapping_fields_can_be_merged
from graphql.validation.validate import ValidationAbortedError
from neo4j.exceptions import ClientError, DriverError, ServiceUnavailable, SessionExpired
from strawberry.extensions import SchemaExtension

from domain.errors import ErrorCode
from schema.errors import ApiError, Timeout
from schema.errors import ServiceUnavailable as Unavailable

logger = logging.getLogger("integration_graph.api")

UNAVAILABLE = (ServiceUnavailable, SessionExpired, ConnectionError)


def is_unavailable(error: BaseException | None) -> bool:
    """True for errors that mean "Neo4j cannot be reached", not "the request is wrong"."""
    if isinstance(error, UNAVAILABLE):
        return True
    return isinstance(error, DriverError) and isinstance(error.__cause__, UNAVAILABLE)


def is_timeout(error: BaseException | None) -> bool:
    return isinstance(error, ClientError) and "TransactionTimedOut" in (error.code or "")


def _code_of(error: GraphQLError) -> str | None:
    for candidate in (error, error.original_error):
        code = (getattr(candidate, "extensions", None) or {}).get("code")
        if code:
            return str(code)
    return None


def log_request_errors(errors: list[GraphQLError], request_id: str) -> None:
    """One line per error the caller made or the outage caused; no traceback.

    Replaces Strawberry's logger, which printed a full traceback for every error, a typo in
    a query included (8 MB of tracebacks for 8,000 requests). Unexpected errors are left to
    :class:`ErrorMasking`, which logs each of them once, with its traceback.
    """
    for error in errors:
        original = error.original_error
        if isinstance(error, ApiError) or isinstance(original, ApiError) or original is None:
            code = _code_of(error) or ErrorCode.GRAPHQL_VALIDATION_FAILED
        elif is_unavailable(original) or is_timeout(original):
            code = ErrorCode.SERVICE_UNAVAILABLE if is_unavailable(original) else ErrorCode.TIMEOUT
        else:
            continue
        path = ".".join(str(p) for p in error.path or ()) or "-"
        logger.info("request %s: %s at %s: %s", request_id, code, path, error.message)


def _de(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def validation_aborted() -> GraphQLError:
    """graphql-core's bare "Validation aborted." with the budgets that ended it.

    Checking that same-named fields can be merged compares them in pairs, so 2,000
    ``__typename`` fields exhaust its budget; so do fragments spread very often."""
    comparisons = overlapping_fields_can_be_merged.MAX_COMPLEXITY_BUDGET
    fragments = validation_context.MAX_FRAGMENT_WORK
    return GraphQLError(
        f"Die Prüfung des Dokuments wurde abgebrochen: es wiederholt Felder oder Fragmente "
        f"zu oft (höchstens {_de(comparisons)} Feldvergleiche und {_de(fragments)} "
        f"Fragmentschritte "
        f"je Dokument); gleiche Felder nur einmal abfragen / validation aborted: the document "
        f"repeats fields or fragments too often (at most {comparisons:,} field comparisons "
        f"and {fragments:,} fragment steps per document); select each field once",
        extensions={
            "code": ErrorCode.GRAPHQL_VALIDATION_FAILED.value,
            "limit": comparisons,
            "fragmentLimit": fragments,
        },
    )


def _relocated(replacement: GraphQLError, error: GraphQLError) -> GraphQLError:
    return GraphQLError(
        replacement.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=replacement.extensions,
    )


def _with_code(error: GraphQLError, code: ErrorCode) -> GraphQLError:
    if not (error.extensions or {}).get("code"):
        error.extensions = {**(error.extensions or {}), "code": code.value}
    return error


class ErrorMasking(SchemaExtension):
    """Give every error a code; mask and log the unexpected ones with the request id."""

    def __init__(self) -> None:
        self._validation_errors: set[int] = set()

    def on_validate(self) -> Iterator[None]:
        yield
        self._validation_errors = {id(e) for e in self.execution_context.pre_execution_errors or ()}

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [self.handle(error) for error in errors]

    @property
    def request_id(self) -> str:
        return str(getattr(self.execution_context.context, "request_id", "-"))

    def handle(self, error: GraphQLError) -> GraphQLError:
        original = error.original_error
        if isinstance(error, ApiError) or isinstance(original, ApiError):
            return error
        if is_unavailable(original):
            logger.warning("request %s: Neo4j unavailable: %r", self.request_id, original)
            breaker = getattr(self.execution_context.context, "breaker", None)
            if breaker is not None:
                breaker.trip()
            return _relocated(Unavailable(), error)
        if is_timeout(original):
            return _relocated(self.timeout_error(), error)
        if isinstance(error, GraphQLSyntaxError):
            return _with_code(error, ErrorCode.GRAPHQL_PARSE_FAILED)
        if isinstance(error, ValidationAbortedError):
            return validation_aborted()
        if id(error) in self._validation_errors:
            return _with_code(error, ErrorCode.GRAPHQL_VALIDATION_FAILED)
        if error.path is None:
            # Variable values are coerced before any resolver runs: the caller's mistake.
            return _with_code(error, ErrorCode.BAD_USER_INPUT)
        return self.mask(error)

    def timeout_error(self) -> Timeout:
        seconds = getattr(
            getattr(self.execution_context.context, "settings", None), "neo4j_tx_timeout", None
        )
        return Timeout(
            "Die Abfrage hat zu lange gedauert / the query took too long and was stopped "
            f"after {seconds} s (NEO4J_TX_TIMEOUT); ask for less, e.g. a smaller page",
            details={"setting": "NEO4J_TX_TIMEOUT", "limit": seconds},
        )

    def mask(self, error: GraphQLError) -> GraphQLError:
        original: Any = error.original_error or error
        logger.error(
            "request %s: unexpected error at %s: %s",
            self.request_id,
            ".".join(str(p) for p in error.path or ()),
            type(original).__name__,
            exc_info=(type(original), original, original.__traceback__),
        )
        return GraphQLError(
            f"Interner Fehler / internal error (request id {self.request_id})",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={
                "code": ErrorCode.INTERNAL_SERVER_ERROR.value,
                "requestId": self.request_id,
            },
        )
