"""Who may do what: reading is public; contact data and writing need a caller with a role.

The caller is settled once per request in ``schema.http`` (a bearer token, or the session
cookie of a signed-in account; a bad or revoked token is refused there with HTTP 401, never
downgraded to anonymous). Resolvers and permission classes only read ``info.context``.

| role | may |
|---|---|
| anonymous | read public data (no contact fields of coordinators and people) |
| ``reader`` | also read contact fields |
| ``member`` | also write its own actors' records (``graph.mutations.scope``) |
| ``editor`` | also write every record |
| ``admin`` | also delete with ``cascade: true``, and manage accounts |

The permission classes here gate by role alone, before a resolver runs; which RECORDS a
role may write is decided in one place, inside the write transaction:
``graph.mutations.scope`` (called by ``schema.mutations.run.perform``).
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info as StrawberryInfo

from domain.access import RANK
from schema.errors import Forbidden, Unauthenticated

LOGIN_HINT = (
    "Anmeldung erforderlich / authentication required: sign in, or send "
    "'Authorization: Bearer <token>' with a token of a role that may write "
    "(integration-graph token create --role editor)"
)


def is_authenticated(info: StrawberryInfo[Any, Any]) -> bool:
    """True for any signed-in caller, reader and up (used to show personal contact fields)."""
    return getattr(info.context, "role", None) is not None


def require_role(info: StrawberryInfo[Any, Any], role: str) -> None:
    """Raise UNAUTHENTICATED for anonymous callers and FORBIDDEN for a role below ``role``."""
    current = getattr(info.context, "role", None)
    if current is None:
        raise Unauthenticated(LOGIN_HINT)
    if RANK.get(current, -1) < RANK[role]:
        raise Forbidden(
            f"Rolle {role} erforderlich / this needs role {role}; you have role {current}",
            details={"requiredRole": role},
        )


class CanWrite(BasePermission):
    """Members, editors and admins: the landscape mutations (their scope: ``scope``)."""

    def has_permission(self, source: Any, info: StrawberryInfo[Any, Any], **kwargs: Any) -> bool:
        require_role(info, "member")
        return True


class IsEditor(BasePermission):
    """Editors and admins."""

    def has_permission(self, source: Any, info: StrawberryInfo[Any, Any], **kwargs: Any) -> bool:
        require_role(info, "editor")
        return True


class IsAdmin(BasePermission):
    """Admins only."""

    def has_permission(self, source: Any, info: StrawberryInfo[Any, Any], **kwargs: Any) -> bool:
        require_role(info, "admin")
        return True
