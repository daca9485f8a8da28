"""Suggested introductions: actors without a tie who work on the same things in the same places."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import networkx as nx
import numpy as np

from domain.gap_keys import gap_key
from graph.analysis.collaboration import collaboration_graph
from graph.analysis.evidence import Evidence, Method, check_method, pair_codes
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

MAX_BUCKET = 200
"""Attribute buckets with more actors than this yield no candidate pairs by themselves."""


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

    with the formulas of :func:`networkx.adamic_adar_index` and its siblings, computed
    on a sparse matrix of $H$ (:mod:`graph.analysis.evidence`). Equal scores are ranked
    by the actors' keys.

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
    pairs = ranked.pairs()
    return Introductions(
        suggestions=tuple(introduce(typed, collab, profiles, u, v, s) for u, v, s in pairs),
        method=method,
        candidates=ranked.candidates,
        skipped_buckets=ranked.skipped,
        explanation=explanation(method),
    )


@dataclass(frozen=True)
class RankedPairs:
    """The best scored candidate pairs, best first, as row numbers of ``actors`` and scores
    (no rows built yet, and no Python object per pair: at 100,000 nodes all 1.5 million
    pairs as tuples of keys and a score took about 170 MB while they lived)."""

    actors: list[str]
    """Actor keys in the order of the row numbers (sorted)."""
    first: np.ndarray
    second: np.ndarray
    scores: np.ndarray
    candidates: int
    skipped: int

    def pairs(self) -> list[tuple[str, str, float]]:
        """The pairs as actor keys and scores, best first."""
        keys = self.actors
        return [
            (keys[u], keys[v], score)
            for u, v, score in zip(
                self.first.tolist(), self.second.tolist(), self.scores.tolist(), strict=True
            )
        ]


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
    check_method(method)
    m_filter = resolve(typed, MUNICIPALITY, municipality)
    t_filter = resolve(typed, TOPIC, topic)
    inside = covered_municipalities(typed, m_filter) if m_filter is not None else None

    attributes = {a: p.topics | p.municipalities | p.target_groups for a, p in profiles.items()}
    evidence = Evidence.of(collab, attributes)
    buckets: dict[object, list[int]] = defaultdict(list)
    for a, p in profiles.items():
        if inside is not None and not inside & p.municipalities:
            continue
        if t_filter is not None and t_filter not in p.topics:
            continue
        for x in (*attributes[a], *p.places):
            buckets[x].append(evidence.row[a])

    n = len(evidence.actors)
    codes: list[np.ndarray] = []
    skipped = 0
    for members in buckets.values():
        if len(members) < 2:
            continue  # no pair
        if len(members) > max_bucket:
            skipped += 1
            continue
        rows = np.sort(np.asarray(members, dtype=np.int64))
        first, second = _pairs_of(len(rows))
        codes.append(pair_codes(rows[first], rows[second], n))
    candidates = _without(_distinct(codes), _excluded(typed, profiles, evidence))
    u, v = np.divmod(candidates, n)
    first, second, scores = evidence.ranked(u, v, method, top)
    return RankedPairs(
        actors=evidence.actors,
        first=first,
        second=second,
        scores=scores,
        candidates=len(candidates),
        skipped=skipped,
    )


@lru_cache(maxsize=256)
def _pairs_of(size: int) -> tuple[np.ndarray, np.ndarray]:
    """The index pairs ``i < j`` of a bucket of ``size`` members, made once per size: a
    landscape has thousands of buckets of a few sizes (17,000 buckets at 100,000 nodes).

    >>> [a.tolist() for a in _pairs_of(3)]
    [[0, 0, 1], [1, 2, 2]]
    """
    first, second = np.triu_indices(size, k=1)
    first.flags.writeable = False
    second.flags.writeable = False
    return first, second


def _distinct(codes: list[np.ndarray]) -> np.ndarray:
    """The distinct pair codes, sorted (a sort and a comparison: ``np.unique`` hashed
    millions of codes several times slower)."""
    if not codes:
        return np.zeros(0, dtype=np.int64)
    found = np.sort(np.concatenate(codes))
    keep = np.ones(len(found), dtype=bool)
    keep[1:] = found[1:] != found[:-1]
    return found[keep]


def _without(sorted_codes: np.ndarray, excluded: np.ndarray) -> np.ndarray:
    """``sorted_codes`` without those in ``excluded``."""
    if not len(excluded) or not len(sorted_codes):
        return sorted_codes
    excluded = np.sort(excluded)
    at = np.searchsorted(excluded, sorted_codes).clip(max=len(excluded) - 1)
    kept: np.ndarray = sorted_codes[excluded[at] != sorted_codes]
    return kept


def _excluded(
    typed: TypedGraph, profiles: Mapping[str, ActorProfile], evidence: Evidence
) -> np.ndarray:
    """Pair codes of actors already tied, and of a branch and its parent (``PART_OF``)."""
    row = evidence.row
    parts = [(row[a], row[b]) for a in profiles for b in targets(typed, a, PART_OF) if b in row]
    ends = np.asarray(parts, dtype=np.int64).reshape(-1, 2)
    low, high = ends.min(axis=1), ends.max(axis=1)
    n = len(evidence.actors)
    return np.concatenate([evidence.tied(), pair_codes(low, high, n)])


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
