"""GraphML and GEXF files that every tool reads completely, on the Gifhorn data.

Each file is validated against the published XSD (shipped in ``tests/data/schemas``) with
lxml, then read back with networkx: every node and every relationship of the graph arrives
(in the full GraphML as one edge per pair carrying its types and their number, see
``test_gephi.py``), edge ids are unique, the relationship type is a typed edge attribute,
and every actor carries its measures. Personal data is in the file only when asked for.
"""

from __future__ import annotations

from pathlib import Path

import neo4j
import networkx as nx
import pytest
from lxml import etree
from typer.testing import CliRunner

from cli.main import app
from domain.contract import CONTRACT
from graph.settings import Settings
from tests.interchange.conftest import SCHEMAS

XSD = {
    "gexf": SCHEMAS / "gexf-1.3" / "gexf.xsd",
    "graphml": SCHEMAS / "graphml-1.0" / "graphml.xsd",
}
MEASURES = ("ties", "strength", "betweenness", "community", "effectiveSize", "constraint")
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://gexf.net/1.3}"


def _export(cli_env: CliRunner, path: Path, network: str, *flags: str) -> None:
    result = cli_env.invoke(app, ["export-network", str(path), "--network", network, *flags])
    assert result.exit_code == 0, result.output


def _valid(path: Path, fmt: str) -> None:
    schema = etree.XMLSchema(etree.parse(str(XSD[fmt])))
    document = etree.parse(str(path))
    assert schema.validate(document), str(schema.error_log)[:2000]


def _read(path: Path, fmt: str) -> nx.Graph:
    if fmt == "gexf":
        return nx.read_gexf(path, version="1.3")
    return nx.read_graphml(path, force_multigraph=True)


def _stored_counts(driver: neo4j.Driver, settings: Settings) -> tuple[int, int]:
    """Nodes and relationships of the landscape, as Neo4j counts them (no bookkeeping)."""
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE any(label IN labels(n) WHERE label IN $labels) "
        "RETURN count(n) AS nodes, COUNT { MATCH ()-[r]->() } AS rels",
        labels=sorted(CONTRACT.labels),
        database_=settings.neo4j_database,
    )
    return records[0]["nodes"], records[0]["rels"]


def _collaboration_counts(driver: neo4j.Driver, settings: Settings) -> tuple[int, int]:
    from graph.gap_service import GapService

    collab = GapService(driver, settings.neo4j_database).collaboration()
    return collab.number_of_nodes(), collab.number_of_edges()


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
@pytest.mark.parametrize("network", ["full", "collaboration"])
def test_file_is_valid_and_complete(
    gifhorn: neo4j.Driver,
    settings: Settings,
    cli_env: CliRunner,
    tmp_path: Path,
    network: str,
    fmt: str,
) -> None:
    path = tmp_path / f"netz.{fmt}"
    _export(cli_env, path, network)

    _valid(path, fmt)
    graph = _read(path, fmt)
    expected = (
        _stored_counts(gifhorn, settings)
        if network == "full"
        else _collaboration_counts(gifhorn, settings)
    )
    if network == "full" and fmt == "graphml":  # one edge per pair, carrying its types
        edges = sum(d["relationships"] for *_, d in graph.edges(data=True))
    else:
        edges = graph.number_of_edges()
    assert (graph.number_of_nodes(), edges) == expected
    actors = [d for _, d in graph.nodes(data=True) if d.get("entity") == "Actor"]
    assert len(actors) == 75
    assert all(all(m in d for m in MEASURES) for d in actors)
    relationships = {
        kind for *_, d in graph.edges(data=True) for kind in d["relationship"].split("; ")
    }
    if network == "full":
        assert {"RESIDES_IN", "PART_OF", "OFFERS", "COORDINATES"} <= relationships
    else:
        assert relationships == {"collaboration"}


def test_edge_ids_are_unique_and_attributes_typed(
    gifhorn: neo4j.Driver, cli_env: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "voll.graphml"
    _export(cli_env, path, "full")

    root = etree.parse(str(path)).getroot()
    ids = [edge.get("id") for edge in root.iter(f"{GRAPHML}edge")]
    assert len(ids) == len(set(ids)) > 2000
    keys = list(root.iter(f"{GRAPHML}key"))
    declared = [(key.get("for"), key.get("attr.name")) for key in keys]
    assert len(declared) == len(set(declared))  # one declaration per name and scope
    types = dict(zip(declared, (key.get("attr.type") for key in keys), strict=True))
    assert types[("node", "community")] == "long"
    assert types[("node", "betweenness")] == "double"
    assert types[("node", "population")] == "long"
    assert types[("edge", "relationship")] == "string"
    assert types[("edge", "count")] == "long"


def test_gexf_edges_carry_relationship_as_label_and_kind(
    gifhorn: neo4j.Driver, cli_env: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "voll.gexf"
    _export(cli_env, path, "full")

    root = etree.parse(str(path)).getroot()
    assert root.get("version") == "1.3"
    graph_element = root.find(f"{GEXF}graph")
    assert graph_element is not None and graph_element.get("name") is None
    edges = list(root.iter(f"{GEXF}edge"))
    assert {edge.get("type") for edge in edges} == {None}
    assert all(edge.get("label") == edge.get("kind") for edge in edges)
    assert sum(edge.get("label") == "RESIDES_IN" for edge in edges) > 100


def test_personal_data_stays_out_unless_asked_for(
    gifhorn: neo4j.Driver, cli_env: CliRunner, tmp_path: Path
) -> None:
    plain, personal = tmp_path / "ohne.graphml", tmp_path / "mit.graphml"
    _export(cli_env, plain, "full")
    result = cli_env.invoke(
        app, ["export-network", str(personal), "--network", "full", "--include-personal-data"]
    )

    assert result.exit_code == 0, result.output
    assert "personenbezogene Daten" in result.output
    text = plain.read_text(encoding="utf-8")
    for personal_fact in ("Audrey Grothe", "audrey-grothe", "Ebel"):
        assert personal_fact not in text
    assert "Koordinator:in 1" in text
    assert "Audrey Grothe" in personal.read_text(encoding="utf-8")
    with_data, without = _read(personal, "graphml"), _read(plain, "graphml")
    assert with_data.number_of_edges() == without.number_of_edges()
    coordinators = [d for _, d in without.nodes(data=True) if d.get("entity") == "Coordinator"]
    assert coordinators and all(set(d) == {"entity", "slug", "label"} for d in coordinators)
