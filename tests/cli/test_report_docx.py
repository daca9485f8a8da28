"""`integration-graph analyse --format docx`: the Integrationskonzept report as Word file."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest
from docx import Document
from typer.testing import CliRunner

from cli.main import app
from domain import days
from graph.settings import Settings

pytestmark = pytest.mark.neo4j

MEASURE = """
MATCH (t:Topic {id: 'antidiskriminierung'}), (w:WorkingGroup) WITH t, w ORDER BY w.id LIMIT 1
CREATE (m:Measure {id: 'sprachcafe-meine', title: 'Sprachcafé für Frauen in Meine',
  status: 'in_progress', due: date('2027-03-31'), gapKeys: 'coverage:meine:antidiskriminierung',
  source: 'Netzwerktreffen 2026-11'})
CREATE (m)-[:ADDRESSES]->(t), (m)-[:ASSIGNED_TO]->(w)
RETURN w.name AS group
"""
DECISION = """
CREATE (:GapDecision {key: 'coverage:meinersen:antidiskriminierung',
  reason: 'durch die Nachbargemeinde abgedeckt', decidedBy: 'test', decidedAt: datetime()})
"""


def test_the_docx_report_has_a_section_per_field_of_action_and_the_measure_row(
    gifhorn: neo4j.Driver, settings: Settings, cli_env: CliRunner, tmp_path: Path
) -> None:
    records, _, _ = gifhorn.execute_query(MEASURE, database_=settings.neo4j_database)
    group = records[0]["group"]
    gifhorn.execute_query(DECISION, database_=settings.neo4j_database)
    topics, _, _ = gifhorn.execute_query(
        "MATCH (t:Topic) RETURN t.name AS name", database_=settings.neo4j_database
    )
    path = tmp_path / "integrationskonzept.docx"

    result = cli_env.invoke(
        app,
        ["analyse", "--format", "docx", "--output", str(path), "--since", days.today().isoformat()],
    )

    assert result.exit_code == 0, result.output
    document = Document(str(path))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style is not None and (p.style.name or "").startswith("Heading")
    ]
    for topic in topics:
        assert f"Handlungsfeld: {topic['name']}" in headings
    assert any(h.startswith("Entwicklung seit ") for h in headings)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Beispieldaten" in text  # the shipped residents are examples, and say so
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert [
        "Sprachcafé für Frauen in Meine",
        "in Umsetzung",
        "–",
        "31.03.2027",
        group,
        "coverage:meine:antidiskriminierung",
    ] in rows
    # the gap the measure works on is no longer listed as open; its neighbours are
    open_gaps = [r[-1] for r in rows if len(r) == 3 and "Antidiskriminierung" in r[-1]]
    assert any(" in Stadt Wittingen" in reason for reason in open_gaps)
    assert not any(" in Meine " in reason for reason in open_gaps)
    # the gap left open on purpose is listed with its reason, not as open
    assert not any(" in Meinersen" in reason for reason in open_gaps)
    assert "Bewusst offen" in headings
    assert ["Meinersen", "durch die Nachbargemeinde abgedeckt", f"{days.today():%d.%m.%Y}"] in rows


def test_docx_needs_an_output_file(cli_env: CliRunner) -> None:
    result = cli_env.invoke(app, ["analyse", "--format", "docx"])

    assert result.exit_code == 2
    assert "--format docx needs --output" in result.output
