"""Connect and disconnect relationships that carry properties of their own.

These are the relationship sections of the data contract: memberships (``role``,
``since``, ``until``), cooperations, fundings, participations, residents and language
shares. A relationship is identified by its two ends (and, for residents, the ``year``);
connecting an existing one replaces its properties.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import neo4j

from domain.model import RelationshipRecord
from domain.registry import NODE_SECTION, RelationshipSection
from graph.history.journal import Entry, Op, Rel, note
from graph.mutations.common import relationship_props, require, run, without_stamp
from graph.store import cypher
from graph.store.kinds import SectionKind, section_kinds
from graph.store.rows import section_rows


def kind_for(section: RelationshipSection, given: Mapping[str, Any]) -> SectionKind:
    """The relationship kind whose start field is given (participations have three)."""
    for kind in section_kinds():
        if kind.section.name == section.name and given.get(kind.start_attribute) is not None:
            return kind
    raise ValueError(f"{section.name}: none of the start fields is given")


async def _require_ends(
    tx: neo4j.AsyncManagedTransaction,
    section: RelationshipSection,
    kind: SectionKind,
    start_id: str,
    end_id: str,
) -> None:
    start_field = section.alias(kind.start_attribute)
    end_field = section.alias(section.end.attribute)
    await require(tx, kind.kind.start.label, [start_id], f"input.{start_field}")
    await require(tx, NODE_SECTION[section.end.section].label, [end_id], f"input.{end_field}")


async def connect_relationship(
    tx: neo4j.AsyncManagedTransaction,
    now: datetime,
    section: RelationshipSection,
    record: RelationshipRecord,
) -> str:
    """MERGE the relationship and set its properties; return the outcome."""
    kind = kind_for(section, {a: getattr(record, a) for a in type(record).model_fields})
    rows = section_rows(kind, [record])
    start, end = rows[0]["start"], rows[0]["end"]
    await _require_ends(tx, section, kind, start, end)
    keys = {p: rows[0]["props"].get(p) for p in kind.kind.key_properties}
    before = await relationship_props(tx, kind.kind, start, end, keys)
    records = await run(tx, cypher.merge_relationships(kind.kind), rows=rows, now=now)
    outcome = str(records[0]["outcome"])
    if outcome != "unchanged":
        after = await relationship_props(tx, kind.kind, start, end, keys)
        _note(section, kind, start, end, keys, before, after)
    return outcome


def _note(
    section: RelationshipSection,
    kind: SectionKind,
    start: str,
    end: str,
    keys: dict[str, Any],
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """One entry on the start record: ``memberships:ak-bildung`` from ``before`` to ``after``."""
    rel = kind.kind
    op: Op = "disconnected" if after is None else "connected"
    field = f"{section.name}:{end}"
    entry = Entry(
        rel.start.label, start, None, op, [(field, without_stamp(before), without_stamp(after))]
    )
    entry.relationships = [
        Rel(rel.rel_type, rel.start.label, start, rel.end.label, end, keys, before, after)
    ]
    note(entry)


async def disconnect_relationship(
    tx: neo4j.AsyncManagedTransaction,
    now: datetime,
    section: RelationshipSection,
    key: Mapping[str, Any],
) -> bool:
    """Delete the relationship named by ``key`` (model attribute names); False if none."""
    kind = kind_for(section, key)
    start_id, end_id = key[kind.start_attribute], key[section.end.attribute]
    await _require_ends(tx, section, kind, start_id, end_id)
    rel = kind.kind
    key_values = {p: key[p] for p in rel.key_properties}
    before = await relationship_props(tx, rel, start_id, end_id, key_values)
    keys = ", ".join(f"{p}: $key.{p}" for p in rel.key_properties)
    key_pattern = f" {{{keys}}}" if keys else ""
    records = await run(
        tx,
        f"MATCH (:{rel.start.label} {{id: $start}})-[r:{rel.rel_type}{key_pattern}]->"
        f"(:{rel.end.label} {{id: $end}}) DELETE r RETURN count(r) AS removed",
        start=start_id,
        end=end_id,
        key=key_values,
    )
    removed = bool(records[0]["removed"])
    if removed:
        _note(section, kind, start_id, end_id, key_values, before, None)
    return removed
