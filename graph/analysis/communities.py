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

from graph.analysis.igraph_form import igraph_form
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

    internal: Counter[int] = Counter()
    external: Counter[int] = Counter()
    strength: Counter[str] = Counter()
    link_ties: Counter[tuple[int, int]] = Counter()
    link_weight: Counter[tuple[int, int]] = Counter()
    for u, v, w in collab.edges(data="weight", default=1.0):
        cu, cv = index.get(u), index.get(v)
        if cu is not None and cu == cv:
            internal[cu] += w
            strength[u] += w
            strength[v] += w
            continue
        for c in (cu, cv):
            if c is not None:
                external[c] += w
        if cu is not None and cv is not None:
            pair = (cu, cv) if cu < cv else (cv, cu)
            link_ties[pair] += 1
            link_weight[pair] += w

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
        inside, outside = internal[i], external[i]
        share = outside / (inside + outside) if inside + outside else 0.0
        leading = sorted(members, key=lambda a: (-strength[a], name(a)))[:3]
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
