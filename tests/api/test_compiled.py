"""The compiled path answers exactly as the resolver path, also where it hands over.

The broad proof is the differential corpus (``test_differential.py``); these are the cases
where the compiled path must step aside or mask: documents mixing compiled fields with
fields that need Python, personal data, refused arguments, data that breaks a promise of
the schema, and the bound on the plan cache.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from domain.contract import CONTRACT
from graph.queries.runner import fetch as run_statement
from graph.queries.statement import Statement
from graph.settings import Settings
from graph.tokens import create_token
from schema import compiled as compiled_module
from schema import compiler, roots
from schema.app import create_app
from schema.compiled import Compilation, CompilerBug, PlanCache
from schema.compiler import Planner, Reason, uncompiled_fields
from schema.schema import schema
from schema.types import aggregates, nested

Clients = tuple[TestClient, TestClient]
LABELS = set(CONTRACT.labels)


@pytest.fixture
def both(gifhorn: neo4j.Driver, settings: Settings) -> Iterator[Clients]:
    """A client on the compiled path and one on the resolver path, on the Gifhorn data."""
    compiled = TestClient(create_app(settings.model_copy(update={"api_compiled": True})))
    resolvers = TestClient(create_app(settings.model_copy(update={"api_compiled": False})))
    with compiled, resolvers:
        yield compiled, resolvers


def answers(
    clients: Clients, query: str, headers: dict[str, str] | None = None, **variables: Any
) -> tuple[Any, Any]:
    body = {"query": query, "variables": variables}
    first, second = (c.post("/graphql", json=body, headers=headers or {}) for c in clients)
    assert first.status_code == second.status_code
    return first.json(), second.json()


MIXED = """{
  whoWorksOn(topic: ["sprache"], municipality: ["meinersen"]) { offeringCount }
  actors(first: 3) { totalCount edges { node { name offerings(first: 2) { title } } } }
  revision
  topic(id: "sprache") { name offerings(first: 2) { title providers { name } } }
  search(text: "Sprache", first: 2) { score }
}"""


def test_a_mixed_document_answers_as_the_resolver_path_in_the_order_asked(
    both: Clients,
) -> None:
    compiled, resolvers = answers(both, MIXED)

    assert compiled == resolvers
    assert list(compiled["data"]) == ["whoWorksOn", "actors", "revision", "topic", "search"]
    assert compiled["data"]["actors"]["totalCount"] > 3


COORDINATORS = "{ coordinators(first: 50) { edges { node { name email phone } } } }"


def test_contact_data_stays_hidden_from_anonymous_callers_on_the_compiled_path(
    both: Clients, gifhorn: neo4j.Driver, settings: Settings
) -> None:
    gifhorn.execute_query(
        "MATCH (c:Coordinator) WITH c ORDER BY c.name LIMIT 1 SET c.email = 'k@gifhorn.de'",
        database_=settings.neo4j_database,
    )
    _, secret = create_token(gifhorn, settings.neo4j_database, "editor", "compiled test")
    editor = {"Authorization": f"Bearer {secret}"}

    anonymous, anonymous_resolvers = answers(both, COORDINATORS)
    signed_in, signed_in_resolvers = answers(both, COORDINATORS, editor)

    nodes = [e["node"] for e in anonymous["data"]["coordinators"]["edges"]]
    assert nodes and all(n["email"] is None and n["phone"] is None for n in nodes)
    shown = [e["node"]["email"] for e in signed_in["data"]["coordinators"]["edges"]]
    assert "k@gifhorn.de" in shown
    assert anonymous == anonymous_resolvers and signed_in == signed_in_resolvers


@pytest.mark.parametrize(
    "query",
    [
        '{ actors(after: "not-a-cursor") { edges { node { id } } } }',
        "{ actors(first: -1) { edges { node { id } } } }",
        '{ actor(id: "awo-gifhorn") { offerings(first: -2) { id } } }',
    ],
)
def test_refused_arguments_give_the_resolver_paths_error(both: Clients, query: str) -> None:
    compiled, resolvers = answers(both, query)

    assert compiled == resolvers
    assert compiled["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_null_where_the_schema_promises_a_value_is_reported_as_on_the_resolver_path(
    both: Clients, gifhorn: neo4j.Driver, settings: Settings
) -> None:
    gifhorn.execute_query(
        "CREATE (:Actor {id: 'aaa-nameless', kind: 'association', source: 'test'})",
        database_=settings.neo4j_database,
    )
    query = '{ actor(id: "aaa-nameless") { id name } topics(first: 1) { totalCount } }'

    compiled, resolvers = answers(both, query)

    for error in (*compiled["errors"], *resolvers["errors"]):  # request ids differ
        error["message"] = re.sub(r"request id \w+", "request id -", error["message"])
        error["extensions"].pop("requestId")
    assert compiled == resolvers
    assert compiled["errors"][0]["path"] == ["actor", "name"]
    assert compiled["data"]["topics"]["totalCount"] > 0


def test_the_plan_cache_keeps_the_most_recent_plans_only() -> None:
    cache = PlanCache(size=2)
    plans = [Compilation(None, {}, [], [], None) for _ in range(3)]  # type: ignore[arg-type]
    for index, plan in enumerate(plans):
        cache.put((str(index), None, "{}"), plan)

    assert cache.get(("0", None, "{}")) is None
    assert cache.get(("1", None, "{}")) is plans[1]
    assert cache.get(("2", None, "{}")) is plans[2]


# --- what the compiled path leaves to the resolver path, and what it never hides ------------


def test_a_planner_bug_is_a_logged_internal_error_not_a_quiet_fallback(
    both: Clients, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def bug(*args: Any) -> Any:
        raise RuntimeError("a bug in the planner")

    monkeypatch.setattr(Planner, "select", bug)
    compiled, _ = both
    query = '{ actor(id: "awo-gifhorn") { name } revision }'

    with caplog.at_level(logging.ERROR, logger="integration_graph.api"):
        body = compiled.post("/graphql", json={"query": query}).json()

    assert body["data"]["actor"] is None  # not answered by the resolver path instead
    assert body["data"]["revision"] is not None  # the rest of the document is answered
    [error] = body["errors"]
    assert error["path"] == ["actor"]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    logged = [r for r in caplog.records if r.levelno == logging.ERROR and r.exc_info]
    assert any(isinstance(r.exc_info[1], CompilerBug) for r in logged if r.exc_info)
    assert any("a bug in the planner" in r.exc_text for r in logged if r.exc_text)


def test_a_bug_while_answering_is_a_logged_internal_error(
    both: Clients, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def bug(*args: Any) -> Any:
        raise KeyError("a bug while answering")

    monkeypatch.setattr(compiler, "index_rows", bug)
    compiled, _ = both

    with caplog.at_level(logging.ERROR, logger="integration_graph.api"):
        body = compiled.post("/graphql", json={"query": ACTORS}).json()

    assert body["data"] is None  # actors is non-null: its error nulls the whole answer
    assert [e["path"] for e in body["errors"]] == [["actors"]]
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert any(r.exc_info and isinstance(r.exc_info[1], CompilerBug) for r in caplog.records)


ACTORS = "{ actors(first: 2) { edges { node { name offerings { title } } } } }"
NESTED = """{
  actors(first: 5, sort: {field: NAME}) {
    totalCount
    edges { node { name memberships(role: [CHAIR, MEMBER]) { role workingGroup { name } }
                   offerings(first: 2) { title topics { name } } partOf { name }
                   offeringsAggregate { count } } }
  }
  municipality(id: "meinersen") { offerings(scope: EXACT, first: 3) { title } }
  country(id: "sy") { residents(first: 2) { count municipality { name } } }
  offeringsAggregate { count }
}"""


def test_the_compiled_path_answers_without_calling_a_resolver(
    both: Clients, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each field's declared read is all the compiled path uses: with every resolver that
    reads the graph broken, it still answers exactly as the resolver path did before."""
    _, before = answers(both, NESTED)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a resolver ran on the compiled path")

    for module, name in [
        (nested, "items"),
        (roots, "one"),
        (roots, "page"),
        (aggregates, "summary_loader"),
        (aggregates, "run"),
    ]:
        monkeypatch.setattr(module, name, refuse)
    compiled, resolvers = both
    after = compiled.post("/graphql", json={"query": NESTED}).json()

    assert after == before
    assert "errors" not in after and after["data"]["actors"]["edges"]
    assert resolvers.post("/graphql", json={"query": NESTED}).json()["errors"]


