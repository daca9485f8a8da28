"""The networks as GraphML and GEXF 1.3 files for Gephi, Cytoscape and igraph.

Two graphs can be written: the actor collaboration graph (weighted, undirected) and the
full typed graph (directed, with parallel edges of different relationship types: an actor
both LOCATED_IN and ACTIVE_IN a municipality, a county office that FUNDS and OFFERS the same
offering). What makes a file that every tool reads completely:

- GraphML has ONE edge per (ordered) node pair by default, carrying its types: Gephi's
  GraphML import merges parallel edges (they have no edge type there; its default merge
  strategy sums them), so 48 of the 2,762 relationships of the shipped data vanished. A
  merged edge has ``relationship`` = the types joined (``ACTIVE_IN; LOCATED_IN``),
  ``relationships`` = how many it stands for and ``weight`` = the same number (what Gephi's
  own merge would sum to); a property that several of them carry becomes
  ``"TYPE: value; TYPE: value"``. ``parallel_edges=True`` (the CLI's ``--parallel-edges``)
  writes one edge per relationship for tools that keep parallel edges (Cytoscape, igraph,
  networkx). GEXF always has one edge per relationship: Gephi keeps parallel GEXF edges
  apart by their ``kind``, as the Gephi toolkit confirms in the tests;

- every edge has its own id (``e1``, ``e2``, ...): GraphML readers such as Gephi merge edges
  with the same id, so ids taken from the relationship type lost all but 16 edges;
- the relationship type is a typed edge attribute ``relationship`` (and, in GEXF, the
  edge's ``label`` and ``kind``), never the GEXF edge ``type``, which only allows
  directed/undirected/mutual;
- every attribute has ONE type across the file (``long``, ``double``, ``boolean`` or
  ``string``), declared once; lists become ``"; "``-joined strings, missing values are
  left out;
- every actor carries its measures (``ties``, ``strength``, ``betweenness``,
  ``community``, ``effectiveSize``, ``constraint``); an actor without ties has
  ``community`` -1 and ``NaN`` for the two structural-hole measures (undefined there);
- GEXF is version 1.3 (valid against http://gexf.net/1.3/gexf.xsd; the graph element has
  no ``name``, the meta element says what the file is), GraphML is valid against
  http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd. Both are checked in the tests.

Personal data: nodes of sections the data contract marks ``personal`` (coordinators,
people) keep their place in the network, so the structure is complete, but get a neutral
id and label (``Coordinator:1``, "Koordinator:in 1") and no properties: their names, roles,
responsibilities and contact fields stay out, because these files are made to be passed
around. Their names are also replaced by the neutral label wherever another node's text
mentions them (an actor's description that names its staff), and no node carries ``email``
or ``phone``. ``include_personal=True`` (the CLI's ``--include-personal-data``) writes them; the
caller then holds a file with personal data.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from domain import days
from domain.contract import CONTACT_FIELDS, CONTRACT
from domain.personal import redact
from graph.gap_service import ActorMeasures, GapService

NetworkKind = Literal["collaboration", "full"]
FileFormat = Literal["graphml", "gexf"]
AttrType = Literal["boolean", "long", "double", "string"]

GEXF_NS = "http://gexf.net/1.3"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
NO_COMMUNITY = -1
"""``community`` of an actor without ties (Louvain gives it none)."""

PERSONAL_LABELS = frozenset(kind.label for kind in CONTRACT.kinds if kind.personal)
PRIVATE_FIELDS = CONTACT_FIELDS | {
    p.name for k in CONTRACT.kinds for p in k.properties if p.internal
}
"""Contact data and internal notes: left out of every node unless personal data is asked for."""
PERSONAL_NAMES = {"Coordinator": "Koordinator:in", "Person": "Person"}
# CONTACT_FIELDS (domain.contract) are left out of every node (also actors') unless
# personal data is asked for.
TIE_KINDS = ("cooperation", "joint_offering", "funding", "working_group", "event")
"""The kinds of collaboration ties (``graph.analysis.collaboration``), one count each."""


def scalar(value: Any) -> str | int | float | bool | None:
    """A value GraphML and GEXF can store, or None to leave the attribute out."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "; ".join(f"{key}={value[key]}" for key in sorted(value))
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(str(item) for item in value)
    return str(value)


def _plain(data: Mapping[str, Any]) -> dict[str, Any]:
    plain = {}
    for key, value in data.items():
        converted = scalar(value)
        if converted is not None:
            plain[key] = converted
    return plain


