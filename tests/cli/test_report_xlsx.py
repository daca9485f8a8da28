"""`integration-graph analyse --format xlsx`: the gap report as a workbook, one sheet per
analysis, with the reasons, on the Gifhorn dataset in a real Neo4j."""

from __future__ import annotations

import io

import neo4j
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli.main import app


def test_the_gap_report_as_a_workbook_has_a_sheet_per_analysis_with_reasons(
    gifhorn: neo4j.Driver,
    cli_env: CliRunner,
) -> None:
    result = cli_env.invoke(app, ["analyse", "--format", "xlsx", "--top", "5"])

    assert result.exit_code == 0, result.stderr
    book = load_workbook(io.BytesIO(result.stdout_bytes))
    assert len(book.sheetnames) == 10
    assert "Versorgungslücken" in book.sheetnames[1]
    coverage = book.worksheets[1]
    assert coverage["A1"].value.startswith("Versorgungslücken")
    assert [c.value for c in coverage[4]] == ["Gemeinde", "Handlungsfeld", "Bedarf", "Begründung"]
    assert coverage.freeze_panes == "A5"
    assert coverage["D5"].value  # the reason of the first gap
    brokers = book[next(n for n in book.sheetnames if n.startswith("Vermittler"))]
    assert "Stabsstelle Integration des Landkreises Gifhorn" in [c.value for c in brokers["A"]]
