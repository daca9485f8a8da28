"""Undo one recorded change, inside a new write transaction (recorded as a ``revert``).

- an update: the changed fields get their old values back (validated as any update);
- a create: the record is deleted (refused with ``HAS_DEPENDENTS`` as any delete);
- a delete: the record comes back with its stored properties and every relationship it had
  (cascade-deleted offerings too), as the delete's entry kept them;
- a connect or disconnect: each relationship gets its state before the change back.

A revert is refused with ``CONFLICT`` and a German explanation naming the later change when
a later change touched one of the same records (undo that one first), when the change was
reverted already, or when a deleted person's values have left the history. Loads, restores
and imports are not reverted one by one: load the previous file instead; account changes
neither: change the account again.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import neo4j

from domain.errors import ErrorCode, Refusal
from graph.history import values
from graph.history.journal import Entry, Op, Rel, current, diff, note
from graph.mutations.common import run
from graph.mutations.nodes import NODE_SECTION_BY_LABEL, delete_node, update_node
from graph.store.cypher import checked_name
from graph.store.kinds import all_rel_kinds

NOT_ONE_BY_ONE = ("load", "restore", "import")

LATER = """
MATCH (l:Change) WHERE l.revision > $revision AND any(k IN l.records WHERE k IN $records)
RETURN l.id AS id, l.author AS author, l.at AS at, l.summary AS summary,
  [k IN l.records WHERE k IN $records] AS shared
