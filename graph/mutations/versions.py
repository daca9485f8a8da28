"""A node's version, its short log of recent changes, and the provenance of edited fields.

Why on the node: a form that saves must learn, in the same transaction as its write, whether
someone else saved since the form was opened, and what they changed. The node therefore
keeps ``version`` (1 on create, +1 per change of its properties or owned reference fields)
and ``recentChanges``: the last ``RECENT_CHANGES`` changes as JSON texts
``{version, at, author, action, fields: [{field, old, new}]}`` (a load's entries name the
fields only). A stale ``expectedVersion`` is refused with CONFLICT, the current version and
the entries after the expected one. The log is bounded and goes with the node, so it keeps
no personal value longer than the record; the full history is the ``(:Change)`` nodes.

``lock`` takes the node's write lock before anything is read: two updates that start from
the same version are serialised, and the second sees the first's version and is refused.

An edit keeps the record's ``source`` (a citation) and marks the fields it changed in
``fieldSources`` (``{field: {source, by, at}}``): ``Cockpit`` for a signed-in person,
``API`` for a token.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import neo4j

from domain.contract import VERSION
from domain.errors import ErrorCode, Refusal
from graph.mutations.common import run
from graph.store.cypher import RECENT_CHANGES, _name


@dataclass(frozen=True)
class Editor:
    """Who writes: the name for the log and the channel for the field's provenance."""

    author: str
    channel: str = "API"
    """``Cockpit`` (signed in with a session) or ``API`` (a bearer token)."""


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any

    def as_json(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class Locked:
    """The node's version and log as they stand once this transaction holds its lock."""

    version: int
    recent: tuple[dict[str, Any], ...]
    field_sources: dict[str, Any]


async def lock(tx: neo4j.AsyncManagedTransaction, label: str, node_id: str) -> Locked | None:
    """Take the node's write lock and read its bookkeeping (None: no such node)."""
    records = await run(
        tx,
        f"MATCH (n:{_name(label)} {{id: $id}}) SET n._lock = true REMOVE n._lock "
        f"RETURN coalesce(n.{VERSION}, 1) AS version, "
        "coalesce(n.recentChanges, []) AS recent, n.fieldSources AS sources",
        id=node_id,
    )
    if not records:
        return None
    record = records[0]
    recent = tuple(_entry(text) for text in record["recent"])
    sources = json.loads(record["sources"]) if record["sources"] else {}
    return Locked(int(record["version"]), tuple(e for e in recent if e), sources)


def _entry(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def check(label: str, node_id: str, locked: Locked, expected: int | None) -> None:
    """CONFLICT when ``expected`` is given and is not the stored version."""
    if expected is None or expected == locked.version:
        return
    since = [e for e in locked.recent if int(e.get("version", 0)) > expected]
    complete = bool(since) and int(since[0].get("version", 0)) == expected + 1
    raise Refusal(
        ErrorCode.CONFLICT,
        f"{label} '{node_id}' wurde inzwischen geändert (Version {locked.version}, erwartet "
        f"{expected}) / was changed meanwhile (version {locked.version}, expected {expected})",
        field="expectedVersion",
        details={
            "currentVersion": locked.version,
            "changes": [
                {
                    "version": e.get("version"),
                    "author": e.get("author"),
                    "at": e.get("at"),
                    "action": e.get("action"),
                    "fields": e.get("fields", []),
                }
                for e in since
            ],
            "changesComplete": complete or expected > locked.version,
        },
    )


def differences(
    before: Mapping[str, Any], after: Mapping[str, Any], fields: Iterable[str]
) -> list[FieldChange]:
    """The fields whose values differ (lists compared as sets, values as JSON text)."""
    found = []
    for name in fields:
        old, new = _plain(before.get(name)), _plain(after.get(name))
        if old != new:
            found.append(FieldChange(name, old, new))
    return found


def _plain(value: Any) -> Any:
    """A value as JSON can say it: enums by value, dates as ISO text, lists sorted."""
    if value is None or value == []:
        return None
    if isinstance(value, list):
        return sorted(_plain(v) for v in value)
    plain = getattr(value, "value", value)
    iso = getattr(plain, "isoformat", None)
    return iso() if callable(iso) else plain


async def record(
    tx: neo4j.AsyncManagedTransaction,
    now: datetime,
    label: str,
    node_id: str,
    locked: Locked,
    editor: Editor,
    action: str,
    changes: Sequence[FieldChange],
    marked: Iterable[str] = (),
) -> int:
    """Write version + 1, the log entry and the provenance of the ``marked`` fields."""
    version = locked.version + 1
    entry = {
        "version": version,
        "at": now.isoformat(),
        "author": editor.author,
        "action": action,
        "fields": [c.as_json() for c in changes],
    }
    recent = [json.dumps(e, ensure_ascii=False) for e in (*locked.recent, entry)]
    sources = dict(locked.field_sources)
    for name in marked:
        sources[name] = {"source": editor.channel, "by": editor.author, "at": now.isoformat()}
    await run(
        tx,
        f"MATCH (n:{_name(label)} {{id: $id}}) SET n.{VERSION} = $version, "
        "n.recentChanges = $recent, n.fieldSources = $sources, n.updatedAt = $now",
        id=node_id,
        version=version,
        recent=recent[-RECENT_CHANGES:],
        sources=json.dumps(sources, ensure_ascii=False) if sources else None,
        now=now,
    )
    return version


async def confirm(
    tx: neo4j.AsyncManagedTransaction, now: datetime, label: str, node_id: str, editor: Editor
) -> bool:
    """ "Angaben stimmen noch": stamp ``verifiedAt`` and ``verifiedBy``; False: no such node.

    A confirmation changes no data, so the version stays: a form opened before it still
    saves. (The change history records it as its own action.)
    """
    records = await run(
        tx,
        f"MATCH (n:{_name(label)} {{id: $id}}) SET n.verifiedAt = $now, n.verifiedBy = $by "
        "RETURN n.id AS id",
        id=node_id,
        now=now,
        by=editor.author,
    )
    return bool(records)
