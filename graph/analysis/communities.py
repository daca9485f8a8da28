"""Communities of the collaboration graph, their topics and places, and the ties between."""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import igraph
import networkx as nx
import numpy as np

from graph.analysis.igraph_form import IGraphForm, igraph_form
from graph.analysis.profiles import ActorProfile, actor_profiles
from graph.analysis.typed import TypedGraph, id_of, name_of
from graph.analysis.wording import decimal, enumerate_de, number


@dataclass(frozen=True)
class Count:
    """How many actors of a community share an attribute (a topic, a municipality)."""

    id: str
    name: str
    actors: int


@dataclass(frozen=True)
class Community:
    """A densely tied group of actors."""

    index: int
    """1 for the largest community, 2 for the next, ..."""
    size: int
    actor_ids: tuple[str, ...]
    leading_actors: tuple[str, ...]
    """Names of the (up to three) members with the strongest ties inside the community."""
    topics: tuple[Count, ...]
    """The most common fields of action of its members (up to three)."""
    municipalities: tuple[Count, ...]
    """The most common municipalities of its members (up to three)."""
    internal_weight: float
    external_weight: float
    external_share: float
    """external / (internal + external) tie weight: low means inward-looking."""
    linked_communities: int
    reason: str


@dataclass(frozen=True)
class CommunityLink:
    """The ties between two communities."""

    community_a: int
    community_b: int
    ties: int
    weight: float


@dataclass(frozen=True)
class Communities:
    """Louvain communities of the connected actors."""

    communities: tuple[Community, ...]
    links: tuple[CommunityLink, ...]
    """Pairs of communities with at least one tie, most thinly tied first."""
    community_count: int
    unlinked_pairs: int
    """Pairs of listed communities without any tie between them."""
    modularity: float
    unconnected_actors: int
    """Actors without any tie (not assigned to a community)."""
    seed: int
    resolution: float
    explanation: str
    """What the list shows and how to read it, in plain German."""


def explanation(modularity: float) -> str:
    """The plain-German explanation of the communities (no unexplained method names)."""
    return (
        "Die Liste zeigt Gruppen von Akteuren, die untereinander deutlich enger verbunden "
        "sind als mit dem Rest des Netzes; ein übliches Verfahren der Netzwerkanalyse "
        "verschiebt dazu Akteure so lange zwischen Gruppen, bis diese möglichst klar getrennt "
        "sind (mit festem Startwert, damit das Ergebnis bei jeder Berechnung gleich ist). "
        "Zu jeder Gruppe stehen die häufigsten Handlungsfelder und Gemeinden ihrer Mitglieder "
        "und der Anteil ihrer Verbindungen, der aus der Gruppe hinausführt: ein niedriger "
        "Anteil heißt, die Gruppe bleibt eher unter sich. "
        f"Die Trennschärfe der Gruppen liegt bei {decimal(modularity, 2)} (0 heißt: keine "
        "erkennbaren Gruppen; ab etwa 0,3 sind sie deutlich getrennt). "
        "Gruppen, die unter sich bleiben, lassen sich über gemeinsame Treffen, Arbeitskreise "
        "oder eine Vorstellung durch die Stabsstelle verbinden."
    )


