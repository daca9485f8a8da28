"""``POST /export/xlsx``: a table of the cockpit as an Excel workbook, with real numbers.

The cockpit holds the rows it shows (a heat map, a gap list, search hits, a working group's
members); this route only turns them into a workbook, so that Excel sorts and sums numbers
and reads dates as dates: German headers in bold, the header row frozen and filtered,
numbers with German grouping, shares as percent, dates as dates. It reads nothing from the
graph and writes nothing, so it needs no sign-in; the body size is capped like every request
(``API_MAX_BODY_BYTES``) and the table's shape here.

Body: ``{"title": str, "columns": [{"label": str, "type": "text|number|percent|date"}],
"rows": [[cell, ...], ...], "note": str?}``. A bad body is a 400 with
``{"error": {"code": "BAD_EXPORT", "message": "<German>"}}``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_TEXT = 5_000
TYPES = ("text", "number", "percent", "date")
FORMATS = {"number": "#,##0.###", "percent": "0.0%", "date": "DD.MM.YYYY"}
UMLAUTS = {
    ord(k): v for k, v in zip("äöüÄÖÜß", ("ae", "oe", "ue", "Ae", "Oe", "Ue", "ss"), strict=True)
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PartialDate(dt.date):
    """A month without a day ("2017-06"): written as a date shown as MM.JJJJ."""


class ExportError(ValueError):
    """The body does not describe a table; the message is German, for the page to show."""


def _title(value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise ExportError("Der Titel fehlt oder ist länger als 200 Zeichen.")
    return value.strip()


def _columns(value: Any) -> list[tuple[str, str]]:
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_COLUMNS:
        raise ExportError(f"Die Tabelle braucht 1 bis {MAX_COLUMNS} Spalten.")
    columns = []
    for index, column in enumerate(value, 1):
        label = column.get("label") if isinstance(column, dict) else None
        kind = column.get("type", "text") if isinstance(column, dict) else None
        if not isinstance(label, str) or not label or kind not in TYPES:
            raise ExportError(
                f"Spalte {index}: eine Überschrift und eine Art ({', '.join(TYPES)}) sind nötig."
            )
        columns.append((label, str(kind)))
    return columns


def _cell(value: Any, kind: str, where: str) -> Any:
    if value is None or value == "":
        return None
    if kind in ("number", "percent"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ExportError(f"{where}: eine Zahl erwartet, nicht {json.dumps(value)[:40]}.")
        return value
    if kind == "date":
        if not isinstance(value, str):
            raise ExportError(f"{where}: ein Datum (JJJJ-MM-TT) erwartet.")
        # partial dates of the data format ("2017-06", "2017") stay as precise as they are
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return PartialDate(int(value[:4]), int(value[5:]), 1)
        if re.fullmatch(r"\d{4}", value):
            return int(value)
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as error:
            raise ExportError(f"{where}: „{value[:40]}“ ist kein Datum (JJJJ-MM-TT).") from error
        # Excel has no time zones: the local wall time of the county
        return moment.replace(tzinfo=None) if "T" in value else moment.date()
    if not isinstance(value, str | int | float):
        raise ExportError(f"{where}: Text erwartet.")
    text = str(value)
    if len(text) > MAX_TEXT:
        raise ExportError(f"{where}: Text länger als {MAX_TEXT} Zeichen.")
    return text


def workbook(body: Any) -> tuple[str, bytes]:
    """The file name and the bytes of the workbook that ``body`` describes."""
    if not isinstance(body, dict):
        raise ExportError("Erwartet wird ein JSON-Objekt mit title, columns und rows.")
    title = _title(body.get("title"))
    columns = _columns(body.get("columns"))
    rows = body.get("rows")
    if not isinstance(rows, list) or len(rows) > MAX_ROWS:
        raise ExportError(f"rows muss eine Liste mit höchstens {MAX_ROWS} Zeilen sein.")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    # sheet names: at most 31 characters, none of []:*?/\ , cut at a word
    name = re.sub(r"[\[\]:*?/\\]", " ", title)
    if len(name) > 31:
        name = name[:31].rsplit(" ", 1)[0]
    sheet.title = " ".join(name.split()) or "Tabelle"
    sheet.append([label for label, _ in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, 1):
        if not isinstance(row, list) or len(row) != len(columns):
            raise ExportError(f"Zeile {number}: {len(columns)} Werte erwartet.")
        sheet.append(
            [
                _cell(value, kind, f"Zeile {number}, Spalte „{label}“")
                for value, (label, kind) in zip(row, columns, strict=True)
            ]
        )
    # text is text: openpyxl would store "=..." as a formula (formula injection)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    for index, (label, kind) in enumerate(columns, 1):
        letter = get_column_letter(index)
        if kind in FORMATS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = FORMATS[kind]
                if kind == "date" and isinstance(cell.value, int):
                    cell.number_format = "0"  # a year alone
                elif isinstance(cell.value, PartialDate):
                    cell.number_format = "MM.YYYY"
        longest = max([len(label)] + [len(str(r[index - 1] or "")) for r in rows[:500]])
        sheet.column_dimensions[letter].width = min(60, max(8, longest + 2))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    note = body.get("note")
    if isinstance(note, str) and note:
        sheet.cell(row=len(rows) + 3, column=1, value=note[:MAX_TEXT])
    buffer = io.BytesIO()
    book.save(buffer)
    plain = title.translate(UMLAUTS)
    stem = re.sub(r"[^\w.-]+", "-", plain, flags=re.ASCII).strip("-")[:80] or "tabelle"
    return f"{stem}.xlsx", buffer.getvalue()


async def export_xlsx(request: Request) -> Response:
    try:
        body = await request.json()
    except ValueError:
        body = None
    try:
        filename, data = await run_in_threadpool(workbook, body)
    except ExportError as error:
        return JSONResponse(
            {"error": {"code": "BAD_EXPORT", "message": str(error)}}, status_code=400
        )
    return Response(
        data,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def table_export_routes() -> list[BaseRoute]:
    return [Route("/export/xlsx", export_xlsx, methods=["POST"])]
