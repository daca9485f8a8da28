"""Every suggested introduction is a gap row, held compactly: the same rows, built on demand."""

from __future__ import annotations

import gc
import sys
from datetime import UTC, datetime

import networkx as nx
import pytest

from graph.analysis import Introduction, collaboration_graph, suggested_introductions
from graph.analysis.introductions import ranked_pairs
from graph.analysis.profiles import actor_profiles
from graph.analysis_cache import Snapshot
from graph.gap_rows import IntroductionRows
from graph.gap_service import PINNED, Analyses, _pinned
from graph.gap_states import GapDecision, GapState, GapStates
from schema.gap_states import counts
from tests.analysis.landscapes import synthetic_landscape


@pytest.fixture(scope="module")
def typed() -> nx.MultiDiGraph:
    return synthetic_landscape(regions=2)


def analyses(typed: nx.MultiDiGraph) -> Analyses:
    return Analyses(Snapshot(1, typed, pinned=_pinned))


def introductions_held() -> int:
    gc.collect()
    return sum(1 for thing in gc.get_objects() if isinstance(thing, Introduction))


def test_the_rows_are_those_of_the_analysis_in_the_same_order(typed: nx.MultiDiGraph) -> None:
    rows = analyses(typed).gap_rows()["introductions"]
    everything = suggested_introductions(typed, top=sys.maxsize).suggestions

    assert isinstance(rows, IntroductionRows)
    assert len(rows) == len(everything) > 1000
    assert list(rows) == list(everything)
    assert list(rows.keys()) == [row.key for row in everything]
    assert rows[-1] == everything[-1]
    assert rows[3:6] == everything[3:6]


def test_a_row_is_found_by_its_key_and_a_closed_pair_is_not(typed: nx.MultiDiGraph) -> None:
    at = analyses(typed)
    rows = at.gap_rows()["introductions"]
    assert isinstance(rows, IntroductionRows)
    some = rows[len(rows) // 2]

    assert at.gap_row(some.key) == some
    assert all(rows.position(key) == rank for rank, key in enumerate(rows.keys()))
    assert at.gap_row("introduction:nobody:noone") is None
    assert at.gap_row(some.key + ":extra") is None
    coverage = at.gap_rows()["coverage"][0]
    assert at.gap_row(coverage.key) == coverage  # the other lists as before


def test_a_revision_keeps_no_introduction_row_alive(typed: nx.MultiDiGraph) -> None:
    """Before: every candidate pair was held as a row (with names, reason, key) per
    revision, about 260 MB on the 10,000-actor landscape; now none is held."""
    before = introductions_held()
    at = analyses(typed)
    rows = at.gap_rows()
    at.gap_row("")

    assert len(rows["introductions"]) > 1000
    assert introductions_held() - before == 0


def test_the_counts_by_state_count_every_pair(typed: nx.MultiDiGraph) -> None:
    rows = analyses(typed).gap_rows()
    pairs = rows["introductions"]
    decided = GapDecision(
        pairs[7].key, "kennen sich", "Stabsstelle", datetime(2026, 12, 6, tzinfo=UTC)
    )
    found = GapStates(decisions={decided.key: decided, "introduction:gone:away": decided})

    table = {(c.kind, c.state): c.count for c in counts(rows, found)}

    assert table["introductions", GapState.OPEN] == len(pairs) - 1
    assert table["introductions", GapState.DELIBERATELY_OPEN] == 1


def test_the_compact_rows_are_part_of_the_warm_set() -> None:
    assert "gap_rows" in PINNED
    collab_typed = synthetic_landscape(regions=1)
    collab = collaboration_graph(collab_typed)
    profiles = actor_profiles(collab_typed)
    ranked = suggested_introductions(collab_typed, collab, top=5).suggestions
    rows = IntroductionRows(
        collab_typed, collab, profiles, ranked_pairs(collab_typed, collab, profiles, top=5)
    )
    assert list(rows) == list(ranked)
    assert rows.position(ranked[4].key) == 4
