"""Accounts: e-mail and password, stored in Neo4j, hashed with argon2id (``pwdlib``).

``(:Account {id, email, displayName, role, actorIds, passwordHash, disabled, createdAt,
lastLoginAt, failedLogins})``; the e-mail is unique (``graph.migrations``), kept in lower
case. A password is never stored, only its argon2id hash; a new account or a reset gets a
random one-time password that is shown once (CLI or ``createAccount``/``resetPassword``).

Accounts are the service's own bookkeeping like tokens, not part of the landscape: no export,
load or wipe of the landscape touches them (they have no label of the data contract).
Sessions (``graph.sessions``) and the sign-in throttle (``graph.throttle``) live beside them.

Every change of an account (created, role, actors, disabled, password reset) is recorded as a
``Change`` in the same transaction (``_record``): who, when, which fields from what to what,
never a password or its hash. An account's e-mail is personal data, so these changes are
marked ``adminOnly`` and only admins see them in the history (``graph.history.reads``).

Everything here is async (the API's driver); the CLI calls it with ``asyncio.run``.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import neo4j
from email_validator import EmailNotValidError, validate_email
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from domain.access import RANK, ROLES
from graph.history import store as history
from graph.history.journal import Entry, Journal, Op
from graph.history.store import ChangeMeta, cli_author
from graph.revision import REVISION_BUMP

HASHER = PasswordHash((Argon2Hasher(),))
"""argon2id with pwdlib's defaults (64 MiB, 3 passes): slow on purpose."""

_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))
"""Verified against when the e-mail is unknown, so both answers take as long."""

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """Bad input for an account (e-mail, role, actors, password): the message says which."""


@dataclass(frozen=True)
class Account:
    """An account as the API and the CLI show it (never the password hash)."""

    id: str
    email: str
    role: str
    actor_ids: tuple[str, ...]
    display_name: str
    disabled: bool
    created_at: datetime
    last_login_at: datetime | None

    def as_json(self) -> dict[str, Any]:
        """The account as ``/auth/login`` and ``/auth/session`` answer it."""
        return {
            "id": self.id,
            "email": self.email,
            "role": self.role,
            "actorIds": list(self.actor_ids),
            "displayName": self.display_name,
        }


def _native(value: Any) -> datetime | None:
    return value.to_native() if value is not None else None


def account_of(node: Any) -> Account:
    """An ``Account`` from the node's properties."""
    created = _native(node["createdAt"])
    assert created is not None
    return Account(
        id=node["id"],
        email=node["email"],
        role=node["role"],
        actor_ids=tuple(node.get("actorIds") or ()),
        display_name=node.get("displayName") or node["email"],
        disabled=bool(node.get("disabled")),
        created_at=created,
        last_login_at=_native(node.get("lastLoginAt")),
    )


def normalised_email(email: str) -> str:
    """The e-mail in the form it is stored and looked up in: trimmed, lower case."""
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise AccountError(f"Ungültige E-Mail-Adresse / invalid e-mail address: {error}") from None
    return checked.normalized.lower()


def checked_role(role: str) -> str:
    if role not in RANK:
        raise AccountError(
            f"Rolle muss eine von {', '.join(ROLES)} sein / role must be one of "
            f"{', '.join(ROLES)} (got {role!r})"
        )
    return role


def checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            f"Das Passwort braucht mindestens {MIN_PASSWORD_LENGTH} Zeichen / the password "
            f"needs at least {MIN_PASSWORD_LENGTH} characters"
        )
    return password


def one_time_password() -> str:
    """A random password to hand over once (about 100 bits, easy to type)."""
    return secrets.token_urlsafe(12)


async def hash_password(password: str) -> str:
    """argon2id of ``password``, in a worker thread (it takes a noticeable fraction of a second)."""
    return await asyncio.to_thread(HASHER.hash, password)


async def _missing_actors(tx: neo4j.AsyncManagedTransaction, actor_ids: list[str]) -> list[str]:
    result = await tx.run(
        "UNWIND $ids AS id OPTIONAL MATCH (a:Actor {id: id}) WITH id, a WHERE a IS NULL "
        "RETURN collect(id) AS missing",
        {"ids": actor_ids},
    )
    record = await result.single(strict=True)
    return list(record["missing"])


def _scope_checked(role: str, actor_ids: list[str]) -> list[str]:
    """A member needs at least one actor; the other roles carry none."""
    if role == "member" and not actor_ids:
        raise AccountError(
            "Ein Mitglied braucht mindestens einen Akteur, für den es spricht / a member "
            "needs at least one actor it speaks for"
        )
    return sorted(set(actor_ids)) if role == "member" else []


ACCOUNT_LABEL = "Account"
"""The label of account entries in the history (``graph.history.store.ADMIN_ONLY_LABELS``)."""

