"""The entries a write notes while it works, collected for its one ``Change``.

Writers call ``note(entry)`` where they read the record anyway (an update reads the current
record to merge it; a delete reads the node and its relationships before removing them).
The transaction runner opens a journal around the write's body (``recording``); outside one,
``note`` does nothing, so the graph functions stay usable on their own (tests, scripts).

The journal lives in a context variable rather than in every signature: a write body is
``(tx, now)`` for every mutation, and the helpers it calls (``update_node``,
``connect_link``, ...) are shared by mutations and reverts alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal

Op = Literal["created", "updated", "deleted", "connected", "disconnected"]

ACTION_OF_OP: dict[str, str] = {
    "created": "create",
    "updated": "update",
    "deleted": "delete",
    "connected": "connect",
    "disconnected": "disconnect",
}


@dataclass(frozen=True)
class Rel:
    """One relationship as it was (``before``) and as it is (``after``); None: absent.

    Enough to undo the change: a revert writes ``before`` back (or deletes the relationship
    when ``before`` is None). Properties are ``values.typed``.
    """

    type: str
    start_label: str
    start: str
    end_label: str
    end: str
    keys: dict[str, Any]
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "startLabel": self.start_label,
            "start": self.start,
            "endLabel": self.end_label,
            "end": self.end,
            "keys": self.keys,
            "before": self.before,
            "after": self.after,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Rel:
        return cls(
            type=str(value["type"]),
            start_label=str(value["startLabel"]),
            start=str(value["start"]),
            end_label=str(value["endLabel"]),
            end=str(value["end"]),
            keys=dict(value.get("keys") or {}),
            before=value.get("before"),
            after=value.get("after"),
        )


@dataclass
class Entry:
    """What happened to one record: its fields' old and new values (JSON-compatible)."""

    label: str
    record_id: str
    record_name: str | None
    op: Op
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)
    node: dict[str, Any] | None = None
    """A deleted node's stored properties (``values.typed``): what a restore writes back."""
    relationships: list[Rel] = field(default_factory=list)
    """Relationships this entry created, changed or removed (with a delete: all of them)."""

    @property
    def key(self) -> str:
        """``Actor:kvhs-gifhorn``: ids are unique per label only."""
        return f"{self.label}:{self.record_id}"

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "label": self.label,
            "recordId": self.record_id,
            "recordName": self.record_name,
            "op": self.op,
            "fields": [{"field": f, "old": old, "new": new} for f, old, new in self.fields],
        }
        if self.node is not None:
            data["node"] = self.node
        if self.relationships:
            data["relationships"] = [r.as_json() for r in self.relationships]
        return data


@dataclass
class Journal:
    """The entries of one write, in the order they were noted."""

    entries: list[Entry] = field(default_factory=list)
    action: str | None = None
    """Set by a writer that knows better than the entries (a revert, a load)."""

    def records(self) -> list[str]:
        """Every record the write touched (``Label:id``), both ends of relationships too."""
        keys: dict[str, None] = {}
        for entry in self.entries:
            keys[entry.key] = None
            for rel in entry.relationships:
                keys[f"{rel.start_label}:{rel.start}"] = None
                keys[f"{rel.end_label}:{rel.end}"] = None
        return list(keys)

    def deletions(self) -> int:
        """Records deleted (what the mass-deletion rule counts)."""
        return sum(1 for entry in self.entries if entry.op == "deleted")

    def derived_action(self) -> str:
        if self.action is not None:
            return self.action
        return ACTION_OF_OP[self.entries[0].op] if self.entries else "update"


_CURRENT: ContextVar[Journal | None] = ContextVar("history_journal", default=None)


@contextmanager
def recording() -> Iterator[Journal]:
    """A fresh journal for the body run inside (a retried transaction gets a new one)."""
    journal = Journal()
    token = _CURRENT.set(journal)
    try:
        yield journal
    finally:
        _CURRENT.reset(token)


def current() -> Journal | None:
    return _CURRENT.get()


def note(entry: Entry) -> None:
    """Add ``entry`` to the open journal (nothing outside a recorded write)."""
    journal = _CURRENT.get()
    if journal is not None:
        journal.entries.append(entry)


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """``(field, old, new)`` for every field whose shown value differs, in ``new``'s order."""
    names = list(dict.fromkeys([*new, *old]))
    return [(n, old.get(n), new.get(n)) for n in names if old.get(n) != new.get(n)]
