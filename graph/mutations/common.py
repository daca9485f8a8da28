"""Small helpers shared by the write bodies: running a statement, looking nodes up."""

from __future__ import annotations

from typing import Any

import neo4j

from domain.errors import ErrorCode, Refusal
from domain.registry import NODE_SECTION, NodeSection
from graph.store import cypher
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
        raise Refusal(
            ErrorCode.NOT_FOUND,
            f"Unbekannt / unknown {label}: {', '.join(unknown)}",
            field=field,
            details={"missing": unknown, "label": label},
        )
