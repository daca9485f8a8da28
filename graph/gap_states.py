"""Where each gap stands: open, a measure planned or in progress, or deliberately open.

The gap analyses say *that* a gap exists; the network's decisions say what is done about it.
Both meet at the gap key (``domain.gap_keys``): a measure lists the keys of the gaps it
addresses (``Measure.gapKeys``), and a decision "bewusst offen" is a ``(:GapDecision {key,
reason, decidedBy, decidedAt})`` node beside the landscape (operational data like tokens:
no ``id``, so never part of the projection or an export). The state of a row is read from
these, never cached with the analyses: a decision changes no analysis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, LiteralString

from domain.vocabulary import MeasureStatus


class GapState(StrEnum):
    """The state of a gap row, most decided first."""

    OPEN = "open"
    MEASURE_PLANNED = "measure_planned"
    IN_PROGRESS = "in_progress"
    DELIBERATELY_OPEN = "deliberately_open"


PLANNING = frozenset({MeasureStatus.IDEA.value, MeasureStatus.PLANNED.value})
"""Statuses of a measure that make its gaps "measure planned"; ``in_progress`` makes them
"in progress"; a measure done or dropped leaves a gap that still exists open."""


@dataclass(frozen=True)
class GapDecision:
    """A gap left open on purpose ("bewusst offen"): why, by whom, when."""

    key: str
    reason: str
    decided_by: str
    decided_at: datetime


@dataclass(frozen=True)
class MeasureOfGap:
    """A measure that addresses a gap, with its working group."""

    id: str
    title: str
    status: str
    working_group_id: str | None
    working_group_name: str | None


@dataclass(frozen=True)
class GapStates:
    """The decisions and measures of every gap key that has any."""

    decisions: Mapping[str, GapDecision] = field(default_factory=dict)
    measures: Mapping[str, tuple[MeasureOfGap, ...]] = field(default_factory=dict)
    """The measures addressing each gap key."""
    keys_of: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """The gap keys of each measure (by measure id), in the measure's order."""

    def state(self, key: str) -> GapState:
        """A decision wins (it is explicit); then the most advanced measure."""
        if key in self.decisions:
            return GapState.DELIBERATELY_OPEN
        statuses = {m.status for m in self.measures.get(key, ())}
        if MeasureStatus.IN_PROGRESS.value in statuses:
            return GapState.IN_PROGRESS
        if statuses & PLANNING:
            return GapState.MEASURE_PLANNED
        return GapState.OPEN


READ: LiteralString = """
CALL () { MATCH (d:GapDecision) RETURN collect(properties(d)) AS decisions }
CALL () {
  MATCH (m:Measure) WHERE m.gapKeys IS NOT NULL
  OPTIONAL MATCH (m)-[:ASSIGNED_TO]->(w:WorkingGroup)
  RETURN collect({id: m.id, title: m.title, status: m.status, keys: m.gapKeys,
                  groupId: w.id, groupName: w.name}) AS measures
}
RETURN decisions, measures
"""
"""Every decision and every measure with gap keys, in one statement."""

MARK: LiteralString = """
MERGE (d:GapDecision {key: $key})
SET d.reason = $reason, d.decidedBy = $by, d.decidedAt = $now
RETURN properties(d) AS decision
"""

REOPEN: LiteralString = """
MATCH (d:GapDecision {key: $key})
WITH d, properties(d) AS decision
DELETE d
RETURN decision
"""


def decision_of(props: Mapping[str, Any]) -> GapDecision:
    at = props["decidedAt"]
    return GapDecision(
        key=str(props["key"]),
        reason=str(props["reason"]),
        decided_by=str(props["decidedBy"]),
        decided_at=at.to_native() if hasattr(at, "to_native") else at,
    )


def states_of(
    decisions: Iterable[Mapping[str, Any]], measures: Iterable[Mapping[str, Any]]
) -> GapStates:
    """The states from the rows of :data:`READ`."""
    by_key: dict[str, list[MeasureOfGap]] = {}
    keys_of: dict[str, tuple[str, ...]] = {}
    for row in sorted(measures, key=lambda r: str(r["id"])):
        measure = MeasureOfGap(
            id=str(row["id"]),
            title=str(row["title"]),
            status=str(row["status"] or MeasureStatus.IDEA.value),
            working_group_id=row["groupId"],
            working_group_name=row["groupName"],
        )
        keys_of[measure.id] = tuple(str(row["keys"]).split())
        for key in keys_of[measure.id]:
            by_key.setdefault(key, []).append(measure)
    return GapStates(
        decisions={d.key: d for d in map(decision_of, decisions)},
        measures={key: tuple(found) for key, found in by_key.items()},
        keys_of=keys_of,
    )
