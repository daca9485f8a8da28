"""Cursor pagination: pages, their edges, and cursors that are not ours."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import neo4j
import pytest

from schema import pagination
from schema.pagination import encode_cursor

GraphQL = Callable[..., dict[str, Any]]
# The `landscape` fixture writes the data these tests know by heart: tests/api/conftest.py.

ACTORS = """query ($first: Int, $after: String, $where: ActorWhere) {
  actors(first: $first, after: $after, where: $where) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id } }
  }
}"""

ALL_ACTORS = [
    "agentur-fuer-arbeit",
    "caritas-gifhorn",
    "fluechtlingshilfe-meinersen",
    "frauentreff-mueden",
    "jobcenter-gifhorn",
    "kvhs-gifhorn",
    "landkreis-gifhorn",
    "stabsstelle-integration",
]  # by name: Agentur, Caritas, Flüchtlingshilfe, Frauentreff, Jobcenter, Kreisvolkshochschule ...


def test_an_empty_result_has_no_cursors(landscape: neo4j.Driver, data: GraphQL) -> None:
    page = data(ACTORS, {"where": {"name": {"eq": "niemand"}}})["actors"]

    assert page == {
        "totalCount": 0,
        "pageInfo": {
            "hasNextPage": False,
            "hasPreviousPage": False,
            "startCursor": None,
            "endCursor": None,
        },
        "edges": [],
    }


def test_exactly_one_page(landscape: neo4j.Driver, data: GraphQL) -> None:
    page = data(ACTORS, {"first": 8})["actors"]

    assert [e["node"]["id"] for e in page["edges"]] == ALL_ACTORS
    assert page["totalCount"] == 8
    assert page["pageInfo"]["hasNextPage"] is False
    assert page["pageInfo"]["startCursor"] == page["edges"][0]["cursor"]
    assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]


@pytest.mark.parametrize(("edge", "encoded"), [("node { id }", 2), ("cursor node { id }", 10)])
def test_an_edge_encodes_its_cursor_only_when_asked(
    landscape: neo4j.Driver,
    data: GraphQL,
    monkeypatch: pytest.MonkeyPatch,
    edge: str,
    encoded: int,
) -> None:
    """A page's cursors are encoded for the edges whose ``cursor`` is read (and the page's
    first and last, for ``pageInfo``): a dashboard reading 500 nodes encodes two."""
    calls: list[str] = []

    def counting(order: Any, node: Any) -> str:
        calls.append(node["id"])
        return encode_cursor(order, node)

    monkeypatch.setattr(pagination, "encode_cursor", counting)
    query = f"{{ actors(first: 8) {{ pageInfo {{ endCursor }} edges {{ {edge} }} }} }}"

    page = data(query)["actors"]

    assert len(page["edges"]) == 8 and page["pageInfo"]["endCursor"]
    assert len(calls) == encoded


def test_walking_the_pages_yields_every_actor_once(landscape: neo4j.Driver, data: GraphQL) -> None:
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = data(ACTORS, {"first": 3, "after": after})["actors"]
        pages += 1
        seen += [e["node"]["id"] for e in page["edges"]]
        assert page["totalCount"] == 8  # of the whole list, on every page
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert pages == 3
    assert seen == ALL_ACTORS


def test_after_the_last_cursor_comes_an_empty_page(landscape: neo4j.Driver, data: GraphQL) -> None:
    last = data(ACTORS, {"first": 8})["actors"]["pageInfo"]["endCursor"]

    page = data(ACTORS, {"first": 3, "after": last})["actors"]

    assert page["edges"] == []
    assert page["pageInfo"]["hasNextPage"] is False
    assert page["pageInfo"]["hasPreviousPage"] is True


def test_first_zero_counts_without_returning_items(landscape: neo4j.Driver, data: GraphQL) -> None:
    page = data(ACTORS, {"first": 0})["actors"]

    assert page["edges"] == []
    assert page["totalCount"] == 8
    assert page["pageInfo"]["hasNextPage"] is True


def test_the_default_page_size_is_twenty(landscape: neo4j.Driver, data: GraphQL) -> None:
    result = data(
        "{ countries { edges { node { id } } } municipalities { edges { node { id } } } }"
    )

    assert len(result["countries"]["edges"]) == 3
    assert len(result["municipalities"]["edges"]) == 9


@pytest.mark.parametrize(
    "cursor",
    [
        "not a cursor",
        base64.urlsafe_b64encode(b"[1, 2]").decode(),
        base64.urlsafe_b64encode(json.dumps({"id": "x"}).encode()).decode(),
    ],
)
def test_an_invalid_cursor_is_a_clear_error(
    landscape: neo4j.Driver, graphql: GraphQL, cursor: str
) -> None:
    body = graphql(ACTORS, {"first": 3, "after": cursor})

    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "after"
    assert "invalid cursor" in error["message"]


def test_a_cursor_of_another_sort_order_is_refused(
    landscape: neo4j.Driver, graphql: GraphQL
) -> None:
    by_name = graphql(ACTORS, {"first": 1})["data"]["actors"]["pageInfo"]["endCursor"]

    body = graphql(
        "query ($after: String) { actors(sort: {field: KIND}, after: $after) { totalCount } }",
        {"after": by_name},
    )

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "another sort order" in body["errors"][0]["message"]


def test_a_negative_or_too_large_first_is_refused(
    landscape: neo4j.Driver, graphql: GraphQL
) -> None:
    negative = graphql(ACTORS, {"first": -1})
    too_large = graphql(ACTORS, {"first": 100_000})

    assert negative["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert too_large["errors"][0]["extensions"]["code"] == "PAGE_SIZE_EXCEEDED"


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize("field", ["CAPACITY", "START_DATE", "COST", "TITLE"])
def test_pages_over_a_sort_key_with_missing_values_lose_nothing(
    landscape: neo4j.Driver, data: GraphQL, field: str, direction: str
) -> None:
    query = """query ($after: String, $sort: OfferingSort) {
      offerings(first: 2, after: $after, sort: $sort) {
        pageInfo { hasNextPage endCursor } edges { node { id } }
      }
    }"""
    sort = {"field": field, "direction": direction}
    whole = data(query.replace("first: 2", "first: 100"), {"sort": sort})["offerings"]
    expected = [e["node"]["id"] for e in whole["edges"]]

    seen: list[str] = []
    after = None
    while True:
        page = data(query, {"after": after, "sort": sort})["offerings"]
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert seen == expected
    assert sorted(seen) == sorted(
        [
            "ausbildungslotsen",
            "deutsch-online",
            "frauengesundheit-hillerse",
            "hausaufgabenhilfe-meine",
            "kvhs-integrationskurs",
            "mbe-beratung",
            "sprachcafe-meinersen",
        ]
    )