def test_the_fields_left_to_the_resolver_path_are_this_list() -> None:
    """Every field that reads the graph declares its read (``schema.declared``), except
    these, which compute in Python: a new one must be added here on purpose."""
    left = uncompiled_fields(schema._schema)
    on_nodes = {
        n for n, why in left.items() if why is Reason.COMPUTED and n.split(".")[0] in LABELS
    }

    assert on_nodes == {
        "Actor.network",
        "Event.agendaItems",
        "Measure.gaps",
        "Municipality.residents",
        *(f"{kind.label}.history" for kind in CONTRACT.kinds),
    }
    roots_left = {name for name, reason in left.items() if reason is Reason.NO_DECLARED_READ}
    assert {"Query.search", "Query.whoWorksOn", "Query.coverage", "Query.revision"} <= roots_left
    assert not {f"Query.{kind.section}" for kind in CONTRACT.kinds} & roots_left


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[Statement]:
    """The statements the compiled path sends, in order (each still runs)."""
    found: list[Statement] = []

    async def recording(driver: Any, database: str, statement: Statement, **options: Any) -> Any:
        found.append(statement)
        return await run_statement(driver, database, statement, **options)

    monkeypatch.setattr(compiled_module, "fetch", recording)
    return found


EDGES = """{ actor(id: "awo-gifhorn") {
  memberships { %s workingGroup { name } }
  cooperations { %s partner { name } }
} }"""


