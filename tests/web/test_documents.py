"""Every GraphQL document of the web app is valid against the published schema.

The cockpit reads only the public API, with the documents a dashboard developer would write;
they live as ``.graphql`` files in ``web/src/graphql/``. Checking them against
``schema.graphql`` (the printed schema, itself checked against the code) catches a renamed
field before a browser ever sees it. Needs neither Neo4j nor a browser.
"""

from __future__ import annotations

from pathlib import Path

import graphql
import pytest

from graph.settings import PROJECT_ROOT

DOCUMENTS = PROJECT_ROOT / "web" / "src" / "graphql"
SCHEMA = PROJECT_ROOT / "schema.graphql"


def _documents() -> list[Path]:
    return sorted(DOCUMENTS.rglob("*.graphql"))


@pytest.fixture(scope="module")
def schema() -> graphql.GraphQLSchema:
    return graphql.build_schema(SCHEMA.read_text(encoding="utf-8"))


def test_the_app_has_its_documents_and_the_planner_queries() -> None:
    names = {path.relative_to(DOCUMENTS).as_posix() for path in _documents()}
    assert {"overview.graphql", "networkMap.graphql", "gaps.graphql"} <= names
    assert len([n for n in names if n.startswith("planner/")]) == 3


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.relative_to(DOCUMENTS).as_posix())
def test_document_is_valid_against_the_schema(path: Path, schema: graphql.GraphQLSchema) -> None:
    document = graphql.parse(path.read_text(encoding="utf-8"))
    errors = graphql.validate(schema, document)
    assert not errors, "\n".join(f"{path.name}: {error.message}" for error in errors)


def test_planner_queries_are_the_readme_text() -> None:
    """The GraphiQL tabs show what the README promises, word for word."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for path in sorted((DOCUMENTS / "planner").glob("*.graphql")):
        assert path.read_text(encoding="utf-8") in readme, f"{path.name} differs from README.md"
