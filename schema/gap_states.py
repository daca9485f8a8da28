"""The state of gap rows in GraphQL: ``state``, ``measures`` and ``decision`` on every row,
filters by state, counts by state (the decisions are written in
``schema.mutations.gap_decisions``).

The states are read once per request (one statement, ``graph.gap_states.READ``) and kept in
the request's cache; a decision written in the request clears it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

import neo4j
import strawberry

from domain.gap_keys import gap_kind
from domain.gap_titles import NameOf, gap_title
from domain.vocabulary import MeasureStatus
from graph import gap_states as states
from graph.analysis.typed import name_of, node_key
from graph.gap_rows import IntroductionRows
from graph.gap_service import Analyses
from schema.context import Info
from schema.permissions import is_authenticated
from schema.types import enums  # noqa: F401  (the vocabularies as GraphQL enums)

CACHE_KEY = "gap_states"
T = TypeVar("T")

GapState = strawberry.enum(
    states.GapState,
    description="Stand einer Lücke: offen, Maßnahme geplant, in Umsetzung, bewusst offen / "
    "where a gap stands",
)


@strawberry.enum(description="Ob die Lücke noch besteht / whether the gap still exists")
class GapReferenceState(Enum):
    OPEN = "open"
    CLOSED = "closed"


@strawberry.type(description="Bewusst offen gelassen / a gap left open on purpose")
class GapDecision:
    key: str
    reason: str = strawberry.field(description="Begründung / why, e.g. kein Bedarf")
    decided_at: datetime
    by: strawberry.Private[str]

    @strawberry.field(
        description="wer entschieden hat (nur für angemeldete Nutzer:innen, sonst null) / "
        "who decided: a person's name, for signed-in callers only"
    )
    def decided_by(self, info: Info) -> str | None:
        return self.by if is_authenticated(info) else None

    @classmethod
    def of(cls, decision: states.GapDecision) -> GapDecision:
        return cls(
            key=decision.key,
            reason=decision.reason,
            decided_at=decision.decided_at,
            by=decision.decided_by,
        )


@strawberry.type(description="Eine Maßnahme zu einer Lücke / a measure addressing a gap")
class GapMeasure:
    id: strawberry.ID
    title: str
    status: MeasureStatus
    working_group_id: strawberry.ID | None
    working_group_name: str | None


@strawberry.type(description="Lücken einer Art in einem Stand / gaps of one kind in one state")
class GapStateCount:
    kind: str = strawberry.field(description="die Liste, z. B. coverage, languages, bridges")
    state: GapState  # type: ignore[valid-type]
    count: int


@strawberry.type(description="Eine Lücke, auf die eine Maßnahme verweist / a gap reference")
class GapReference:
    key: str
    kind: str
    state: GapReferenceState = strawberry.field(
        description="OPEN: die Lücke besteht noch; CLOSED: nicht mehr (z. B. ein Angebot "
        "schließt sie) / OPEN while the gap row still exists, CLOSED when it does not"
    )
    reason: str | None = strawberry.field(
        description="die Begründung der Lücke, solange sie besteht / the row's reason while open"
    )
    title: str | None = strawberry.field(
        default=None,
        description="die Lücke in Worten, mit den Namen der Einträge ihres Schlüssels (auch "
        "geschlossen), z. B. „Sprache in Meine“ / the gap in words: the names of the records "
        "its key is made of, open or closed",
    )


async def current(info: Info) -> states.GapStates:
    """The gap states of this request (read once)."""
    cached = info.context.cache.get(CACHE_KEY)
    if isinstance(cached, states.GapStates):
        return cached
    context = info.context
    # No decision yet means no GapDecision label: silence that notice, it is no error.
    async with context.driver.session(
        database=context.database,
        default_access_mode=neo4j.READ_ACCESS,
        notifications_min_severity="OFF",
    ) as session:
        result = await session.run(context.query(states.READ))
        record = await result.single(strict=True)
    found = states.states_of(record["decisions"], record["measures"])
    context.cache[CACHE_KEY] = found
    return found


async def row_state(root: Any, info: Info) -> states.GapState:
    return (await current(info)).state(root.key)


async def row_measures(root: Any, info: Info) -> list[GapMeasure]:
    return [
        GapMeasure(
            id=strawberry.ID(m.id),
            title=m.title,
            status=MeasureStatus(m.status),
            working_group_id=None
            if m.working_group_id is None
            else strawberry.ID(m.working_group_id),
            working_group_name=m.working_group_name,
        )
        for m in (await current(info)).measures.get(root.key, ())
    ]


async def row_decision(root: Any, info: Info) -> GapDecision | None:
    decision = (await current(info)).decisions.get(root.key)
    return None if decision is None else GapDecision.of(decision)


row_state.__annotations__["return"] = GapState
row_measures.__annotations__["return"] = list[GapMeasure]
row_decision.__annotations__["return"] = GapDecision | None
for _resolver in (row_state, row_measures, row_decision):
    _resolver.__annotations__.update(root=Any, info=Info)

ROW_FIELDS: dict[str, Any] = {
    "state": strawberry.field(
        resolver=row_state, description="Stand der Lücke / where the gap stands"
    ),
    "measures": strawberry.field(
        resolver=row_measures, description="Maßnahmen zu dieser Lücke / measures addressing it"
    ),
    "decision": strawberry.field(
        resolver=row_decision, description="Entscheidung „bewusst offen“ / the decision, if any"
    ),
}
"""The fields every gap row type gets besides its dataclass fields (``schema.gaps``)."""


def wanted(state: Sequence[states.GapState] | None, open_only: bool) -> frozenset[str] | None:
    """The states a list keeps (None: all). Both given: both apply (``openOnly`` with
    ``state: [IN_PROGRESS]`` keeps nothing), as the conditions of a filter combine."""
    chosen = None if not state else frozenset(s.value for s in state)
    if open_only:
        return frozenset({states.GapState.OPEN.value}) & (chosen or {states.GapState.OPEN.value})
    return chosen


def filtered(result: T, keep: frozenset[str], found: states.GapStates, top: int) -> T:
    """``result`` with every list of keyed rows cut to the rows in a kept state, then to
    ``top`` (the totals such as ``gapCount`` still count all)."""
    changes: dict[str, Any] = {}
    for item in dataclasses.fields(result):  # type: ignore[arg-type]
        value = getattr(result, item.name)
        if isinstance(value, tuple) and value and hasattr(value[0], "key"):
            kept = [row for row in value if found.state(row.key).value in keep]
            changes[item.name] = tuple(kept[:top])
    return dataclasses.replace(result, **changes)  # type: ignore[type-var]


def counts(rows: Mapping[str, Iterable[Any]], found: states.GapStates) -> list[GapStateCount]:
    """Every list × every state, zeros included, in list order."""
    table: list[GapStateCount] = []
    for kind, listed in rows.items():
        tally = dict.fromkeys(states.GapState, 0)
        if isinstance(listed, IntroductionRows):  # every pair: count the decided ones
            decided = found.decisions.keys() | found.measures.keys()
            for key in filter(listed.holds, decided):
                tally[found.state(key)] += 1
            tally[states.GapState.OPEN] += len(listed) - sum(tally.values())
        else:
            for row in listed:
                tally[found.state(row.key)] += 1
        table += [GapStateCount(kind=kind, state=s, count=n) for s, n in tally.items()]
    return table


def reference(service: Analyses, key: str) -> GapReference:
    row = service.gap_row(key)
    return GapReference(
        key=key,
        kind=gap_kind(key),
        state=GapReferenceState.CLOSED if row is None else GapReferenceState.OPEN,
        reason=None if row is None else getattr(row, "reason", None),
        title=gap_title(key, _names(service.typed())),
    )


def _names(typed: Any) -> NameOf:
    """Names of the records in the analyses' graph, by label and id (None: not there)."""
    return lambda label, id: (
        name_of(typed, node_key(label, id)) if node_key(label, id) in typed else None
    )