@pytest.mark.parametrize(
    ("memberships", "cooperations", "read"),
    [
        ("", "", []),
        ("since", "", [".since"]),
        ("role until", "kind direction", [".role, .until", ".kind"]),
    ],
)
def test_an_edge_reads_only_the_relationship_properties_asked_for(
    both: Clients,
    sent: list[Statement],
    memberships: str,
    cooperations: str,
    read: list[str],
) -> None:
    """A membership asked for its working group alone reads neither its role nor its dates:
    the statement names only the relationship properties selected (a cooperation's
    direction is the relationship's, not a property), and the answer is the resolver
    path's, which reads them all."""
    compiled, resolvers = answers(both, EDGES % (memberships, cooperations))

    assert compiled == resolvers and "errors" not in compiled
    assert compiled["data"]["actor"]["memberships"]
    assert compiled["data"]["actor"]["cooperations"]
    [statement] = sent
    assert re.findall(r"rel: e\d+ \{([^}]*)\}", statement.text) == read


@pytest.mark.parametrize(
    ("page_info", "rows"),
    [("", 3), ("pageInfo { endCursor }", 3), ("pageInfo { hasNextPage }", 4)],
)
def test_a_page_reads_its_extra_row_only_to_say_whether_there_is_a_next_one(
    both: Clients, sent: list[Statement], page_info: str, rows: int
) -> None:
    """The row after a page says there is a next page; below a nested list it is a whole
    subtree, so it is read only when ``hasNextPage`` is asked."""
    query = "{ topics(first: 3) { %s edges { node { name offerings(first: 2) { title } } } } }"

    compiled, resolvers = answers(both, query % page_info)

    assert compiled == resolvers and "errors" not in compiled
    assert len(compiled["data"]["topics"]["edges"]) == 3
    [statement] = sent
    limit = re.search(r"n\.id ASC LIMIT \$(p\d+)", statement.text)
    assert limit is not None and statement.params[limit.group(1)] == rows
