"""Relay-style connections with opaque cursors over a stable order (sort key, then id).

A cursor is base64url-encoded JSON ``[sort property, value, id]`` of the last row seen. It
is opaque to clients but checked on the way back: a cursor that does not decode, or that
was made for another sort order, is refused with ``BAD_USER_INPUT`` rather than silently
restarting at page one. ``totalCount`` costs a count over the whole filtered set, so it is
computed only when the query selects it (see :func:`selects`).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from graph.queries.catalog import NodeKind, ValueType
from graph.queries.nodes import Order, Position
from schema.context import Info
from schema.errors import BadUserInput, PageSizeExceeded
from schema.limits import max_page_size

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 20
"""``first`` of a root list when the query gives none."""

DEFAULT_NESTED_SIZE = 100
"""``first`` of a nested list when the query gives none (capped by the maximum page size)."""


@strawberry.type(description="Wo die Seite steht / where this page is in the whole list")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="Ein Eintrag mit seinem Cursor / one item with its cursor")
class Edge(Generic[T]):
    node: T
    order: strawberry.Private[Order]
    row: strawberry.Private[Mapping[str, Any]]

    @strawberry.field
    def cursor(self) -> str:
        """Encoded when asked for: a dashboard reading 500 nodes and no cursor pays for none
        (each is a JSON and base64 encoding)."""
        return encode_cursor(self.order, self.row)


@strawberry.type(description="Eine Seite einer Liste / one page of a list")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total: strawberry.Private[int | None]

    @strawberry.field(description="Anzahl aller Treffer / number of all matches (all pages)")
    def total_count(self) -> int:
        if self.total is None:  # computed whenever selected; see schema.pagination.selects
            raise RuntimeError("totalCount was selected but not computed")
        return self.total


def page_size(info: Info, first: int | None, default: int, argument: str = "first") -> int:
    """``first`` checked against 0 and the configured maximum; ``default`` when absent."""
    return size_within(max_page_size(info), first, default, argument)


def size_within(limit: int, first: int | None, default: int, argument: str = "first") -> int:
    """``first`` checked against 0 and ``limit``; ``default`` (at most ``limit``) when absent."""
    size = min(default, limit) if first is None else first
    if size < 0:
        raise BadUserInput(
            f"{argument} darf nicht negativ sein / must not be negative", field=argument
        )
    if size > limit:
        raise PageSizeExceeded(
            f"{argument}: {size} ist größer als {limit} / exceeds the maximum page size {limit}",
            field=argument,
            details={"limit": limit, "setting": "API_MAX_PAGE_SIZE"},
        )
    return size


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    to_native = getattr(value, "to_native", None)
    if callable(to_native):
        return _plain(to_native())
    return value


def encode_cursor(order: Order, node: Mapping[str, Any]) -> str:
    """The cursor of a row: where the next page starts."""
    raw = json.dumps([order.prop, _plain(node.get(order.prop)), node["id"]], ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


INT64 = 2**63
"""Neo4j's integers are 64-bit: a cursor value outside that range is not one of ours."""


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError("not an integer")
    number = int(value)
    if not -INT64 <= number < INT64 or number != value:
        raise ValueError("out of range")
    return number


def _float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("not a number")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError("not finite")
    return number


_PARSERS: dict[ValueType, Callable[[Any], Any]] = {
    ValueType.STRING: str,
    ValueType.INT: _int,
    ValueType.FLOAT: _float,
    ValueType.DATE: date.fromisoformat,
    ValueType.DATETIME: datetime.fromisoformat,
}


def decode_cursor(cursor: str, order: Order, kind: NodeKind) -> Position:
    """The position a cursor stands for; ``BAD_USER_INPUT`` if it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        prop, value, node_id = json.loads(raw.decode())
        if not isinstance(node_id, str) or not isinstance(prop, str):
            raise ValueError("malformed")
        if prop != order.prop:
            raise BadUserInput(
                f"after: der Cursor gehört zu einer anderen Sortierung ({prop}) / the cursor "
                f"was made for another sort order ({prop}); start again without 'after'",
                field="after",
            )
        if value is not None:
            value = _PARSERS[kind.value_type(prop)](value)
    except BadUserInput:
        raise
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError, OverflowError) as error:
        raise BadUserInput(
            "after: ungültiger Cursor / invalid cursor: use the endCursor or an edge's cursor "
            "of a previous page",
            field="after",
        ) from error
    return Position(value, node_id)


def connection(
    rows: Sequence[Mapping[str, Any]],
    *,
    size: int,
    order: Order,
    after: Position | None,
    total: int | None,
    build: Callable[[Mapping[str, Any]], T],
) -> Connection[T]:
    """A page from up to ``size + 1`` rows (the extra row only says there is a next page)."""
    shown = rows[:size]
    edges = [Edge(node=build(row), order=order, row=row) for row in shown]
    info = PageInfo(
        has_next_page=len(rows) > size,
        has_previous_page=after is not None,
        start_cursor=encode_cursor(order, shown[0]) if shown else None,
        end_cursor=encode_cursor(order, shown[-1]) if shown else None,
    )
    return Connection(edges=edges, page_info=info, total=total)


def selects(info: Info, name: str) -> bool:
    """True when the current field's selection asks for ``name`` (through fragments too)."""

    def walk(selections: Sequence[Selection]) -> bool:
        for selection in selections:
            if isinstance(selection, SelectedField) and selection.name == name:
                return True
            if isinstance(selection, FragmentSpread | InlineFragment) and walk(
                selection.selections
            ):
                return True
        return False

    return any(
        walk(field.selections) for field in info.selected_fields if isinstance(field, SelectedField)
    )
