"""A planner adds to the stored graph with a CSV saved by German Excel: references by name
resolve against the graph, as docs/data-format.md promises (issue 11), on a real Neo4j."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import neo4j
import pytest
from typer.testing import Result

pytestmark = pytest.mark.neo4j

OFFERINGS = (
    "Angebotsliste Samtgemeinde Wesendorf, Stand 2024\r\n"
    "Kennung;Titel;Art;Anbieter;Sprachen;Gemeinden;Beginn;Quelle\r\n"
    "frauencafe-wahrenholz;Frauencafé für Mütter;Treffpunkt;{provider};Deutsch;Wahrenholz;"
    "01.10.2024;Planung 2024\r\n"
)


def excel_csv(tmp_path: Path, provider: str) -> Path:
    """Angebote.csv as German Excel saves it: Windows-1252, ';', a title row on top."""
    path = tmp_path / "Angebote.csv"
    path.write_bytes(OFFERINGS.format(provider=provider).encode("cp1252"))
    return path


def test_names_in_a_windows_1252_csv_find_records_of_the_stored_graph(
    gifhorn: neo4j.Driver, cli: Callable[..., Result], tmp_path: Path
) -> None:
    result = cli("load", excel_csv(tmp_path, "Kreisvolkshochschule Gifhorn"))

    assert result.exit_code == 0, result.output
    records, _, _ = gifhorn.execute_query(
        "MATCH (o:Offering {id: 'frauencafe-wahrenholz'}) "
        "RETURN o.title AS title, o.startDate AS start, "
        "[(a)-[:OFFERS]->(o) | a.id] AS providers, [(o)-[:IN_LANGUAGE]->(l) | l.id] AS langs, "
        "[(o)-[:AVAILABLE_IN]->(m) | m.id] AS places"
    )
    [offering] = records
    assert offering["title"] == "Frauencafé für Mütter"
    assert offering["start"].iso_format() == "2024-10-01"
    assert offering["providers"] == ["kvhs-gifhorn"]
    assert offering["langs"] == ["de"]
    assert offering["places"] == ["wahrenholz"]


def test_a_close_miss_against_the_graph_gets_a_suggestion(
    gifhorn: neo4j.Driver, cli: Callable[..., Result], tmp_path: Path
) -> None:
    result = cli("load", excel_csv(tmp_path, "Kreisvolkshochschul Gifhorn"))

    assert result.exit_code == 1
    assert "meinten Sie 'Kreisvolkshochschule Gifhorn'?" in result.output
    assert "neither the files nor the graph" in result.output
