"""Full-text search: ranked, across kinds, tolerant of umlauts, their spellings and case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import neo4j
import pytest

GraphQL = Callable[..., dict[str, Any]]
# The `landscape` fixture writes the data these tests know by heart: tests/api/conftest.py.

SEARCH = """query ($text: String!, $kinds: [SearchKind!], $first: Int) {
  search(text: $text, kinds: $kinds, first: $first) {
    score kind
    node {
      __typename
      ... on Actor { id }
      ... on Offering { id }
      ... on WorkingGroup { id }
      ... on Topic { id }
      ... on TargetGroup { id }
      ... on Event { id }
    }
  }
}"""


def hits(data: GraphQL, text: str, **variables: Any) -> list[tuple[str, str]]:
    result = data(SEARCH, {"text": text, **variables})["search"]
    scores = [hit["score"] for hit in result]
    assert scores == sorted(scores, reverse=True)
    return [(hit["kind"], hit["node"]["id"]) for hit in result]


@pytest.mark.parametrize("text", ["Müden", "mueden", "MUDEN", "müDEN"])
def test_umlauts_their_spelling_and_case_do_not_matter(
    landscape: neo4j.Driver, data: GraphQL, text: str
) -> None:
    assert hits(data, text) == [("ACTOR", "frauentreff-mueden")]


@pytest.mark.parametrize("text", ["Flüchtlingshilfe", "Fluechtlingshilfe", "fluchtlingshilfe"])
def test_umlauts_inside_words(landscape: neo4j.Driver, data: GraphQL, text: str) -> None:
    assert hits(data, text) == [("ACTOR", "fluechtlingshilfe-meinersen")]


def test_names_titles_and_descriptions_are_searched(landscape: neo4j.Driver, data: GraphQL) -> None:
    # "Anfängerinnen" is only in the Sprachcafé's description.
    assert hits(data, "Anfängerinnen") == [("OFFERING", "sprachcafe-meinersen")]
    # German stemming: the plural finds the singular title.
    assert hits(data, "Integrationskurse") == [("OFFERING", "kvhs-integrationskurs")]


def test_a_word_beginning_finds_longer_words_and_the_best_match_ranks_first(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    found = hits(data, "sprach")

    assert found[0] == ("TOPIC", "sprache")
    assert set(found[1:]) == {("ACTOR", "kvhs-gifhorn"), ("OFFERING", "sprachcafe-meinersen")}


def test_kinds_restrict_the_search(landscape: neo4j.Driver, data: GraphQL) -> None:
    everything = hits(data, "Frauen")

    assert set(everything) == {
        ("TARGET_GROUP", "frauen"),
        ("TOPIC", "frauen"),
        ("ACTOR", "frauentreff-mueden"),
        ("OFFERING", "frauengesundheit-hillerse"),
    }
    assert hits(data, "Frauen", kinds=["ACTOR", "OFFERING"]) == [
        hit for hit in everything if hit[0] in ("ACTOR", "OFFERING")
    ]
    assert hits(data, "Frauen", first=1) == everything[:1]


def test_query_syntax_in_the_text_is_taken_literally(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    # Quotes, brackets, operators and wildcards would be Lucene syntax; here they are not.
    assert hits(data, 'Beratung" AND (title:* OR ~') == [("TOPIC", "beratung")]


def test_a_text_without_words_is_refused(landscape: neo4j.Driver, graphql: GraphQL) -> None:
    body = graphql(SEARCH, {"text": " *?! "})

    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "text"}


def test_every_hit_says_its_id_its_title_and_its_kind_in_german(
    landscape: neo4j.Driver, data: GraphQL
) -> None:
    """A client shows any kind from these two fields, without a fragment per type."""
    query = '{ search(text: "sprach") { nodeId title kindName kind node { __typename } } }'
    found = {(h["kind"], h["kindName"], h["title"], h["nodeId"]) for h in data(query)["search"]}

    assert ("OFFERING", "Angebot", "Sprachcafé Meinersen", "sprachcafe-meinersen") in found
    assert ("TOPIC", "Handlungsfeld", "Sprache", "sprache") in found


def test_the_searchable_kinds_are_the_kinds_of_the_full_text_index() -> None:
    from graph.migrations import FULLTEXT_LABELS
    from schema.queries import SearchKind

    assert [kind.value for kind in SearchKind] == list(FULLTEXT_LABELS)
    assert "Measure" in FULLTEXT_LABELS and "Coordinator" not in FULLTEXT_LABELS
