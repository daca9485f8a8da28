"""Who a request's change is recorded for, and the mass-deletion rule.

Mass deletion is not a one-request accident (the README's "Löschen in Mengen"): a caller
below role ``admin`` deletes at most ``DELETION_LIMIT`` records per request and per
``graph.history.store.DELETION_WINDOW`` (10 minutes). Two checks enforce it:

- before anything runs, a request naming more than ``DELETION_LIMIT`` delete mutations
  (aliases count) is refused as a whole (``refuse_mass_deletion``), so it deletes nothing;
- inside each delete's transaction, the caller's deletions of the last 10 minutes are
  counted from the history (``graph.mutations.transaction``), across requests.

Refusals are ``FORBIDDEN`` with ``extensions.reason = TOO_MANY_DELETIONS``.
"""

from __future__ import annotations

from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, SelectionSetNode

from domain.access import RANK
from graph.history.store import DELETION_WINDOW, ChangeMeta
from schema.context import Info
from schema.errors import Forbidden

DELETION_LIMIT = 5


def is_admin(info: Info) -> bool:
    role = info.context.role
    return role is not None and RANK.get(role, -1) >= RANK["admin"]


def author_key(info: Info) -> str:
    """A stable key of the caller: the account, else the token, else the name."""
    caller = info.context.caller
    if caller is None:
        return info.context.author
    if caller.account_id is not None:
        return f"account:{caller.account_id}"
    if caller.token_id is not None:
        return f"token:{caller.token_id}"
    return f"name:{caller.name}"


def change_meta(info: Info, revert_of: str | None = None) -> ChangeMeta:
    """The change record's author and rules for a write of this request."""
    return ChangeMeta(
        author=info.context.author,
        author_key=author_key(info),
        request_id=info.context.request_id,
        deletion_limit=None if is_admin(info) else DELETION_LIMIT,
        revert_of=revert_of,
    )


def _delete_fields(info: Info, selection_set: SelectionSetNode | None = None) -> int:
    """Delete mutations at the root of this request's operation (aliases count, and so do
    those inside fragments on ``Mutation``)."""
    count = 0
    selections = (selection_set or info.operation.selection_set).selections
    for selection in selections:
        if isinstance(selection, FieldNode):
            count += selection.name.value.startswith("delete")
        elif isinstance(selection, InlineFragmentNode):
            count += _delete_fields(info, selection.selection_set)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = info._raw_info.fragments.get(selection.name.value)
            if fragment is not None:
                count += _delete_fields(info, fragment.selection_set)
    return count


def refuse_mass_deletion(info: Info) -> None:
    """FORBIDDEN for a caller below admin whose request holds too many deletes."""
    if is_admin(info):
        return
    asked = _delete_fields(info)
    if asked > DELETION_LIMIT:
        minutes = int(DELETION_WINDOW.total_seconds() // 60)
        raise Forbidden(
            f"Zu viele Löschungen in einer Anfrage: {asked} angefragt, höchstens "
            f"{DELETION_LIMIT} ohne Rolle admin (und {DELETION_LIMIT} je {minutes} Minuten). "
            "Nichts wurde gelöscht. / Too many deletions in one request: at most "
            f"{DELETION_LIMIT} below role admin; nothing was deleted.",
            details={"reason": "TOO_MANY_DELETIONS", "limit": DELETION_LIMIT},
        )