def communities(
    collab: nx.Graph,
    typed: TypedGraph | None = None,
    *,
    seed: int = 42,
    resolution: float = 1.0,
    min_size: int = 2,
    top: int | None = None,
    profiles: Mapping[str, ActorProfile] | None = None,
) -> Communities:
    r"""Return the communities of the collaboration graph and how they are tied together.

    Notes
    -----
    Communities are found with the Louvain method [1]_ (:func:`louvain`) on the weighted
    collaboration graph (isolated actors stay alone and are only counted, as
    ``unconnected_actors``).
    Louvain greedily moves nodes between communities to increase the modularity

    .. math::

       Q = \frac{1}{2m} \sum_{ij} \Bigl(A_{ij} - \gamma \frac{k_i k_j}{2m}\Bigr)
           \delta(c_i, c_j)

    [2]_ and then aggregates each community into a node and repeats. The node order is
    shuffled with the fixed ``seed``, so a run is reproducible. Communities are numbered by
    size. Each community is described by the topics and municipalities most of its members
    share (from their offerings, working groups and locations) and by the share of its tie
    weight that leaves it. Between each pair of communities the ties and their summed
    weight are listed, thinnest first: these are the seams along which the network could
    drift apart and where an introduction helps most.

    Parameters
    ----------
    collab : nx.Graph
        The collaboration graph (:func:`~graph.analysis.collaboration.collaboration_graph`).
    typed : nx.MultiDiGraph, optional
        The typed graph, to describe communities by topics and municipalities.
    seed : int
        Seed of the Louvain shuffling.
    resolution : float
        Louvain's $\gamma$: above 1 favours smaller communities, below 1 larger ones.
    min_size : int
        Communities smaller than this are not listed (but counted in ``modularity``).
    top : int, optional
        List at most this many communities and links.
    profiles : mapping, optional
        Actor profiles of ``typed``, if already computed.

    References
    ----------
    .. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R. and Lefebvre, E. "Fast unfolding
       of communities in large networks". *Journal of Statistical Mechanics* P10008 (2008).
    .. [2] Newman, M. E. J. and Girvan, M. "Finding and evaluating community structure in
       networks". *Physical Review E* 69, 026113 (2004).
    """
    parts, modularity = louvain(collab, resolution=resolution, seed=seed)
    isolated = sum(1 for nbrs in collab._adj.values() if not nbrs)
    parts = [p for p in parts if len(p) > 1 or collab._adj[next(iter(p))]]

    def name(a: str) -> str:
        return str(collab.nodes[a].get("name", a))

    ordered = sorted((sorted(p) for p in parts), key=lambda p: (-len(p), p[0]))
    listed = [p for p in ordered if len(p) >= min_size]
    if top is not None:
        listed = listed[:top]
    index = {a: i for i, p in enumerate(listed, start=1) for a in p}

    sums = _tie_sums(igraph_form(collab), index, len(listed))
    link_ties, link_weight = sums.link_ties, sums.link_weight

    if typed is not None and profiles is None:
        profiles = actor_profiles(typed)
    linked: Counter[int] = Counter()
    for a, b in link_ties:
        linked[a] += 1
        linked[b] += 1

    result = []
    for i, members in enumerate(listed, start=1):
        topics: tuple[Count, ...] = ()
        places: tuple[Count, ...] = ()
        if typed is not None and profiles is not None:
            topics = _most_common(typed, (profiles[a].topics for a in members if a in profiles))
            places = _most_common(
                typed, (profiles[a].municipalities for a in members if a in profiles)
            )
        inside, outside = float(sums.internal[i]), float(sums.external[i])
        share = outside / (inside + outside) if inside + outside else 0.0
        leading = sorted(members, key=lambda a: (-sums.strength(a), name(a)))[:3]
        reason = f"{number(len(members))} Akteure"
        if topics:
            reason += f", vor allem {enumerate_de([t.name for t in topics])}"
        if places:
            reason += f" in {enumerate_de([p.name for p in places])}"
        reason += (
            f"; {number(round(100 * share))} % ihrer Verbindungen (nach Stärke gewichtet) "
            "führen aus der Gruppe hinaus"
        )
        result.append(
            Community(
                index=i,
                size=len(members),
                actor_ids=tuple(str(collab.nodes[a].get("id", a)) for a in members),
                leading_actors=tuple(name(a) for a in leading),
                topics=topics,
                municipalities=places,
                internal_weight=float(inside),
                external_weight=float(outside),
                external_share=share,
                linked_communities=linked[i],
                reason=reason,
            )
        )

    links = sorted(link_ties, key=lambda p: (link_weight[p], link_ties[p], p))
    if top is not None:
        links = links[:top]
    k = len(listed)
    return Communities(
        communities=tuple(result),
        links=tuple(
            CommunityLink(
                community_a=a,
                community_b=b,
                ties=link_ties[(a, b)],
                weight=float(link_weight[(a, b)]),
            )
            for a, b in links
        ),
        community_count=len(ordered),
        unlinked_pairs=k * (k - 1) // 2 - len(link_ties),
        modularity=modularity,
        unconnected_actors=isolated,
        seed=seed,
        resolution=resolution,
        explanation=explanation(modularity),
    )


@dataclass(frozen=True)
class _TieSums:
    """The tie weight inside each listed community (numbered from 1; 0 is every actor
    outside them) and leaving it, each actor's weight inside its community, and the ties
    and their weight between each pair of listed communities."""

    internal: np.ndarray
    external: np.ndarray
    inner_strength: np.ndarray
    vertex: dict[Any, int]
    link_ties: dict[tuple[int, int], int]
    link_weight: dict[tuple[int, int], float]

    def strength(self, actor: Any) -> float:
        return float(self.inner_strength[self.vertex[actor]])