def _node_attributes(node: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Stored properties, with ``id`` and ``label`` renamed: GEXF reserves both names.

    ``slug`` keeps the stable id, ``entity`` the node label (Actor, Offering, ...), and
    ``label`` becomes the display name that Gephi shows.
    """
    entity, _, slug = node.partition(":")
    attributes = _plain({k: v for k, v in data.items() if k not in ("id", "label")})
    display = data.get("name") or data.get("title") or slug
    return {**attributes, "slug": slug, "entity": entity, "label": str(display)}


def _measure_attributes(measures: ActorMeasures | None) -> dict[str, Any]:
    """The six measures, present on every actor (see the module docstring for gaps)."""
    if measures is None:
        return {
            "ties": 0,
            "strength": 0.0,
            "betweenness": 0.0,
            "community": NO_COMMUNITY,
            "effectiveSize": math.nan,
            "constraint": math.nan,
        }
    return {
        "ties": measures.ties,
        "strength": float(measures.strength),
        "betweenness": float(measures.betweenness),
        "community": NO_COMMUNITY if measures.community is None else measures.community,
        "effectiveSize": _number(measures.effective_size),
        "constraint": _number(measures.constraint),
    }


def _number(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _pseudonyms(nodes: Iterable[str]) -> dict[str, str]:
    """``Coordinator:audrey-grothe`` -> ``Coordinator:1``: numbered per label, in id order."""
    renamed: dict[str, str] = {}
    counters: dict[str, int] = {}
    for node in sorted(nodes):
        entity = node.partition(":")[0]
        if entity in PERSONAL_LABELS:
            counters[entity] = counters.get(entity, 0) + 1
            renamed[node] = f"{entity}:{counters[entity]}"
    return renamed


def _pseudonym_label(pseudonym: str) -> str:
    entity, _, number = pseudonym.partition(":")
    return f"{PERSONAL_NAMES.get(entity, entity)} {number}"


def _without_names(attributes: dict[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """Names of people replaced by their pseudonym in every text (descriptions of actors
    and events name their staff: "Leiterin Audrey Grothe, ...")."""
    return {key: redact(value, names) for key, value in attributes.items()}


def network_with_measures(
    service: GapService, kind: NetworkKind, *, include_personal: bool = False
) -> nx.Graph:
    """A copy of the chosen network ready to write: unique edge ids, typed attributes,
    measures on every actor, personal data only when asked for."""
    source: nx.Graph = service.collaboration() if kind == "collaboration" else service.typed()
    measures = service.actor_measures()
    typed = service.typed()
    renamed = {} if include_personal else _pseudonyms(typed.nodes)
    labels = {node: _pseudonym_label(new) for node, new in renamed.items()}
    names = {
        str(typed.nodes[node]["name"]): label
        for node, label in labels.items()
        if typed.nodes[node].get("name")
    }
    graph: nx.Graph = nx.MultiDiGraph() if kind == "full" else nx.Graph()
    graph.graph["directed"] = kind == "full"
    for node, data in source.nodes(data=True):
        if node in renamed:
            entity, _, counter = renamed[node].partition(":")
            graph.add_node(renamed[node], entity=entity, slug=counter, label=labels[node])
            continue
        attributes = _node_attributes(node, data)
        if not include_personal:
            attributes = _without_names(attributes, names)
            attributes = {k: v for k, v in attributes.items() if k not in PRIVATE_FIELDS}
        if attributes["entity"] == "Actor":
            attributes.update(_measure_attributes(measures.get(attributes["slug"])))
        graph.add_node(node, **attributes)
    for number, (u, v, data) in enumerate(_sorted_edges(source, kind), start=1):
        ends = (renamed.get(u, u), renamed.get(v, v))
        if graph.is_multigraph():
            graph.add_edge(*ends, key=f"e{number}", **data)
        else:
            graph.add_edge(*ends, **data)
    _unify_types(graph)
    return graph


def _sorted_edges(source: nx.Graph, kind: NetworkKind) -> list[tuple[str, str, dict[str, Any]]]:
    """Edges in a stable order with their attributes: ``relationship`` and properties (full),
    ``weight`` and one count per tie kind (collaboration)."""
    edges: list[tuple[str, str, dict[str, Any]]] = []
    if kind == "full":
        for u, v, key, data in source.edges(keys=True, data=True):
            props = _plain({k: val for k, val in data.items() if k != "type"})
            edges.append((u, v, {"relationship": str(key), **props}))
    else:
        for u, v, data in source.edges(data=True):
            ties = data.get("ties", {})
            counts = {tie: int(ties.get(tie, 0)) for tie in TIE_KINDS}
            a, b = sorted((u, v))
            edges.append(
                (a, b, {"relationship": "collaboration", "weight": float(data["weight"]), **counts})
            )
    edges.sort(key=lambda e: (e[0], e[1], e[2]["relationship"], repr(sorted(e[2].items()))))
    return edges


def attribute_type(values: Iterable[Any]) -> AttrType:
    """One type for all values of an attribute: the narrowest that holds every value."""
    kinds = {type(v) for v in values}
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "long"
    if kinds <= {int, float}:
        return "double"
    return "string"


def _convert(value: Any, kind: AttrType) -> Any:
    if kind == "double":
        return float(value)
    if kind == "string":
        return str(value)
    return value


def _unify_types(graph: nx.Graph) -> None:
    """Give each attribute name one type across nodes (and across edges), in place."""
    for items in (
        [data for _, data in graph.nodes(data=True)],
        [data for *_, data in graph.edges(data=True)],
    ):
        for name, kind in _types(items).items():
            for data in items:
                if name in data:
                    data[name] = _convert(data[name], kind)


def _types(items: Iterable[Mapping[str, Any]]) -> dict[str, AttrType]:
    values: dict[str, list[Any]] = {}
    for data in items:
        for name, value in data.items():
            values.setdefault(name, []).append(value)
    return {name: attribute_type(found) for name, found in sorted(values.items())}


def one_edge_per_pair(graph: nx.Graph) -> nx.Graph:
    """The graph with its parallel edges merged into one per (ordered) pair of nodes, each
    carrying the types, the count and the properties of the relationships it stands for
    (see the module docstring). A graph without parallel edges comes back as it is."""
    if not graph.is_multigraph():
        return graph
    merged: nx.Graph = nx.DiGraph() if graph.is_directed() else nx.Graph()
    merged.graph.update(graph.graph)
    merged.add_nodes_from(graph.nodes(data=True))
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for u, v, data in graph.edges(data=True):
        pairs.setdefault((u, v), []).append(data)
    for (u, v), relationships in pairs.items():
        merged.add_edge(u, v, **_merged_edge(relationships))
    _unify_types(merged)
    return merged


def _merged_edge(relationships: list[dict[str, Any]]) -> dict[str, Any]:
    ordered = sorted(relationships, key=lambda data: str(data["relationship"]))
    names = [str(data["relationship"]) for data in ordered]
    attributes: dict[str, Any] = {
        "relationship": "; ".join(names),
        "relationships": len(ordered),
        "weight": float(len(ordered)),
    }
    properties = sorted({k for data in ordered for k in data} - {"relationship", "weight"})
    for name in properties:
        carried = [(str(d["relationship"]), d[name]) for d in ordered if name in d]
        if len(carried) == 1:
            attributes[name] = carried[0][1]
        else:
            attributes[name] = "; ".join(f"{kind}: {_text(value)}" for kind, value in carried)
    return attributes


def write_network(
    graph: nx.Graph, path: Path, file_format: FileFormat, *, parallel_edges: bool = False
) -> None:
    """Write ``graph`` (from :func:`network_with_measures`) as GraphML or GEXF 1.3.

    GraphML gets one edge per pair unless ``parallel_edges``; GEXF keeps every relationship
    as its own edge either way (see the module docstring)."""
    if file_format == "graphml" and not parallel_edges:
        graph = one_edge_per_pair(graph)
    root = _graphml(graph) if file_format == "graphml" else _gexf(graph)
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def _edges(graph: nx.Graph) -> list[tuple[str, str, str, dict[str, Any]]]:
    """``(id, source, target, data)``: the unique keys of the full graph, numbers otherwise."""
    if graph.is_multigraph():
        return [(str(k), u, v, d) for u, v, k, d in graph.edges(keys=True, data=True)]
    return [(f"e{n}", u, v, d) for n, (u, v, d) in enumerate(graph.edges(data=True), start=1)]


def _text(value: Any) -> str:
    """A value as XML text: ``true``/``false``, ``NaN``, numbers and strings as they are."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    return str(value)


GRAPHML_TYPES = {"boolean": "boolean", "long": "long", "double": "double", "string": "string"}


def _graphml(graph: nx.Graph) -> ET.Element:
    """GraphML: one ``<key>`` per attribute with its ``attr.type``, ``<data>`` per value."""
    directed = bool(graph.graph.get("directed"))
    root = ET.Element("graphml", {"xmlns": GRAPHML_NS})
    keys: dict[tuple[str, str], str] = {}
    node_items = [d for _, d in graph.nodes(data=True)]
    edges = _edges(graph)
    for scope, items in (("node", node_items), ("edge", [d for *_, d in edges])):
        for name, kind in _types(items).items():
            keys[(scope, name)] = key = f"{scope[0]}{len(keys)}"
            ET.SubElement(
                root,
                "key",
                {"id": key, "for": scope, "attr.name": name, "attr.type": GRAPHML_TYPES[kind]},
            )
    element = ET.SubElement(
        root, "graph", {"id": "G", "edgedefault": "directed" if directed else "undirected"}
    )
    for node, data in graph.nodes(data=True):
        _graphml_data(ET.SubElement(element, "node", {"id": str(node)}), "node", data, keys)
    for edge_id, u, v, data in edges:
        item = ET.SubElement(element, "edge", {"id": edge_id, "source": str(u), "target": str(v)})
        _graphml_data(item, "edge", data, keys)
    return root


def _graphml_data(
    parent: ET.Element, scope: str, data: Mapping[str, Any], keys: Mapping[tuple[str, str], str]
) -> None:
    for name, value in data.items():
        ET.SubElement(parent, "data", {"key": keys[(scope, name)]}).text = _text(value)


def _declare(graph_element: ET.Element, cls: str, types: Mapping[str, AttrType]) -> dict[str, str]:
    """``<attributes class=...>`` with one ``<attribute>`` per name; returns name -> id."""
    block = ET.SubElement(graph_element, "attributes", {"class": cls, "mode": "static"})
    ids = {}
    for index, (name, kind) in enumerate(types.items()):
        ids[name] = f"{cls[0]}{index}"
        ET.SubElement(block, "attribute", {"id": ids[name], "title": name, "type": kind})
    return ids


def _attvalues(parent: ET.Element, data: Mapping[str, Any], ids: Mapping[str, str]) -> None:
    present = [(ids[k], v) for k, v in data.items() if k in ids]
    if present:
        values = ET.SubElement(parent, "attvalues")
        for key, value in present:
            ET.SubElement(values, "attvalue", {"for": key, "value": _text(value)})


def _gexf(graph: nx.Graph) -> ET.Element:
    """GEXF 1.3, element by element: networkx writes an empty graph ``name`` and takes the
    edge ``type`` from the data, both of which the 1.3 schema refuses."""
    directed = bool(graph.graph.get("directed"))
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.3"})
    meta = ET.SubElement(root, "meta", {"lastmodifieddate": days.today().isoformat()})
    ET.SubElement(meta, "creator").text = "integration-graph"
    what = "full typed graph" if directed else "actor collaboration graph"
    ET.SubElement(meta, "description").text = f"Netzwerk Integration Landkreis Gifhorn: {what}"
    element = ET.SubElement(
        root,
        "graph",
        {"defaultedgetype": "directed" if directed else "undirected", "mode": "static"},
    )
    node_data = [{k: v for k, v in d.items() if k != "label"} for _, d in graph.nodes(data=True)]
    node_ids = _declare(element, "node", _types(node_data))
    edges = _edges(graph)
    edge_ids = _declare(element, "edge", _types([d for *_, d in edges]))
    nodes = ET.SubElement(element, "nodes", {"count": str(graph.number_of_nodes())})
    for node, data in graph.nodes(data=True):
        item = ET.SubElement(nodes, "node", {"id": str(node), "label": str(data.get("label"))})
        _attvalues(item, {k: v for k, v in data.items() if k != "label"}, node_ids)
    edges_element = ET.SubElement(element, "edges", {"count": str(len(edges))})
    for edge_id, u, v, data in edges:
        attributes = {"id": edge_id, "source": str(u), "target": str(v)}
        attributes["label"] = attributes["kind"] = str(data["relationship"])
        if "weight" in data:
            attributes["weight"] = _text(data["weight"])
        _attvalues(ET.SubElement(edges_element, "edge", attributes), data, edge_ids)
    return root
