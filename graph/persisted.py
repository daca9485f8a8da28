"""Stored GraphQL documents, known by the SHA-256 of their text, kept in Neo4j.

Two kinds, one lookup:

- ``(:_PersistedQuery {id, query, createdAt, usedAt})``: Apollo's automatic persisted
  queries (APQ). Any client registers a document by sending it once with its hash; the
  store is bounded (``API_APQ_MAX_DOCUMENTS``): a registration that makes it larger deletes
  the least recently used ones in the same transaction.
- ``(:_TrustedDocument {id, text, name, addedAt, addedBy})``: the documents a county
  registers with ``integration-graph documents add FILE``. With
  ``API_TRUSTED_DOCUMENTS_ONLY`` they (and the cockpit's own documents, read from
  ``web/src/graphql``) are all an anonymous caller may run.

Why Neo4j: every process of ``serve --workers N`` must see a document another process
registered, and Neo4j is the one store they already share (the revision, the sessions and
the idempotency keys live there too); no second server (Redis) to run. A worker keeps the
texts it has seen in memory (``schema.persisted``), so a lookup reaches Neo4j only on that
worker's first sight of a hash. Both labels are bookkeeping: never exported, never loaded.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Final

import neo4j

from graph.settings import PROJECT_ROOT

HASH = re.compile(r"^[0-9a-f]{64}$")
"""A lower-case hex SHA-256: the id of a stored document."""
ID_PREFIX: Final = "sha256:"
COCKPIT_DOCUMENTS = PROJECT_ROOT / "web" / "src" / "graphql"
"""The cockpit sends the text of these files as they are (Vite's ``?raw`` imports); the
server finds them beside its built cockpit (``API_WEB_DIR``/../src/graphql)."""

LOOKUP: Final = """
OPTIONAL MATCH (t:_TrustedDocument {id: $id})
OPTIONAL MATCH (p:_PersistedQuery {id: $id})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | SET p.usedAt = $now)
RETURN t.text AS trusted, p.query AS persisted
"""
REGISTER: Final = """
MERGE (p:_PersistedQuery {id: $id})
ON CREATE SET p.query = $query, p.createdAt = $now
SET p.usedAt = $now
WITH count(*) AS registered
MATCH (old:_PersistedQuery)
WITH old ORDER BY old.usedAt DESC SKIP $cap
DETACH DELETE old
RETURN count(*) AS evicted
"""
ADD_TRUSTED: Final = """
MERGE (t:_TrustedDocument {id: $id})
ON CREATE SET t.text = $text, t.addedAt = $now, t.addedBy = $author
SET t.name = $name
RETURN t.addedAt = $now AS created
"""
LIST_TRUSTED: Final = (
    "MATCH (t:_TrustedDocument) RETURN t.id AS id, t.name AS name, t.addedAt AS addedAt, "
    "t.addedBy AS addedBy ORDER BY t.addedAt, t.id"
)
REMOVE_TRUSTED: Final = (
    "MATCH (t:_TrustedDocument {id: $id}) DETACH DELETE t RETURN count(*) AS removed"
)


def digest(text: str) -> str:
    """The id of a document: the lower-case hex SHA-256 of its UTF-8 text (as Apollo's).

    >>> digest("{ revision }")[:12]
    '268b20b93227'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_id(value: str) -> str | None:
    """A document id as given (``sha256:<hex>`` or bare hex), normalised; None if malformed.

    >>> parse_id("sha256:" + "AB" * 32) == "ab" * 32, parse_id("nope")
    (True, None)
    """
    text = value.strip().lower().removeprefix(ID_PREFIX)
    return text if HASH.match(text) else None


@lru_cache(maxsize=1)
def cockpit_documents(folder: Path = COCKPIT_DOCUMENTS) -> dict[str, str]:
    """``{id: text}`` of the cockpit's own documents (none when the folder is absent)."""
    if not folder.is_dir():
        return {}
    texts = (path.read_text(encoding="utf-8") for path in sorted(folder.rglob("*.graphql")))
    return {digest(text): text for text in texts}


@dataclass(frozen=True, slots=True)
class Found:
    """What Neo4j knows of a hash: the text of a trusted document and/or of an APQ."""

    trusted: str | None
    persisted: str | None

    @property
    def text(self) -> str | None:
        return self.trusted if self.trusted is not None else self.persisted


async def lookup(driver: neo4j.AsyncDriver, database: str, document_id: str) -> Found:
    """One statement: the trusted document and the APQ of this id (marking the APQ used)."""
    records, _, _ = await driver.execute_query(
        LOOKUP, id=document_id, now=datetime.now(UTC), database_=database
    )
    row = records[0]
    return Found(row["trusted"], row["persisted"])


async def register(
    driver: neo4j.AsyncDriver, database: str, document_id: str, query: str, cap: int
) -> int:
    """Store an APQ (its id already checked against its text); return how many were evicted.

    Two workers registering the same new hash at once: one MERGE wins, the other meets the
    unique constraint; the document is stored either way, so that is not an error.
    """
    try:
        records, _, _ = await driver.execute_query(
            REGISTER, id=document_id, query=query, now=datetime.now(UTC), cap=cap,
            database_=database,
        )  # fmt: skip
    except neo4j.exceptions.ConstraintError:
        return 0
    return int(records[0]["evicted"])


def add_trusted(
    driver: neo4j.Driver, database: str, text: str, name: str, author: str
) -> tuple[str, bool]:
    """Register a trusted document; its id and whether it is new (an old one keeps its date)."""
    document_id = digest(text)
    records, _, _ = driver.execute_query(
        ADD_TRUSTED, id=document_id, text=text, name=name, author=author,
        now=datetime.now(UTC), database_=database,
    )  # fmt: skip
    return document_id, bool(records[0]["created"])


def list_trusted(driver: neo4j.Driver, database: str) -> list[dict[str, object]]:
    records, _, _ = driver.execute_query(LIST_TRUSTED, database_=database)
    return [dict(record) for record in records]


def remove_trusted(driver: neo4j.Driver, database: str, document_id: str) -> bool:
    records, _, _ = driver.execute_query(REMOVE_TRUSTED, id=document_id, database_=database)
    return int(records[0]["removed"]) > 0
