"""`integration-graph documents add|list|remove`: the county's trusted GraphQL documents.

A trusted document is known to the server by its id (``sha256:`` and the SHA-256 of its
text): clients may send the id alone (Apollo's ``persistedQuery`` extension or
``documentId``), and with ``API_TRUSTED_DOCUMENTS_ONLY`` an anonymous caller may run only
trusted documents (the cockpit's own ones always are). A document is checked against the
schema before it is stored, so a typo is found here, not by the dashboard at night.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer
from graphql import GraphQLError, parse, validate
from rich.table import Table

from cli.console import err, error_line, out
from graph.settings import Settings

documents_app = typer.Typer(
    help="Vertrauenswürdige GraphQL-Dokumente / trusted GraphQL documents.",
    no_args_is_help=True,
)


def schema_problems(text: str) -> list[str]:
    """What is wrong with a document against the server's schema (empty: nothing)."""
    from schema.schema import schema

    try:
        document = parse(text)
    except GraphQLError as error:
        return [error.message]
    return [error.message for error in validate(schema._schema, document)]


@documents_app.command("add")
def documents_add(
    files: Annotated[list[Path], typer.Argument(help="GraphQL files, one document each.")],
    name: str | None = typer.Option(None, help="A name (default: the file name)."),
) -> None:
    """Check each file against the schema and register it; print its id."""
    from cli.main import ensure_server, run
    from graph.db import open_driver
    from graph.persisted import ID_PREFIX, add_trusted

    texts: list[tuple[Path, str]] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            err().print(error_line(f"{path}: cannot read it ({error})"))
            raise typer.Exit(2) from None
        problems = schema_problems(text)
        if problems:
            err().print(error_line(f"{path}: not a valid document: {'; '.join(problems)}"))
            raise typer.Exit(2)
        texts.append((path, text))

    def step(settings: Settings) -> None:
        ensure_server(settings)
        with open_driver(settings) as driver:
            for path, text in texts:
                document_id, created = add_trusted(
                    driver,
                    settings.neo4j_database,
                    text,
                    name or path.name,
                    f"CLI {getpass.getuser()}",
                )
                out().print(f"{ID_PREFIX}{document_id}")
                err().print(f"{path}: {'added' if created else 'already trusted'}")

    run(step)


@documents_app.command("list")
def documents_list() -> None:
    """The trusted documents added so far (the cockpit's own are trusted without a list)."""
    from cli.main import ensure_server, run
    from graph.db import open_driver
    from graph.persisted import ID_PREFIX, list_trusted

    def step(settings: Settings) -> None:
        ensure_server(settings)
        with open_driver(settings) as driver:
            rows = list_trusted(driver, settings.neo4j_database)
        table = Table("id", "name", "added", "by")
        for row in rows:
            table.add_row(
                f"{ID_PREFIX}{row['id']}",
                str(row["name"]),
                str(row["addedAt"]),
                str(row["addedBy"]),
            )
        out().print(table)

    run(step)


@documents_app.command("remove")
def documents_remove(
    document_id: str = typer.Argument(help="sha256:<hex> as `add` printed."),
) -> None:
    """Stop trusting a document (each server process notices within a minute)."""
    from cli.main import ensure_server, run
    from graph.db import open_driver
    from graph.persisted import parse_id, remove_trusted

    parsed = parse_id(document_id)
    if parsed is None:
        err().print(error_line(f"not a document id: {document_id!r} (sha256:<64 hex digits>)"))
        raise typer.Exit(2)

    def step(settings: Settings) -> None:
        ensure_server(settings)
        with open_driver(settings) as driver:
            removed = remove_trusted(driver, settings.neo4j_database, parsed)
        if not removed:
            err().print(error_line(f"no trusted document {document_id}"))
            raise typer.Exit(1)
        err().print(f"{document_id} removed")

    run(step)


def register(app: typer.Typer) -> None:
    """Add the `documents` command group to the main app."""
    app.add_typer(documents_app, name="documents")
