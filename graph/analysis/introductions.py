"""Suggested introductions: actors without a tie who work on the same things in the same places."""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Literal

import networkx as nx

from domain.gap_keys import gap_key
from graph.analysis.collaboration import collaboration_graph
from graph.analysis.profiles import ActorProfile, actor_profiles
from graph.analysis.typed import (
    MUNICIPALITY,
    PART_OF,
    TOPIC,
    TypedGraph,
    covered_municipalities,
    id_of,
    name_of,
    resolve,
    targets,
)
from graph.analysis.wording import enumerate_de

Method = Literal["adamic_adar", "resource_allocation", "jaccard"]
MAX_BUCKET = 200
"""Attribute buckets with more actors than this yield no candidate pairs by themselves."""

METHODS = ("adamic_adar", "resource_allocation", "jaccard")


def scored(
    evidence: nx.Graph, pairs: Iterable[tuple[str, str]], method: Method
) -> Iterator[tuple[str, str, float]]:
    """``(u, v, score)`` for each pair: the scores of :func:`networkx.adamic_adar_index`,
    :func:`networkx.resource_allocation_index` and :func:`networkx.jaccard_coefficient`.

    The same formulas over the same sets of common neighbours, summed in the same order
    (the tests check equality); but each degree is looked up once instead of through a
    degree view per common neighbour per pair, which took most of the time of this
    analysis on large landscapes.
    """
    adj = evidence._adj
    degree: dict[str, int] = dict(evidence.degree())

    def common(u: str, v: str) -> Any:
        return adj[u].keys() & adj[v].keys() - {u, v}  # networkx's common_neighbors

    def adamic_adar(u: str, v: str) -> float:
        return sum(1 / math.log(degree[w]) for w in common(u, v))

    def resource_allocation(u: str, v: str) -> float:
        return sum(1 / degree[w] for w in common(u, v))

    def jaccard(u: str, v: str) -> float:
        union = len(set(adj[u]) | set(adj[v]))
        return len(common(u, v)) / union if union else 0

    score = {
        "adamic_adar": adamic_adar,
        "resource_allocation": resource_allocation,
        "jaccard": jaccard,
    }[method]
    return ((u, v, score(u, v)) for u, v in pairs)


@dataclass(frozen=True)
class Introduction:
    """Two actors without a tie who would likely benefit from knowing each other."""

    actor_a_id: str
    actor_a_name: str
    actor_b_id: str
    actor_b_name: str
    score: float
    shared_topics: tuple[str, ...]
    shared_municipalities: tuple[str, ...]
    shared_target_groups: tuple[str, ...]
    common_partners: tuple[str, ...]
    """Names of (up to ten) partners both are tied to."""
    common_partner_count: int
    reason: str
    key: str = field(init=False)
    """Stable across recomputations: built from the ids of the row (``domain.gap_keys``)."""

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "key", gap_key("introduction", self.actor_a_id, self.actor_b_id, unordered=True)
        )


@dataclass(frozen=True)
class Introductions:
    """The top suggested introductions and how many candidate pairs were scored."""

    suggestions: tuple[Introduction, ...]
    method: str
    candidates: int
    skipped_buckets: int
    """Attribute buckets larger than ``max_bucket`` (they still count in the scores)."""
    explanation: str
    """What the list shows and how to read the score, in plain German."""


SCORE_MEANING = {
    "adamic_adar": (
        "Der Wert zählt diese Gemeinsamkeiten, wobei seltene mehr wiegen als häufige (ein "
        "gemeinsames Dorf mehr als der ganze Landkreis, ein Nischenthema mehr als ein Thema, "
        "zu dem fast alle arbeiten); er hat keine feste Obergrenze und dient zum Ordnen."
    ),
    "resource_allocation": (
        "Der Wert zählt diese Gemeinsamkeiten, wobei seltene viel mehr wiegen als häufige "
        "(ein gemeinsames Dorf viel mehr als der ganze Landkreis); er dient zum Ordnen."
    ),
    "jaccard": (
        "Der Wert (0 bis 1) ist der Anteil der Gemeinsamkeiten an allen Handlungsfeldern, "
        "Orten, Zielgruppen und Partnern der beiden zusammen."
    ),
}


