"""The errors the API reports on purpose, each with a machine-readable code.

Clients branch on ``extensions.code``, never on the wording of a message: the message is for
people (German first, then English, as the county works in German) and may change. Every
error raised on purpose is an :class:`ApiError`; anything else that escapes a resolver is a
bug or an outage and is masked by ``schema.masking`` before it reaches the client.

The codes and their meanings are defined once, in :class:`domain.errors.ErrorCode`; the
write refusals of the graph layer (:class:`domain.errors.Refusal`) carry the same codes and
become the class of their code here (:func:`from_refusal`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from graphql import GraphQLError

from domain.errors import ErrorCode, Refusal
from domain.wording import FieldProblem


class ApiError(GraphQLError):
    """An error the API raises on purpose; passed to the client unmasked, with its code."""

    code: ClassVar[ErrorCode] = ErrorCode.INTERNAL_SERVER_ERROR

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        extensions: dict[str, Any] = {"code": self.code.value}
        if field is not None:
            extensions["field"] = field
        if details:
            extensions.update(details)
        super().__init__(message, extensions=extensions)


class BadUserInput(ApiError):
    code = ErrorCode.BAD_USER_INPUT


class NotFound(ApiError):
    code = ErrorCode.NOT_FOUND


class Conflict(ApiError):
    code = ErrorCode.CONFLICT


class HasDependents(ApiError):
    code = ErrorCode.HAS_DEPENDENTS


class Unauthenticated(ApiError):
    code = ErrorCode.UNAUTHENTICATED


class Forbidden(ApiError):
    code = ErrorCode.FORBIDDEN


class PageSizeExceeded(ApiError):
    code = ErrorCode.PAGE_SIZE_EXCEEDED


class Timeout(ApiError):
    code = ErrorCode.TIMEOUT


class QueryTooDeep(ApiError):
    code = ErrorCode.QUERY_TOO_DEEP


class TooManyAliases(ApiError):
    code = ErrorCode.TOO_MANY_ALIASES


class QueryTooComplex(ApiError):
    code = ErrorCode.QUERY_TOO_COMPLEX


class TooManyConditions(ApiError):
    code = ErrorCode.TOO_MANY_CONDITIONS


class BadRequest(ApiError):
    code = ErrorCode.BAD_REQUEST


class IdempotencyKeyReused(ApiError):
    code = ErrorCode.IDEMPOTENCY_KEY_REUSED


class ServiceUnavailable(ApiError):
    code = ErrorCode.SERVICE_UNAVAILABLE

    def __init__(self) -> None:
        super().__init__(
            "Die Datenbank ist nicht erreichbar / the database is unavailable; "
            "please try again later"
        )


def from_refusal(refusal: Refusal) -> ApiError:
    """The API error of a refused write: the class of its code, its field and details."""
    by_code = {cls.code: cls for cls in ApiError.__subclasses__()}
    return by_code[refusal.code](refusal.message, field=refusal.field, details=refusal.details)


def error_body(message: str, code: ErrorCode, **extensions: Any) -> dict[str, Any]:
    """A GraphQL response body with one error and no data, for errors outside execution."""
    body = {"message": message, "extensions": {"code": code.value, **extensions}}
    return {"errors": [body]}


def problems_extension(problems: Sequence[FieldProblem]) -> dict[str, Any]:
    """``field`` (the first field at fault) plus every problem as ``{field, message, german,
    type}``: ``message`` is "Deutsch / English", ``german`` what a form shows at the field,
    ``type`` the error's kind (``domain.wording``)."""
    return {"field": problems[0].field, "problems": [p.as_json() for p in problems]}
