"""Suggested introductions: who should meet whom, and why."""

from typing import Any

import networkx as nx
import numpy as np
import pytest

from graph.analysis import suggested_introductions
from graph.analysis.evidence import Evidence, Method
from tests.analysis.landscapes import Landscape, small_county


def landscape() -> Landscape:
    land = small_county()
    land.topic("sprache", "Sprache")
    land.topic("kultur", "Kultur/Sport/Freizeit")
    land.target_group("frauen", "Frauen")
    land.actor("caritas", "Caritas", located_in="gifhorn")
    land.actor("sprachcafe", "Sprachcafé Wittingen", located_in="wittingen")
    land.actor("kvhs", "KVHS", located_in="gifhorn")
    land.actor("sportverein", "MTV Gifhorn", located_in="gifhorn")
    land.offering(
        "deutsch-fuer-frauen",
        providers=["kvhs"],
        topics=["sprache"],
        target_groups=["frauen"],
        municipalities=["wittingen"],
    )
    land.offering(
        "sprachcafe", providers=["sprachcafe"], topics=["sprache"], municipalities=["wittingen"]
    )
    land.offering(
        "fussball", providers=["sportverein"], topics=["kultur"], municipalities=["gifhorn"]
    )
    land.cooperation("caritas", "kvhs")
    return land


def test_actors_offering_the_same_in_the_same_place_are_introduced() -> None:
    result = suggested_introductions(landscape().graph, top=1)

    (best,) = result.suggestions
    assert {best.actor_a_name, best.actor_b_name} == {"KVHS", "Sprachcafé Wittingen"}
    assert best.reason == "beide bieten Sprache in Wittingen an"
    assert best.shared_topics == ("Sprache",)
    assert best.shared_municipalities == ("Wittingen",)
    assert best.score > 0


def test_actors_already_tied_are_not_introduced() -> None:
    result = suggested_introductions(landscape().graph, top=99)

    pairs = {frozenset({s.actor_a_id, s.actor_b_id}) for s in result.suggestions}
    assert frozenset({"caritas", "kvhs"}) not in pairs


def test_a_shared_partner_and_place_make_a_reason() -> None:
    land = landscape()
    land.cooperation("caritas", "sportverein")

    result = suggested_introductions(land.graph, top=99)

    pair = next(
        s for s in result.suggestions if {s.actor_a_id, s.actor_b_id} == {"kvhs", "sportverein"}
    )
    assert pair.reason == "beide sind in Gifhorn tätig; gemeinsame Partner: Caritas"
    assert pair.common_partners == ("Caritas",)


def test_a_branch_and_its_parent_organisation_are_not_introduced() -> None:
    land = landscape()
    land.actor("caritas-wittingen", "Caritas Wittingen", located_in="gifhorn")
    land.edge("Actor:caritas-wittingen", "PART_OF", "Actor:caritas")

    result = suggested_introductions(land.graph, top=99)

    pairs = {frozenset({s.actor_a_id, s.actor_b_id}) for s in result.suggestions}
    assert frozenset({"caritas", "caritas-wittingen"}) not in pairs


def test_filters_limit_the_pairs_to_a_topic_or_a_place() -> None:
    by_topic = suggested_introductions(landscape().graph, topic="kultur", top=99)
    by_place = suggested_introductions(landscape().graph, municipality="wittingen", top=99)

    assert by_topic.suggestions == ()  # only the sports club works on culture
    assert {frozenset({s.actor_a_id, s.actor_b_id}) for s in by_place.suggestions} == {
        frozenset({"kvhs", "sprachcafe"})
    }


def test_buckets_larger_than_the_limit_make_no_candidates() -> None:
    land = Landscape()
    land.topic("sprache", "Sprache")
    for i in range(5):
        land.offering(f"o{i}", providers=[f"a{i}"], topics=["sprache"])

    assert suggested_introductions(land.graph, max_bucket=10).candidates == 10
    limited = suggested_introductions(land.graph, max_bucket=4)
    assert (limited.candidates, limited.skipped_buckets) == (0, 1)


@pytest.mark.parametrize("method", ["adamic_adar", "resource_allocation", "jaccard"])
def test_every_method_ranks_the_same_place_pair_first(method: str) -> None:
    result = suggested_introductions(landscape().graph, top=1, method=method)  # type: ignore[arg-type]

    assert result.method == method
    assert result.suggestions[0].reason == "beide bieten Sprache in Wittingen an"


def test_an_unknown_method_is_an_error() -> None:
    with pytest.raises(ValueError):
        suggested_introductions(landscape().graph, method="magic")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("method", "reference"),
    [
        ("adamic_adar", nx.adamic_adar_index),
        ("resource_allocation", nx.resource_allocation_index),
        ("jaccard", nx.jaccard_coefficient),
    ],
)
def test_scores_equal_networkx_link_prediction(method: Method, reference: Any) -> None:
    graph = nx.relabel_nodes(nx.gnp_random_graph(60, 0.1, seed=3), str)
    graph.add_node("alone")
    pairs = [(u, v) for u, v in nx.non_edges(graph)]
    evidence = Evidence.of(graph, {})  # no attributes: H is the graph itself
    rows = np.array([[evidence.row[u], evidence.row[v]] for u, v in pairs])

    ours = evidence.scores(rows[:, 0], rows[:, 1], method)

    expected = [score for _, _, score in reference(graph, pairs)]
    # the same sums in another order: equal up to the last bits
    assert np.allclose(ours, expected, rtol=1e-12, atol=0)
    assert np.count_nonzero(ours) > 500  # 707 of 1,652 pairs share a neighbour: not zeros alone
