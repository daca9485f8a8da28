"""``development(since, until)`` and ``agendaDraft(workingGroup)`` in GraphQL.

Both are computed in Python over the cached analyses (``graph.development``,
``graph.agenda``) in a worker thread, like the gap lists; what each covers, and what it
cannot, is said in those modules and in the README.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Annotated

import strawberry

from graph import agenda, development
from schema.context import Info
from schema.errors import BadUserInput, NotFound
from schema.gap_states import current

AgendaItemKind = strawberry.enum(
    agenda.AgendaKind,
    description="Art eines Tagesordnungspunkts: offene Lücken eines Handlungsfelds (oder "
    "eine Lücke), fällige Maßnahme, Maßnahme in Arbeit (geplant oder in Umsetzung), Akteur "
    "ohne Arbeitskreis / kind of agenda item",
)


@strawberry.type(description="Eine Lücke, die im Zeitraum geschlossen oder neu ist")
class DevelopmentGap:
    key: str
    kind: str
    reason: str


@strawberry.type(description="Ein im Zeitraum angelegter oder gelöschter Datensatz")
class DevelopmentRecord:
    id: strawberry.ID
    name: str
    at: datetime = strawberry.field(description="Zeitpunkt der Änderung / when")


@strawberry.type(description="Eine im Zeitraum umgesetzte Maßnahme / a measure done")
class DevelopmentMeasure:
    id: strawberry.ID
    title: str
    done_on: date
    working_group_name: str | None


@strawberry.type(description="Was hat sich im Zeitraum geändert? / what changed between two dates")
class Development:
    since: date
    until: date | None
    gaps_compared: bool = strawberry.field(
        description="ob Lücken verglichen werden konnten (ein festgehaltener Stand der "
        "Analysen für Beginn und Ende liegt vor) / whether gaps could be compared"
    )
    gaps_note: str = strawberry.field(description="was der Lückenvergleich abdeckt")
    gaps_closed: list[DevelopmentGap]
    gaps_new: list[DevelopmentGap]
    actors_added: list[DevelopmentRecord]
    actors_removed: list[DevelopmentRecord]
    offerings_added: list[DevelopmentRecord]
    offerings_removed: list[DevelopmentRecord]
    measures_done: list[DevelopmentMeasure]


@strawberry.type(description="Ein Punkt des Tagesordnungsentwurfs / a draft agenda item")
class AgendaItem:
    kind: AgendaItemKind  # type: ignore[valid-type]
    title: str
    reason: str
    gap_key: str | None = strawberry.field(
        description="die Lücke eines Punkts zu genau einer Lücke / the gap of a one-gap item"
    )
    measure_id: strawberry.ID | None
    actor_id: strawberry.ID | None
    gap_keys: list[str] = strawberry.field(
        description="alle Lücken des Punkts: eine, oder die offenen Lücken eines Handlungsfelds "
        "/ every gap of the item: one, or a field's open gaps"
    )


@strawberry.type(description="Entwurf der Tagesordnung eines Arbeitskreises / agenda draft")
class AgendaDraft:
    working_group_id: strawberry.ID
    working_group_name: str
    items: list[AgendaItem]


def _records(found: tuple[development.RecordChange, ...]) -> list[DevelopmentRecord]:
    return [DevelopmentRecord(id=strawberry.ID(r.id), name=r.name, at=r.at) for r in found]


def _gaps(found: tuple[development.GapChange, ...]) -> list[DevelopmentGap]:
    return [DevelopmentGap(key=g.key, kind=g.kind, reason=g.reason) for g in found]


def to_graphql(dev: development.Development, since: date, until: date | None) -> Development:
    return Development(
        since=since,
        until=until,
        gaps_compared=dev.gaps_compared,
        gaps_note=dev.gaps_note,
        gaps_closed=_gaps(dev.gaps_closed),
        gaps_new=_gaps(dev.gaps_new),
        actors_added=_records(dev.of(dev.added, "Actor")),
        actors_removed=_records(dev.of(dev.removed, "Actor")),
        offerings_added=_records(dev.of(dev.added, "Offering")),
        offerings_removed=_records(dev.of(dev.removed, "Offering")),
        measures_done=[
            DevelopmentMeasure(
                id=strawberry.ID(m.id),
                title=m.title,
                done_on=m.done_on,
                working_group_name=m.working_group_name,
            )
            for m in dev.measures_done
        ],
    )


@strawberry.type
class DevelopmentQuery:
    @strawberry.field(
        description="Was hat sich seit … geändert? Lücken geschlossen und neu, Akteure und "
        "Angebote angelegt und gelöscht, Maßnahmen umgesetzt, zwischen zwei Tagen (beide "
        "einschließlich; ohne until: bis heute) / what changed between two dates"
    )
    async def development(
        self,
        info: Info,
        since: Annotated[date, strawberry.argument(description="ab diesem Tag / from")],
        until: Annotated[
            date | None, strawberry.argument(description="bis einschließlich / up to")
        ] = None,
    ) -> Development:
        if until is not None and until < since:
            raise BadUserInput("until liegt vor since / until is before since", field="until")
        start, end = development.day_window(since, until)
        service = info.context.analyses
        found = await asyncio.to_thread(development.development, service, start, end)
        return to_graphql(found, since, until)

    @strawberry.field(
        description="Tagesordnung vorschlagen: offene Lücken in den Handlungsfeldern des "
        "Arbeitskreises (ein Punkt je Handlungsfeld), fällige oder überfällige Maßnahmen (30 "
        "Tage), Maßnahmen in Arbeit, Akteure ohne Arbeitskreis in seinen Feldern / a draft "
        "agenda for a working group's next meeting"
    )
    async def agenda_draft(self, info: Info, working_group: strawberry.ID) -> AgendaDraft:
        states = await current(info)
        service = info.context.analyses
        try:
            draft = await asyncio.to_thread(
                agenda.agenda_draft, service, states, str(working_group)
            )
        except agenda.UnknownWorkingGroup:
            raise NotFound(
                f"Arbeitskreis '{working_group}' nicht gefunden / working group not found"
            ) from None
        return AgendaDraft(
            working_group_id=strawberry.ID(draft.working_group_id),
            working_group_name=draft.working_group_name,
            items=[
                AgendaItem(
                    kind=item.kind,
                    title=item.title,
                    reason=item.reason,
                    gap_key=item.gap_key,
                    measure_id=None if item.measure_id is None else strawberry.ID(item.measure_id),
                    actor_id=None if item.actor_id is None else strawberry.ID(item.actor_id),
                    gap_keys=list(item.gap_keys),
                )
                for item in draft.items
            ],
        )
