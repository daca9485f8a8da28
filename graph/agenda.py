""" "Tagesordnung vorschlagen": a draft agenda for a working group's next meeting.

The draft is what the Stabsstelle would otherwise gather by hand before an AK-Sitzung, in
this order:

1. the **open gaps** in the group's fields of action (the topics it ADDRESSES): coverage
   cells (municipality × topic) of those topics, the topics without a coordinator and the
   group itself without one; only rows in state ``open`` (a gap with a measure or a
   decision "bewusst offen" is already dealt with);
2. the group's **measures due or overdue**: assigned to it, due within ``horizon_days``
   (30) from today or earlier, neither done nor dropped;
3. **actors without any working group** that offer something in its fields: whom to invite.

It is a draft: the cockpit lets the Stabsstelle edit and print it; nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import LiteralString

import neo4j

from domain.gap_keys import gap_key
from domain.vocabulary import MeasureStatus
from graph.analysis import CoverageGap, Uncoordinated
from graph.gap_service import GapService
from graph.gap_states import GapState, GapStates

HORIZON_DAYS = 30


class AgendaKind(StrEnum):
    OPEN_GAP = "open_gap"
    DUE_MEASURE = "due_measure"
    ACTOR_WITHOUT_GROUP = "actor_without_group"


@dataclass(frozen=True)
class AgendaItem:
    kind: AgendaKind
    title: str
    reason: str
    gap_key: str | None = None
    measure_id: str | None = None
    actor_id: str | None = None


@dataclass(frozen=True)
class AgendaDraft:
    working_group_id: str
    working_group_name: str
    items: tuple[AgendaItem, ...]


GROUP: LiteralString = """
MATCH (w:WorkingGroup {id: $id})
OPTIONAL MATCH (w)-[:ADDRESSES]->(t:Topic)
WITH w, t ORDER BY t.name
RETURN w.name AS name, [x IN collect(t) | x.id] AS topics
"""

DUE: LiteralString = """
MATCH (m:Measure)-[:ASSIGNED_TO]->(:WorkingGroup {id: $id})
WHERE m.due IS NOT NULL AND date(m.due) <= $horizon
  AND NOT coalesce(m.status, 'idea') IN $finished
RETURN m.id AS id, m.title AS title, date(m.due) AS due, coalesce(m.status, 'idea') AS status
ORDER BY due, title
"""

WITHOUT_GROUP: LiteralString = """
MATCH (a:Actor)-[:OFFERS]->(:Offering)-[:ADDRESSES]->(t:Topic)
WHERE t.id IN $topics AND NOT EXISTS { (a)-[:MEMBER_OF]->(:WorkingGroup) }
WITH a, collect(DISTINCT t.name) AS topics
RETURN a.id AS id, a.name AS name, topics ORDER BY name
"""

STATUS_DE = {
    "idea": "Idee",
    "planned": "geplant",
    "in_progress": "in Umsetzung",
}


class UnknownWorkingGroup(LookupError):
    pass


def agenda_draft(
    service: GapService, states: GapStates, group_id: str, today: date | None = None
) -> AgendaDraft:
    """The draft agenda of working group ``group_id`` (``UnknownWorkingGroup`` if none)."""
    today = today or date.today()
    read = neo4j.RoutingControl.READ
    found, _, _ = service.driver.execute_query(
        GROUP, id=group_id, database_=service.database, routing_=read
    )
    if not found:
        raise UnknownWorkingGroup(group_id)
    name, topics = str(found[0]["name"]), [str(t) for t in found[0]["topics"]]
    rows = service.gap_rows()
    own = {gap_key("uncoordinated", "topic", t) for t in topics}
    own.add(gap_key("uncoordinated", "working-group", group_id))
    items = [
        AgendaItem(AgendaKind.OPEN_GAP, f"{g.topic_name} in {g.municipality_name}", g.reason, g.key)
        for g in rows["coverage"]
        if isinstance(g, CoverageGap)
        and g.topic_id in topics
        and states.state(g.key) is GapState.OPEN
    ]
    items += [
        AgendaItem(AgendaKind.OPEN_GAP, f"{u.name} ohne Koordination", u.reason, u.key)
        for u in rows["uncoordinated"]
        if isinstance(u, Uncoordinated) and u.key in own and states.state(u.key) is GapState.OPEN
    ]
    due, _, _ = service.driver.execute_query(
        DUE,
        id=group_id,
        horizon=today + timedelta(days=HORIZON_DAYS),
        finished=[MeasureStatus.DONE.value, MeasureStatus.DROPPED.value],
        database_=service.database,
        routing_=read,
    )
    for m in due:
        when = m["due"].to_native()
        late = "überfällig seit" if when < today else "fällig am"
        items.append(
            AgendaItem(
                AgendaKind.DUE_MEASURE,
                str(m["title"]),
                f"{late} {when:%d.%m.%Y}; Stand: {STATUS_DE.get(m['status'], m['status'])}",
                measure_id=str(m["id"]),
            )
        )
    actors, _, _ = service.driver.execute_query(
        WITHOUT_GROUP, topics=topics, database_=service.database, routing_=read
    )
    items += [
        AgendaItem(
            AgendaKind.ACTOR_WITHOUT_GROUP,
            str(a["name"]),
            f"in keinem Arbeitskreis, bietet Angebote zu {', '.join(a['topics'])}",
            actor_id=str(a["id"]),
        )
        for a in actors
    ]
    return AgendaDraft(group_id, name, tuple(items))
