"""Navigation helpers for the typed graph.

The *typed graph* is the networkx projection of the stored landscape: an
``nx.MultiDiGraph`` whose node keys are ``"<Label>:<id>"`` strings (``"Actor:kvhs-gifhorn"``),
whose nodes carry ``label``, ``id`` and their stored properties, and whose edges run in the
direction given in the data contract (``domain/contract.py``) with the relationship type as
edge key. Every analysis in this package reads the typed graph only through these helpers,
so that the contract with the projection lives in one place.

The helpers walk adjacency dictionaries of the nodes of one label instead of scanning all
edges, so each call costs time proportional to the part of the graph it looks at. The nodes
of each label are found in one pass and kept with the graph (:func:`nodes_of`): the
analyses of one report asked for them 34 times, 1.6 s of scans over a landscape of 100,000
nodes. They are kept in the graph's ``__networkx_cache__``, which networkx empties whenever
nodes or edges are added or removed through its methods (as for the igraph form,
:mod:`graph.analysis.igraph_form`); a ``label`` changed in place is not noticed, and the
projection never does that.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeAlias

import networkx as nx

from domain.contract import CONTRACT

TypedGraph: TypeAlias = nx.MultiDiGraph
"""The typed property graph (see the module docstring)."""


def _label(label: str) -> str:
    """A label of the data contract; a name the contract lacks fails at import."""
    return CONTRACT.kind(label).label


def _type(rel_type: str) -> str:
    """A relationship type of the data contract; an unknown one fails at import."""
    if rel_type not in CONTRACT.rel_types:
        raise KeyError(f"no relationship type {rel_type!r} in the contract")
    return rel_type


# Labels and relationship types of the data contract used by the analyses.
ACTOR = _label("Actor")
COORDINATOR = _label("Coordinator")
OFFERING = _label("Offering")
WORKING_GROUP = _label("WorkingGroup")
TOPIC = _label("Topic")
TARGET_GROUP = _label("TargetGroup")
MUNICIPALITY = _label("Municipality")
LANGUAGE = _label("Language")
COUNTRY = _label("Country")
EVENT = _label("Event")

OFFERS = _type("OFFERS")
ADDRESSES = _type("ADDRESSES")
TARGETS = _type("TARGETS")
IN_LANGUAGE = _type("IN_LANGUAGE")
AVAILABLE_IN = _type("AVAILABLE_IN")
LOCATED_IN = _type("LOCATED_IN")
ACTIVE_IN = _type("ACTIVE_IN")
MEMBER_OF = _type("MEMBER_OF")
COORDINATES = _type("COORDINATES")
COOPERATES_WITH = _type("COOPERATES_WITH")
FUNDS = _type("FUNDS")
PART_OF = _type("PART_OF")
PARTICIPATED_IN = _type("PARTICIPATED_IN")
RESIDES_IN = _type("RESIDES_IN")
SPOKEN_IN = _type("SPOKEN_IN")

TITLE_FIELDS = tuple(dict.fromkeys(kind.title for kind in CONTRACT.kinds))
"""The properties that name a node (``name``, ``title``), most common first."""


def node_key(label: str, node_id: str) -> str:
    """Return the typed-graph key of the node with ``label`` and ``id``."""
    return f"{label}:{node_id}"


def label_of(typed: TypedGraph, node: str) -> str:
    """Return the label of ``node`` (the ``label`` attribute, else the key prefix)."""
    label = typed.nodes[node].get("label")
    return str(label) if label is not None else node.split(":", 1)[0]


def id_of(typed: TypedGraph, node: str) -> str:
    """Return the stored ``id`` of ``node`` (the ``id`` attribute, else the key suffix)."""
    value = typed.nodes[node].get("id")
    return str(value) if value is not None else node.split(":", 1)[-1]


def name_of(typed: TypedGraph, node: str) -> str:
    """Return a display name: ``name``, else ``title``, else the id."""
    data: Mapping[str, Any] = typed.nodes[node]
    for field in TITLE_FIELDS:
        value = data.get(field)
        if value:
            return str(value)
    return id_of(typed, node)


def int_property(typed: TypedGraph, node: str, field: str) -> int | None:
    """Return the integer property ``field`` of ``node``, or ``None`` if it is missing."""
    value = typed.nodes[node].get(field)
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


BY_LABEL = "graph.analysis.typed.by_label"
"""Where :func:`nodes_of` keeps the nodes of each label, in ``typed.__networkx_cache__``."""


def _by_label(typed: TypedGraph) -> dict[Any, tuple[str, ...]]:
    """Every label's node keys in graph order, found in one pass and kept with the graph."""
    cache = getattr(typed, "__networkx_cache__", None)
    kept = cache.get(BY_LABEL) if cache is not None else None
    if kept is None:
        grouped: dict[Any, list[str]] = {}
        for n, data in typed._node.items():
            grouped.setdefault(data.get("label"), []).append(n)
        kept = {label: tuple(keys) for label, keys in grouped.items()}
        if cache is not None:
            cache[BY_LABEL] = kept
    return kept


