"""The networks as GraphML and GEXF files, with the measures as attributes (for Gephi).

Two graphs can be written: the actor collaboration graph (weighted, undirected) and the
full typed graph. Both formats hold only scalar attributes, so lists become ``"; "``-joined
strings, mappings become ``kind=count`` lists and missing values are left out. Personal
contact fields are never written: the file may leave the county's intranet.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from graph.gap_service import ActorMeasures, GapService

NetworkKind = Literal["collaboration", "full"]
FileFormat = Literal["graphml", "gexf"]
PERSONAL_FIELDS = frozenset({"email", "phone"})


def scalar(value: Any) -> str | int | float | bool | None:
    """A value GraphML and GEXF can store, or None to leave the attribute out."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, Mapping):
        return "; ".join(f"{key}={value[key]}" for key in sorted(value))
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(str(item) for item in value)
    return str(value)


def _plain_attributes(data: Mapping[str, Any]) -> dict[str, Any]:
    plain = {}
    for key, value in data.items():
        converted = scalar(value)
        if converted is not None and key not in PERSONAL_FIELDS:
            plain[key] = converted
    return plain


def _node_attributes(node: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Stored properties, with ``id`` and ``label`` renamed: GEXF reserves both names.

    ``slug`` keeps the stable id, ``entity`` the node label (Actor, Offering, ...), and
    ``label`` becomes the display name that Gephi shows.
    """
    entity, _, slug = node.partition(":")
    attributes = _plain_attributes({k: v for k, v in data.items() if k not in ("id", "label")})
    display = data.get("name") or data.get("title") or slug
    return {**attributes, "slug": slug, "entity": entity, "label": str(display)}


def _measure_attributes(measures: ActorMeasures | None) -> dict[str, Any]:
    if measures is None:
        return {}
    return _plain_attributes(
        {
            "ties": measures.ties,
            "strength": measures.strength,
            "betweenness": measures.betweenness,
            "community": measures.community,
            "effectiveSize": measures.effective_size,
            "constraint": measures.constraint,
        }
    )


def network_with_measures(service: GapService, kind: NetworkKind) -> nx.Graph:
    """A copy of the chosen network whose actor nodes carry their network measures."""
    source: nx.Graph = service.collaboration() if kind == "collaboration" else service.typed()
    measures = service.actor_measures()
    graph = nx.MultiDiGraph() if kind == "full" else nx.Graph()
    for node, data in source.nodes(data=True):
        attributes = _node_attributes(node, data)
        if not node.startswith("Actor:"):
            graph.add_node(node, **attributes)
            continue
        measured = _measure_attributes(measures.get(attributes["slug"]))
        graph.add_node(node, **attributes, **measured)
    if kind == "full":
        for u, v, key, data in source.edges(keys=True, data=True):
            graph.add_edge(u, v, key=key, **_plain_attributes(data))
    else:
        for u, v, data in source.edges(data=True):
            graph.add_edge(u, v, **_plain_attributes(data))
    return graph


def write_network(graph: nx.Graph, path: Path, file_format: FileFormat) -> None:
    """Write ``graph`` with networkx's GraphML or GEXF writer."""
    if file_format == "graphml":
        nx.write_graphml(graph, path)
    else:
        nx.write_gexf(graph, path)
