"""Connect and disconnect one reference (a relationship without properties of its own).

A link kind is one reference field of a node section, e.g. ``offerings.topics``
(``(:Offering)-[:ADDRESSES]->(:Topic)``) or ``offerings.providers``
(``(:Actor)-[:OFFERS]->(:Offering)``). "From" is always the node that holds the field (the
offering), "to" the node it names (the topic, the provider). A single-valued field
(``locatedIn``, ``partOf``) holds one target: connecting a new one replaces the old.
"""

from __future__ import annotations

from datetime import datetime

import neo4j

from domain.errors import ErrorCode, Refusal
from graph.history import values
from graph.history.journal import Entry, Op, Rel, note
from graph.mutations import versions
from graph.mutations.common import relationship_props, require, run, target_label
from graph.mutations.versions import Editor
from graph.store import cypher
from graph.store.kinds import LinkKind


def _ends(kind: LinkKind, owner_id: str, target_id: str) -> tuple[str, str]:
    return (owner_id, target_id) if kind.owner_is_start else (target_id, owner_id)


async def _owner(
    tx: neo4j.AsyncManagedTransaction, kind: LinkKind, owner_id: str, expected: int | None
) -> tuple[str, versions.Locked]:
    """The owner's source and its locked bookkeeping (NOT_FOUND; CONFLICT when stale)."""
    locked = await versions.lock(tx, kind.section.label, owner_id)
    if locked is None:
        raise Refusal(
            ErrorCode.NOT_FOUND,
            f"{kind.section.label} '{owner_id}' gibt es nicht / does not exist",
            field="input.from",
            details={"missing": [owner_id], "label": kind.section.label},
        )
    versions.check(kind.section.label, owner_id, locked, expected)
    records = await run(
        tx, f"MATCH (n:{kind.section.label} {{id: $id}}) RETURN n.source AS source", id=owner_id
    )
    return str(records[0]["source"]), locked


async def _targets(tx: neo4j.AsyncManagedTransaction, kind: LinkKind, owner_id: str) -> list[str]:
    rel, other = kind.kind.rel_type, target_label(kind)
    arrow = f"-[:{rel}]->" if kind.owner_is_start else f"<-[:{rel}]-"
    records = await run(
        tx,
        f"MATCH (n:{kind.section.label} {{id: $id}}) "
        f"RETURN [(n){arrow}(t:{other}) | t.id] AS targets",
        id=owner_id,
    )
    return sorted(str(t) for t in records[0]["targets"])


async def _recorded(
    tx: neo4j.AsyncManagedTransaction,
    now: datetime,
    kind: LinkKind,
    owner_id: str,
    before: list[str],
    locked: versions.Locked,
    editor: Editor | None,
) -> None:
    """A changed reference field: the owner's version + 1, logged, the field marked."""
    after = await _targets(tx, kind, owner_id)
    alias = kind.section.alias(kind.link.attribute)
    old: object = before if kind.link.many else (before[0] if before else None)
    new: object = after if kind.link.many else (after[0] if after else None)
    diff = versions.differences({alias: old}, {alias: new}, [alias])
    if diff:
        await versions.record(
            tx,
            now,
            kind.section.label,
            owner_id,
            locked,
            editor or Editor("anonym"),
            "update",
            diff,
            [alias],
        )


async def _check(
    tx: neo4j.AsyncManagedTransaction,
    kind: LinkKind,
    owner_id: str,
    target_id: str,
    expected: int | None = None,
) -> tuple[str, versions.Locked]:
    source = await _owner(tx, kind, owner_id, expected)
    await require(tx, target_label(kind), [target_id], "input.to")
    if owner_id == target_id and kind.section.label == target_label(kind):
        raise Refusal(
            ErrorCode.BAD_USER_INPUT,
            f"'{owner_id}' kann nicht mit sich selbst verbunden werden / cannot be linked to "
            "itself",
            field="input.to",
        )
    return source


