"""A mutation's validation error says, per field, in German what is wrong.

Every problem in ``extensions.problems`` carries the field, ``message`` ("Deutsch /
English"), ``german`` (what the cockpit shows at the field) and ``type``, worded from the
one table the loaders use too (``domain.wording``). One case per kind of problem, on real
Neo4j, through create, update and relationship mutations; the graph is unchanged after each.
"""

from __future__ import annotations

from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graph.settings import Settings
from tests.api.test_mutations_nodes import (
    COURSE,
    CREATE_ACTOR,
    CREATE_OFFERING,
    KVHS,
    UPDATE_ACTOR,
    editor,
    gql,
    only_error,
    seeded,
    snapshot,
)

__all__ = ["editor", "seeded"]  # fixtures

CONNECT_MEMBERSHIP = """
mutation($input: MembershipInput!) { connectMembership(input: $input) { outcome } }"""

NEW = {**KVHS, "id": "kvhs-zwei"}
"""A second actor: the KVHS itself is stored already (the update case changes it)."""

CASES: dict[str, tuple[str, dict[str, Any], str, str, str]] = {
    # kind of problem: (mutation, variables, field, type, German words)
    "required": (
        CREATE_ACTOR,
        {"input": {**NEW, "name": "   "}},
        "input.name",
        "too_short",
        "Pflichtangabe: darf nicht leer sein",
    ),
    "too long": (
        CREATE_ACTOR,
        {"input": {**NEW, "id": "a" * 81}},
        "input.id",
        "slug_too_long",
        "Kennung zu lang: 81 Zeichen, höchstens 80",
    ),
    "a name longer than a name": (
        UPDATE_ACTOR,
        {"id": "kvhs-gifhorn", "input": {"name": "Kreisvolkshochschule " * 10}},
        "input.name",
        "too_long",
        "zu lang: höchstens 200 Zeichen",
    ),
    "bad id": (
        CREATE_ACTOR,
        {"input": {**NEW, "id": "KVHS Gifhorn"}},
        "input.id",
        "slug",
        "'KVHS Gifhorn' ist keine gültige Kennung",
    ),
    "bad e-mail": (
        CREATE_ACTOR,
        {"input": {**NEW, "email": "kvhs(at)gifhorn"}},
        "input.email",
        "email",
        "'kvhs(at)gifhorn' ist keine gültige E-Mail-Adresse",
    ),
    "bad web address on update": (
        UPDATE_ACTOR,
        {"id": "kvhs-gifhorn", "input": {"website": "kvhs.de"}},
        "input.website",
        "url",
        "'kvhs.de' ist keine gültige Webadresse",
    ),
    "bad date (a period ending before it starts)": (
        CREATE_OFFERING,
        {"input": {**COURSE, "startDate": "2019-06-30", "endDate": "2018-09-01"}},
        "input.endDate",
        "period",
        "Ende (01.09.2018) liegt vor Beginn (30.06.2019)",
    ),
    "number too small": (
        CREATE_OFFERING,
        {"input": {**COURSE, "capacity": -5}},
        "input.capacity",
        "greater_than_equal",
        "zu klein: mindestens 0",
    ),
    "unknown reference": (
        CREATE_ACTOR,
        {"input": {**NEW, "activeIn": ["gifhorn", "atlantis"]}},
        "input.activeIn",
        "unknown_reference",
        "Gemeinde 'atlantis' gibt es nicht",
    ),
    "bad id in a relationship": (
        CONNECT_MEMBERSHIP,
        {"input": {"actor": "KVHS!", "workingGroup": "ak-bildung", "source": "t"}},
        "input.actor",
        "slug",
        "'KVHS!' ist keine gültige Kennung",
    ),
}


@pytest.fixture
def kvhs(seeded: neo4j.Driver, client: TestClient, editor: dict[str, str]) -> neo4j.Driver:
    """The seeded graph with the KVHS, whose offering and update the cases need."""
    assert not gql(client, CREATE_ACTOR, editor, input=KVHS).get("errors")
    return seeded


@pytest.mark.parametrize("case", list(CASES))
def test_each_kind_of_problem_is_worded_in_german_at_its_field(
    kvhs: neo4j.Driver,
    settings: Settings,
    client: TestClient,
    editor: dict[str, str],
    case: str,
) -> None:
    mutation, variables, field, kind, words = CASES[case]
    before = snapshot(kvhs, settings.neo4j_database)

    error = only_error(gql(client, mutation, editor, **variables))

    assert error["extensions"]["field"] == field
    [problem] = [p for p in error["extensions"]["problems"] if p["field"] == field]
    assert problem["type"] == kind
    assert problem["german"].startswith(words), problem
    german, english = problem["message"].split(" / ", 1)
    assert german == problem["german"] and english
    assert error["message"].startswith("Ungültige Eingabe") or error["message"].startswith(
        problem["german"]
    )
    assert snapshot(kvhs, settings.neo4j_database) == before


def test_every_field_of_an_input_gets_its_own_german_words(
    kvhs: neo4j.Driver, client: TestClient, editor: dict[str, str]
) -> None:
    body = gql(
        client,
        CREATE_ACTOR,
        editor,
        input={**NEW, "email": "x", "phone": "ruf an", "name": ""},
    )

    problems = {p["field"]: p["german"] for p in only_error(body)["extensions"]["problems"]}

    assert problems == {
        "input.name": "Pflichtangabe: darf nicht leer sein",
        "input.email": "'x' ist keine gültige E-Mail-Adresse",
        "input.phone": "'ruf an' ist keine Telefonnummer: bitte nur Ziffern, Leerzeichen, "
        "+, -, /, ( und )",
    }
