"""The full network opened in Gephi itself (the Gephi toolkit 0.10.1), with the import
dialog's defaults, on the Gifhorn data: no relationship is lost.

Gephi merges parallel GraphML edges (they carry no edge type it knows; the merge strategy
sums their weights), so the GraphML has one edge per pair carrying its types; GEXF keeps
each relationship as its own edge, told apart by its ``kind``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import neo4j
import networkx as nx
from typer.testing import CliRunner

from cli.main import app
from graph.settings import Settings
from tests.interchange.gephi_toolkit import gephi_import
from tests.interchange.test_network_files import _stored_counts


def _export(cli_env: CliRunner, path: Path, *flags: str) -> str:
    result = cli_env.invoke(app, ["export-network", str(path), "--network", "full", *flags])
    assert result.exit_code == 0, result.output
    return result.output


def test_gephi_imports_every_relationship_of_the_graphml(
    gifhorn: neo4j.Driver, settings: Settings, cli_env: CliRunner, tmp_path: Path
) -> None:
    nodes, relationships = _stored_counts(gifhorn, settings)
    path = tmp_path / "voll.graphml"
    output = _export(cli_env, path)
    pairs = nx.read_graphml(path).number_of_edges()  # one edge per (ordered) pair

    opened = gephi_import(path)

    assert (opened.nodes, opened.edges) == (nodes, pairs)
    assert opened.relationships == opened.weight == relationships  # 2,762 in the shipped data
    assert relationships - pairs == 48  # ACTIVE_IN+LOCATED_IN and FUNDS+OFFERS pairs
    assert (opened.parallel, opened.merge, opened.directed) == (True, "SUM", True)  # defaults
    assert f"{pairs} edges ({relationships} relationships;" in output


def test_gephi_merges_parallel_graphml_edges_so_they_are_an_option(
    gifhorn: neo4j.Driver, settings: Settings, cli_env: CliRunner, tmp_path: Path
) -> None:
    """Why the default is one edge per pair: the file with parallel edges (for tools that
    keep them, as networkx does) loses 48 edges in Gephi."""
    nodes, relationships = _stored_counts(gifhorn, settings)
    path = tmp_path / "parallel.graphml"
    _export(cli_env, path, "--parallel-edges")
    graph = nx.read_graphml(path, force_multigraph=True)
    assert graph.number_of_edges() == relationships

    opened = gephi_import(path)

    assert opened.nodes == nodes
    assert opened.edges == relationships - 48
    assert opened.relationships == -1  # no merged edges in this file


def test_gephi_keeps_every_gexf_edge(
    gifhorn: neo4j.Driver, settings: Settings, cli_env: CliRunner, tmp_path: Path
) -> None:
    nodes, relationships = _stored_counts(gifhorn, settings)
    path = tmp_path / "voll.gexf"
    _export(cli_env, path)

    opened = gephi_import(path)

    assert (opened.nodes, opened.edges, opened.weight) == (nodes, relationships, relationships)


def test_graphml_has_one_edge_per_pair_carrying_its_types(
    gifhorn: neo4j.Driver, settings: Settings, cli_env: CliRunner, tmp_path: Path
) -> None:
    """Read as networkx reads it: no two edges between the same pair; a merged edge names
    its types, counts them and keeps the FUNDS programme."""
    _, relationships = _stored_counts(gifhorn, settings)
    path = tmp_path / "voll.graphml"
    _export(cli_env, path)

    graph = nx.read_graphml(path, force_multigraph=True)
    pairs = Counter((u, v) for u, v in graph.edges())

    assert max(pairs.values()) == 1
    assert sum(d["relationships"] for *_, d in graph.edges(data=True)) == relationships
    merged = [d for *_, d in graph.edges(data=True) if d["relationships"] > 1]
    assert Counter(d["relationship"] for d in merged) == {
        "ACTIVE_IN; LOCATED_IN": 36,
        "FUNDS; OFFERS": 12,
    }
    assert all(d["weight"] == 2.0 for d in merged)
    funds = graph.get_edge_data(
        "Actor:stabsstelle-integration", "Offering:stabsstelle-sprachmittlerpool"
    )
    assert funds is not None
    (edge,) = funds.values()
    assert edge["relationship"] == "FUNDS; OFFERS"
    assert edge["program"] == "Koordinierungsstelle Migration und Teilhabe (Land Niedersachsen)"
