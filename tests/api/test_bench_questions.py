"""The questions of ``python -m bench library`` are valid, and the bench's equality check
holds for our API against the hand-written floor (``bench/library_questions.py``).

The bench times a question only after every contestant's answer equals the floor's, for
every request's parameters; here the same check runs on the shipped Gifhorn data for our
API (the library's answers need node and are checked by the bench itself), so a question
whose floor and GraphQL document drifted apart fails here first.
"""

from __future__ import annotations

from typing import Any

import neo4j
import pytest
from graphql import parse, validate
from starlette.testclient import TestClient

from bench.bench_library import (
    choose_params,
    choose_pools,
    first_difference,
    normalise,
    runnable,
    variants,
)
from bench.library_questions import CASES, VARIED, Case
from graph.settings import Settings
from schema.app import create_app
from schema.cost import measure_operations
from schema.limits import DEFAULT_LIMITS
from schema.schema import PAGE_DEFAULTS, schema

MIDDLE = """query ($after: String) {
  actors(first: 100, after: $after) { edges { cursor } pageInfo { hasNextPage } }
}"""


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_question_is_valid_for_our_schema_and_within_the_cost_limit(case: Case) -> None:
    document = parse(case.ours)

    assert validate(schema._schema, document) == []
    cost = measure_operations(schema._schema, document, {}, PAGE_DEFAULTS).cost
    assert 0 < cost <= DEFAULT_LIMITS.max_cost
    parse(case.library)  # the library's document is at least well-formed GraphQL


def test_there_are_at_least_ten_new_questions_and_each_varies_its_arguments() -> None:
    assert len(VARIED) >= 10
    assert all(case.vary for case in VARIED)
    assert len({case.name for case in CASES}) == len(CASES)


def _cursors(client: TestClient, offsets: list[int]) -> list[str]:
    """Our cursors before each offset of the actor list (as ``bench.middle_cursors``)."""
    cursors: list[str] = []
    after: str | None = None
    while len(cursors) < max(offsets):
        body = client.post("/graphql", json={"query": MIDDLE, "variables": {"after": after}})
        page = body.json()["data"]["actors"]
        cursors += [edge["cursor"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = cursors[-1]
    return [cursors[offset - 1] for offset in offsets]


def _ours(client: TestClient, case: Case, params: dict[str, Any]) -> Any:
    variables = {name: params[name] for name in params if f"${name}" in case.ours}
    body = client.post("/graphql", json={"query": case.ours, "variables": variables}).json()
    assert "errors" not in body, (case.name, body["errors"])
    return case.ours_shape(normalise(body["data"]))


def test_our_answers_equal_the_floor_for_every_request_of_every_question(
    gifhorn: neo4j.Driver, settings: Settings
) -> None:
    """On the compiled path and on the resolver path (a differential check of these shapes)."""
    database = settings.neo4j_database
    params = choose_params(gifhorn, database)
    pools = choose_pools(gifhorn, database)
    compared = 0
    for compiled in (True, False):
        chosen = settings.model_copy(update={"api_compiled": compiled})
        with TestClient(create_app(chosen, run_migrations=False)) as client:
            compared += _compare(client, gifhorn, database, params, pools)

    assert compared >= 2 * len(CASES)


def _compare(
    client: TestClient,
    driver: neo4j.Driver,
    database: str,
    params: dict[str, Any],
    pools: dict[str, list[Any]],
) -> int:
    """Every request of every question: ours equals the floor's; how many were compared."""
    compared = 0
    pools["after"] = _cursors(client, pools["offset"])
    for case in CASES:
        if not runnable(case, pools):
            continue
        answers = set()
        for request in variants(case, params, pools):
            records, _, _ = driver.execute_query(case.floor, request, database_=database)
            floor = normalise(records[0]["answer"])

            assert first_difference(floor, _ours(client, case, request)) is None, case.name
            answers.add(repr(floor))
            compared += 1
        if case.vary:  # the varied parameters really ask something else
            assert len(answers) > 1, case.name
    return compared


def test_the_check_names_where_two_answers_differ() -> None:
    floor = [{"id": "a", "kind": "association", "offerings": [{"id": "o1"}]}]

    assert first_difference(floor, normalise([{"id": "a", "kind": "ASSOCIATION",
                                               "offerings": [{"id": "o1"}]}])) is None  # fmt: skip
    assert first_difference(floor, [{"id": "a", "kind": "association", "offerings": []}]) == (
        "[0].offerings: 1 vs 0 items"
    )
    assert first_difference(floor, [{"id": "b", "kind": "association", "offerings": []}]) == (
        "[0].id: 'a' vs 'b'"
    )
