"""Brokers and structural holes: who holds the network together."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from graph.analysis.brandes import dependencies
from graph.analysis.structural_holes import structural_holes
from graph.analysis.wording import counted, decimal, number

BETWEENNESS_SAMPLE_ABOVE = 1_000
"""Exact betweenness up to this many connected actors; sampled above."""
BETWEENNESS_WORK = 40_000_000
"""Adjacency entries the sampled betweenness may visit when choosing ``k`` itself (four
times the budget of networkx's Python searches: the batched searches are over ten times
faster per source)."""
BETWEENNESS_MIN_SAMPLES = 32
CONFIDENCE = 0.95
"""The probability with which a sampled betweenness value lies within its error bound."""
STRUCTURAL_HOLES_ABOVE = 5_000
"""Burt's measures for every connected actor up to this many; a candidate pool above."""

RankBy = Literal["betweenness", "constraint", "effective_size"]


@dataclass(frozen=True)
class Broker:
    """An actor that bridges parts of the collaboration network."""

    actor_id: str
    name: str
    betweenness: float
    """Normalised betweenness centrality in [0, 1] (estimated when sampled)."""
    effective_size: float | None
    """Burt's effective size: non-redundant contacts (``None`` if not computed)."""
    constraint: float | None
    """Burt's constraint: low for a broker (``None`` if not computed)."""
    ties: int
    reason: str


@dataclass(frozen=True)
class Brokers:
    """Top brokers and how they were measured."""

    brokers: tuple[Broker, ...]
    rank_by: str
    connected_actors: int
    """Actors with at least one tie: the graph the measures were computed on."""
    sampled: bool
    """Betweenness was estimated from ``samples`` source actors instead of all."""
    samples: int | None
    seed: int
    structural_holes_limited: bool
    """Burt's measures were computed only for a candidate pool, not every actor."""
    explanation: str
    """What the list shows and how to read the measures, in plain German."""
    error_bound: float | None = None
    """When sampled: each betweenness value lies within this distance (a share, 0-1) of
    the exact value with probability :data:`CONFIDENCE` (see :func:`error_bound`)."""


RANKED_BY = {
    "betweenness": "nach Vermittlerrolle",
    "constraint": "nach geringster Abhängigkeit",
    "effective_size": "nach den meisten unabhängigen Kontakten",
}


def explanation(
    rank_by: str,
    sampled: bool,
    samples: int | None,
    structural_holes_limited: bool,
    bound: float | None = None,
) -> str:
    """The plain-German explanation of a broker list (no unexplained measure names)."""
    text = (
        "Die Liste zeigt Akteure, die das Netzwerk zusammenhalten, weil sie Akteure "
        f"verbinden, die sonst kaum Kontakt hätten; geordnet {RANKED_BY[rank_by]}. "
        "Vermittlerrolle: wie oft ein Akteur auf dem kürzesten Weg zwischen zwei anderen "
        "liegt, in Prozent aller solcher Wege; unabhängige Kontakte: wie viele seiner Partner "
        "sich nicht schon untereinander kennen; Abhängigkeit (0 bis 1): hoch, wenn ein Akteur "
        "nur wenige, eng miteinander verbundene Partner hat, niedrig bei einem Vermittler "
        "zwischen getrennten Kreisen. "
        "Fällt ein solcher Akteur aus oder ist er überlastet, reißen Verbindungen ab: "
        "Vertretungen und direkte Kontakte zwischen seinen Partnern machen das Netz robuster."
    )
    if sampled:
        text += (
            " Weil das Netz sehr groß ist, wurde die Vermittlerrolle aus "
            f"{number(samples or 0)} zufällig gewählten Ausgangspunkten geschätzt (mit festem "
            "Startwert, daher bei jeder Berechnung gleich)."
        )
        if bound is not None:
            text += (
                f" Jeder geschätzte Wert liegt mit {number(round(100 * CONFIDENCE))} % "
                f"Wahrscheinlichkeit höchstens {decimal(100 * bound, 1)} Prozentpunkte neben "
                "dem exakten; die Reihenfolge nah beieinanderliegender Werte ist daher "
                "unsicher."
            )
    if structural_holes_limited:
        text += (
            " Unabhängige Kontakte und Abhängigkeit wurden nur für die am besten vernetzten "
            "Akteure berechnet."
        )
    return text


@dataclass(frozen=True)
class Betweenness:
    """Betweenness centrality of every node, and whether it was sampled."""

    values: dict[str, float]
    sampled: bool
    samples: int | None
    error_bound: float | None = None
    """When sampled: the half-width of every value's confidence interval (see
    :func:`error_bound`)."""


