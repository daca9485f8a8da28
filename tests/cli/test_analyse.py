"""`integration-graph analyse` and `export-network` on the Gifhorn dataset in a real Neo4j."""

from __future__ import annotations

import json
from pathlib import Path

import neo4j
import networkx as nx
import pytest
from typer.testing import CliRunner

from cli.main import app


def test_markdown_report_has_german_headings_and_findings(
    gifhorn: neo4j.Driver, cli_env: CliRunner
) -> None:
    result = cli_env.invoke(app, ["analyse", "--format", "markdown", "--top", "3"])

    assert result.exit_code == 0, result.output
    assert "# Lückenbericht Netzwerk Integration" in result.stdout
    for heading in ("## Versorgungslücken", "## Sprachlücken", "## Vorgeschlagene Kontakte"):
        assert heading in result.stdout
    assert "Stabsstelle Integration" in result.stdout  # the best-connected broker


def test_json_report_is_complete_and_deterministic(
    gifhorn: neo4j.Driver, cli_env: CliRunner
) -> None:
    first = json.loads(cli_env.invoke(app, ["analyse", "--format", "json"]).stdout)
    second = json.loads(cli_env.invoke(app, ["analyse", "--format", "json"]).stdout)

    assert first["collaboration"]["actors"] == 75
    assert len(first["brokers"]["brokers"]) == 10
    for volatile in ("seconds", "timings"):
        first.pop(volatile), second.pop(volatile)
    first["about"].pop("generated_at"), second["about"].pop("generated_at")  # the report's date
    assert first == second


@pytest.mark.parametrize("suffix", ["graphml", "gexf"])
def test_collaboration_network_export_carries_measures(
    gifhorn: neo4j.Driver, cli_env: CliRunner, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"netz.{suffix}"

    result = cli_env.invoke(app, ["export-network", str(path)])

    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(path) if suffix == "graphml" else nx.read_gexf(path, version="1.3")
    stabsstelle = graph.nodes["Actor:stabsstelle-integration"]
    assert graph.number_of_nodes() == 75
    assert stabsstelle["slug"] == "stabsstelle-integration"
    assert stabsstelle["betweenness"] > 0
    assert "community" in stabsstelle


def test_full_network_export_leaves_out_contact_data(
    gifhorn: neo4j.Driver, cli_env: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "voll.graphml"

    result = cli_env.invoke(app, ["export-network", str(path), "--network", "full"])

    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(path)
    assert graph.nodes["Municipality:gifhorn"]["kind"] == "einheitsgemeinde"
    assert all("email" not in data and "phone" not in data for _, data in graph.nodes(data=True))


def test_unknown_export_suffix_is_a_usage_error(cli_env: CliRunner, tmp_path: Path) -> None:
    result = cli_env.invoke(app, ["export-network", str(tmp_path / "netz.png")])

    assert result.exit_code == 2
    assert "--format graphml|gexf" in result.output


def test_the_report_states_its_dates_sources_and_example_data(
    gifhorn: neo4j.Driver, cli_env: CliRunner
) -> None:
    result = cli_env.invoke(app, ["analyse", "--format", "markdown", "--top", "3"])

    assert result.exit_code == 0, result.output
    assert "Stand der Daten: " in result.stdout
    assert "Bericht erstellt: " in result.stdout
    assert "example (" in result.stdout and "Beispieldaten" in result.stdout
    assert "Beispieldaten: die Einwohnerzahlen sind illustrativ" in result.stdout
    assert "Giebel" not in result.stdout  # uninhabited: no need, no gap


def test_html_report_is_written_to_one_file(
    gifhorn: neo4j.Driver, cli_env: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "bericht.html"

    result = cli_env.invoke(app, ["analyse", "--format", "html", "--output", str(path)])

    assert result.exit_code == 0, result.output
    assert str(path) in result.stdout
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    for heading in ("Versorgungslücken", "Sprachlücken", "Koordinationslücken"):
        assert f"<h2>{heading}" in html
    assert "Stand der Daten: " in html and "Beispieldaten" in html
    assert "Stabsstelle Integration" in html
    assert "Giebel" not in html


def test_report_into_a_missing_folder_is_a_usage_error(cli_env: CliRunner, tmp_path: Path) -> None:
    result = cli_env.invoke(
        app, ["analyse", "--format", "html", "--output", str(tmp_path / "nope" / "r.html")]
    )

    assert result.exit_code == 2
    # One line, however long the temporary path: messages are not wrapped in a pipe.
    assert f"error: folder {tmp_path / 'nope'} does not exist\n" in result.output
