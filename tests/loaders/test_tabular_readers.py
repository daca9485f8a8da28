"""CSV and Excel: one section per file or sheet, German or English headers, `;` lists."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from domain.problems import LoadError
from loaders.csv_reader import detect_delimiter, read_csv
from loaders.landscape import load_landscape
from loaders.xlsx_reader import read_xlsx


def test_a_german_excel_csv_with_bom_semicolons_and_lists() -> None:
    text = (
        "\ufeffKennung;Name;Art;Quelle;Aktiv in;Ort\n"
        'kvhs-gifhorn;Kreisvolkshochschule;Bildungsträger;example;"gifhorn; meine";gifhorn\n'
    )

    [record] = read_csv("data/Akteure.csv", text.encode()).records

    assert record.section == "actors"
    assert record.tabular
    assert record.origin.position == 2
    assert record.data == {
        "id": "kvhs-gifhorn",
        "name": "Kreisvolkshochschule",
        "kind": "Bildungsträger",
        "source": "example",
        "activeIn": ["gifhorn", "meine"],
        "locatedIn": "gifhorn",
    }


def test_positions_are_file_lines_even_after_a_multi_line_cell() -> None:
    text = 'id,name,source\na,"two\nlines",x\n\nb,B,x\n'

    records = read_csv("topics.csv", text.encode()).records

    assert [r.origin.position for r in records] == [2, 5]


def test_the_delimiter_is_detected_from_the_header() -> None:
    assert detect_delimiter("id;Name;Art") == ";"
    assert detect_delimiter("id,name,kind") == ","


def test_unknown_and_repeated_headers_are_reported_with_a_suggestion() -> None:
    result = read_csv("actors.csv", b"id,nmae,Name,Bezeichnung,kind,Art\n")

    reasons = {p.field: p.reason for p in result.problems}
    assert "did you mean 'name'" in reasons["nmae"]
    assert "unknown column 'Bezeichnung'" in reasons["Bezeichnung"]
    assert "same field as column 'kind'" in reasons["Art"]


def test_a_row_with_more_cells_than_headers() -> None:
    [problem] = read_csv("topics.csv", b"id,name,source\nsprache,Sprache,x,extra\n").problems

    assert problem.origin.position == 2
    assert "3 columns" in problem.reason


def test_a_csv_whose_name_is_no_section() -> None:
    [problem] = read_csv("export-2024.csv", b"id,name\n").problems

    assert "name it after a section" in problem.reason


def test_an_unterminated_quote_is_malformed_csv() -> None:
    [problem] = read_csv("topics.csv", b'id,name,source\nsprache,"Sprache,x\n').problems

    assert "not valid CSV" in problem.reason


def test_text_that_is_neither_utf8_nor_windows_1252_names_the_line() -> None:
    [problem] = read_csv("topics.csv", b"id,name,source\nx,B\x81r,y\n").problems

    assert problem.origin.position == 2
    assert "neither UTF-8 nor Windows-1252" in problem.reason


def workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_excel_workbook_with_german_sheet_names_and_typed_cells() -> None:
    data = workbook(
        {
            "Angebote": [
                ["id", "Titel", "Art", "Kapazität", "Beginn", "Quelle", "Handlungsfelder"],
                [None],
                [
                    "kurs-1",
                    "Integrationskurs",
                    "Kurs",
                    15,
                    datetime(2018, 6, 1),
                    "example",
                    "sprache; bildung",
                ],
            ],
            "Tabelle1": [],
        }
    )

    [record] = read_xlsx("landscape.xlsx", data).records

    assert record.section == "offerings"
    assert (record.origin.sheet, record.origin.position) == ("Angebote", 3)
    assert record.data["capacity"] == "15"
    assert str(record.data["startDate"]) == "2018-06-01"
    assert record.data["topics"] == ["sprache", "bildung"]


def test_a_sheet_that_is_not_a_section() -> None:
    data = workbook({"Notizen": [["Text"], ["irgendwas"]]})

    [problem] = read_xlsx("landscape.xlsx", data).problems

    assert problem.origin.sheet == "Notizen"
    assert "not a section" in problem.reason


def test_a_broken_workbook_is_a_clear_error() -> None:
    data = workbook({"topics": [["id"], ["a"]]})

    [problem] = read_xlsx("topics.xlsx", data[: len(data) // 2]).problems

    assert "Excel workbook" in problem.reason


def test_a_cell_longer_than_the_csv_parser_allows_is_a_listed_problem(tmp_path: Path) -> None:
    huge = "x" * 140_000  # over Python's csv limit of 131,072 characters
    (tmp_path / "Handlungsfelder.csv").write_text(
        f"Kennung,Name,Quelle\nsprache,{huge},x\nbildung,Bildung,x\n", encoding="utf-8"
    )

    with pytest.raises(LoadError) as caught:
        load_landscape([tmp_path])

    [problem] = caught.value.problems
    assert problem.origin.position == 2
    assert problem.field == "Name"
    assert "Zelle hat 140.000 Zeichen" in problem.reason
    assert "32.767" in problem.reason


def test_a_long_cell_far_below_the_header_is_reported_too() -> None:
    rows = "".join(f"t{i},T{i},x\n" for i in range(30))
    text = f"id,name,source\n{rows}lang,{'y' * 200_000},x\n"

    [problem] = read_csv("topics.csv", text.encode()).problems

    assert problem.origin.position == 32
    assert problem.field == "name"