async def connect_link(
    tx: neo4j.AsyncManagedTransaction,
    now: datetime,
    kind: LinkKind,
    owner_id: str,
    target_id: str,
    source: str | None,
    editor: Editor | None = None,
    expected: int | None = None,
) -> str:
    """MERGE the relationship; return ``created``, ``updated`` or ``unchanged``.

    ``source`` defaults to the source of the owning node (as for a reference in a file).
    A new target changes the owner's reference field: its version grows (with
    ``expected``: only from that version, else CONFLICT).
    """
    owner_source, locked = await _check(tx, kind, owner_id, target_id, expected)
    targets_before = await _targets(tx, kind, owner_id)
    replaced: list[Rel] = []
    if not kind.link.many:
        replaced = [
            r for r in await _links_of(tx, kind, owner_id) if target_id not in (r.start, r.end)
        ]
        await run(
            tx,
            cypher.delete_unlisted_links(kind.kind, owner_is_start=kind.owner_is_start),
            rows=[{"id": owner_id, "targets": [target_id]}],
        )
    start, end = _ends(kind, owner_id, target_id)
    before = await relationship_props(tx, kind.kind, start, end)
    rows = [{"start": start, "end": end, "props": {"source": source or owner_source}}]
    records = await run(tx, cypher.merge_relationships(kind.kind), rows=rows, now=now)
    await _recorded(tx, now, kind, owner_id, targets_before, locked, editor)
    outcome = str(records[0]["outcome"])
    if outcome != "unchanged" or replaced:
        after = await relationship_props(tx, kind.kind, start, end)
        rel = Rel(
            kind.kind.rel_type,
            kind.kind.start.label,
            start,
            kind.kind.end.label,
            end,
            {},
            before,
            after,
        )
        old = [r.end if kind.owner_is_start else r.start for r in replaced]
        _note(kind, owner_id, "connected", old[0] if old else None, target_id, [rel, *replaced])
    return outcome


def _note(
    kind: LinkKind, owner_id: str, op: Op, old: str | None, new: str | None, rels: list[Rel]
) -> None:
    """One history entry on the record holding the field: ``topics`` from ``old`` to ``new``."""
    alias = kind.section.alias(kind.link.attribute)
    entry = Entry(kind.section.label, owner_id, None, op, [(alias, old, new)])
    entry.relationships = rels
    note(entry)


async def _links_of(tx: neo4j.AsyncManagedTransaction, kind: LinkKind, owner_id: str) -> list[Rel]:
    """The owner's current relationships of this kind, as the history keeps them."""
    rel = kind.kind
    arrow = f"-[r:{rel.rel_type}]->" if kind.owner_is_start else f"<-[r:{rel.rel_type}]-"
    other = rel.end.label if kind.owner_is_start else rel.start.label
    records = await run(
        tx,
        f"MATCH (:{kind.section.label} {{id: $id}}){arrow}(t:{other}) "
        "RETURN t.id AS id, properties(r) AS p",
        id=owner_id,
    )
    found = []
    for record in records:
        start, end = _ends(kind, owner_id, str(record["id"]))
        props = values.typed(record["p"])
        found.append(Rel(rel.rel_type, rel.start.label, start, rel.end.label, end, {}, props, None))
    return found


async def disconnect_link(
    tx: neo4j.AsyncManagedTransaction,
    now: datetime,
    kind: LinkKind,
    owner_id: str,
    target_id: str,
    editor: Editor | None = None,
    expected: int | None = None,
) -> bool:
    """Delete the relationship; False when there was none (both nodes must exist)."""
    _, locked = await _check(tx, kind, owner_id, target_id, expected)
    targets_before = await _targets(tx, kind, owner_id)
    start, end = _ends(kind, owner_id, target_id)
    rel = kind.kind
    before = await relationship_props(tx, rel, start, end)
    records = await run(
        tx,
        f"MATCH (:{rel.start.label} {{id: $start}})-[r:{rel.rel_type}]->"
        f"(:{rel.end.label} {{id: $end}}) DELETE r RETURN count(r) AS removed",
        start=start,
        end=end,
    )
    await _recorded(tx, now, kind, owner_id, targets_before, locked, editor)
    removed = bool(records[0]["removed"])
    if removed:
        gone = Rel(rel.rel_type, rel.start.label, start, rel.end.label, end, {}, before, None)
        _note(kind, owner_id, "disconnected", target_id, None, [gone])
    return removed
