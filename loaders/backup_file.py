"""The backup file: a county's whole graph as one JSON document, written and read back.

The document holds the landscape (every section of the data contract, as an export writes
it) and the API tokens (their SHA-256 hashes, roles, names and dates, never a secret, which
is not stored anywhere). Reading validates the landscape like a load of files. Reading the
graph and restoring it into Neo4j is ``graph.backup``'s part.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from domain.landscape import Landscape
from domain.problems import BackupError
from loaders.export import to_document
from loaders.landscape import landscape_of_document

FORMAT = "integration-graph-backup"
VERSION = 1


def write_backup_file(
    path: Path,
    landscape: Landscape,
    tokens: list[dict[str, Any]],
    accounts: list[dict[str, Any]] | None = None,
) -> None:
    """Write landscape, tokens and accounts to ``path`` (the caller writes it atomically)."""
    document = {
        "format": FORMAT,
        "version": VERSION,
        "createdAt": datetime.now(UTC).isoformat(),
        "landscape": to_document(landscape),
        "tokens": tokens,
        "accounts": accounts or [],
    }
    with path.open("w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, default=_json_default)
        handle.write("\n")


def _json_default(value: Any) -> Any:
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):
        return isoformat()
    raise TypeError(f"cannot write {type(value).__name__} into a backup")


def read_backup(
    path: Path,
) -> tuple[Landscape, list[dict[str, Any]], list[dict[str, Any]]]:
    """The landscape, tokens and accounts of a backup file, validated like a load.

    Backups made before accounts existed have none: they restore with no accounts."""
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
    accounts = document.get("accounts", [])
    if not isinstance(accounts, list) or not all(_valid_account(a) for a in accounts):
        raise BackupError(f"{path}: the accounts of the backup are malformed")
    landscape = landscape_of_document(f"{path.name} (landscape)", document.get("landscape"))
    return landscape, tokens, accounts


def _valid_token(token: Any) -> bool:
    return isinstance(token, dict) and all(
        isinstance(token.get(key), str) for key in ("id", "hash", "role", "createdAt")
    )


def _valid_account(account: Any) -> bool:
    return isinstance(account, dict) and all(
        isinstance(account.get(key), str)
        for key in ("id", "email", "role", "passwordHash", "createdAt")
    )
