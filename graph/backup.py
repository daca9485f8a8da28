"""Backup and restore: a county's whole graph in one file, and back into an empty database.

A backup is one JSON document: the landscape (every section of the data contract, as an
export writes it) and the API tokens (their SHA-256 hashes, roles, names and dates, never a
secret, which is not stored anywhere). Both are read in ONE read transaction, so the file is
a consistent picture even while the API is writing.

A restore goes into an EMPTY database only: merging a backup into other data would be a
load, with its own rules (``integration-graph load``). Landscape and tokens are written in
one transaction: the restore is complete or nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import neo4j

from domain.registry import NODE_SECTIONS
from graph.store.reader import read_landscape_in
from graph.store.writer import write_landscape
from loaders.export import to_document
from loaders.landscape import Landscape, landscape_of_document

FORMAT = "integration-graph-backup"
VERSION = 1
TOKEN_DATES = ("createdAt", "revokedAt")


class BackupError(RuntimeError):
    """The backup file is unusable, or the database is not empty for a restore."""


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


def backup(driver: neo4j.Driver, database: str, path: Path) -> BackupSummary:
    """Write the whole graph and the tokens to ``path`` (JSON), read in one transaction.

    The caller writes the file atomically (``path`` is the temporary file)."""

    def work(tx: neo4j.ManagedTransaction) -> tuple[Landscape, list[dict[str, Any]]]:
        return read_landscape_in(tx), _token_rows(tx)

    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        landscape, tokens = session.execute_read(work)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "createdAt": datetime.now(UTC).isoformat(),
        "landscape": to_document(landscape),
        "tokens": tokens,
    }
    with path.open("w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, default=_json_default)
        handle.write("\n")
    return BackupSummary(landscape.size, len(tokens))


def _json_default(value: Any) -> Any:
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    raise TypeError(f"cannot write {type(value).__name__} into a backup")


def read_backup(path: Path) -> tuple[Landscape, list[dict[str, Any]]]:
    """The landscape and tokens of a backup file, validated like a load."""
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError) as error:
        raise BackupError(f"{path} is not a readable backup: {error}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(f"{path} is not a backup of integration-graph (no '{FORMAT}' header)")
    if document.get("version") != VERSION:
        raise BackupError(
            f"{path} is a backup of version {document.get('version')}; "
            f"this program restores version {VERSION}"
        )
    tokens = document.get("tokens")
    if not isinstance(tokens, list) or not all(_valid_token(t) for t in tokens):
        raise BackupError(f"{path}: the tokens of the backup are malformed")
    landscape = landscape_of_document(f"{path.name} (landscape)", document.get("landscape"))
    return landscape, tokens


def _valid_token(token: Any) -> bool:
    return isinstance(token, dict) and all(
        isinstance(token.get(key), str) for key in ("id", "hash", "role", "createdAt")
    )


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


def restore(driver: neo4j.Driver, database: str, path: Path) -> BackupSummary:
    """Restore ``path`` into an empty database, landscape and tokens in one transaction."""
    landscape, tokens = read_backup(path)
    present = stored_nodes(driver, database)
    if present:
        raise BackupError(
            f"the database is not empty ({present:,} nodes): a restore goes into an empty "
            "database only. Use a new database (NEO4J_DATABASE, NEO4J_LOCAL_DIR), or empty "
            "this one first if its data may go"
        )

    def add_tokens(tx: neo4j.Transaction) -> None:
        tx.run(_CREATE_TOKENS, tokens=tokens).consume()

    write_landscape(driver, landscape, database=database, before_commit=add_tokens)
    return BackupSummary(landscape.size, len(tokens))
