"""Backup and restore: a county's whole graph read at once, and back into an empty database.

A backup holds the landscape, the API tokens (their SHA-256 hashes, roles, names and
dates, never a secret) and the accounts (e-mail, role, actors, argon2id password hash; never
a password), so a restored server lets the same people sign in. Sessions and the sign-in
throttle are not kept: after a restore everybody signs in again. All is read in ONE read
transaction, so the file is a consistent picture even while the API is writing. The file
itself (a JSON document, the landscape as an export writes it) is ``loaders.backup_file``'s:
graph/ knows no file format.

A restore goes into an EMPTY database only: merging a backup into other data would be a
load, with its own rules (``integration-graph load``). Landscape, tokens and accounts are
written in one transaction: the restore is complete or nothing.

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
ACCOUNT_DATES = ("createdAt", "lastLoginAt")


@dataclass(frozen=True)
class BackupSummary:
    records: int
    tokens: int
    accounts: int = 0


Rows = list[dict[str, Any]]


def _rows(tx: neo4j.ManagedTransaction, label: str, dates: tuple[str, ...]) -> Rows:
    rows = []
    # label: "Token" or "Account", constants of this module, never input
    for record in tx.run(f"MATCH (t:{label}) RETURN properties(t) AS props ORDER BY t.id"):
        props = dict(record["props"])
        for key in dates:
            if props.get(key) is not None:
                props[key] = props[key].to_native().isoformat()
        rows.append(props)
    return rows


def read_everything(driver: neo4j.Driver, database: str) -> tuple[Landscape, Rows, Rows]:
    """The whole landscape, the tokens and the accounts, read in ONE read transaction, so a
    backup is a consistent picture even while the API is writing."""

    def work(tx: neo4j.ManagedTransaction) -> tuple[Landscape, Rows, Rows]:
        return (
            read_landscape_in(tx),
            _rows(tx, "Token", TOKEN_DATES),
            _rows(tx, "Account", ACCOUNT_DATES),
        )

    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        return session.execute_read(work)


def stored_nodes(driver: neo4j.Driver, database: str) -> int:
    """Nodes of the data contract, tokens and accounts (metadata does not count)."""
    labels = [section.label for section in NODE_SECTIONS] + ["Token", "Account"]
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


_CREATE_ACCOUNTS = """
UNWIND $accounts AS a
CREATE (n:Account)
SET n = a, n.createdAt = datetime(a.createdAt),
    n.lastLoginAt = CASE WHEN a.lastLoginAt IS NULL THEN null ELSE datetime(a.lastLoginAt) END
"""


def restore(
    driver: neo4j.Driver,
    database: str,
    landscape: Landscape,
    tokens: Rows,
    accounts: Rows | None = None,
) -> BackupSummary:
    """Restore a backup's content into an empty database, landscape, tokens and accounts in
    one transaction."""
    present = stored_nodes(driver, database)
    if present:
        raise BackupError(
            f"the database is not empty ({present:,} nodes): a restore goes into an empty "
            "database only. Use a new database (NEO4J_DATABASE, NEO4J_LOCAL_DIR), or empty "
            "this one first if its data may go"
        )

    def add_tokens(tx: neo4j.Transaction) -> None:
        tx.run(_CREATE_TOKENS, tokens=tokens).consume()
        tx.run(_CREATE_ACCOUNTS, accounts=accounts or []).consume()

    write_landscape(
        driver, landscape, database=database, before_commit=add_tokens, action="restore"
    )
    return BackupSummary(landscape.size, len(tokens), len(accounts or []))
