"""Who is asking: the caller of a request, its role and, for a member, the actors it speaks for.

Roles, lowest first (each may do what the ones before it may):

| role | may |
|---|---|
| ``reader`` | read contact data (signed in) |
| ``member`` | also change its own actors' records (actor, offerings, coordinators, memberships) |
| ``editor`` | change every record of the landscape |
| ``admin`` | also accounts, reverts, cascading and mass deletes |
"""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("reader", "member", "editor", "admin")
RANK = {role: rank for rank, role in enumerate(ROLES)}


@dataclass(frozen=True)
class Caller:
    """A signed-in account or a bearer token, as settled once per request.

    >>> member = Caller(role="member", name="ak@caritas.de", actor_ids=frozenset({"caritas"}))
    >>> member.at_least("reader"), member.at_least("editor")
    (True, False)
    """

    role: str
    name: str
    """Shown in the change history: the account's e-mail or the token's name (or id)."""
    account_id: str | None = None
    token_id: str | None = None
    actor_ids: frozenset[str] = field(default_factory=frozenset)
    """The actors a ``member`` is bound to; empty for the other roles."""
    via: str = "token"
    """``session`` (cookie) or ``token`` (``Authorization: Bearer``)."""

    def at_least(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]
