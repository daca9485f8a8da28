"""Which properties a query actually selects, so that reads return only those.

Decoding every property of every node (long descriptions, time-zoned ``updatedAt``
timestamps) costs more than the query itself on a page of 100 actors; the hand-written
Cypher a developer would write returns only what is shown. The names collected here are
intersected with the catalog's whitelist when the statement is built, so a selection can
only ever narrow a projection.

A field's selection is the same for every object of a list, so it is computed once per
response path (list indices left out) and request, not once per parent.
"""

from __future__ import annotations

from collections.abc import Sequence

from graphql.pyutils import Path
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from schema.context import Info


def _names(selections: Sequence[Selection], into: set[str]) -> None:
    for selection in selections:
        if isinstance(selection, SelectedField):
            into.add(selection.name)
        elif isinstance(selection, FragmentSpread | InlineFragment):
            _names(selection.selections, into)


def _children(selections: Sequence[Selection], name: str) -> list[Selection]:
    """The selections under every field called ``name`` (through fragments)."""
    found: list[Selection] = []
    for selection in selections:
        if isinstance(selection, SelectedField) and selection.name == name:
            found += selection.selections
        elif isinstance(selection, FragmentSpread | InlineFragment):
            found += _children(selection.selections, name)
    return found


def _path_key(info: Info) -> tuple[str, ...]:
    keys: list[str] = []
    path: Path | None = info.path
    while path is not None:
        if isinstance(path.key, str):
            keys.append(path.key)
        path = path.prev
    return tuple(reversed(keys))


def selected(info: Info, *below: str) -> frozenset[str]:
    """Field names selected on the current field, or on its subfield path ``below``.

    ``selected(info)`` on ``offerings { id title topics { name } }`` is ``{id, title,
    topics}``; ``selected(info, "edges", "node")`` reads inside a connection.
    """
    cache: dict[tuple[tuple[str, ...], tuple[str, ...]], frozenset[str]] = (
        info.context.cache.setdefault("selections", {})
    )
    key = (_path_key(info), below)
    found = cache.get(key)
    if found is None:
        level: list[Selection] = []
        for field in info.selected_fields:
            if isinstance(field, SelectedField):
                level += field.selections
        for name in below:
            level = _children(level, name)
        names: set[str] = set()
        _names(level, names)
        found = cache[key] = frozenset(names)
    return found
