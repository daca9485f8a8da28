"""Backup and restore: a county's whole graph read at once, and back into an empty database.

A backup holds the landscape and the API tokens (their SHA-256 hashes, roles, names and
dates, never a secret). Both are read in ONE read transaction, so the file is a consistent
picture even while the API is writing. The file itself (a JSON document, the landscape as
an export writes it) is ``loaders.backup_file``'s: graph/ knows no file format.

A restore goes into an EMPTY database only: merging a backup into other data would be a
load, with its own rules (``integration-graph load``). Landscape and tokens are written in
one transaction: the restore is complete or nothing.

The change history (``Change`` nodes) is operational data and not part of a backup: a
restore starts a new history with one ``restore`` change listing every record it wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import neo4j

from domain.landscape import Landscape
from domain.problems import BackupError
from domain.registry import NODE_SECTIONS
from graph.store.reader import read_landscape_in
from graph.store.writer import write_landscape

__all__ = ["BackupError", "BackupSummary", "read_everything", "restore", "stored_nodes"]

TOKEN_DATES = ("createdAt", "revokedAt")


@dataclass(frozen=True)
class BackupSummary:
    records: int
    tokens: int


def _token_rows(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
    rows = []
    for record in tx.run("MATCH (t:Token) RETURN properties(t) AS props ORDER BY t.id"):
        props = dict(record["props"])
        for key in TOKEN_DATES:
            if props.get(key) is not None:
                props[key] = props[key].to_native().isoformat()
        rows.append(props)
    return rows


def read_everything(driver: neo4j.Driver, database: str) -> tuple[Landscape, list[dict[str, Any]]]:
    """The whole landscape and the tokens, read in ONE read transaction, so a backup is a
    consistent picture even while the API is writing."""

    def work(tx: neo4j.ManagedTransaction) -> tuple[Landscape, list[dict[str, Any]]]:
        return read_landscape_in(tx), _token_rows(tx)

    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        return session.execute_read(work)


def stored_nodes(driver: neo4j.Driver, database: str) -> int:
    """Nodes of the data contract and tokens in the database (metadata does not count)."""
    labels = [section.label for section in NODE_SECTIONS] + ["Token"]
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) RETURN count(n) AS n",
        labels=labels,
        database_=database,
    )
    return int(records[0]["n"])


_CREATE_TOKENS = """
UNWIND $tokens AS t
CREATE (n:Token)
SET n = t, n.createdAt = datetime(t.createdAt),
    n.revokedAt = CASE WHEN t.revokedAt IS NULL THEN null ELSE datetime(t.revokedAt) END
"""


def restore(
    driver: neo4j.Driver, database: str, landscape: Landscape, tokens: list[dict[str, Any]]
) -> BackupSummary:
    """Restore a backup's content into an empty database, landscape and tokens in one
    transaction."""
    present = stored_nodes(driver, database)
    if present:
        raise BackupError(
            f"the database is not empty ({present:,} nodes): a restore goes into an empty "
            "database only. Use a new database (NEO4J_DATABASE, NEO4J_LOCAL_DIR), or empty "
            "this one first if its data may go"
        )

    def add_tokens(tx: neo4j.Transaction) -> None:
        tx.run(_CREATE_TOKENS, tokens=tokens).consume()

    write_landscape(
        driver, landscape, database=database, before_commit=add_tokens, action="restore"
    )
    return BackupSummary(landscape.size, len(tokens))
