"""`integration-graph analyse --format xlsx`: the gap report as a workbook, one sheet per
analysis, with the reasons, on the Gifhorn dataset in a real Neo4j."""

from __future__ import annotations

import io

import neo4j
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli.main import app
from cli.report_xlsx import figure, sheet_title


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


def test_figures_are_numbers_excel_can_sort_and_sum(
    gifhorn: neo4j.Driver,
    cli_env: CliRunner,
) -> None:
    result = cli_env.invoke(app, ["analyse", "--format", "xlsx", "--top", "5"])

    book = load_workbook(io.BytesIO(result.stdout_bytes))
    values = [
        cell.value for sheet in book.worksheets for row in sheet.iter_rows(min_row=5)
        for cell in row
    ]  # fmt: skip
    texts = [v for v in values if isinstance(v, str)]
    assert not [t for t in texts if figure(t) is not None], "a figure left as text"
    assert any(isinstance(v, int) and not isinstance(v, bool) for v in values)
    assert any(isinstance(v, float) for v in values)
    for name in book.sheetnames:
        assert "  " not in name and name == name.strip(), name


def test_german_figures_become_numbers_with_their_format() -> None:
    assert figure("785") == (785, "0")
    assert figure("4.466") == (4466, "#,##0")
    assert figure("0,252") == (0.252, "#,##0.000")
    assert figure("23,8 %") == (0.238, "0.0%")
    assert figure("03151") is None  # a key, not a number
    assert figure("Gifhorn") is None


def test_sheet_names_are_cut_at_a_word_without_double_spaces() -> None:
    taken: set[str] = set()

    title = sheet_title("Versorgungslücken: Gemeinde × Handlungsfeld / coverage gaps", taken)

    assert title == "Versorgungslücken Gemeinde"
