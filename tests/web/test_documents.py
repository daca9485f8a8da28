"""Every GraphQL document of the web app is valid against the published schema.

The cockpit reads only the public API, with the documents a dashboard developer would write;
they live as ``.graphql`` files in ``web/src/graphql/``. Checking them against
``schema.graphql`` (the printed schema, itself checked against the code) catches a renamed
field before a browser ever sees it. Needs neither Neo4j nor a browser.
"""

from __future__ import annotations

import json
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


FORMS = PROJECT_ROOT / "web" / "src" / "edit" / "forms.json"


def _type_name(field_type: graphql.GraphQLInputType) -> str:
    """`String`, `Int`, `[ID!]` or `ENUM` for an input field's type (nullability aside)."""
    bare = graphql.get_nullable_type(field_type)
    if isinstance(bare, graphql.GraphQLList):
        return f"[{graphql.get_named_type(bare).name}!]"
    named = graphql.get_named_type(bare)
    return "ENUM" if isinstance(named, graphql.GraphQLEnumType) else named.name


def test_edit_forms_describe_the_mutation_inputs(schema: graphql.GraphQLSchema) -> None:
    """The cockpit's one table of form fields matches the schema: every field exists in the
    create input and the patch, its control fits the GraphQL type, every enum value exists,
    and every patch field is in a form or deliberately left out with a reason."""
    forms = json.loads(FORMS.read_text(encoding="utf-8"))
    controls: dict[str, list[str]] = forms["controls"]
    mutation = schema.mutation_type
    assert mutation is not None
    for kind, spec in forms["kinds"].items():
        for name in (spec["create"], spec["update"], spec["delete"]):
            assert name in mutation.fields, f"{kind}: no mutation {name}"
        create = schema.get_type(spec["input"])
        patch = schema.get_type(spec["patch"])
        assert isinstance(create, graphql.GraphQLInputObjectType), spec["input"]
        assert isinstance(patch, graphql.GraphQLInputObjectType), spec["patch"]
        described = {field["name"] for field in spec["fields"]}
        for field in spec["fields"]:
            where = f"{kind}.{field['name']}"
            assert field["name"] in patch.fields, f"{where} is not in {spec['patch']}"
            assert field["name"] in create.fields, f"{where} is not in {spec['input']}"
            actual = _type_name(patch.fields[field["name"]].type)
            assert actual in controls[field["control"]], f"{where}: {actual} vs {field['control']}"
            if field["control"] == "enum":
                enum = schema.get_type(field["enum"])
                assert isinstance(enum, graphql.GraphQLEnumType), where
                assert set(field["values"]) == set(enum.values), where
            required = graphql.is_non_null_type(create.fields[field["name"]].type)
            assert bool(field.get("required")) == required, f"{where}: required is {required}"
        missing = set(patch.fields) - described - set(spec["omitted"])
        assert not missing, f"{kind}: patch fields in no form and not omitted: {missing}"


def _selected(document: graphql.DocumentNode) -> dict[str, str]:
    """``response key -> field name`` of the first query's root field's selection."""
    operation = next(
        d
        for d in document.definitions
        if isinstance(d, graphql.OperationDefinitionNode)
        and d.operation is graphql.OperationType.QUERY
    )
    root = operation.selection_set.selections[0]
    assert isinstance(root, graphql.FieldNode) and root.selection_set is not None
    return {
        (s.alias or s.name).value: s.name.value
        for s in root.selection_set.selections
        if isinstance(s, graphql.FieldNode)
    }


@pytest.mark.parametrize("kind", json.loads(FORMS.read_text(encoding="utf-8"))["kinds"])
def test_every_value_a_form_edits_is_shown_on_the_records_page(kind: str) -> None:
    """What a member saves must be on the page it returns to: each field of the kind's form
    (read by the form's own document under the input's name) is asked for by the kind's
    detail page. A saved founding year that the actor page never asked for looked lost."""
    spec = json.loads(FORMS.read_text(encoding="utf-8"))["kinds"][kind]
    edited = _selected(graphql.parse((DOCUMENTS / "edit" / f"{kind}.graphql").read_text()))
    shown = set(_selected(graphql.parse((DOCUMENTS / f"{kind}.graphql").read_text())).values())
    missing = [f["name"] for f in spec["fields"] if edited[f["name"]] not in shown]
    assert not missing, f"{kind}: edited in the form, not shown on its page: {missing}"


def test_the_history_looks_up_the_names_of_every_kind_a_form_refers_to() -> None:
    """The change history shows a reference field's records by name (``recordNames``): one
    list per kind a form field refers to, its variable named as the kind (the cockpit sends
    one per kind of ``forms.json``)."""
    forms = json.loads(FORMS.read_text(encoding="utf-8"))["kinds"]
    referred = {
        field["ref"]
        for spec in forms.values()
        for field in spec["fields"]
        if field["control"] in ("ref", "refs")
    }
    document = graphql.parse((DOCUMENTS / "recordNames.graphql").read_text())
    (operation,) = document.definitions
    assert isinstance(operation, graphql.OperationDefinitionNode)
    variables = {v.variable.name.value for v in operation.variable_definitions or ()}
    lists = {
        (s.alias or s.name).value
        for s in operation.selection_set.selections
        if isinstance(s, graphql.FieldNode)
    }
    assert variables == lists == referred
