"""Coordination gaps: offerings, working groups and topics without a coordinator; load."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from domain.gap_keys import gap_key
from graph.analysis.typed import (
    ADDRESSES,
    COORDINATES,
    COORDINATOR,
    OFFERING,
    TOPIC,
    WORKING_GROUP,
    TypedGraph,
    id_of,
    label_of,
    name_of,
    nodes_of,
    sources,
    targets,
)
from graph.analysis.wording import enumerate_de

_LABEL_SLUGS = {"Offering": "offering", "WorkingGroup": "working-group", "Topic": "topic"}


@dataclass(frozen=True)
class Uncoordinated:
    """An offering, working group or topic no coordinator is responsible for."""

    label: str
    """``Offering``, ``WorkingGroup`` or ``Topic``."""
    id: str
    name: str
    topic_coordinators: tuple[str, ...]
    """Names of coordinators of its topics, who could take it on (empty for a topic)."""
    reason: str
    key: str = field(init=False)
    """Stable across recomputations: built from the ids of the row (``domain.gap_keys``)."""

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "key",
            gap_key("uncoordinated", _LABEL_SLUGS.get(self.label, self.label.lower()), self.id),
        )


@dataclass(frozen=True)
class CoordinatorLoad:
    """What one coordinator is responsible for."""

    coordinator_id: str
    name: str
    role: str | None
    offerings: int
    working_groups: int
    topics: int
    offerings_in_topics: int
    """Offerings addressing the topics it coordinates (indirect responsibility)."""
    total: int
    """Directly coordinated offerings, working groups and topics."""


@dataclass(frozen=True)
class CoordinationGaps:
    """Items without a coordinator (topics first, then groups, then offerings) and load."""

    uncoordinated_offerings: int
    uncoordinated_working_groups: int
    uncoordinated_topics: int
    uncoordinated: tuple[Uncoordinated, ...]
    load: tuple[CoordinatorLoad, ...]
    """Coordinators by load, highest first."""
    explanation: str
    """What the lists show and how to read them, in plain German."""


EXPLANATION = (
    "Die Liste zeigt Handlungsfelder, Arbeitskreise und Angebote, für die keine "
    "Koordinator:in zuständig ist, und wie viele Zuständigkeiten jede Koordinator:in trägt. "
    "Ist jemand für das Handlungsfeld eines offenen Angebots oder Arbeitskreises zuständig, "
    "wird diese Person als naheliegende Ansprechperson genannt. Offene Einträge sollten "
    "jemandem zugeordnet werden; sehr viele Zuständigkeiten bei einer Person können auf "
    "Überlastung hinweisen."
)


def coordination_gaps(typed: TypedGraph, *, top: int | None = None) -> CoordinationGaps:
    """Return what no coordinator is responsible for, and each coordinator's load.

    An offering, working group or topic (field of action) is *coordinated* if some
    ``Coordinator`` has a ``COORDINATES`` relationship to it. Uncoordinated items are
    listed topics first (a whole field without a responsible person weighs most), then
    working groups, then offerings, each by name. For an uncoordinated offering or
    working group the coordinators of its topics are named: they are the natural people
    to take it on.

    The *load* of a coordinator counts the offerings, working groups and topics it
    coordinates directly (``total``) and, as indirect responsibility, the offerings that
    address the topics it coordinates.

    Notes
    -----
    Responsibility is read off the ``COORDINATES`` relationships, a plain
    responsibility-assignment (RACI-style "accountable") matrix [1]_ stored as a graph;
    a gap is a row without an accountable person, load is a column sum.

    Parameters
    ----------
    typed : nx.MultiDiGraph
        The typed graph.
    top : int, optional
        Return at most this many uncoordinated items and coordinators (the counts are
        complete).

    References
    ----------
    .. [1] Project Management Institute. *A Guide to the Project Management Body of
       Knowledge (PMBOK Guide)*, 6th ed., 2017 (responsibility assignment matrix,
       RACI chart).
    """
    topic_coordinators: dict[str, list[str]] = {}
    for t in nodes_of(typed, TOPIC):
        topic_coordinators[t] = sorted(
            name_of(typed, c)
            for c in sources(typed, t, COORDINATES)
            if label_of(typed, c) == COORDINATOR
        )

    def coordinated(node: str) -> bool:
        return any(label_of(typed, c) == COORDINATOR for c in sources(typed, node, COORDINATES))

    # Items share few distinct topic sets (a landscape has a few dozen topics), so the
    # coordinators of each set are listed once and the tuple is shared by its items.
    via_topics: dict[tuple[str, ...], tuple[str, ...]] = {}

    def coordinators_via(node: str) -> tuple[str, ...]:
        topics = tuple(targets(typed, node, ADDRESSES))
        via = via_topics.get(topics)
        if via is None:
            named = (c for t in topics for c in topic_coordinators.get(t, ()))
            via = via_topics[topics] = tuple(dict.fromkeys(named))  # each once, in order
        return via

    uncoordinated: list[Uncoordinated] = []
    counts: Counter[str] = Counter()
    for label in (TOPIC, WORKING_GROUP, OFFERING):
        found = [n for n in nodes_of(typed, label) if not coordinated(n)]
        found.sort(key=lambda n: name_of(typed, n))
        counts[label] = len(found)
        for n in found:
            via = coordinators_via(n) if label != TOPIC else ()
            what = {TOPIC: "Handlungsfeld", WORKING_GROUP: "Arbeitskreis", OFFERING: "Angebot"}
            reason = f"{what[label]} „{name_of(typed, n)}“ ohne Koordinator:in"
            if via:
                reason += f"; über das Handlungsfeld zuständig: {enumerate_de(via)}"
            uncoordinated.append(
                Uncoordinated(
                    label=label,
                    id=id_of(typed, n),
                    name=name_of(typed, n),
                    topic_coordinators=via,
                    reason=reason,
                )
            )

    addressing: dict[str, set[str]] = {}
    # Offerings addressing a set of topics, counted once per distinct set: coordinators
    # share few sets, and the union of a set's offerings is large.
    reach: dict[frozenset[str], int] = {}
    load: list[CoordinatorLoad] = []
    for c in nodes_of(typed, COORDINATOR):
        duties = Counter(label_of(typed, n) for n in targets(typed, c, COORDINATES))
        topics = [n for n in targets(typed, c, COORDINATES) if label_of(typed, n) == TOPIC]
        for t in topics:
            if t not in addressing:
                addressing[t] = {
                    o for o in sources(typed, t, ADDRESSES) if label_of(typed, o) == OFFERING
                }
        coordinated_topics = frozenset(topics)
        if coordinated_topics not in reach:
            reach[coordinated_topics] = len(set().union(*(addressing[t] for t in topics)))
        role = typed.nodes[c].get("role")
        load.append(
            CoordinatorLoad(
                coordinator_id=id_of(typed, c),
                name=name_of(typed, c),
                role=str(role) if role is not None else None,
                offerings=duties[OFFERING],
                working_groups=duties[WORKING_GROUP],
                topics=duties[TOPIC],
                offerings_in_topics=reach[coordinated_topics],
                total=duties[OFFERING] + duties[WORKING_GROUP] + duties[TOPIC],
            )
        )
    load.sort(key=lambda x: (-x.total, -x.offerings_in_topics, x.name))
    return CoordinationGaps(
        uncoordinated_offerings=counts[OFFERING],
        uncoordinated_working_groups=counts[WORKING_GROUP],
        uncoordinated_topics=counts[TOPIC],
        uncoordinated=tuple(uncoordinated if top is None else uncoordinated[:top]),
        load=tuple(load if top is None else load[:top]),
        explanation=EXPLANATION,
    )