RECORDED = ("email", "displayName", "role", "actorIds", "disabled")
"""The fields of an account the history shows (never ``passwordHash``)."""

PASSWORD_RESET = "(zurückgesetzt)"
"""What the history says of a password: that it was reset, never the password itself."""


def _shown(account: Account) -> dict[str, Any]:
    return {
        "email": account.email,
        "displayName": account.display_name,
        "role": account.role,
        "actorIds": sorted(account.actor_ids),
        "disabled": account.disabled,
    }


async def _record(
    tx: neo4j.AsyncManagedTransaction,
    change: ChangeMeta | None,
    account: Account,
    fields: list[tuple[str, Any, Any]],
    op: Op = "updated",
) -> None:
    """Record one account change as a ``Change`` in ``tx`` (the revision advances with it)."""
    if not fields:
        return
    entry = Entry(ACCOUNT_LABEL, account.id, account.email, op, fields)
    revision = await (await tx.run(REVISION_BUMP)).single(strict=True)
    now = datetime.now(UTC)
    await history.record(tx, change or cli_author(), Journal([entry]), int(revision["value"]), now)


_CREATE = """
CREATE (a:Account {id: $id, email: $email, displayName: $displayName, role: $role,
  actorIds: $actorIds, passwordHash: $hash, disabled: false, createdAt: datetime(),
  failedLogins: 0})
RETURN a {.*} AS a
"""


async def create_account(
    driver: neo4j.AsyncDriver,
    database: str,
    email: str,
    role: str,
    actor_ids: list[str] | None = None,
    password: str | None = None,
    display_name: str | None = None,
    change: ChangeMeta | None = None,
) -> tuple[Account, str | None]:
    """Create an account; with no ``password`` a one-time password is made and returned.

    Recorded in the history as by ``change`` (the command line's user when None).

    Refused (``AccountError``) for a bad e-mail or role, a member without actors, an actor
    that does not exist, a short password, or an e-mail that has an account already.
    """
    email = normalised_email(email)
    role = checked_role(role)
    actors = _scope_checked(role, list(actor_ids or ()))
    given = checked_password(password) if password is not None else None
    secret = given or one_time_password()
    hashed = await hash_password(secret)

    async def work(tx: neo4j.AsyncManagedTransaction) -> Account:
        missing = await _missing_actors(tx, actors)
        if missing:
            raise AccountError(f"Unbekannte Akteure / unknown actors: {', '.join(missing)}")
        exists = await (await tx.run("MATCH (a:Account {email: $e}) RETURN a.id", e=email)).peek()
        if exists is not None:
            raise AccountError(f"Es gibt schon ein Konto für {email} / {email} has an account")
        params = {
            "id": "acc-" + secrets.token_hex(6),
            "email": email,
            "displayName": display_name or email,
            "role": role,
            "actorIds": actors,
            "hash": hashed,
        }
        record = await (await tx.run(_CREATE, params)).single(strict=True)
        account = account_of(record["a"])
        fields = [(name, None, value) for name, value in _shown(account).items()]
        await _record(tx, change, account, fields, "created")
        return account

    async with driver.session(database=database) as session:
        try:
            account = await session.execute_write(work)
        except neo4j.exceptions.ConstraintError:
            raise AccountError(
                f"Es gibt schon ein Konto für {email} / {email} has an account"
            ) from None
    return account, (None if given else secret)


