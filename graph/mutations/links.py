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
from graph.mutations.common import require, run, target_label
from graph.store import cypher
from graph.store.kinds import LinkKind


def _ends(kind: LinkKind, owner_id: str, target_id: str) -> tuple[str, str]:
    return (owner_id, target_id) if kind.owner_is_start else (target_id, owner_id)


async def _owner_source(tx: neo4j.AsyncManagedTransaction, kind: LinkKind, owner_id: str) -> str:
    records = await run(
        tx, f"MATCH (n:{kind.section.label} {{id: $id}}) RETURN n.source AS source", id=owner_id
    )
    if not records:
        raise Refusal(
            ErrorCode.NOT_FOUND,
            f"{kind.section.label} '{owner_id}' gibt es nicht / does not exist",
            field="input.from",
            details={"missing": [owner_id], "label": kind.section.label},
        )
    return str(records[0]["source"])


async def _check(
    tx: neo4j.AsyncManagedTransaction, kind: LinkKind, owner_id: str, target_id: str
) -> str:
    source = await _owner_source(tx, kind, owner_id)
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
) -> str:
    """MERGE the relationship; return ``created``, ``updated`` or ``unchanged``.

    ``source`` defaults to the source of the owning node (as for a reference in a file).
    """
    owner_source = await _check(tx, kind, owner_id, target_id)
    if not kind.link.many:
        await run(
            tx,
            cypher.delete_unlisted_links(kind.kind, owner_is_start=kind.owner_is_start),
            rows=[{"id": owner_id, "targets": [target_id]}],
        )
    start, end = _ends(kind, owner_id, target_id)
    rows = [{"start": start, "end": end, "props": {"source": source or owner_source}}]
    records = await run(tx, cypher.merge_relationships(kind.kind), rows=rows, now=now)
    return str(records[0]["outcome"])


async def disconnect_link(
    tx: neo4j.AsyncManagedTransaction, now: datetime, kind: LinkKind, owner_id: str, target_id: str
) -> bool:
    """Delete the relationship; False when there was none (both nodes must exist)."""
    await _check(tx, kind, owner_id, target_id)
    start, end = _ends(kind, owner_id, target_id)
    rel = kind.kind
    records = await run(
        tx,
        f"MATCH (:{rel.start} {{id: $start}})-[r:{rel.rel_type}]->(:{rel.end} {{id: $end}}) "
        "DELETE r RETURN count(r) AS removed",
        start=start,
        end=end,
    )
    return bool(records[0]["removed"])
