"""Accounts in GraphQL: ``me`` for everyone, account management for admins.

``me`` answers who the request is signed in as (null when anonymous; a bearer token has no
account, so ``me`` is null for scripts too). ``accounts``, ``createAccount``,
``updateAccount`` and ``resetPassword`` are the Stabsstelle's (role ``admin``). A new
account or a reset gets a one-time password, answered once and never stored in the clear.
Every account change is recorded in the history under the admin's name (``graph.accounts``).
"""

from __future__ import annotations

from datetime import datetime

import strawberry

from graph import accounts as store
from schema.context import Info
from schema.errors import BadUserInput, NotFound
from schema.history_rules import change_meta
from schema.permissions import IsAdmin


@strawberry.type(description="Ein Akteur, für den ein Konto spricht / an actor of an account")
class AccountActor:
    id: strawberry.ID
    name: str | None


@strawberry.type(description="Ein Konto für die Anmeldung / an account for signing in")
class Account:
    id: strawberry.ID
    email: str
    display_name: str
    role: str = strawberry.field(description="reader, member, editor oder admin")
    actor_ids: list[strawberry.ID]
    disabled: bool
    created_at: datetime
    last_login_at: datetime | None

    @strawberry.field(description="Die Akteure eines Mitglieds / a member's actors")
    async def actors(self, info: Info) -> list[AccountActor]:
        if not self.actor_ids:
            return []
        records, _, _ = await info.context.driver.execute_query(
            info.context.query(
                "UNWIND $ids AS id MATCH (a:Actor {id: id}) RETURN a.id AS id, a.name AS name "
                "ORDER BY a.name"
            ),
            {"ids": [str(i) for i in self.actor_ids]},
            database_=info.context.database,
        )
        return [AccountActor(id=strawberry.ID(r["id"]), name=r["name"]) for r in records]

    @classmethod
    def of(cls, account: store.Account) -> Account:
        return cls(
            id=strawberry.ID(account.id),
            email=account.email,
            display_name=account.display_name,
            role=account.role,
            actor_ids=[strawberry.ID(a) for a in account.actor_ids],
            disabled=account.disabled,
            created_at=account.created_at,
            last_login_at=account.last_login_at,
        )


@strawberry.input(description="Neues Konto / a new account")
class AccountInput:
    email: str
    role: str
    actor_ids: list[strawberry.ID] | None = None
    display_name: str | None = None


@strawberry.input(description="Konto ändern; ohne Angabe bleibt es / change; omitted: kept")
class AccountPatch:
    role: str | None = None
    actor_ids: list[strawberry.ID] | None = None
    disabled: bool | None = None


@strawberry.type
class CreateAccountPayload:
    account: Account
    one_time_password: str = strawberry.field(
        description="Einmalpasswort, nur jetzt sichtbar / shown only now"
    )


@strawberry.type
class ResetPasswordPayload:
    account: Account
    one_time_password: str = strawberry.field(
        description="Einmalpasswort, nur jetzt sichtbar / shown only now"
    )


def _unknown(account_id: str) -> NotFound:
    return NotFound(f"Kein Konto mit id {account_id} / no account {account_id}", field="id")


@strawberry.type
class AccountQuery:
    @strawberry.field(description="Das angemeldete Konto (null: anonym) / the signed-in account")
    async def me(self, info: Info) -> Account | None:
        caller = info.context.caller
        if caller is None or caller.account_id is None:
            return None
        found = await store.get_account(
            info.context.driver, info.context.database, caller.account_id
        )
        return Account.of(found) if found is not None else None

    @strawberry.field(permission_classes=[IsAdmin], description="Alle Konten (nur admin)")
    async def accounts(self, info: Info) -> list[Account]:
        found = await store.list_accounts(info.context.driver, info.context.database)
        return [Account.of(a) for a in found]


@strawberry.type
class AccountMutation:
    @strawberry.mutation(permission_classes=[IsAdmin], description="Konto anlegen (nur admin)")
    async def create_account(self, info: Info, input: AccountInput) -> CreateAccountPayload:
        try:
            account, secret = await store.create_account(
                info.context.driver,
                info.context.database,
                input.email,
                input.role,
                [str(a) for a in input.actor_ids or ()],
                display_name=input.display_name,
                change=change_meta(info),
            )
        except store.AccountError as error:
            raise BadUserInput(str(error), field="input") from None
        assert secret is not None
        return CreateAccountPayload(account=Account.of(account), one_time_password=secret)

    @strawberry.mutation(
        permission_classes=[IsAdmin],
        description="Rolle, Akteure oder Sperre ändern; beendet die Sitzungen des Kontos "
        "(nur admin) / change role, actors or disabled; ends the account's sessions",
    )
    async def update_account(self, info: Info, id: strawberry.ID, input: AccountPatch) -> Account:
        try:
            account = await store.update_account(
                info.context.driver,
                info.context.database,
                str(id),
                role=input.role,
                actor_ids=[str(a) for a in input.actor_ids]
                if input.actor_ids is not None
                else None,
                disabled=input.disabled,
                change=change_meta(info),
            )
        except store.AccountError as error:
            raise BadUserInput(str(error), field="input") from None
        if account is None:
            raise _unknown(str(id))
        return Account.of(account)

    @strawberry.mutation(
        permission_classes=[IsAdmin],
        description="Neues Einmalpasswort; beendet die Sitzungen (nur admin) / a new one-time "
        "password; ends the account's sessions",
    )
    async def reset_password(self, info: Info, id: strawberry.ID) -> ResetPasswordPayload:
        found = await store.reset_password(
            info.context.driver, info.context.database, str(id), change=change_meta(info)
        )
        if found is None:
            raise _unknown(str(id))
        account, secret = found
        return ResetPasswordPayload(account=Account.of(account), one_time_password=secret)
