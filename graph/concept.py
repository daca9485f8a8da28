"""The content of the Integrationskonzept report: per field of action, its coverage, its open
gaps and its measures; the development since a date.

Everything comes from the same cached analyses as the gap report and the GraphQL lists
(``GapService.coverage`` per topic, the gap states of ``graph.gap_states``), so the Word
document says what the cockpit says. Rendering is ``reports.concept_docx``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

import neo4j

from graph import gap_states
from graph.analysis import CoverageGap
from graph.data_status import ILLUSTRATIVE_SOURCES
from graph.development import Development, development
from graph.gap_service import GapService
from graph.gap_states import GapDecision, GapState, GapStates


@dataclass(frozen=True)
class ConceptMeasure:
    id: str
    title: str
    status: str
    priority: str | None
    due: str | None
    working_group_name: str | None
    gap_keys: tuple[str, ...]
    topic_ids: tuple[str, ...]
    illustrative: bool
    """Its source is ``example`` or ``synthetic``: marked in the report."""


@dataclass(frozen=True)
class FieldOfAction:
    topic_id: str
    topic_name: str
    cells: int
    """Municipalities (without member municipalities) the field is counted for."""
    gap_count: int
    states: Mapping[GapState, int]
    """The field's coverage gaps by state."""
    open_gaps: tuple[CoverageGap, ...]
    """Gaps in state ``open``, largest need first."""
    deliberately_open: tuple[tuple[CoverageGap, GapDecision], ...]
    """Gaps left open on purpose, with the decision (its reason and day)."""
    need_illustrative: bool
    need_sources: tuple[str, ...]
    measures: tuple[ConceptMeasure, ...]


@dataclass(frozen=True)
class Concept:
    fields: tuple[FieldOfAction, ...]
    measures_without_field: tuple[ConceptMeasure, ...]
    development: Development | None


TOPICS: LiteralString = "MATCH (t:Topic) RETURN t.id AS id, t.name AS name ORDER BY t.name, t.id"

MEASURES: LiteralString = """
MATCH (m:Measure)
OPTIONAL MATCH (m)-[:ASSIGNED_TO]->(w:WorkingGroup)
OPTIONAL MATCH (m)-[:ADDRESSES]->(t:Topic)
WITH m, w, collect(t.id) AS topics
RETURN m.id AS id, m.title AS title, coalesce(m.status, 'idea') AS status,
       m.priority AS priority, CASE WHEN m.due IS NULL THEN null ELSE toString(m.due) END AS due,
       w.name AS group, m.gapKeys AS keys, topics, m.source AS source
ORDER BY m.due, m.title
"""


def read_states(service: GapService) -> GapStates:
    with service.driver.session(
        database=service.database,
        default_access_mode=neo4j.READ_ACCESS,
        notifications_min_severity="OFF",
    ) as session:
        record = session.run(gap_states.READ).single(strict=True)
    return gap_states.states_of(record["decisions"], record["measures"])


def _measure(row: Mapping[str, Any]) -> ConceptMeasure:
    return ConceptMeasure(
        id=str(row["id"]),
        title=str(row["title"]),
        status=str(row["status"]),
        priority=row["priority"],
        due=row["due"],
        working_group_name=row["group"],
        gap_keys=tuple(str(row["keys"] or "").split()),
        topic_ids=tuple(str(t) for t in row["topics"]),
        illustrative=row["source"] in ILLUSTRATIVE_SOURCES,
    )


def concept(service: GapService, since: datetime | None = None) -> Concept:
    """The report's content; the development only when ``since`` is given."""
    read = neo4j.RoutingControl.READ
    topics, _, _ = service.driver.execute_query(TOPICS, database_=service.database, routing_=read)
    rows, _, _ = service.driver.execute_query(MEASURES, database_=service.database, routing_=read)
    measures = [_measure(r) for r in rows]
    states = read_states(service)
    fields = []
    for topic in topics:
        cov = service.coverage(
            municipality=None, topic=topic["id"], target_group=None, by_target_group=False, top=None
        )
        tally = dict.fromkeys(GapState, 0)
        for gap in cov.gaps:
            tally[states.state(gap.key)] += 1
        fields.append(
            FieldOfAction(
                topic_id=str(topic["id"]),
                topic_name=str(topic["name"]),
                cells=cov.cells,
                gap_count=cov.gap_count,
                states=tally,
                open_gaps=tuple(g for g in cov.gaps if states.state(g.key) is GapState.OPEN),
                deliberately_open=tuple(
                    (g, states.decisions[g.key])
                    for g in cov.gaps
                    if states.state(g.key) is GapState.DELIBERATELY_OPEN
                ),
                need_illustrative=cov.need_illustrative,
                need_sources=cov.need_sources,
                measures=tuple(m for m in measures if topic["id"] in m.topic_ids),
            )
        )
    return Concept(
        fields=tuple(fields),
        measures_without_field=tuple(m for m in measures if not m.topic_ids),
        development=None if since is None else development(service, since),
    )
