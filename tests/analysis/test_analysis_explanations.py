"""Every result explains itself in plain German, without unexplained technical terms.

A head of a county staff unit reads these texts (in the cockpit and in the report), so no
text may lean on a measure's technical name ("Betweenness", "Louvain, Seed 42",
"adamic_adar"): each says in words what it measured.
"""

import re
from collections.abc import Iterator
from typing import Protocol

import pytest

from graph.analysis import (
    GapReport,
    brokers,
    collaboration_graph,
    gap_report,
    suggested_introductions,
)
from tests.analysis.landscapes import synthetic_landscape

FORBIDDEN = {
    "betweenness": r"betweenness",
    "constraint": r"constraint",
    "Louvain": r"louvain",
    "seed": r"\bseed\b",
    "Adamic-Adar": r"adamic|\badar\b",
    "Jaccard": r"jaccard",
    "resource allocation": r"resource.allocation",
    "modularity": r"modularit",
    "Burt": r"\bburt",
    "structural holes": r"structural hole|strukturelle[sn]? l[öo]ch",
    "articulation point": r"articulation|artikulation",
    "effective size": r"effective size|effektive gr[öo]ße",
    "centrality": r"centrality|zentralität",
    "component": r"komponente|component",
    "redundancy": r"redundan",
    "an identifier": r"\b[a-z]+_[a-z_]+\b",
}


def jargon(text: str) -> list[str]:
    """The forbidden terms that occur in ``text`` (an empty list is a pass)."""
    return [term for term, pattern in FORBIDDEN.items() if re.search(pattern, text, re.I)]


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text))


@pytest.fixture(scope="module")
def report() -> GapReport:
    # Sampled betweenness, so that the explanation of an estimate is checked too.
    return gap_report(
        synthetic_landscape(regions=3, seed=1),
        top=5,
        betweenness_sample_above=50,
        betweenness_samples=20,
    )


class Explained(Protocol):
    @property
    def explanation(self) -> str: ...


def results(report: GapReport) -> Iterator[tuple[str, Explained]]:
    yield "coverage", report.coverage
    yield "languages", report.languages
    yield "peripheral", report.peripheral
    yield "brokers", report.brokers
    yield "fragility", report.fragility
    yield "communities", report.communities
    yield "introductions", report.introductions
    yield "working_groups", report.working_groups
    yield "coordination", report.coordination


def reasons(report: GapReport) -> Iterator[tuple[str, str]]:
    for gap in report.coverage.gaps:
        yield "coverage", gap.reason
    for lang in report.languages.gaps:
        yield "languages", lang.reason
    for actor in report.peripheral.actors:
        for reason in actor.reasons:
            yield "peripheral", reason
    for broker in report.brokers.brokers:
        yield "brokers", broker.reason
    for point in report.fragility.articulation_points:
        yield "fragility", point.reason
    for bridge in report.fragility.bridges:
        yield "fragility", bridge.reason
    for community in report.communities.communities:
        yield "communities", community.reason
    for suggestion in report.introductions.suggestions:
        yield "introductions", suggestion.reason
    wg = report.working_groups
    for topic in wg.topics_without_group:
        yield "working_groups", topic.reason
    for member in wg.missing_members:
        yield "working_groups", member.reason
    for place in wg.unrepresented_municipalities:
        yield "working_groups", place.reason
    for item in report.coordination.uncoordinated:
        yield "coordination", item.reason


def test_every_result_explains_itself_in_a_few_plain_sentences(report: GapReport) -> None:
    found = {name: result.explanation for name, result in results(report)}

    assert all(found.values()), [name for name, text in found.items() if not text]
    assert {name: jargon(text) for name, text in found.items() if jargon(text)} == {}
    assert {name: n for name, text in found.items() if not 2 <= (n := sentences(text)) <= 6} == {}
    assert "geschätzt" in found["brokers"]  # it says that the measure was sampled


def test_every_reason_is_free_of_jargon(report: GapReport) -> None:
    listed = list(reasons(report))

    assert {name for name, _ in listed} >= {"coverage", "languages", "brokers", "communities"}
    assert [(name, text, jargon(text)) for name, text in listed if jargon(text)] == []


@pytest.mark.parametrize("method", ["adamic_adar", "resource_allocation", "jaccard"])
def test_each_scoring_method_is_explained_in_words(method: str) -> None:
    result = suggested_introductions(synthetic_landscape(regions=2, seed=2), method=method)  # type: ignore[arg-type]

    assert result.explanation and jargon(result.explanation) == []


@pytest.mark.parametrize("rank_by", ["betweenness", "constraint", "effective_size"])
def test_each_broker_ranking_is_explained_in_words(rank_by: str) -> None:
    collab = collaboration_graph(synthetic_landscape(regions=2, seed=2))

    result = brokers(collab, rank_by=rank_by, structural_holes_above=10)  # type: ignore[arg-type]

    assert result.structural_holes_limited is (rank_by != "betweenness")
    assert result.explanation and jargon(result.explanation) == []


def test_the_jargon_check_can_fail() -> None:
    assert jargon("Betweenness 0,25 nach Louvain (Seed 42), adamic_adar") == [
        "betweenness",
        "Louvain",
        "seed",
        "Adamic-Adar",
        "an identifier",
    ]
