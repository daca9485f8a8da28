"""Writing a ``Change`` node, and the reads the service needs of the history.

``record`` / ``record_sync`` run inside the write's own transaction (async for mutations,
sync for loads and restores), after the revision bump, so the change carries the revision
it produced. Deleting a record of a personal kind (coordinators, people) then also removes
that record's values from every earlier change (``purge_personal``): the history keeps
personal data no longer than the record.
"""

from __future__ import annotations

import getpass
import json
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import neo4j

from domain.registry import NODE_SECTIONS
from graph.history.journal import Entry, Journal
from graph.history.wording import changed_field, label_words

PERSONAL_LABELS = frozenset(section.label for section in NODE_SECTIONS if section.personal)
"""Kinds whose records are people: their values leave the history with them."""

ADMIN_ONLY_LABELS = frozenset({"Account"})
"""Kinds whose changes only admins see: an account's e-mail is personal data, and who may
do what is the Stabsstelle's business (``graph.accounts``). Such a change is stored with
``adminOnly: true`` and left out of every other caller's history (``graph.history.reads``)."""

PURGED = "(gelöscht)"
"""Stands in for a person's name in the history once the person is deleted."""

DELETION_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class ChangeMeta:
    """Who writes, and under which rules (from the request, or the CLI's OS user)."""

    author: str
    author_key: str
    """Counts a caller's deletions (account or token id; the name where there is none)."""
    request_id: str = "-"
    deletion_limit: int | None = None
    """Deletions allowed per ``DELETION_WINDOW`` (None: no limit, role admin and the CLI)."""
    revert_of: str | None = None


def cli_author() -> ChangeMeta:
    """The author of a write from the command line: the OS user (``CLI anna``)."""
    user = getpass.getuser()
    return ChangeMeta(author=f"CLI {user}", author_key=f"cli:{user}")


CREATE_CHANGE = """
CREATE (c:Change {id: $id, at: $at, author: $author, authorKey: $authorKey, action: $action,
  revision: $revision, requestId: $requestId, summary: $summary, entries: $entries,
  records: $records, deletions: $deletions, revertOf: $revertOf, adminOnly: $adminOnly})
WITH c
OPTIONAL MATCH (old:Change {id: $revertOf})
SET old.revertedBy = c.id
RETURN c.id AS id
"""

DELETIONS_SINCE = """
MATCH (c:Change) WHERE c.at >= $since AND c.authorKey = $key
RETURN coalesce(sum(c.deletions), 0) AS n
"""

CHANGES_ABOUT = """
MATCH (c:Change) WHERE $key IN c.records
RETURN c.id AS id, c.entries AS entries, c.summary AS summary
"""

OPS_GERMAN = {
    "created": "angelegt",
    "updated": "geändert",
    "deleted": "gelöscht",
    "connected": "verbunden",
    "disconnected": "getrennt",
}


def summary(journal: Journal) -> str:
    """One German line: the record and its changed fields, or counts for many records."""
    entries = journal.entries
    if len(entries) == 1:
        entry = entries[0]
        name = entry.record_name or entry.record_id
        fields = ", ".join(changed_field(entry.label, f, new) for f, _, new in entry.fields[:6])
        more = "" if len(entry.fields) <= 6 else f" (+{len(entry.fields) - 6})"
        tail = f": {fields}{more}" if fields and entry.op == "updated" else ""
        return f"{label_words(entry.label)} '{name}' {OPS_GERMAN[entry.op]}{tail}"
    counts = Counter(entry.op for entry in entries)
    parts = [f"{n} {OPS_GERMAN[op]}" for op, n in counts.items()]
    return f"{len(entries)} Datensätze: {', '.join(parts)}"


