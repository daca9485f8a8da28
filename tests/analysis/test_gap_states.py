"""Where a gap stands, from its decisions and measures (no server needed)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from graph.gap_states import GapState, states_of

DECIDED = {
    "key": "coverage:meine:arbeit",
    "reason": "kein Bedarf",
    "decidedBy": "Stabsstelle",
    "decidedAt": datetime(2026, 12, 1, tzinfo=UTC),
}


def measure(id_: str, status: str, keys: str, group: str | None = None) -> dict[str, Any]:
    return {
        "id": id_,
        "title": id_,
        "status": status,
        "keys": keys,
        "groupId": group,
        "groupName": group,
    }


def test_the_most_advanced_measure_sets_the_state_and_a_decision_wins() -> None:
    found = states_of(
        [DECIDED],
        [
            measure("a", "idea", "coverage:meine:sprache language:meine:ar"),
            measure("b", "in_progress", "language:meine:ar", "ak-bildung"),
            measure("c", "done", "isolated:drk"),
            measure("d", "planned", "coverage:meine:arbeit"),
        ],
    )

    assert found.state("coverage:meine:sprache") is GapState.MEASURE_PLANNED
    assert found.state("language:meine:ar") is GapState.IN_PROGRESS
    assert found.state("isolated:drk") is GapState.OPEN  # done, yet the gap is still there
    assert found.state("coverage:meine:arbeit") is GapState.DELIBERATELY_OPEN
    assert found.state("bridge:a:b") is GapState.OPEN
    assert [m.id for m in found.measures["language:meine:ar"]] == ["a", "b"]
    assert found.keys_of["a"] == ("coverage:meine:sprache", "language:meine:ar")
    assert found.decisions["coverage:meine:arbeit"].decided_by == "Stabsstelle"