def explanation(method: str) -> str:
    """The plain-German explanation of the suggestions scored by ``method``."""
    return (
        "Die Liste schlägt Paare von Akteuren vor, die bisher nicht miteinander verbunden "
        "sind, aber zu denselben Handlungsfeldern, in denselben Gemeinden oder für dieselben "
        f"Zielgruppen arbeiten oder gemeinsame Partner haben. {SCORE_MEANING[method]} "
        "Je höher der Wert, desto mehr spricht für ein Kennenlernen; oft genügt ein Hinweis "
        "der Stabsstelle oder eine Einladung zum selben Treffen."
    )


def suggested_introductions(
    typed: TypedGraph,
    collab: nx.Graph | None = None,
    *,
    top: int = 10,
    method: Method = "adamic_adar",
    municipality: str | None = None,
    topic: str | None = None,
    max_bucket: int = MAX_BUCKET,
    profiles: Mapping[str, ActorProfile] | None = None,
) -> Introductions:
    r"""Return the ``top`` pairs of actors without a tie who share fields, places or groups.

    Notes
    -----
    This is link prediction [1]_ on an *evidence graph* $H$: the actors, their
    collaboration ties, and one node per topic, municipality and target group joined to
    each actor that has it (see :mod:`graph.analysis.profiles`). A common neighbour of two
    actors in $H$ is a shared topic, municipality or target group, or a shared partner
    (triadic closure). Candidates are scored with

    - Adamic-Adar [2]_: $\sum_{z \in \Gamma(u) \cap \Gamma(v)} 1 / \log |\Gamma(z)|$,
      so a rare shared attribute (a small village, a niche topic) counts more than a
      common one;
    - resource allocation [3]_: $\sum_{z} 1 / |\Gamma(z)|$, the same idea discounting
      popular attributes harder;
    - Jaccard [1]_: $|\Gamma(u) \cap \Gamma(v)| / |\Gamma(u) \cup \Gamma(v)|$,

    with the formulas of :func:`networkx.adamic_adar_index` and its siblings
    (:func:`scored`).

    Scoring all $O(n^2)$ pairs is neither feasible nor useful. Candidates are the pairs
    in a common *bucket*: the actors sharing a topic, a municipality, a target group or a
    (topic, municipality) place of their offerings. A bucket of more than ``max_bucket``
    actors (a county-wide topic in a national landscape) yields no pairs by itself: its
    attribute is weak evidence by the Adamic-Adar argument, and its pairs would make
    candidate generation quadratic. It still counts in the scores. Pairs already tied
    and pairs where one actor is ``PART_OF`` the other are not suggested.

    Each suggestion comes with a German reason built from the strongest shared evidence,
    e.g. "beide bieten Sprache in Wittingen an".

    Parameters
    ----------
    typed : nx.MultiDiGraph
        The typed graph.
    collab : nx.Graph, optional
        Its collaboration graph; built when omitted.
    top : int
        Number of suggestions.
    method : {"adamic_adar", "resource_allocation", "jaccard"}
        The link-prediction score.
    municipality, topic : str, optional
        Only pairs of actors both present in this municipality (or one of its members),
        both working on this topic (ids).
    max_bucket : int
        Largest bucket that generates candidate pairs.
    profiles : mapping, optional
        Actor profiles of ``typed``, if already computed.

    References
    ----------
    .. [1] Liben-Nowell, D. and Kleinberg, J. "The link-prediction problem for social
       networks". *Journal of the American Society for Information Science and
       Technology* 58(7), 1019-1031 (2007).
    .. [2] Adamic, L. A. and Adar, E. "Friends and neighbors on the Web". *Social
       Networks* 25(3), 211-230 (2003).
    .. [3] Zhou, T., Lü, L. and Zhang, Y.-C. "Predicting missing links via local
       information". *European Physical Journal B* 71, 623-630 (2009).
    """
    if collab is None:
        collab = collaboration_graph(typed)
    if profiles is None:
        profiles = actor_profiles(typed)
    ranked = ranked_pairs(
        typed,
        collab,
        profiles,
        top=top,
        method=method,
        municipality=municipality,
        topic=topic,
        max_bucket=max_bucket,
    )
    return Introductions(
        suggestions=tuple(introduce(typed, collab, profiles, u, v, s) for u, v, s in ranked.best),
        method=method,
        candidates=ranked.candidates,
        skipped_buckets=ranked.skipped,
        explanation=explanation(method),
    )


