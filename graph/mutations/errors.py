"""What a write refuses, with a machine-readable code (the API passes the code on)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class MutationError(Exception):
    """A write refused because of its input; the transaction is rolled back."""

    code = "BAD_USER_INPUT"

    def __init__(
        self, message: str, *, field: str | None = None, details: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = dict(details or {})


class NotFoundError(MutationError):
    code = "NOT_FOUND"


class ConflictError(MutationError):
    code = "CONFLICT"


class DependentsError(MutationError):
    code = "HAS_DEPENDENTS"


class InvalidError(MutationError):
    code = "BAD_USER_INPUT"
