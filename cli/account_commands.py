"""`integration-graph account create|list|disable`: accounts for signing in at the cockpit.

The first admin is made here, on the machine that runs the database (after ``make run``):
``integration-graph account create --email stabsstelle@gifhorn.de --role admin``. The
one-time password is printed once, on stdout alone; with ``--password-stdin`` the password
is read from stdin instead (``printf '%s' "$PW" | integration-graph account create ...``).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import neo4j
import typer
from rich.table import Table

from cli.console import err, error_line, out
from graph.settings import Settings

T = TypeVar("T")

account_app = typer.Typer(
    help="Konten für die Anmeldung im Cockpit / accounts for signing in.", no_args_is_help=True
)


def _with_driver(work: Callable[[neo4j.AsyncDriver, str], Awaitable[T]]) -> T:
    """Run ``work`` with the API's (async) driver, against the configured database."""
    from cli.main import ensure_server, run
    from graph.db import open_async_driver

    def step(settings: Settings) -> T:
        ensure_server(settings)

        async def main() -> T:
            driver = open_async_driver(settings)
            try:
                return await work(driver, settings.neo4j_database)
            finally:
                await driver.close()

        return asyncio.run(main())

    return run(step)


@account_app.command("create")
def account_create(
    email: str = typer.Option(..., help="The e-mail address to sign in with."),
    role: str = typer.Option(
        ..., help="admin, editor, member (its actors' records) or reader (contact data)"
    ),
    actor: list[str] = typer.Option(  # noqa: B008
        [], "--actor", help="An actor a member speaks for (repeatable; a member needs one)."
    ),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from stdin instead of making one."
    ),
    display_name: str | None = typer.Option(None, help="The name the cockpit shows."),
) -> None:
    """Create an account; print its one-time password ONCE (or read one from stdin)."""
    from graph.accounts import AccountError, create_account

    password = sys.stdin.read().rstrip("\r\n") if password_stdin else None
    try:
        account, secret = _with_driver(
            lambda driver, database: create_account(
                driver, database, email, role, list(actor), password, display_name
            )
        )
    except AccountError as error:
        err().print(error_line(str(error)))
        raise typer.Exit(2) from None
    scope = f" for {', '.join(account.actor_ids)}" if account.actor_ids else ""
    err().print(f"account {account.email} (role {account.role}{scope}) created")
    if secret is not None:
        err().print("one-time password below, shown only now; hand it over safely:")
        print(secret)


@account_app.command("list")
def account_list() -> None:
    """Every account: e-mail, role, actors, disabled, created, last sign-in."""
    from graph.accounts import list_accounts

    accounts = _with_driver(list_accounts)
    table = Table("id", "email", "role", "actors", "disabled", "created", "last sign-in")
    for a in accounts:
        table.add_row(
            a.id,
            a.email,
            a.role,
            ", ".join(a.actor_ids),
            "yes" if a.disabled else "",
            a.created_at.isoformat(timespec="seconds"),
            a.last_login_at.isoformat(timespec="seconds") if a.last_login_at else "",
        )
    out().print(table)


@account_app.command("disable")
def account_disable(email: Annotated[str, typer.Argument(metavar="EMAIL")]) -> None:
    """Disable an account at once: its sessions end, it cannot sign in any more."""
    from graph.accounts import AccountError, disable_account

    try:
        account = _with_driver(lambda driver, database: disable_account(driver, database, email))
    except AccountError as error:
        err().print(error_line(str(error)))
        raise typer.Exit(2) from None
    if account is None:
        err().print(error_line(f"no account for {email!r} (see `account list`)"))
        raise typer.Exit(1)
    print(f"account {account.email} disabled")


def register(app: typer.Typer) -> None:
    """Add the `account` command group to the main app."""
    app.add_typer(account_app, name="account")
