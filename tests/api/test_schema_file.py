"""The checked-in schema.graphql is the schema the code builds, character for character."""

from __future__ import annotations

from pathlib import Path

from graphql import build_schema, find_breaking_changes
from typer.testing import CliRunner

from cli.main import app as cli
from cli.token_commands import schema_sdl
from graph.settings import PROJECT_ROOT
from schema.schema import schema

SCHEMA_FILE = PROJECT_ROOT / "schema.graphql"


def test_schema_file_matches_the_code() -> None:
    printed = schema_sdl(str(schema))

    assert SCHEMA_FILE.exists(), "schema.graphql is missing: run `integration-graph schema export`"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == printed, (
        "schema.graphql and the code have drifted apart: run `integration-graph schema export` "
        "and commit schema.graphql"
    )


def test_schema_export_writes_the_printed_schema(tmp_path: Path) -> None:
    target = tmp_path / "out.graphql"

    result = CliRunner().invoke(cli, ["schema", "export", str(target)])

    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == schema_sdl(str(schema))
    assert "type Mutation" in target.read_text(encoding="utf-8")


RELEASED = Path(__file__).parent / "data" / "schema_released.graphql"
"""The schema as released before the API was derived from the data contract (8850708)."""


def test_the_schema_only_grew_since_the_release() -> None:
    """Every query a client wrote against the released schema still validates.

    graphql-core's ``find_breaking_changes`` lists removed types and fields, changed field
    and argument types, removed enum values and new required arguments: exactly what would
    break a dashboard. Additions (new fields, filters, types) are allowed.
    """
    released = build_schema(RELEASED.read_text(encoding="utf-8"))

    breaking = find_breaking_changes(released, schema._schema)

    assert breaking == [], "\n".join(change.description for change in breaking)
