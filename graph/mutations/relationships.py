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
from graph.mutations.common import require, run
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
    await require(tx, kind.kind.start, [start_id], f"input.{start_field}")
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
    await _require_ends(tx, section, kind, rows[0]["start"], rows[0]["end"])
    records = await run(tx, cypher.merge_relationships(kind.kind), rows=rows, now=now)
    return str(records[0]["outcome"])


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
    keys = ", ".join(f"{p}: $key.{p}" for p in rel.key_properties)
    key_pattern = f" {{{keys}}}" if keys else ""
    records = await run(
        tx,
        f"MATCH (:{rel.start} {{id: $start}})-[r:{rel.rel_type}{key_pattern}]->"
        f"(:{rel.end} {{id: $end}}) DELETE r RETURN count(r) AS removed",
        start=start_id,
        end=end_id,
        key={p: key[p] for p in rel.key_properties},
    )
    return bool(records[0]["removed"])