def _tie_sums(form: IGraphForm, index: Mapping[Any, int], listed: int) -> _TieSums:
    """The sums over every tie, in numpy from the igraph form's edge arrays (a loop over
    the 1.6 million ties of 100,000 nodes in Python took seconds).

    Each sum adds its weights in the order of the ties, as a loop over them would
    (``np.bincount`` adds in input order), so the floats are the same to the last bit.

    >>> form = igraph_form(nx.Graph([("a", "b"), ("b", "c"), ("c", "d")]))
    >>> sums = _tie_sums(form, {"a": 1, "b": 1, "c": 2}, 2)
    >>> sums.internal.tolist(), sums.external.tolist(), sums.link_ties, sums.strength("b")
    ([0.0, 1.0, 0.0], [0.0, 1.0, 2.0], {(1, 2): 1}, 1.0)
    """
    vertex = {v: i for i, v in enumerate(form.nodes)}
    community = np.zeros(len(form.nodes), dtype=np.int64)
    for actor, number_ in index.items():
        community[vertex[actor]] = number_
    u, v = form.ends[:, 0], form.ends[:, 1]
    weight = np.asarray(form.weights, dtype=np.float64)
    cu, cv = community[u], community[v]
    inside = (cu != 0) & (cu == cv)
    size = listed + 1
    internal = np.bincount(cu[inside], weights=weight[inside], minlength=size)
    ends = np.stack([u[inside], v[inside]], axis=1).ravel()
    inner_strength = np.bincount(
        ends, weights=np.repeat(weight[inside], 2), minlength=len(form.nodes)
    )
    across = ~inside
    sides = np.stack([cu[across], cv[across]], axis=1).ravel()
    crossing = np.repeat(weight[across], 2)
    counted = sides != 0
    external = np.bincount(sides[counted], weights=crossing[counted], minlength=size)
    linking = across & (cu != 0) & (cv != 0)
    low = np.minimum(cu[linking], cv[linking])
    high = np.maximum(cu[linking], cv[linking])
    codes, group = np.unique(low * size + high, return_inverse=True)
    ties = np.bincount(group, minlength=len(codes))
    sums = np.bincount(group, weights=weight[linking], minlength=len(codes))
    pairs = [divmod(int(code), size) for code in codes]
    return _TieSums(
        internal=internal,
        external=external,
        inner_strength=inner_strength,
        vertex=vertex,
        link_ties={p: int(t) for p, t in zip(pairs, ties.tolist(), strict=True)},
        link_weight={p: float(w) for p, w in zip(pairs, sums.tolist(), strict=True)},
    )


def _most_common(
    typed: TypedGraph, sets: Iterable[frozenset[str]], n: int = 3
) -> tuple[Count, ...]:
    counts: Counter[str] = Counter()
    for s in sets:
        counts.update(s)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], name_of(typed, kv[0])))[:n]
    return tuple(Count(id=id_of(typed, k), name=name_of(typed, k), actors=c) for k, c in ranked)


_SEEDING = threading.Lock()
"""igraph draws from one process-wide random generator: one seeded run at a time."""


def louvain(
    graph: nx.Graph, *, resolution: float = 1.0, seed: int = 42
) -> tuple[list[set[Any]], float]:
    """The Louvain communities of ``graph`` (edge attribute ``weight``) and their modularity.

    The method of :func:`networkx.community.louvain_communities`, run by igraph's
    compiled implementation (``community_multilevel``, by the method's authors' design
    [1]_): networkx's pure-Python loops took a fifth of the report on the 100,000-node
    landscape. Its node order is shuffled by a generator seeded with ``seed``, so a run is
    reproducible. Louvain is a heuristic and the two implementations visit nodes in
    different orders, so their partitions can differ where the modularity is nearly flat;
    the tests check that both find the same clear communities and that this one's
    modularity is never below networkx's on the classic test graphs. The modularity is
    that of :func:`networkx.community.modularity` (also checked in the tests).

    References
    ----------
    .. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R. and Lefebvre, E. "Fast unfolding
       of communities in large networks". *Journal of Statistical Mechanics* P10008 (2008).
    """
    form = igraph_form(graph)
    if not form.nodes:
        return [], 0.0
    shaped, weights = form.graph, form.weights
    with _SEEDING:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            found = shaped.community_multilevel(weights=weights, resolution=resolution)
        finally:
            igraph.set_random_number_generator(random)
    parts = [{form.nodes[i] for i in members} for members in found]
    modularity = (
        float(shaped.modularity(found.membership, weights=weights, resolution=resolution))
        if weights
        else 0.0
    )
    return parts, modularity
