"""How current the stored data is and where it comes from.

Every figure a dashboard or a report shows rests on the stored records, and each record
names its ``source`` (the article, a public register, an import file, ``example`` for
illustrative data, ``synthetic`` for generated data). :func:`data_status` summarises them
in one read: the graph revision, the newest change (``updatedAt``) and how many nodes and
relationships each source contributed, so that a page can say "Stand der Daten: ..." and
"beruht teilweise auf Beispieldaten" honestly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import neo4j

ILLUSTRATIVE_SOURCES = frozenset({"example", "synthetic"})
"""Sources whose records are made up for illustration or scale tests, not facts."""

# Token and _Meta nodes are bookkeeping, not data: they carry no ``source``.
DATA_STATUS = """
OPTIONAL MATCH (meta:_Meta {id: 'revision'})
WITH coalesce(meta.value, 0) AS revision
CALL () {
  MATCH (n) WHERE n.source IS NOT NULL
  WITH n.source AS source, count(n) AS nodes, max(n.updatedAt) AS updated
  RETURN collect({source: source, nodes: nodes, updated: updated}) AS nodeSources
}
CALL () {
  MATCH ()-[r]->() WHERE r.source IS NOT NULL
  WITH r.source AS source, count(r) AS relationships
  RETURN collect({source: source, relationships: relationships}) AS relSources
}
RETURN revision, nodeSources, relSources
"""


@dataclass(frozen=True)
class SourceCount:
    """How many records one source contributed."""

    source: str
    nodes: int
    relationships: int
    illustrative: bool
    """True for ``example`` and ``synthetic``: figures resting on it are not facts."""


@dataclass(frozen=True)
class DataStatus:
    """The stored data at one revision: its newest change and its sources."""

    revision: int
    last_updated: datetime | None
    """The newest ``updatedAt`` of any record; None for an empty database."""
    sources: tuple[SourceCount, ...]
    """Largest source first."""
    illustrative: bool
    """True when any record comes from an illustrative source (``example``, ``synthetic``)."""


def _as_datetime(value: Any) -> datetime | None:
    if value is None:
        return None
    native = value.to_native() if hasattr(value, "to_native") else value
    return native if isinstance(native, datetime) else None


def summarise(
    revision: int, node_rows: list[dict[str, Any]], rel_rows: list[dict[str, Any]]
) -> DataStatus:
    """Combine per-source node and relationship counts into one :class:`DataStatus`.

    >>> s = summarise(3, [{"source": "article", "nodes": 2, "updated": None}],
    ...               [{"source": "example", "relationships": 5}])
    >>> [(c.source, c.nodes, c.relationships, c.illustrative) for c in s.sources]
    [('example', 0, 5, True), ('article', 2, 0, False)]
    """
    nodes = {row["source"]: int(row["nodes"]) for row in node_rows if row["source"] is not None}
    rels = {
        row["source"]: int(row["relationships"]) for row in rel_rows if row["source"] is not None
    }
    updated = [d for d in (_as_datetime(row.get("updated")) for row in node_rows) if d]
    sources = sorted(
        (
            SourceCount(
                source=str(name),
                nodes=nodes.get(name, 0),
                relationships=rels.get(name, 0),
                illustrative=name in ILLUSTRATIVE_SOURCES,
            )
            for name in nodes.keys() | rels.keys()
        ),
        key=lambda c: (-(c.nodes + c.relationships), c.source),
    )
    return DataStatus(
        revision=revision,
        last_updated=max(updated, default=None),
        sources=tuple(sources),
        illustrative=any(c.illustrative for c in sources),
    )


def data_status(driver: neo4j.Driver, database: str) -> DataStatus:
    """Read the :class:`DataStatus` of the stored graph (one statement, two scans)."""
    [row], _, _ = driver.execute_query(DATA_STATUS, database_=database)
    return summarise(int(row["revision"]), row["nodeSources"], row["relSources"])


async def data_status_async(driver: neo4j.AsyncDriver, database: str) -> DataStatus:
    """:func:`data_status` for the async driver of the API."""
    [row], _, _ = await driver.execute_query(DATA_STATUS, database_=database)
    return summarise(int(row["revision"]), row["nodeSources"], row["relSources"])