def nodes_of(typed: TypedGraph, label: str) -> list[str]:
    """Return the keys of all nodes whose ``label`` attribute is ``label``, in graph order.

    >>> typed = nx.MultiDiGraph()
    >>> typed.add_nodes_from([("Actor:a", {"label": "Actor"}), ("Topic:t", {"label": "Topic"})])
    >>> nodes_of(typed, "Actor")
    ['Actor:a']
    >>> typed.add_node("Actor:b", label="Actor")  # networkx forgets what was kept
    >>> nodes_of(typed, "Actor")
    ['Actor:a', 'Actor:b']
    """
    return list(_by_label(typed).get(label, ()))


# ``_succ`` / ``_pred`` are the plain adjacency dicts behind ``succ`` / ``pred``; networkx's
# own algorithms read them directly because the views cost a wrapper per lookup.


def targets(typed: TypedGraph, node: str, rel: str) -> list[str]:
    """Return the nodes that ``node`` points to through relationships of type ``rel``."""
    return [v for v, keyed in typed._succ[node].items() if rel in keyed]


def sources(typed: TypedGraph, node: str, rel: str) -> list[str]:
    """Return the nodes that point to ``node`` through relationships of type ``rel``."""
    return [u for u, keyed in typed._pred[node].items() if rel in keyed]


def relations(
    typed: TypedGraph, rel: str, source_nodes: Iterable[str]
) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """Yield ``(source, target, properties)`` for each ``rel`` edge leaving ``source_nodes``."""
    succ = typed._succ
    for u in source_nodes:
        for v, keyed in succ[u].items():
            data = keyed.get(rel)
            if data is not None:
                yield u, v, data


def municipality_parents(typed: TypedGraph) -> dict[str, list[str]]:
    """Return, for each municipality, the municipalities it is directly ``PART_OF``."""
    return {
        m: [p for p in targets(typed, m, PART_OF) if label_of(typed, p) == MUNICIPALITY]
        for m in nodes_of(typed, MUNICIPALITY)
    }


def municipality_ancestors(typed: TypedGraph) -> dict[str, frozenset[str]]:
    """Return, for each municipality, itself and every municipality it is transitively part of.

    An offering available in any of these municipalities is available in the municipality
    itself (``docs/data-format.md``: an offering of a Samtgemeinde or of the county counts as
    available in each of its members).
    """
    parents = municipality_parents(typed)
    result: dict[str, frozenset[str]] = {}
    for m in parents:
        seen = {m}
        frontier = [m]
        while frontier:  # a short walk up; ``seen`` also stops a (faulty) PART_OF cycle
            for p in parents.get(frontier.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    frontier.append(p)
        result[m] = frozenset(seen)
    return result


def municipality_members(typed: TypedGraph) -> dict[str, frozenset[str]]:
    """Return, for each municipality, itself and all its transitive ``PART_OF`` descendants.

    These are the municipalities *covered* by an offering available in the municipality.
    """
    members: dict[str, set[str]] = {m: set() for m in nodes_of(typed, MUNICIPALITY)}
    for m, above in municipality_ancestors(typed).items():
        for a in above:
            members[a].add(m)
    return {m: frozenset(s) for m, s in members.items()}


def covered_municipalities(typed: TypedGraph, municipality: str) -> frozenset[str]:
    """Return ``municipality`` and all municipalities transitively ``PART_OF`` it."""
    covered = {municipality}
    frontier = [municipality]
    while frontier:
        m = frontier.pop()
        for child in sources(typed, m, PART_OF):
            if child not in covered and label_of(typed, child) == MUNICIPALITY:
                covered.add(child)
                frontier.append(child)
    return frozenset(covered)


UNINCORPORATED_AREA = "unincorporated_area"


def uninhabited(typed: TypedGraph, municipality: str) -> bool:
    """Whether nobody lives in ``municipality``, so that it can have no need and no gap.

    - A recorded ``population`` decides: 0 is uninhabited, anything else inhabited (even
      with residents statistics, a stated 0 wins).
    - Unknown population, a Gemeinde (county, Samtgemeinde, Einheitsgemeinde, member
      municipality): inhabited. A German Gemeinde has residents by definition; its need is
      then unknown and its gaps are ranked last.
    - Unknown population, an unincorporated area (*gemeindefreies Gebiet*, mostly forest,
      moor or water, such as Giebel): uninhabited unless something says people live there
      (a ``migrantPopulation`` above 0 or residents statistics, ``RESIDES_IN``).
    """
    population = int_property(typed, municipality, "population")
    if population is not None:
        return population == 0
    if typed.nodes[municipality].get("kind") != UNINCORPORATED_AREA:
        return False
    migrants = int_property(typed, municipality, "migrantPopulation")
    return not migrants and not sources(typed, municipality, RESIDES_IN)


def leaf_municipalities(typed: TypedGraph) -> list[str]:
    """Return the inhabited municipalities without member municipalities (where people live).

    Uninhabited places (see :func:`uninhabited`, e.g. the unincorporated area Giebel)
    are left out: nobody there can lack an offering.
    """
    leaves = []
    for m in nodes_of(typed, MUNICIPALITY):
        if any(label_of(typed, c) == MUNICIPALITY for c in sources(typed, m, PART_OF)):
            continue
        if uninhabited(typed, m):
            continue
        leaves.append(m)
    return leaves


def resolve(typed: TypedGraph, label: str, node_id: str | None) -> str | None:
    """Turn an optional id filter into a node key; raise ``KeyError`` for an unknown id."""
    if node_id is None:
        return None
    key = node_key(label, node_id)
    if key not in typed:
        raise KeyError(f"unknown {label} id: {node_id!r}")
    return key