@dataclass(frozen=True)
class RankedPairs:
    """The best scored candidate pairs, as node names and scores (no rows built yet)."""

    best: list[tuple[str, str, float]]
    candidates: int
    skipped: int


def ranked_pairs(
    typed: TypedGraph,
    collab: nx.Graph,
    profiles: Mapping[str, ActorProfile],
    *,
    top: int,
    method: Method = "adamic_adar",
    municipality: str | None = None,
    topic: str | None = None,
    max_bucket: int = MAX_BUCKET,
) -> RankedPairs:
    """The ``top`` candidate pairs by score, best first (``suggested_introductions``
    without its rows: a caller keeping every pair need not hold a row for each)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {sorted(METHODS)}")
    m_filter = resolve(typed, MUNICIPALITY, municipality)
    t_filter = resolve(typed, TOPIC, topic)
    inside = covered_municipalities(typed, m_filter) if m_filter is not None else None

    evidence = nx.Graph(collab.edges)
    evidence.add_nodes_from(profiles)
    buckets: dict[object, list[str]] = defaultdict(list)
    held: list[tuple[str, str]] = []  # actor-attribute edges, added at once (faster)
    for a, p in profiles.items():
        attributes = p.topics | p.municipalities | p.target_groups
        held.extend((a, x) for x in attributes)
        if inside is not None and not inside & p.municipalities:
            continue
        if t_filter is not None and t_filter not in p.topics:
            continue
        for x in attributes:
            buckets[x].append(a)
        for place in p.places:
            buckets[place].append(a)

    evidence.add_edges_from(held)
    adj = collab._adj
    related = {(a, b) for a in profiles for b in targets(typed, a, PART_OF) if b in profiles}
    pairs: set[tuple[str, str]] = set()
    skipped = 0
    for members in buckets.values():
        if len(members) > max_bucket:
            skipped += 1
            continue
        for u, v in combinations(sorted(members), 2):
            if v not in adj[u] and (u, v) not in related and (v, u) not in related:
                pairs.add((u, v))

    best = heapq.nsmallest(
        top, scored(evidence, sorted(pairs), method), key=lambda s: (-s[2], s[0], s[1])
    )
    return RankedPairs(best=best, candidates=len(pairs), skipped=skipped)


def introduce(
    typed: TypedGraph,
    collab: nx.Graph,
    profiles: Mapping[str, ActorProfile],
    u: str,
    v: str,
    score: float,
) -> Introduction:
    pu, pv = profiles[u], profiles[v]

    def names(keys: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(name_of(typed, k) for k in keys))

    topics = names(pu.topics & pv.topics)
    places = names(pu.municipalities & pv.municipalities)
    groups = names(pu.target_groups & pv.target_groups)
    shared = set(collab._adj[u]) & set(collab._adj[v])
    partners = names(shared)[:10]
    joint = sorted((name_of(typed, t), name_of(typed, m)) for t, m in pu.places & pv.places)

    parts = []
    if joint:
        offered = [f"{t} in {m}" for t, m in joint]
        parts.append(f"beide bieten {enumerate_de(offered, limit=2)} an")
    else:
        if topics:
            parts.append(f"beide arbeiten zu {enumerate_de(topics)}")
        if places:
            parts.append(f"beide sind in {enumerate_de(places)} tätig")
    if groups:
        parts.append(f"beide erreichen {enumerate_de(groups)}")
    if partners:
        parts.append(f"gemeinsame Partner: {enumerate_de(partners)}")
    return Introduction(
        actor_a_id=id_of(typed, u),
        actor_a_name=name_of(typed, u),
        actor_b_id=id_of(typed, v),
        actor_b_name=name_of(typed, v),
        score=float(score),
        shared_topics=topics,
        shared_municipalities=places,
        shared_target_groups=groups,
        common_partners=partners,
        common_partner_count=len(shared),
        reason="; ".join(parts),
    )
