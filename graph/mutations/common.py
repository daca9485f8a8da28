"""Small helpers shared by the write bodies: running a statement, looking nodes up."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import neo4j

from domain.contract import RelationshipKind
from domain.errors import ErrorCode, Refusal
from domain.registry import NODE_SECTION, NodeSection
from domain.wording import FieldProblem, german
from graph.history import values
from graph.store import cypher
from graph.store.cypher import checked_name as cypher_name
from graph.store.kinds import LinkKind, link_kinds


async def run(
    tx: neo4j.AsyncManagedTransaction, query: str, **parameters: Any
) -> list[neo4j.Record]:
    """Run one statement (its text is built from registry names only) and fetch all rows."""
    result = await tx.run(query, parameters)
    return [record async for record in result]


def links_of(section: NodeSection) -> tuple[LinkKind, ...]:
    """The relationship kinds that the reference fields of a node section create."""
    return tuple(kind for kind in link_kinds() if kind.section.name == section.name)


def target_label(kind: LinkKind) -> str:
    return NODE_SECTION[kind.link.target].label


async def missing(tx: neo4j.AsyncManagedTransaction, label: str, ids: list[str]) -> list[str]:
    """Which of ``ids`` name no node of ``label``."""
    if not ids:
        return []
    records = await run(tx, cypher.missing_ids(label), ids=ids)
    return [str(i) for i in records[0]["missing"]]


async def require(
    tx: neo4j.AsyncManagedTransaction, label: str, ids: list[str], field: str
) -> None:
    """Raise NOT_FOUND naming ``field`` when any of ``ids`` is not a ``label`` node."""
    unknown = await missing(tx, label, ids)
    if unknown:
        problem = unknown_reference(field, label, unknown)
        raise Refusal(
            ErrorCode.NOT_FOUND,
            f"{problem.german} / unknown {label}: {', '.join(unknown)}",
            field=field,
            details={"missing": unknown, "label": label, "problems": [problem.as_json()]},
        )


def unknown_reference(field: str, label: str, unknown: list[str]) -> FieldProblem:
    """The problem of a reference to records that do not exist, worded at its field."""
    nouns = [s.german[0] for s in NODE_SECTION.values() if s.label == label and s.german]
    ctx = {"noun": nouns[0] if nouns else label, "missing": unknown}
    return FieldProblem(
        field,
        "unknown_reference",
        german("unknown_reference", ctx),
        f"unknown {label}: {', '.join(unknown)}",
    )


async def relationship_props(
    tx: neo4j.AsyncManagedTransaction,
    kind: RelationshipKind,
    start: str,
    end: str,
    keys: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    """The stored properties of one relationship (``values.typed``), None when absent.

    Read before and after a connect or disconnect, for the change history."""
    keys = keys or {}
    pattern = ", ".join(f"{cypher_name(p)}: $keys.{cypher_name(p)}" for p in kind.key_properties)
    key_pattern = f" {{{pattern}}}" if pattern else ""
    records = await run(
        tx,
        f"MATCH (:{cypher_name(kind.start.label)} {{id: $start}})-[r:{cypher_name(kind.rel_type)}"
        f"{key_pattern}]->(:{cypher_name(kind.end.label)} {{id: $end}}) RETURN properties(r) AS p",
        start=start,
        end=end,
        keys={p: keys.get(p) for p in kind.key_properties},
    )
    return values.typed(records[0]["p"]) if records else None


def without_stamp(props: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A relationship's properties as the history shows them (no ``updatedAt``)."""
    if props is None:
        return None
    return {k: v for k, v in values.untyped_shown(props).items() if k != "updatedAt"}