ORDER BY l.revision LIMIT 1
"""


def _conflict(message: str, **details: Any) -> Refusal:
    return Refusal(ErrorCode.CONFLICT, message, field="id", details=details)


async def revert_change(tx: neo4j.AsyncManagedTransaction, now: datetime, change_id: str) -> str:
    """Undo change ``change_id`` in ``tx``; return the action it undid."""
    records = await run(tx, "MATCH (c:Change {id: $id}) RETURN properties(c) AS c", id=change_id)
    if not records:
        raise Refusal(
            ErrorCode.NOT_FOUND,
            f"Änderung '{change_id}' gibt es nicht / no such change",
            field="id",
        )
    change = dict(records[0]["c"])
    await _check_revertible(tx, change)
    journal = current()
    if journal is not None:
        journal.action = "revert"
    entries = json.loads(change["entries"])
    deleted = [e for e in entries if e["op"] == "deleted"]
    if deleted:
        await _restore(tx, deleted)
    for entry in reversed(entries):
        if entry["op"] == "updated":
            await _undo_update(tx, now, entry)
        elif entry["op"] == "created":
            await _undo_create(tx, now, entry)
        elif entry["op"] in ("connected", "disconnected"):
            await _undo_relationships(tx, entry)
    return str(change["action"])


async def _check_revertible(tx: neo4j.AsyncManagedTransaction, change: dict[str, Any]) -> None:
    if change.get("revertedBy"):
        raise _conflict(
            f"Diese Änderung wurde bereits zurückgenommen (durch Änderung "
            f"'{change['revertedBy']}'). / This change was reverted already.",
            revertedBy=change["revertedBy"],
        )
    if change["action"] in NOT_ONE_BY_ONE:
        raise Refusal(
            ErrorCode.BAD_USER_INPUT,
            f"Ein Vorgang '{change['action']}' (Laden, Wiederherstellen, Import) wird nicht "
            "einzeln zurückgenommen: bitte die vorige Datei erneut laden. / Loads, restores "
            "and imports are undone by loading the previous file.",
            field="id",
        )
    if change.get("adminOnly"):
        raise Refusal(
            ErrorCode.BAD_USER_INPUT,
            "Eine Kontoänderung wird nicht zurückgenommen: bitte das Konto unter „Konten“ "
            "ändern. / Account changes are undone by changing the account.",
            field="id",
        )
    later = await run(tx, LATER, revision=change["revision"], records=change["records"])
    if later:
        row = later[0]
        at = values.shown(row["at"])
        shared = ", ".join(str(k).replace(":", " '", 1) + "'" for k in row["shared"])
        raise _conflict(
            f"Die Änderung kann nicht zurückgenommen werden: die spätere Änderung "
            f"'{row['id']}' ({row['summary']}; {row['author']}, {at}) betrifft denselben "
            f"Datensatz {shared}. Bitte zuerst jene zurücknehmen. / A later change touched "
            "the same record; revert that one first.",
            laterChange=row["id"],
        )


def _section(label: str) -> Any:
    section = NODE_SECTION_BY_LABEL.get(label)
    if section is None:
        raise ValueError(f"not a node kind of the registry: {label!r}")
    return section


async def _undo_update(tx: neo4j.AsyncManagedTransaction, now: datetime, entry: Any) -> None:
    if entry.get("purged"):
        raise _conflict(
            "Die Werte dieser Person wurden beim Löschen aus dem Verlauf entfernt; die "
            "Änderung kann nicht zurückgenommen werden. / The person's values were purged."
        )
    section = _section(entry["label"])
    changes = {f["field"]: f["old"] for f in entry["fields"]}
    await update_node(tx, now, section, str(entry["recordId"]), changes)


async def _undo_create(tx: neo4j.AsyncManagedTransaction, now: datetime, entry: Any) -> None:
    section = _section(entry["label"])
    await delete_node(tx, now, section, str(entry["recordId"]), cascade=False)


async def _restore(tx: neo4j.AsyncManagedTransaction, deleted: list[Any]) -> None:
    """Bring deleted nodes back, then every relationship they had (once each)."""
    for entry in deleted:
        if entry.get("purged") or entry.get("node") is None:
            raise _conflict(
                f"{entry['label']} '{entry['recordId']}' kann nicht wiederhergestellt werden: "
                "die personenbezogenen Werte wurden mit dem Löschen aus dem Verlauf entfernt. "
                "/ The record's personal values were purged when it was deleted."
            )
        label = checked_name(_section(entry["label"]).label)
        exists = await run(
            tx, f"MATCH (n:{label} {{id: $id}}) RETURN n.id AS id", id=entry["recordId"]
        )
        if exists:
            raise _conflict(
                f"{label} '{entry['recordId']}' existiert inzwischen wieder; nichts wurde "
                "wiederhergestellt. / The record exists again."
            )
        await run(tx, f"CREATE (n:{label}) SET n = $props", props=values.untyped(entry["node"]))
    seen: set[str] = set()
    for entry in deleted:
        restored: list[Rel] = []
        for item in entry.get("relationships", ()):
            rel = Rel.from_json(item)
            key = json.dumps([rel.type, rel.start, rel.end, rel.keys], sort_keys=True)
            if key in seen:
                continue
            seen.add(key)
            await _write_relationship(tx, rel, rel.before)
            restored.append(
                Rel(
                    rel.type,
                    rel.start_label,
                    rel.start,
                    rel.end_label,
                    rel.end,
                    rel.keys,
                    None,
                    rel.before,
                )
            )
        old = {f["field"]: f["old"] for f in entry["fields"]}
        back = Entry(entry["label"], entry["recordId"], entry.get("recordName"), "created")
        back.fields = diff({}, old)
        back.relationships = restored
        note(back)


async def _undo_relationships(tx: neo4j.AsyncManagedTransaction, entry: Any) -> None:
    undone = []
    for item in entry.get("relationships", ()):
        rel = Rel.from_json(item)
        await _write_relationship(tx, rel, rel.before)
        undone.append(
            Rel(
                rel.type,
                rel.start_label,
                rel.start,
                rel.end_label,
                rel.end,
                rel.keys,
                rel.after,
                rel.before,
            )
        )
    op: Op = "disconnected" if entry["op"] == "connected" else "connected"
    fields = [(f["field"], f["new"], f["old"]) for f in entry["fields"]]
    back = Entry(entry["label"], entry["recordId"], entry.get("recordName"), op, fields)
    back.relationships = undone
    note(back)


async def _write_relationship(
    tx: neo4j.AsyncManagedTransaction, rel: Rel, state: dict[str, Any] | None
) -> None:
    """Give one relationship ``state`` (its properties; None: remove it)."""
    kinds = {(k.start.label, k.rel_type, k.end.label): k for k in all_rel_kinds()}
    kind = kinds.get((rel.start_label, rel.type, rel.end_label))
    if kind is None:
        raise ValueError(f"not a relationship kind of the registry: {rel.type}")
    start, rel_type, end = (
        checked_name(n) for n in (kind.start.label, kind.rel_type, kind.end.label)
    )
    pattern = ", ".join(f"{checked_name(p)}: $keys.{p}" for p in kind.key_properties)
    keys = f" {{{pattern}}}" if pattern else ""
    key_values = values.untyped(rel.keys)
    if state is None:
        await run(
            tx,
            f"MATCH (:{start} {{id: $start}})-[r:{rel_type}{keys}]->(:{end} {{id: $end}}) DELETE r",
            start=rel.start,
            end=rel.end,
            keys=key_values,
        )
        return
    ends = await run(
        tx,
        f"OPTIONAL MATCH (a:{start} {{id: $start}}) OPTIONAL MATCH (b:{end} {{id: $end}}) "
        "RETURN a IS NOT NULL AS a, b IS NOT NULL AS b",
        start=rel.start,
        end=rel.end,
    )
    for present, label, node_id in ((ends[0]["a"], start, rel.start), (ends[0]["b"], end, rel.end)):
        if not present:
            raise _conflict(
                f"{label} '{node_id}' gibt es nicht mehr; die Beziehung {rel_type} kann nicht "
                "wiederhergestellt werden. / The other end no longer exists.",
                missing=node_id,
            )
    await run(
        tx,
        f"MATCH (a:{start} {{id: $start}}) MATCH (b:{end} {{id: $end}}) "
        f"MERGE (a)-[r:{rel_type}{keys}]->(b) SET r = $props",
        start=rel.start,
        end=rel.end,
        keys=key_values,
        props=values.untyped(state),
    )