async def list_accounts(driver: neo4j.AsyncDriver, database: str) -> list[Account]:
    """Every account, by e-mail."""
    records, _, _ = await driver.execute_query(
        "MATCH (a:Account) RETURN a {.*} AS a ORDER BY a.email",
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    return [account_of(r["a"]) for r in records]


async def get_account(driver: neo4j.AsyncDriver, database: str, account_id: str) -> Account | None:
    records, _, _ = await driver.execute_query(
        "MATCH (a:Account {id: $id}) RETURN a {.*} AS a",
        {"id": account_id},
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    return account_of(records[0]["a"]) if records else None


async def update_account(
    driver: neo4j.AsyncDriver,
    database: str,
    account_id: str,
    role: str | None = None,
    actor_ids: list[str] | None = None,
    disabled: bool | None = None,
    change: ChangeMeta | None = None,
) -> Account | None:
    """Change role, actors or the disabled flag (None: keep); None when the id is unknown.

    What changed is recorded in the history as by ``change`` (the command line's user when
    None); an update that changes nothing records nothing.

    Disabling an account or changing its role or actors ends its sessions: whatever it may
    do next is decided on the new terms, at its next sign-in.
    """

    async def work(tx: neo4j.AsyncManagedTransaction) -> Account | None:
        result = await tx.run("MATCH (a:Account {id: $id}) RETURN a {.*} AS a", id=account_id)
        record = await result.single()
        if record is None:
            return None
        current = account_of(record["a"])
        new_role = checked_role(role) if role is not None else current.role
        actors = _scope_checked(
            new_role, list(actor_ids) if actor_ids is not None else list(current.actor_ids)
        )
        missing = await _missing_actors(tx, actors)
        if missing:
            raise AccountError(f"Unbekannte Akteure / unknown actors: {', '.join(missing)}")
        new_disabled = current.disabled if disabled is None else disabled
        result = await tx.run(
            "MATCH (a:Account {id: $id}) SET a.role = $role, a.actorIds = $actors, "
            "a.disabled = $disabled RETURN a {.*} AS a",
            id=account_id,
            role=new_role,
            actors=actors,
            disabled=new_disabled,
        )
        updated = account_of((await result.single(strict=True))["a"])
        if (new_role, actors, new_disabled) != (
            current.role,
            list(current.actor_ids),
            current.disabled,
        ):
            await tx.run("MATCH (s:Session {accountId: $id}) DELETE s", id=account_id)
        before, after = _shown(current), _shown(updated)
        fields = [(n, before[n], after[n]) for n in RECORDED if before[n] != after[n]]
        await _record(tx, change, updated, fields)
        return updated

    async with driver.session(database=database) as session:
        return await session.execute_write(work)


async def disable_account(
    driver: neo4j.AsyncDriver, database: str, email: str, change: ChangeMeta | None = None
) -> Account | None:
    """Disable the account of ``email`` and end its sessions; None when there is none."""
    records, _, _ = await driver.execute_query(
        "MATCH (a:Account {email: $email}) RETURN a.id AS id",
        {"email": normalised_email(email)},
        database_=database,
    )
    if not records:
        return None
    return await update_account(driver, database, records[0]["id"], disabled=True, change=change)


async def reset_password(
    driver: neo4j.AsyncDriver, database: str, account_id: str, change: ChangeMeta | None = None
) -> tuple[Account, str] | None:
    """A new one-time password for the account (its sessions end); None when unknown.

    The history records that the password was reset (``PASSWORD_RESET``), never which."""
    secret = one_time_password()
    hashed = await hash_password(secret)

    async def work(tx: neo4j.AsyncManagedTransaction) -> Account | None:
        result = await tx.run(
            "MATCH (a:Account {id: $id}) SET a.passwordHash = $hash, a.failedLogins = 0 "
            "WITH a OPTIONAL MATCH (s:Session {accountId: a.id}) DELETE s "
            "RETURN DISTINCT a {.*} AS a",
            id=account_id,
            hash=hashed,
        )
        record = await result.single()
        if record is None:
            return None
        account = account_of(record["a"])
        await _record(tx, change, account, [("password", None, PASSWORD_RESET)])
        return account

    async with driver.session(database=database) as session:
        account = await session.execute_write(work)
    return (account, secret) if account is not None else None


@dataclass(frozen=True)
class SignIn:
    """The outcome of checking an e-mail and a password."""

    account: Account | None
    refusal: str | None = None
    """``INVALID_CREDENTIALS`` or ``ACCOUNT_DISABLED`` when ``account`` is None."""


async def check_password(
    driver: neo4j.AsyncDriver, database: str, email: str, password: str
) -> SignIn:
    """Verify a password; on success stamp ``lastLoginAt``, on failure count ``failedLogins``.

    An unknown e-mail costs the same hashing time as a wrong password, so the answer's
    timing does not tell which accounts exist. A disabled account is named as such only
    when the password is right.
    """
    try:
        email = normalised_email(email)
    except AccountError:
        await asyncio.to_thread(HASHER.verify, password, _DUMMY_HASH)
        return SignIn(None, "INVALID_CREDENTIALS")
    records, _, _ = await driver.execute_query(
        "MATCH (a:Account {email: $email}) RETURN a {.*} AS a",
        {"email": email},
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    if not records:
        await asyncio.to_thread(HASHER.verify, password, _DUMMY_HASH)
        return SignIn(None, "INVALID_CREDENTIALS")
    node = records[0]["a"]
    valid, rehashed = await asyncio.to_thread(
        HASHER.verify_and_update, password, node["passwordHash"]
    )
    if not valid:
        await driver.execute_query(
            "MATCH (a:Account {id: $id}) SET a.failedLogins = coalesce(a.failedLogins, 0) + 1",
            {"id": node["id"]},
            database_=database,
        )
        return SignIn(None, "INVALID_CREDENTIALS")
    account = account_of(node)
    if account.disabled:
        return SignIn(None, "ACCOUNT_DISABLED")
    await driver.execute_query(
        "MATCH (a:Account {id: $id}) SET a.lastLoginAt = datetime(), a.failedLogins = 0, "
        "a.passwordHash = coalesce($rehashed, a.passwordHash)",
        {"id": account.id, "rehashed": rehashed},
        database_=database,
    )
    return SignIn(account)
