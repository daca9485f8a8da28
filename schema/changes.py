"""The change history in GraphQL: the ``changes`` feed and ``history`` on every node type.

``changes(since, until, recordId, author, first, after)`` lists changes newest first with
``totalCount``; dashboards follow it with ``since`` or by paging. Reading the history is
public, as the landscape is; who made a change (``author``) is shown to signed-in callers
only, and filtering by author needs a sign-in too (``schema.types.change``). Account changes
(an account's e-mail is personal data) are listed for admins only.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated, Any

import strawberry

from graph.history import reads
from graph.history.reads import ChangeFilter
from schema.context import Info
from schema.errors import BadUserInput, Unauthenticated
from schema.history_rules import is_admin
from schema.pagination import PageInfo, page_size
from schema.permissions import LOGIN_HINT, is_authenticated
from schema.types.change import Change, ChangeConnection, ChangeEdge

DEFAULT_CHANGES = 50
DEFAULT_HISTORY = 20


def encode_cursor(revision: int) -> str:
    return base64.urlsafe_b64encode(f"change:{revision}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The revision a cursor names; BAD_USER_INPUT for anything that is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, revision = raw.split(":", 1)
        if prefix != "change":
            raise ValueError(prefix)
        value = int(revision)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadUserInput(
            "after: kein gültiger Cursor / not a valid cursor", field="after"
        ) from None
    if not 0 <= value < 2**63:
        raise BadUserInput("after: kein gültiger Cursor / not a valid cursor", field="after")
    return value


Since = Annotated[
    datetime | None,
    strawberry.argument(description="ab diesem Zeitpunkt (einschließlich) / from this time on"),
]
Until = Annotated[
    datetime | None, strawberry.argument(description="vor diesem Zeitpunkt / before this time")
]
RecordId = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="nur Änderungen dieses Datensatzes / of this record only"),
]
Author = Annotated[
    str | None,
    strawberry.argument(description="nur von dieser Person (Anmeldung nötig) / by this author"),
]
First = Annotated[int | None, strawberry.argument(description="höchstens so viele (50)")]
After = Annotated[str | None, strawberry.argument(description="Cursor der vorigen Seite")]


async def changes_page(
    info: Info,
    since: datetime | None,
    until: datetime | None,
    record_id: str | None,
    author: str | None,
    first: int | None,
    after: str | None,
) -> ChangeConnection:
    if author is not None and not is_authenticated(info):
        raise Unauthenticated(f"author: {LOGIN_HINT}")
    size = page_size(info, first, DEFAULT_CHANGES)
    before = None if after is None else decode_cursor(after)
    where = ChangeFilter(
        since, until, None if record_id is None else str(record_id), author, is_admin(info)
    )
    context = info.context
    rows, total = await reads.page(
        context.driver, context.database, context.query, where, size + 1, before
    )
    nodes = [Change.from_row(row) for row in rows[:size]]
    edges = [ChangeEdge(cursor=encode_cursor(n.revision), node=n) for n in nodes]
    return ChangeConnection(
        total_count=total,
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > size,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


@strawberry.type
class ChangeQuery:
    @strawberry.field(
        description="Änderungsverlauf, neueste zuerst / the change history, newest first: "
        "every mutation, load, restore and import with who (author: signed-in callers only), "
        "when, and each field's old and new value"
    )
    async def changes(
        self,
        info: Info,
        since: Since = None,
        until: Until = None,
        record_id: RecordId = None,
        author: Author = None,
        first: First = None,
        after: After = None,
    ) -> ChangeConnection:
        return await changes_page(info, since, until, record_id, author, first, after)


def history_field(label: str) -> Any:
    """``history(first: Int = 20): [Change!]!`` for the node type of ``label``."""

    async def resolve(self: Any, info: Info, first: int | None = DEFAULT_HISTORY) -> list[Change]:
        size = page_size(info, first, DEFAULT_HISTORY)
        context = info.context
        rows = await reads.of_record(
            context.driver,
            context.database,
            context.query,
            label,
            str(self.id),
            size,
            is_admin(info),
        )
        return [Change.from_row(row) for row in rows]

    resolve.__annotations__ = {
        "self": Any,
        "info": Info,
        "first": Annotated[int | None, strawberry.argument(description="höchstens so viele (20)")],
        "return": list[Change],
    }
    return strawberry.field(
        resolver=resolve,
        description="Änderungen an diesem Datensatz, neueste zuerst / this record's changes, "
        "newest first (author: signed-in callers only)",
    )
