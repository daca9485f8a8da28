""" "Tagesordnung vorschlagen": a draft agenda for a working group's next meeting.

The draft is what the Stabsstelle would otherwise gather by hand before an AK-Sitzung, in
this order:

1. the **open gaps** in the group's fields of action (the topics it ADDRESSES), one item per
   field: how many coverage cells (municipality × topic, × target group) of that field are
   open, and in which municipalities; then the topics without a coordinator and the group
   itself without one. Only rows in state ``open`` count (a gap with a measure or a decision
   "bewusst offen" is already dealt with). One item per field, not per cell: a group with
   five fields in a county of 40 municipalities would otherwise get ~90 items;
2. the group's **measures**: those due within ``horizon_days`` (30) from today or earlier
   ("fällige Maßnahme"), and those planned or in progress without a due date or due later
   ("Maßnahme in Arbeit"), neither done nor dropped; a measure just assigned to the group
   is there even before anyone set its due date;
3. **actors without any working group** that offer something in its fields: whom to invite.

It is a draft: the cockpit lets the Stabsstelle edit and print it; nothing is stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any, LiteralString

import neo4j

from domain import days
from domain.gap_keys import gap_key
from domain.vocabulary import LABELS, MeasureStatus
from graph.analysis import CoverageGap, Uncoordinated
from graph.analysis.wording import counted
from graph.gap_service import GapService
from graph.gap_states import GapState, GapStates

HORIZON_DAYS = 30


class AgendaKind(StrEnum):
    OPEN_GAP = "open_gap"
    DUE_MEASURE = "due_measure"
    MEASURE_IN_PROGRESS = "measure_in_progress"
    ACTOR_WITHOUT_GROUP = "actor_without_group"


@dataclass(frozen=True)
class AgendaItem:
    kind: AgendaKind
    title: str
    reason: str
    gap_key: str | None = None
    """The gap of an item about one gap; None for a field's gaps together (``gap_keys``)."""
    measure_id: str | None = None
    actor_id: str | None = None
    gap_keys: tuple[str, ...] = ()
    """Every gap the item is about: one, or all open gaps of a field."""


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

MEASURES: LiteralString = """
MATCH (m:Measure)-[:ASSIGNED_TO]->(:WorkingGroup {id: $id})
WITH m, coalesce(m.status, 'idea') AS status, date(m.due) AS due
WHERE NOT status IN $finished
  AND ((due IS NOT NULL AND due <= $horizon) OR status IN $working)
RETURN m.id AS id, m.title AS title, due, status,
       due IS NOT NULL AND due <= $horizon AS isDue
ORDER BY isDue DESC, due IS NULL, due, title
"""

WITHOUT_GROUP: LiteralString = """
MATCH (a:Actor)-[:OFFERS]->(:Offering)-[:ADDRESSES]->(t:Topic)
WHERE t.id IN $topics AND NOT EXISTS { (a)-[:MEMBER_OF]->(:WorkingGroup) }
WITH a, collect(DISTINCT t.name) AS topics
RETURN a.id AS id, a.name AS name, topics ORDER BY name
"""

STATUS_DE = {code: labels.de for code, labels in LABELS[MeasureStatus].items()}
WORKING = (MeasureStatus.PLANNED.value, MeasureStatus.IN_PROGRESS.value)
"""The measures "in Arbeit": listed whatever their due date."""
SHOWN_PLACES = 12
"""Municipalities named in a field's item; the rest are counted ("und 8 weitere")."""


class UnknownWorkingGroup(LookupError):
    pass


def agenda_draft(
    service: GapService, states: GapStates, group_id: str, today: date | None = None
) -> AgendaDraft:
    """The draft agenda of working group ``group_id`` (``UnknownWorkingGroup`` if none)."""
    today = today or days.today()
    read = neo4j.RoutingControl.READ
    found, _, _ = service.driver.execute_query(
        GROUP, id=group_id, database_=service.database, routing_=read
    )
    if not found:
        raise UnknownWorkingGroup(group_id)
    name, topics = str(found[0]["name"]), [str(t) for t in found[0]["topics"]]
    rows = service.gap_rows()
    items = open_gaps(rows, states, topics)
    own = {gap_key("uncoordinated", "topic", t) for t in topics}
    own.add(gap_key("uncoordinated", "working-group", group_id))
    items += [
        AgendaItem(
            AgendaKind.OPEN_GAP, f"{u.name} ohne Koordination", u.reason, u.key, gap_keys=(u.key,)
        )
        for u in rows["uncoordinated"]
        if isinstance(u, Uncoordinated) and u.key in own and states.state(u.key) is GapState.OPEN
    ]
    measures, _, _ = service.driver.execute_query(
        MEASURES,
        id=group_id,
        horizon=today + timedelta(days=HORIZON_DAYS),
        finished=[MeasureStatus.DONE.value, MeasureStatus.DROPPED.value],
        working=list(WORKING),
        database_=service.database,
        routing_=read,
    )
    items += [measure_item(m, today) for m in measures]
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


def open_gaps(
    rows: Mapping[str, Sequence[object]], states: GapStates, topics: list[str]
) -> list[AgendaItem]:
    """One item per field of action with open coverage gaps, in the group's topic order:
    ``Sprache: 7 offene Versorgungslücken`` with the municipalities in its reason."""
    by_topic: dict[str, list[CoverageGap]] = {}
    for g in rows["coverage"]:
        if not isinstance(g, CoverageGap) or g.topic_id not in topics:
            continue
        if states.state(g.key) is GapState.OPEN:
            by_topic.setdefault(g.topic_id, []).append(g)
    items = []
    for topic in topics:
        gaps = by_topic.get(topic)
        if not gaps:
            continue
        open_count = counted(len(gaps), "offene Versorgungslücke", "offene Versorgungslücken")
        title = f"{gaps[0].topic_name}: {open_count}"
        keys = tuple(g.key for g in gaps)
        items.append(
            AgendaItem(
                AgendaKind.OPEN_GAP,
                title,
                f"kein Angebot in {places(gaps)}",
                keys[0] if len(keys) == 1 else None,
                gap_keys=keys,
            )
        )
    return items


def places(gaps: list[CoverageGap]) -> str:
    """``Meine, Sassenburg (für Frauen) und 3 weitere``: each municipality once, in the
    order of the gaps (largest need first), with the target groups of its cells."""
    groups: dict[str, list[str]] = {}
    for g in gaps:
        named = groups.setdefault(g.municipality_name, [])
        if g.target_group_name:
            named.append(g.target_group_name)
    shown = [
        f"{place} (für {', '.join(wanted)})" if wanted else place
        for place, wanted in list(groups.items())[:SHOWN_PLACES]
    ]
    rest = len(groups) - len(shown)
    return ", ".join(shown) + (f" und {rest} weiteren Gemeinden" if rest else "")


def measure_item(m: Any, today: date) -> AgendaItem:
    """A due or overdue measure, or one planned or in progress (due later or undated)."""
    status = STATUS_DE.get(m["status"], m["status"])
    when = m["due"].to_native() if m["due"] is not None else None
    if m["isDue"] and when is not None:
        late = "überfällig seit" if when < today else "fällig am"
        reason, kind = f"{late} {when:%d.%m.%Y}; Stand: {status}", AgendaKind.DUE_MEASURE
    else:
        due = f"fällig am {when:%d.%m.%Y}" if when is not None else "ohne Fälligkeit"
        reason, kind = f"Stand: {status}; {due}", AgendaKind.MEASURE_IN_PROGRESS
    return AgendaItem(kind, str(m["title"]), reason, measure_id=str(m["id"]))
