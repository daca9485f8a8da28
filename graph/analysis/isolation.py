"""Isolated and peripheral actors."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from domain.gap_keys import gap_key
from graph.analysis.collaboration import COOPERATION, collaboration_graph
from graph.analysis.typed import (
    ACTIVE_IN,
    ACTOR,
    LOCATED_IN,
    MEMBER_OF,
    MUNICIPALITY,
    TypedGraph,
    covered_municipalities,
    id_of,
    name_of,
    nodes_of,
    resolve,
    targets,
)


@dataclass(frozen=True)
class PeripheralActor:
    """An actor with no working group, no cooperation, or at most one tie."""

    actor_id: str
    name: str
    kind: str | None
    ties: int
    """Degree in the collaboration graph (number of actors it is tied to)."""
    strength: float
    """Sum of the weights of its ties."""
    working_groups: int
    cooperations: int
    isolated: bool
    """No tie at all."""
    reasons: tuple[str, ...]
    key: str = field(init=False)
    """Stable across recomputations: built from the ids of the row (``domain.gap_keys``)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", gap_key("isolated", self.actor_id))


@dataclass(frozen=True)
class PeripheralActors:
    """Peripheral actors, most isolated first."""

    actor_count: int
    isolated_count: int
    peripheral_count: int
    actors: tuple[PeripheralActor, ...]
    explanation: str
    """What the list shows and how to read it, in plain German."""


EXPLANATION = (
    "Die Liste zeigt Akteure am Rand des Netzwerks: ohne jede Verbindung zu anderen, mit nur "
    "einer Verbindung, in keinem Arbeitskreis oder ohne Kooperation. Als Verbindung zählt "
    "eine Kooperation, ein gemeinsam getragenes Angebot, eine Förderung, ein gemeinsamer "
    "Arbeitskreis oder eine gemeinsame Veranstaltung. „Verbindungen“ ist die Zahl der "
    "Akteure, mit denen ein Akteur so verbunden ist; oben stehen die am wenigsten "
    "eingebundenen. Sie gezielt in einen Arbeitskreis oder zum nächsten Netzwerktreffen "
    "einzuladen, stärkt das Netzwerk am meisten."
)


def peripheral_actors(
    typed: TypedGraph,
    collab: nx.Graph | None = None,
    *,
    municipality: str | None = None,
    top: int | None = None,
) -> PeripheralActors:
    """Return actors at the edge of the network: isolates and pendants.

    An actor is reported if it

    - belongs to no working group (no ``MEMBER_OF``), or
    - has no cooperation (no ``COOPERATES_WITH`` in either direction), or
    - has at most one tie in the collaboration graph (degree 0: an *isolate*;
      degree 1: a *pendant* that hangs on a single partner).

    Notes
    -----
    Degree is the simplest centrality: isolates and pendants are the periphery of a
    network in Freeman's sense [1]_, and in a core-periphery reading of an
    inter-organisational network [2]_ they are the actors the coordinating body should
    reach out to. Membership and cooperation are checked separately because an actor can
    have ties (say, through jointly run offerings) and still stand outside the network's
    formal structures. Actors are ranked by degree, then by tie strength (sum of
    weights), then by name.

    Parameters
    ----------
    typed : nx.MultiDiGraph
        The typed graph.
    collab : nx.Graph, optional
        The collaboration graph of ``typed``; built with
        :func:`~graph.analysis.collaboration.collaboration_graph` when omitted.
    municipality : str, optional
        Only actors located or active in this municipality or one of its members.
    top : int, optional
        Return at most this many actors.

    References
    ----------
    .. [1] Freeman, L. C. "Centrality in social networks: conceptual clarification".
       *Social Networks* 1(3), 215-239 (1979).
    .. [2] Borgatti, S. P. and Everett, M. G. "Models of core/periphery structures".
       *Social Networks* 21(4), 375-395 (2000).
    """
    if collab is None:
        collab = collaboration_graph(typed)
    m_filter = resolve(typed, MUNICIPALITY, municipality)
    actors = nodes_of(typed, ACTOR)
    if m_filter is not None:
        inside = covered_municipalities(typed, m_filter)
        actors = [
            a
            for a in actors
            if inside.intersection(targets(typed, a, LOCATED_IN) + targets(typed, a, ACTIVE_IN))
        ]

    found: list[PeripheralActor] = []
    isolated = 0
    for a in actors:
        nbrs = collab._adj[a]
        degree = len(nbrs)
        groups = len(targets(typed, a, MEMBER_OF))
        partners = sum(1 for d in nbrs.values() if d["ties"].get(COOPERATION))
        reasons = []
        if degree == 0:
            reasons.append("ohne Verbindung im Netzwerk")
        elif degree == 1:
            (partner,) = nbrs
            reasons.append(f"nur eine Verbindung (zu {collab.nodes[partner]['name']})")
        if groups == 0:
            reasons.append("in keinem Arbeitskreis")
        if partners == 0:
            reasons.append("keine Kooperation")
        if not reasons:
            continue
        isolated += degree == 0
        found.append(
            PeripheralActor(
                actor_id=id_of(typed, a),
                name=name_of(typed, a),
                kind=typed.nodes[a].get("kind"),
                ties=degree,
                strength=float(sum(d["weight"] for d in nbrs.values())),
                working_groups=groups,
                cooperations=partners,
                isolated=degree == 0,
                reasons=tuple(reasons),
            )
        )
    found.sort(key=lambda p: (p.ties, p.strength, -len(p.reasons), p.name))
    return PeripheralActors(
        actor_count=len(actors),
        isolated_count=isolated,
        peripheral_count=len(found),
        actors=tuple(found if top is None else found[:top]),
        explanation=EXPLANATION,
    )
