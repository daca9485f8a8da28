"""The gap analyses in GraphQL: `gaps { coverage(...) languages(...) brokers(...) ... }`.

The result types are derived from the analyses' own frozen dataclasses (``graph.analysis``),
so a field added there appears here without a second definition: tuples become lists,
nested dataclasses become object types, names become camelCase. Each field of ``Gaps`` runs
one analysis on the newest finished analyses of :class:`~graph.gap_service.GapService` in a
worker thread (the analyses are CPU-bound networkx code): repeated questions between writes
cost no recomputation, and after a write a visitor is answered at once from the previous
result while the new one is computed in the background (``gaps { updating }`` and
``analysisStatus`` say so).
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
import types
import typing
from collections.abc import Callable, Iterable
from datetime import datetime
from enum import Enum
from typing import Annotated, Any, TypeVar, Union

import strawberry

from graph import analysis
from graph.analysis.brokers import Brokers
from graph.analysis.communities import Communities
from graph.analysis.network_map import NetworkMap
from graph.gap_service import ActorMeasures, Analyses
from graph.gap_states import GapStates
from schema import gap_states
from schema.context import Info
from schema.errors import BadUserInput, NotFound
from schema.gap_states import GapReference, GapState, GapStateCount

T = TypeVar("T")
# long enough for a whole gap list in one answer (the cockpit's "Als Excel herunterladen");
# the response size limit (API_MAX_RESPONSE_BYTES) still holds
MAX_TOP = 5000
_converted: dict[type, Any] = {}


def graphql_type(cls: type) -> Any:
    """A Strawberry object type with the fields of the dataclass ``cls`` (memoised)."""
    if cls in _converted:
        return _converted[cls]
    hints = typing.get_type_hints(cls)
    annotations = {f.name: _graphql_annotation(hints[f.name]) for f in dataclasses.fields(cls)}
    annotations = {name: hint for name, hint in annotations.items() if hint is not None}
    namespace: dict[str, Any] = {"__annotations__": annotations, "__doc__": cls.__doc__}
    if "key" in annotations:  # a gap row: where it stands (schema.gap_states)
        namespace.update(gap_states.ROW_FIELDS)
    converted = strawberry.type(
        types.new_class(cls.__name__, (), {}, lambda ns: ns.update(namespace)),
        description=(cls.__doc__ or "").strip().split("\n")[0] or None,
    )
    _converted[cls] = converted
    return converted


def _graphql_annotation(hint: Any) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (tuple, list):
        inner = _graphql_annotation(args[0])
        return None if inner is None else list[inner]  # type: ignore[valid-type]
    if origin in (Union, types.UnionType):
        present = [a for a in args if a is not type(None)]
        inner = _graphql_annotation(present[0])
        return None if inner is None else typing.Optional[inner]  # noqa: UP045
    if origin is dict:
        return None  # raw maps (e.g. all betweenness values) are not part of the API
    if dataclasses.is_dataclass(hint):
        return graphql_type(hint)  # type: ignore[arg-type]
    return hint


CoverageGaps = graphql_type(analysis.CoverageGaps)
LanguageGaps = graphql_type(analysis.LanguageGaps)
PeripheralActors = graphql_type(analysis.PeripheralActors)
BrokersType = graphql_type(Brokers)
Fragility = graphql_type(analysis.Fragility)
CommunitiesType = graphql_type(Communities)
Introductions = graphql_type(analysis.Introductions)
WorkingGroupGaps = graphql_type(analysis.WorkingGroupGaps)
CoordinationGaps = graphql_type(analysis.CoordinationGaps)
ActorNetwork = graphql_type(ActorMeasures)
NetworkMapType = graphql_type(NetworkMap)

Top = Annotated[
    int, strawberry.argument(description=f"Länge der Rangliste / entries (1-{MAX_TOP}).")
]
States = Annotated[
    list[GapState] | None,  # type: ignore[valid-type]
    strawberry.argument(description="nur Lücken in diesen Ständen / only gaps in these states"),
]
OpenOnly = Annotated[
    bool,
    strawberry.argument(
        description="nur offene Lücken (ohne Maßnahme, nicht bewusst offen) / open gaps only"
    ),
]


def _check_top(top: int) -> int:
    if not 1 <= top <= MAX_TOP:
        raise BadUserInput(f"top must be between 1 and {MAX_TOP} (got {top})", field="top")
    return top


async def _run(info: Info, compute: Callable[[Analyses], T]) -> T:
    """``compute`` on the newest finished analyses, in a worker thread (networkx is CPU-bound
    and the revision is read with the synchronous driver)."""
    context = info.context
    try:
        return await asyncio.to_thread(lambda: compute(context.newest_analyses()))
    except KeyError as unknown:
        raise NotFound(f"unbekannte id / unknown id: {unknown.args[0]}") from None


async def _by_state(
    info: Info,
    compute: Callable[[Analyses, int | None], T],
    top: int,
    state: list[Any] | None,
    open_only: bool,
) -> T:
    """One analysis, its rows cut to the wanted states before the ``top`` cut (so ``top``
    open gaps are ``top`` open gaps, not the open ones among the first ``top``)."""
    keep = gap_states.wanted(state, open_only)
    if keep is None:
        return await _run(info, lambda s: compute(s, top))
    found: GapStates = await gap_states.current(info)
    # Only gaps with a decision or a measure are not open: when open ones are wanted, the
    # first top + that many rows hold the answer (an analysis ranks, then cuts); the
    # others need every row.
    decided = found.decisions.keys() | found.measures.keys()
    if GapState.OPEN.value in keep:
        enough: int | None = top + len(decided)
    elif any(found.state(key).value in keep for key in decided):
        enough = None
    else:  # no gap is in a wanted state: the lists come back empty, the totals as always
        enough = top
    rows = await _run(info, lambda s: compute(s, enough))
    return gap_states.filtered(rows, keep, found, top)


@strawberry.enum(description="Sortierung der Netzwerkmaße / order of the network measures")
class MeasureOrder(Enum):
    BETWEENNESS = "betweenness"
    TIES = "ties"
    STRENGTH = "strength"
    CONSTRAINT = "constraint"


def ranked_measures(
    measures: Iterable[ActorMeasures], order: MeasureOrder, community: int | None, top: int
) -> list[ActorMeasures]:
    """Measures filtered by community and sorted, highest first (constraint: lowest first,
    since low constraint marks a broker); actors without a value come last."""
    chosen = [m for m in measures if community is None or m.community == community]
    key = order.value
    with_value = [m for m in chosen if getattr(m, key) is not None]
    without = sorted((m for m in chosen if getattr(m, key) is None), key=lambda m: m.actor_id)
    ascending = order is MeasureOrder.CONSTRAINT
    with_value.sort(key=lambda m: (getattr(m, key) * (1 if ascending else -1), m.actor_id))
    return (with_value + without)[:top]


@strawberry.type(
    description="Lücken im Netzwerk Integration / the missing links, computed with networkx "
    "and cached until the next write."
)
class Gaps:
    @strawberry.field(description="Graph-Revision, auf der die Ergebnisse beruhen.")
    async def revision(self, info: Info) -> int:
        return await _run(info, Analyses.revision)

    @strawberry.field(
        description="Wird aktualisiert: diese Ergebnisse sind die neuesten fertigen, neuere "
        "werden nach einer Änderung im Hintergrund berechnet / a newer result is on its way"
    )
    async def updating(self, info: Info) -> bool:
        return await _run(info, lambda analyses: analyses.updating)

    @strawberry.field(
        description="Gemeinde × Handlungsfeld (× Zielgruppe) ohne Angebot, nach Bedarf."
    )
    async def coverage(
        self,
        info: Info,
        municipality: strawberry.ID | None = None,
        topic: strawberry.ID | None = None,
        target_group: strawberry.ID | None = None,
        by_target_group: bool = False,
        top: Top = 20,
        state: States = None,
        open_only: OpenOnly = False,
    ) -> CoverageGaps:  # type: ignore[valid-type]
        _check_top(top)
        return await _by_state(
            info,
            lambda s, n: s.coverage(
                municipality=municipality,
                topic=topic,
                target_group=target_group,
                by_target_group=by_target_group or target_group is not None,
                top=n,
            ),
            top,
            state,
            open_only,
        )

    @strawberry.field(description="Sprachen der Herkunftsländer ohne Angebot, je Gemeinde.")
    async def languages(
        self,
        info: Info,
        municipality: strawberry.ID | None = None,
        language: strawberry.ID | None = None,
        top: Top = 20,
        state: States = None,
        open_only: OpenOnly = False,
    ) -> LanguageGaps:  # type: ignore[valid-type]
        _check_top(top)
        return await _by_state(
            info,
            lambda s, n: s.languages(municipality=municipality, language=language, top=n),
            top,
            state,
            open_only,
        )

    @strawberry.field(description="Akteure ohne oder mit nur einer Verbindung.")
    async def peripheral_actors(
        self,
        info: Info,
        municipality: strawberry.ID | None = None,
        top: Top = 20,
        state: States = None,
        open_only: OpenOnly = False,
    ) -> PeripheralActors:  # type: ignore[valid-type]
        _check_top(top)
        return await _by_state(
            info,
            lambda s, n: s.peripheral(municipality=municipality, top=n),
            top,
            state,
            open_only,
        )

    @strawberry.field(
        description="Vermittler: Akteure, über die viele Wege zwischen anderen laufen / "
        "brokers (betweenness, Burt's constraint and effective size)"
    )
    async def brokers(self, info: Info, top: Top = 10) -> BrokersType:  # type: ignore[valid-type]
        _check_top(top)
        return await _run(info, lambda s: s.brokers(top=top))

    @strawberry.field(description="Schlüsselakteure (Artikulationspunkte) und Brücken.")
    async def fragility(
        self, info: Info, top: Top = 20, state: States = None, open_only: OpenOnly = False
    ) -> Fragility:  # type: ignore[valid-type]
        _check_top(top)
        return await _by_state(info, lambda s, n: s.fragility(top=n), top, state, open_only)

    @strawberry.field(
        description="Gemeinschaften: eng verbundene Gruppen und wie sie untereinander verbunden "
        "sind / communities (Louvain, fixed seed) and their links"
    )
    async def communities(self, info: Info, top: Top = 20) -> CommunitiesType:  # type: ignore[valid-type]
        _check_top(top)
        return await _run(info, lambda s: s.communities(top=top))

    @strawberry.field(description="Vorgeschlagene Kontakte zwischen Akteuren ohne Verbindung.")
    async def introductions(
        self,
        info: Info,
        municipality: strawberry.ID | None = None,
        topic: strawberry.ID | None = None,
        top: Top = 10,
        state: States = None,
        open_only: OpenOnly = False,
    ) -> Introductions:  # type: ignore[valid-type]
        _check_top(top)
        return await _by_state(
            info,
            lambda s, n: s.introductions(
                municipality=municipality, topic=topic, top=sys.maxsize if n is None else n
            ),
            top,
            state,
            open_only,
        )

    @strawberry.field(description="Handlungsfelder ohne Arbeitskreis, fehlende Mitglieder.")
    async def working_groups(
        self, info: Info, top: Top = 20, state: States = None, open_only: OpenOnly = False
    ) -> WorkingGroupGaps:  # type: ignore[valid-type]
        _check_top(top)
        return await _by_state(info, lambda s, n: s.working_groups(top=n), top, state, open_only)

    @strawberry.field(
        description="Netzwerkmaße aller Akteure, sortiert und nach Gemeinschaft gefiltert / "
        "every actor's network measures, sorted, optionally of one community"
    )
    async def actor_measures(
        self,
        info: Info,
        order_by: MeasureOrder = MeasureOrder.BETWEENNESS,
        community: int | None = None,
        top: Top = 20,
    ) -> list[ActorNetwork]:  # type: ignore[valid-type]
        _check_top(top)
        measures = await _run(info, Analyses.actor_measures)
        return ranked_measures(measures.values(), order_by, community, top)

    @strawberry.field(
        description="Das Kooperationsnetz zum Zeichnen: Positionen (einmal je Revision "
        "berechnet), Gemeinschaften, Vermittler, Schlüsselakteure und Brücken / the "
        "collaboration network laid out for drawing"
    )
    async def network_map(self, info: Info) -> NetworkMapType:  # type: ignore[valid-type]
        return await _run(info, Analyses.network_map)

    @strawberry.field(description="Angebote, Arbeitskreise, Handlungsfelder ohne Koordination.")
    async def coordination(
        self, info: Info, top: Top = 20, state: States = None, open_only: OpenOnly = False
    ) -> CoordinationGaps:  # type: ignore[valid-type]
        _check_top(top)
        return await _by_state(info, lambda s, n: s.coordination(top=n), top, state, open_only)

    @strawberry.field(
        description="Lücken je Liste und Stand, alle Zeilen gezählt (nicht nur die ersten) / "
        "gaps per list and state: open, measure planned, in progress, deliberately open"
    )
    async def gap_states(self, info: Info) -> list[GapStateCount]:
        found = await gap_states.current(info)
        rows = await _run(info, Analyses.gap_rows)
        return gap_states.counts(rows, found)

    @strawberry.field(
        description="Eine Lücke nach ihrem Schlüssel: besteht sie noch? / one gap by its key: "
        "OPEN while its row exists, CLOSED when not"
    )
    async def gap(self, info: Info, key: str) -> GapReference:
        return await _run(info, lambda s: gap_states.reference(s, key))


@strawberry.type(
    description="Stand der Analysen: aus welcher Revision die Antworten stammen und ob "
    "gerade neu gerechnet wird / where the analyses stand"
)
class AnalysisStatus:
    revision: int | None = strawberry.field(
        description="Revision der neuesten fertigen Analysen (null: noch keine berechnet) / "
        "the revision the answers come from"
    )
    latest_revision: int | None = strawberry.field(
        description="Neueste bekannte Revision des Graphen / the newest revision known"
    )
    computed_at: datetime | None = strawberry.field(
        description="Wann die neuesten fertigen Analysen berechnet wurden"
    )
    updating: bool = strawberry.field(
        description="Wird aktualisiert: nach einer Änderung wird im Hintergrund neu "
        "gerechnet; die Antworten stammen bis dahin aus `revision` / a newer result is "
        "being computed"
    )


@strawberry.type
class GapQuery:
    @strawberry.field(description="Lückenanalysen / gap analyses of the network.")
    def gaps(self) -> Gaps:
        return Gaps()

    @strawberry.field(
        description="Stand der Analysen und der Netzwerkkarte: Revision, Zeitpunkt, "
        "ob neu gerechnet wird / where the analyses stand (never waits for them)"
    )
    async def analysis_status(self, info: Info) -> AnalysisStatus:
        found = await asyncio.to_thread(info.context.analyses.status)
        return AnalysisStatus(
            revision=found.revision,
            latest_revision=found.latest_revision,
            computed_at=found.computed_at,
            updating=found.updating,
        )


async def actor_network(info: Info, actor_id: str) -> ActorMeasures | None:
    """Network measures of one actor (for the ``network`` field on ``Actor``)."""
    measures = await _run(info, Analyses.actor_measures)
    return measures.get(actor_id)
