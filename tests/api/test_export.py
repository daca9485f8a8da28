"""POST /export/xlsx: a cockpit table as a workbook in which numbers are numbers.

The cockpit sends the rows it shows; the workbook has the German headers in bold, numbers
and shares as numbers (with formats), dates as dates (a month alone as a month), text that
looks like a formula stays text, and a bad body is a 400 with a German message.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from starlette.testclient import TestClient

TABLE = {
    "title": "Lücken: Sprache und Gemeinde",
    "columns": [
        {"label": "Gemeinde"},
        {"label": "Nicht erreicht", "type": "number"},
        {"label": "Anteil", "type": "percent"},
        {"label": "Seit", "type": "date"},
    ],
    "rows": [
        ["Stadt Wittingen", 785, 0.238, "2017-06"],
        ['=HYPERLINK("x")', 4466, None, "2024-05-01"],
    ],
    "note": "Beispieldaten",
}


def test_a_table_becomes_a_workbook_with_real_numbers_and_dates(client: TestClient) -> None:
    response = client.post("/export/xlsx", json=TABLE)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="Luecken-Sprache-und-Gemeinde.xlsx"' in response.headers["content-disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [cell.value for cell in sheet[1]] == ["Gemeinde", "Nicht erreicht", "Anteil", "Seit"]
    assert sheet["A1"].font.bold
    assert sheet["B2"].value == 785 and sheet["B3"].value == 4466
    assert sheet["C2"].value == 0.238 and sheet["C2"].number_format == "0.0%"
    assert sheet["D2"].value == dt.datetime(2017, 6, 1) and sheet["D2"].number_format == "MM.YYYY"
    assert sheet["D3"].value == dt.datetime(2024, 5, 1)
    # text that looks like a formula is stored as text, never as a formula
    assert sheet["A3"].data_type == "s"
    assert sheet["A5"].value == "Beispieldaten"
    assert sheet.freeze_panes == "A2"


def test_a_bad_table_is_refused_in_german(client: TestClient) -> None:
    bad = {**TABLE, "rows": [["Gifhorn", "785", 0.1, None]]}
    response = client.post("/export/xlsx", json=bad)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "BAD_EXPORT"
    assert "Zeile 1" in error["message"] and "Zahl erwartet" in error["message"]
    assert client.post("/export/xlsx", content=b"kein json").status_code == 400
    assert client.post("/export/xlsx", json={"title": "x", "columns": []}).status_code == 400
