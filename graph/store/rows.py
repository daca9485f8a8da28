"""Records to statement parameters: the rows the batch statements UNWIND.

Properties are the record's fields under their file names (``meetingCadence``), without the
reference fields (they become relationships) and without missing values (Neo4j does not
store nulls, and an absent key compares equal to an absent property). Enumerations become
their plain string value; dates stay dates (the driver sends them as Neo4j ``Date``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum
from typing import Any

from domain.model import NodeRecord, Record, RelationshipRecord
from domain.registry import NodeSection
from graph.store.cypher import KEY_SEPARATOR
from graph.store.kinds import LinkKind, SectionKind

Row = dict[str, Any]


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def properties(record: Record, fields: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """The stored properties of a record: ``{alias: value}`` without missing values."""
    props: dict[str, Any] = {}
    for attribute, alias in fields:
        value = getattr(record, attribute)
        if value is not None:
            props[alias] = _plain(value)
    return props


def node_rows(section: NodeSection, records: Iterable[NodeRecord]) -> list[Row]:
    fields = section.property_fields
    return [{"id": r.id, "props": properties(r, fields)} for r in records]


def _targets(record: NodeRecord, attribute: str) -> list[str]:
    value = getattr(record, attribute)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def link_rows(kind: LinkKind, records: Iterable[NodeRecord]) -> list[Row]:
    """One row per reference: ``{start, end, props: {source}}`` (the record's source)."""
    rows = []
    for record in records:
        props = {"source": record.source}  # shared by the record's links: never mutated
        for target in _targets(record, kind.link.attribute):
            start, end = (record.id, target) if kind.owner_is_start else (target, record.id)
            rows.append({"start": start, "end": end, "props": props})
    return rows


def owned_targets(kind: LinkKind, records: Iterable[NodeRecord]) -> list[Row]:
    """For each record: the ids its reference field lists now (``{id, targets}``)."""
    return [{"id": r.id, "targets": _targets(r, kind.link.attribute)} for r in records]


def section_rows(kind: SectionKind, records: Iterable[RelationshipRecord]) -> list[Row]:
    """Rows of the relationship records whose start is ``kind.start_attribute``."""
    fields = kind.section.property_fields
    end_attribute = kind.section.end.attribute
    rows = []
    for record in records:
        start = getattr(record, kind.start_attribute)
        if start is None:
            continue
        rows.append(
            {
                "start": start,
                "end": getattr(record, end_attribute),
                "props": properties(record, fields),
            }
        )
    return rows


def relationship_key(row: Row, key_properties: Sequence[str]) -> str:
    """The identity of a relationship row, as ``relationship_key_expression`` builds it."""
    parts = [row["start"], row["end"]] + [_cypher_string(row["props"][p]) for p in key_properties]
    return KEY_SEPARATOR.join(parts)


def _cypher_string(value: Any) -> str:
    """``toString()`` in Cypher for the values key properties can hold (ints, strings)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def grouped_batches(rows: Sequence[Row], batch_size: int) -> tuple[bool, list[list[Row]]]:
    """Group relationship rows by the end shared most (fewer distinct starts or ends), in
    batches of at most ``batch_size`` relationships: ``(anchor_is_start, batches)`` with
    batch rows ``{anchor, rels: [{other, props}]}``."""
    starts = len({row["start"] for row in rows})
    ends = len({row["end"] for row in rows})
    anchor_is_start = starts <= ends
    anchor, other = ("start", "end") if anchor_is_start else ("end", "start")
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row[anchor], []).append({"other": row[other], "props": row["props"]})
    batches: list[list[Row]] = []
    current: list[Row] = []
    size = 0
    for key, rels in groups.items():
        for offset in range(0, len(rels), batch_size):
            chunk = rels[offset : offset + batch_size]
            if size + len(chunk) > batch_size and current:
                batches.append(current)
                current, size = [], 0
            current.append({"anchor": key, "rels": chunk})
            size += len(chunk)
    if current:
        batches.append(current)
    return anchor_is_start, batches