def error_bound(samples: int, confidence: float = CONFIDENCE) -> float:
    r"""How far a betweenness value estimated from ``samples`` sources may be off.

    The estimate of a node's normalised betweenness is the mean of ``samples`` values
    $\delta_s(v) / (n - 2)$ over sources drawn without replacement, each in $[0, 1]$.
    Hoeffding's inequality (which holds for sampling without replacement too) [1]_ bounds
    the error of such a mean: $P(|\hat b - b| \ge \varepsilon) \le 2 e^{-2 k
    \varepsilon^2}$, so with probability ``confidence`` the error is below
    $\varepsilon = \sqrt{\ln(2 / (1 - \mathrm{confidence})) / (2k)}$. The bound holds for
    every graph and every single value; it is loose for the small values of most actors.

    >>> round(error_bound(64), 3)
    0.17

    References
    ----------
    .. [1] Hoeffding, W. "Probability inequalities for sums of bounded random variables".
       *Journal of the American Statistical Association* 58(301), 13-30 (1963).
    """
    return math.sqrt(math.log(2 / (1 - confidence)) / (2 * samples))


def connected_actors(collab: nx.Graph) -> list[str]:
    """Return the actors with at least one tie, in graph order."""
    return [n for n, nbrs in collab._adj.items() if nbrs]