def parameters(meta: ChangeMeta, journal: Journal, revision: int, now: datetime) -> dict[str, Any]:
    return {
        "id": uuid.uuid4().hex,
        "at": now,
        "author": meta.author,
        "authorKey": meta.author_key,
        "action": journal.derived_action(),
        "revision": revision,
        "requestId": meta.request_id,
        "summary": summary(journal),
        "entries": json.dumps([e.as_json() for e in journal.entries], ensure_ascii=False),
        "records": journal.records(),
        "deletions": journal.deletions(),
        "revertOf": meta.revert_of,
        "adminOnly": any(e.label in ADMIN_ONLY_LABELS for e in journal.entries),
    }


def _personal_deletions(entries: Iterable[Entry]) -> list[str]:
    return [e.key for e in entries if e.op == "deleted" and e.label in PERSONAL_LABELS]


def purged(text: str, summary: str, key: str) -> tuple[str, str]:
    """``entries`` JSON and ``summary`` without the record ``key``'s values, name and id.

    Its own entries keep only which fields changed; where another entry's relationship
    names the person, the id is replaced too. (Person ids are often name slugs.)"""
    label, record_id = key.split(":", 1)
    entries = json.loads(text)
    for entry in entries:
        if entry["label"] == label and entry["recordId"] == record_id:
            for name in (entry.get("recordName"), record_id):
                if name:
                    summary = summary.replace(str(name), PURGED)
            entry["recordId"] = entry["recordName"] = PURGED
            entry["fields"] = [
                {"field": f["field"], "old": None, "new": None} for f in entry["fields"]
            ]
            entry.pop("node", None)
            entry.pop("relationships", None)
            entry["purged"] = True
            continue
        for rel in entry.get("relationships", ()):
            for end in ("start", "end"):
                if rel[f"{end}Label"] == label and rel[end] == record_id:
                    rel[end] = PURGED
    return json.dumps(entries, ensure_ascii=False), summary


PURGE = """
UNWIND $rows AS row
MATCH (c:Change {id: row.id})
SET c.entries = row.entries, c.summary = row.summary,
    c.records = [k IN c.records | CASE WHEN k = $key THEN $purged ELSE k END]
"""


async def record(
    tx: neo4j.AsyncManagedTransaction,
    meta: ChangeMeta,
    journal: Journal,
    revision: int,
    now: datetime,
) -> str:
    """Store the journal as one ``Change`` (in the write's transaction); return its id."""
    params = parameters(meta, journal, revision, now)
    await (await tx.run(CREATE_CHANGE, params)).consume()
    for key in _personal_deletions(journal.entries):
        result = await tx.run(CHANGES_ABOUT, key=key)
        rows = [_purged_row(r, key) async for r in result]
        await (await tx.run(PURGE, rows=rows, key=key, purged=_purged_key(key))).consume()
    return str(params["id"])


def _purged_row(row: neo4j.Record, key: str) -> dict[str, Any]:
    entries, summary = purged(row["entries"], str(row["summary"] or ""), key)
    return {"id": row["id"], "entries": entries, "summary": summary}


def _purged_key(key: str) -> str:
    return f"{key.split(':', 1)[0]}:{PURGED}"


def record_sync(
    tx: neo4j.ManagedTransaction | neo4j.Transaction,
    meta: ChangeMeta,
    journal: Journal,
    revision: int,
    now: datetime,
) -> str:
    """``record`` for the synchronous writers (loads, restores, imports)."""
    params = parameters(meta, journal, revision, now)
    tx.run(CREATE_CHANGE, params).consume()
    for key in _personal_deletions(journal.entries):
        rows = [_purged_row(r, key) for r in tx.run(CHANGES_ABOUT, key=key)]
        tx.run(PURGE, rows=rows, key=key, purged=_purged_key(key)).consume()
    return str(params["id"])


async def deletions_since(
    tx: neo4j.AsyncManagedTransaction, author_key: str, since: datetime
) -> int:
    """Records the caller deleted since ``since``, counted from the history."""
    result = await tx.run(DELETIONS_SINCE, key=author_key, since=since)
    row = await result.single(strict=True)
    return int(row["n"])
