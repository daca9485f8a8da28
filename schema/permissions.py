"""Who may do what: reading is public, writing needs a bearer token of a role.

The caller's role is settled once per request in ``schema.http`` (a bad or revoked token is
refused there with HTTP 401, never downgraded to anonymous). Resolvers and permission classes
only read ``info.context.role``.

| role | may |
|---|---|
| anonymous | read public data (no contact fields of coordinators and people) |
| ``editor`` | also read contact fields; create, update, delete, connect, disconnect |
| ``admin`` | also delete with ``cascade: true`` |
"""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission
from strawberry.types import Info as StrawberryInfo

from schema.errors import Forbidden, Unauthenticated

RANK = {"editor": 1, "admin": 2}

LOGIN_HINT = (
    "Anmeldung erforderlich / authentication required: send 'Authorization: Bearer <token>' "
    "with a token of role editor or admin (integration-graph token create --role editor)"
)


def is_authenticated(info: StrawberryInfo[Any, Any]) -> bool:
    """True when the caller presented a valid token (used to show personal contact fields)."""
    return getattr(info.context, "role", None) is not None


def require_role(info: StrawberryInfo[Any, Any], role: str) -> None:
    """Raise UNAUTHENTICATED for anonymous callers and FORBIDDEN for a role below ``role``."""
    current = getattr(info.context, "role", None)
    if current is None:
        raise Unauthenticated(LOGIN_HINT)
    if RANK.get(current, 0) < RANK[role]:
        raise Forbidden(
            f"Rolle {role} erforderlich / this needs role {role}; your token has role {current}",
            details={"requiredRole": role},
        )


class IsEditor(BasePermission):
    """Editors and admins: every mutation."""

    def has_permission(self, source: Any, info: StrawberryInfo[Any, Any], **kwargs: Any) -> bool:
        require_role(info, "editor")
        return True


class IsAdmin(BasePermission):
    """Admins only."""

    def has_permission(self, source: Any, info: StrawberryInfo[Any, Any], **kwargs: Any) -> bool:
        require_role(info, "admin")
        return True
