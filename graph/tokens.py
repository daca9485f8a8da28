"""API tokens: created and revoked with the CLI, stored hashed in Neo4j.

A token is a random secret (``igt_`` + 43 URL-safe characters, 256 bits). Only its SHA-256
hash is stored, in ``(:Token {id, hash, role, name, actorIds, createdAt, revokedAt})``; the
secret is shown once, when it is created, and cannot be recovered from the database. A plain
hash (no salt, no slow KDF) is enough because the secret is random and long: there is nothing to
guess, and the lookup by hash (indexed, ``Token.hash``) stays one cheap query per request.

Revoking keeps the node (with ``revokedAt``) so that ``token list`` still shows who had
access and when it ended; a revoked token is refused with its own message.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import neo4j

from domain.access import ROLES

__all__ = ["ROLES", "TokenInfo", "create_token", "identify", "list_tokens", "revoke_token"]
"""Tokens have the roles of accounts (``domain.access``); a ``member`` token is bound to its
actors (``actorIds``). Tokens made before roles had scopes carry no ``actorIds``."""

SECRET_PREFIX = "igt_"


@dataclass(frozen=True)
class TokenInfo:
    """What the database knows about a token (never the secret)."""

    id: str
    role: str
    name: str | None
    created_at: datetime
    revoked_at: datetime | None
    actor_ids: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class Caller:
    """The outcome of checking a presented secret: the token, or why it is refused."""

    token: TokenInfo | None
    refusal: str | None = None


def hash_secret(secret: str) -> str:
    """The hex SHA-256 of a secret: what is stored and looked up."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _info(node: Any) -> TokenInfo:
    revoked = node.get("revokedAt")
    return TokenInfo(
        id=node["id"],
        role=node["role"],
        name=node.get("name"),
        created_at=node["createdAt"].to_native(),
        revoked_at=revoked.to_native() if revoked is not None else None,
        actor_ids=tuple(node.get("actorIds") or ()),
    )


_CREATE = """
CREATE (t:Token {id: $id, hash: $hash, role: $role, name: $name, actorIds: $actorIds,
  createdAt: datetime()})
RETURN t {.*} AS t
"""


def create_token(
    driver: neo4j.Driver,
    database: str,
    role: str,
    name: str | None = None,
    actor_ids: list[str] | None = None,
) -> tuple[TokenInfo, str]:
    """Create a token of ``role``; return it with its secret (the only time it is known).

    A ``member`` token needs the actors it speaks for (which must exist); the other roles
    take none.
    """
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)} (got {role!r})")
    actors = sorted(set(actor_ids or ()))
    if role == "member" and not actors:
        raise ValueError("a member token needs at least one actor (--actor ID)")
    if role != "member" and actors:
        raise ValueError("only member tokens are bound to actors (--actor)")
    if actors:
        found, _, _ = driver.execute_query(
            "UNWIND $ids AS id MATCH (a:Actor {id: id}) RETURN collect(a.id) AS ids",
            {"ids": actors},
            database_=database,
        )
        missing = sorted(set(actors) - set(found[0]["ids"]))
        if missing:
            raise ValueError(f"unknown actors: {', '.join(missing)}")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token_id = "tok-" + secrets.token_hex(4)
    records, _, _ = driver.execute_query(
        _CREATE,
        {
            "id": token_id,
            "hash": hash_secret(secret),
            "role": role,
            "name": name,
            "actorIds": actors,
        },
        database_=database,
    )
    return _info(records[0]["t"]), secret


def list_tokens(driver: neo4j.Driver, database: str) -> list[TokenInfo]:
    """Every token, active and revoked, oldest first."""
    records, _, _ = driver.execute_query(
        "MATCH (t:Token) RETURN t {.*} AS t ORDER BY t.createdAt, t.id",
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    return [_info(record["t"]) for record in records]


def revoke_token(driver: neo4j.Driver, database: str, token_id: str) -> TokenInfo | None:
    """Revoke a token by id (a second revoke keeps the first date); None if unknown."""
    records, _, _ = driver.execute_query(
        "MATCH (t:Token {id: $id}) SET t.revokedAt = coalesce(t.revokedAt, datetime()) "
        "RETURN t {.*} AS t",
        {"id": token_id},
        database_=database,
    )
    return _info(records[0]["t"]) if records else None


async def identify(driver: neo4j.AsyncDriver, database: str, secret: str) -> Caller:
    """Look a presented secret up; say why it is refused when it is unknown or revoked.

    One auto-commit read without the driver's retries: when the database is down the caller
    hears so at once (HTTP 503) instead of after the retry budget.
    """
    async with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as s:
        result = await s.run(
            "MATCH (t:Token {hash: $hash}) RETURN t {.*} AS t", {"hash": hash_secret(secret)}
        )
        records = [record async for record in result]
    if not records:
        return Caller(None, "Unbekanntes Token / unknown token")
    info = _info(records[0]["t"])
    if not info.active:
        return Caller(None, f"Token {info.id} wurde widerrufen / token {info.id} was revoked")
    return Caller(info)