def betweenness(
    graph: nx.Graph,
    *,
    sample_above: int = BETWEENNESS_SAMPLE_ABOVE,
    samples: int | None = None,
    seed: int = 42,
) -> Betweenness:
    r"""Return the normalised betweenness centrality of every node, sampled on large graphs.

    The betweenness of $v$ is the share of shortest paths between other nodes that pass
    through $v$, $c_B(v) = \sum_{s \ne v \ne t} \sigma_{st}(v) / \sigma_{st}$,
    normalised by the number of pairs $(n-1)(n-2)$ of all $n$ nodes, isolated ones
    included [1]_. Ties count as hops: brokerage
    is about *who connects whom*, and turning tie weights into distances would make the
    strongest partners the shortest path, a modelling step the data do not support.

    Notes
    -----
    Brandes' algorithm [2]_ runs one breadth-first search per source node, $O(nm)$ in
    all; here it runs batched as sparse matrix products (:mod:`graph.analysis.brandes`),
    with the same result as :func:`networkx.betweenness_centrality` (the tests compare
    them). Up to ``sample_above`` nodes with at least one edge every node is a source
    (exact). Above, ``k`` source nodes are drawn with the fixed ``seed`` (the very sources
    networkx draws for that seed) and the dependencies are extrapolated, an unbiased
    estimator [3]_ [4]_, scaled as networkx scales a sample. Unless ``samples`` fixes
    ``k``, it is chosen so that the searches visit about :data:`BETWEENNESS_WORK`
    adjacency entries ($k \approx 4 \cdot 10^7 / 2m$), but at least
    :data:`BETWEENNESS_MIN_SAMPLES` and at most $n$. The result says whether it sampled
    and, if so, how far each value may be off (:func:`error_bound`).

    References
    ----------
    .. [1] Freeman, L. C. "A set of measures of centrality based on betweenness".
       *Sociometry* 40(1), 35-41 (1977).
    .. [2] Brandes, U. "A faster algorithm for betweenness centrality".
       *Journal of Mathematical Sociology* 25(2), 163-177 (2001).
    .. [3] Brandes, U. and Pich, C. "Centrality estimation in large networks".
       *International Journal of Bifurcation and Chaos* 17(7), 2303-2318 (2007).
    .. [4] Bader, D. A., Kintali, S., Madduri, K. and Mihail, M. "Approximating betweenness
       centrality". *WAW 2007*, LNCS 4863, 124-137 (2007).
    """
    n = graph.number_of_nodes()
    if len(connected_actors(graph)) <= sample_above:
        found = dependencies(graph, list(graph))
        scale = 1 / ((n - 1) * (n - 2)) if n > 2 else 1.0
        values = {v: float(t) * scale for v, t in zip(found.nodes, found.total, strict=True)}
        return Betweenness(values=values, sampled=False, samples=None)
    k = samples
    if k is None:
        k = max(BETWEENNESS_MIN_SAMPLES, BETWEENNESS_WORK // max(1, 2 * graph.number_of_edges()))
    k = min(k, n)
    sources = random.Random(seed).sample(list(graph), k)  # the sources networkx would draw
    found = dependencies(graph, sources)
    values = dict(zip(found.nodes, (float(t) for t in found.total), strict=True))
    if n > 2:  # networkx's scaling of a sample: a source cannot lie on its own paths
        drawn = set(sources)
        source_scale = 1 / ((k - 1) * (n - 2)) if k > 1 else math.nan
        other_scale = 1 / (k * (n - 2))
        values = {v: t * (source_scale if v in drawn else other_scale) for v, t in values.items()}
    sampled = k < n
    return Betweenness(
        values=values,
        sampled=sampled,
        samples=k,
        error_bound=error_bound(k) if sampled else None,
    )


def brokers(
    collab: nx.Graph,
    *,
    top: int = 10,
    rank_by: RankBy = "betweenness",
    sample_above: int = BETWEENNESS_SAMPLE_ABOVE,
    samples: int | None = None,
    seed: int = 42,
    structural_holes_above: int = STRUCTURAL_HOLES_ABOVE,
    precomputed: Betweenness | None = None,
) -> Brokers:
    """Return the actors that hold the collaboration network together.

    Two views of brokerage are combined [1]_:

    - *betweenness centrality* (:func:`betweenness`): how many shortest paths between
      other actors run through the actor; a global view.
    - Burt's *effective size* and *constraint* (:func:`~graph.analysis.structural_holes.
      structural_holes`): whether the actor's partners are tied to each other, i.e. whether
      the actor spans a *structural hole*; a local view of the weighted ego network [2]_.

    ``rank_by`` chooses the ranking: highest betweenness, lowest constraint, or largest
    effective size (ties broken by the other measures, then by name).

    Notes
    -----
    Only actors with at least one tie are ranked: isolates broker nothing, and Burt's
    measures are undefined for them. Betweenness is sampled above
    ``sample_above`` connected actors (see :func:`betweenness`). Burt's measures are
    computed for the ranked brokers only when ranking by betweenness; when ranking by
    them, for every connected actor up to ``structural_holes_above`` and above that for a
    candidate pool of the ``max(200, 10 * top)`` actors of highest degree (a broker needs
    many non-redundant contacts, so it is among the well-connected), reported as
    ``structural_holes_limited``.

    Parameters
    ----------
    collab : nx.Graph
        The collaboration graph (:func:`~graph.analysis.collaboration.collaboration_graph`).
    top : int
        Number of brokers to return.
    rank_by : {"betweenness", "constraint", "effective_size"}
        The ranking measure.
    sample_above, samples, seed : int
        Betweenness sampling (see :func:`betweenness`).
    structural_holes_above : int
        Candidate-pool threshold for ranking by Burt's measures.
    precomputed : Betweenness, optional
        Betweenness already computed on ``collab`` with these settings.

    References
    ----------
    .. [1] Burt, R. S. *Brokerage and Closure: An Introduction to Social Capital*.
       Oxford University Press, 2005.
    .. [2] Everett, M. and Borgatti, S. P. "Ego network betweenness". *Social Networks*
       27(1), 31-38 (2005).
    """
    core = connected_actors(collab)
    between = precomputed or betweenness(
        collab, sample_above=sample_above, samples=samples, seed=seed
    )
    bc = between.values
    limited = False
    if rank_by == "betweenness":
        chosen = sorted(core, key=lambda a: (-bc.get(a, 0.0), str(collab.nodes[a].get("name", a))))[
            :top
        ]
        holes = structural_holes(collab, chosen)
    else:
        pool: list[str] = core
        if len(pool) > structural_holes_above:
            limited = True
            size = max(200, 10 * top)
            pool = sorted(pool, key=lambda a: (-len(collab._adj[a]), a))[:size]
        holes = structural_holes(collab, pool)

        def key(a: str) -> tuple[float, float, str]:
            h = holes[a]
            if rank_by == "constraint":
                first = h.constraint if h.constraint is not None else float("inf")
            else:
                first = -(h.effective_size or 0.0)
            return (first, -bc.get(a, 0.0), str(collab.nodes[a].get("name", a)))

        chosen = sorted(pool, key=key)[:top]

    result = []
    for a in chosen:
        h = holes[a]
        ties = len(collab._adj[a])
        value = float(bc.get(a, 0.0))
        reason = (
            f"liegt auf {number(round(100 * value, 1))} % der kürzesten Wege zwischen zwei "
            "anderen Akteuren"
        )
        if h.effective_size is not None:
            reason += (
                f"; von {counted(ties, 'Partner', 'Partnern')} wirken rund "
                f"{number(round(h.effective_size, 1))} wie voneinander unabhängige Kontakte "
                "(die übrigen sind schon untereinander verbunden)"
            )
        result.append(
            Broker(
                actor_id=str(collab.nodes[a].get("id", a)),
                name=str(collab.nodes[a].get("name", a)),
                betweenness=value,
                effective_size=h.effective_size,
                constraint=h.constraint,
                ties=ties,
                reason=reason,
            )
        )
    return Brokers(
        brokers=tuple(result),
        rank_by=rank_by,
        connected_actors=len(core),
        sampled=between.sampled,
        samples=between.samples,
        seed=seed,
        structural_holes_limited=limited,
        explanation=explanation(
            rank_by, between.sampled, between.samples, limited, between.error_bound
        ),
        error_bound=between.error_bound,
    )
