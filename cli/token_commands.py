"""`integration-graph token create|list|revoke` and `integration-graph schema export`.

Tokens are the only way to write through the API; they are made here, on the machine that
runs the database, and never through the API itself. The secret is printed once, on
stdout alone (so ``TOKEN=$(integration-graph token create --role editor)`` works); the
rest goes to stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cli.console import err, error_line, out
from graph.settings import PROJECT_ROOT, Settings

DEFAULT_SCHEMA_FILE = PROJECT_ROOT / "schema.graphql"

token_app = typer.Typer(
    help="API-Tokens für Mutationen / bearer tokens for mutations.", no_args_is_help=True
)
schema_app = typer.Typer(help="Das GraphQL-Schema / the GraphQL schema.", no_args_is_help=True)


@token_app.command("create")
def token_create(
    role: str = typer.Option(
        ...,
        help="reader (contact data), member (its actors' records), editor (all records) or "
        "admin (also cascade deletes)",
    ),
    name: str | None = typer.Option(None, help="Who or what the token is for."),
    actor: list[str] = typer.Option(  # noqa: B008
        [], "--actor", help="An actor a member token speaks for (repeatable)."
    ),
) -> None:
    """Create a token and print its secret ONCE (only its hash is stored)."""
    from cli.main import ensure_server, run
    from graph.db import open_driver
    from graph.tokens import ROLES, create_token

    if role not in ROLES:
        err().print(error_line(f"--role must be one of {', '.join(ROLES)} (got {role!r})"))
        raise typer.Exit(2)

    def step(settings: Settings) -> str:
        ensure_server(settings)
        with open_driver(settings) as driver:
            try:
                info, secret = create_token(
                    driver, settings.neo4j_database, role, name, list(actor)
                )
            except ValueError as error:
                err().print(error_line(str(error)))
                raise typer.Exit(2) from None
        err().print(
            f"token {info.id} (role {info.role}) created; the secret below is shown only "
            "now: send it as 'Authorization: Bearer <secret>'"
        )
        return secret

    print(run(step))


@token_app.command("list")
def token_list() -> None:
    """Every token: id, role, name, created, revoked (never the secret)."""
    from cli.main import ensure_server, run
    from graph.db import open_driver
    from graph.tokens import TokenInfo, list_tokens

    def step(settings: Settings) -> list[TokenInfo]:
        ensure_server(settings)
        with open_driver(settings) as driver:
            return list_tokens(driver, settings.neo4j_database)

    tokens = run(step)
    table = Table("id", "role", "actors", "name", "created", "revoked")
    for token in tokens:
        table.add_row(
            token.id,
            token.role,
            ", ".join(token.actor_ids),
            token.name or "",
            token.created_at.isoformat(timespec="seconds"),
            token.revoked_at.isoformat(timespec="seconds") if token.revoked_at else "",
        )
    out().print(table)


@token_app.command("revoke")
def token_revoke(token_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Revoke a token at once; requests with it are refused with 401 from now on."""
    from cli.main import ensure_server, run
    from graph.db import open_driver
    from graph.tokens import TokenInfo, revoke_token

    def step(settings: Settings) -> TokenInfo | None:
        ensure_server(settings)
        with open_driver(settings) as driver:
            return revoke_token(driver, settings.neo4j_database, token_id)

    info = run(step)
    if info is None:
        err().print(error_line(f"no token with id {token_id!r} (see `token list`)"))
        raise typer.Exit(1)
    print(f"token {info.id} revoked at {info.revoked_at}")


@schema_app.command("export")
def schema_export(
    path: Annotated[
        Path, typer.Argument(help="Where to write the SDL ('-': stdout).")
    ] = DEFAULT_SCHEMA_FILE,
) -> None:
    """Write the schema as SDL (the checked-in schema.graphql is made with this)."""
    from schema.schema import schema

    text = schema_sdl(str(schema))
    if str(path) == "-":
        print(text, end="")
        return
    from cli.files import write_atomically

    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))
    err().print(f"schema written to {path}")


def schema_sdl(printed: str) -> str:
    """The printed schema with exactly one trailing newline (what the file holds)."""
    return printed.rstrip("\n") + "\n"


def register(app: typer.Typer) -> None:
    """Add the `token` and `schema` command groups to the main app."""
    app.add_typer(token_app, name="token")
    app.add_typer(schema_app, name="schema")
