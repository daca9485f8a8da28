"""The gap report as an Excel workbook: one sheet per analysis, with the reasons.

It renders the same :func:`cli.report_view.sections` as the terminal and Markdown views, so
the three cannot drift apart: a sheet per section, its heading and note on top, then the
table with a bold, frozen header row and widths that fit. A figure the report shows as
German text (``4.466``, ``0,252``, ``23,8 %``) is a number in the workbook, formatted so
that Excel shows it the same way but can sort and sum it; every other cell is text, and
text Excel would run as a formula stays text.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cli.report_view import Section, sections
from graph.analysis import GapReport

MAX_WIDTH = 80
HEADER_ROW = 4
"""Row 1 holds the heading, row 2 the note, row 4 the column headers."""


def _shortened(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary (mid-word only for
    a single overlong word)."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" -,;(×&")
    return cut if cut else text[:limit]


def sheet_title(heading: str, taken: set[str]) -> str:
    """The German part of a heading, shortened at a word to Excel's 31 characters, unique."""
    german = re.sub(r"[\[\]:*?/\\]", " ", heading.split(" / ")[0])
    base = _shortened(" ".join(german.split()), 31) or "Bericht"
    title, number = base, 2
    while title in taken:
        title, number = f"{_shortened(base, 27)} {number}", number + 1
    taken.add(title)
    return title


_INTEGER = re.compile(r"^-?(?:0|[1-9]\d{0,2}(?:\.\d{3})*|[1-9]\d*)$")
_DECIMAL = re.compile(r"^-?(?:0|[1-9]\d{0,2}(?:\.\d{3})*|[1-9]\d*),\d+$")
_PERCENT = re.compile(r"^(-?[\d.]+(?:,\d+)?)\s?%$")


def figure(text: str) -> tuple[int | float, str] | None:
    """A German figure as ``(number, Excel number format)``: ``4.466`` -> ``(4466, "#,##0")``,
    ``0,252`` -> ``(0.252, "0.000")``, ``23,8 %`` -> ``(0.238, "0.0%")``; ``None`` for
    anything else (names, reasons, keys with a leading zero such as ``03151``)."""
    value = text.strip()
    percent = _PERCENT.match(value)
    if percent and (_INTEGER.match(percent[1]) or _DECIMAL.match(percent[1])):
        digits = len(percent[1].split(",")[1]) if "," in percent[1] else 0
        share = float(percent[1].replace(".", "").replace(",", ".")) / 100
        return round(share, digits + 2), "0" + ("." + "0" * digits if digits else "") + "%"
    if _INTEGER.match(value):
        return int(value.replace(".", "")), "#,##0" if "." in value else "0"
    if _DECIMAL.match(value):
        digits = len(value.split(",")[1])
        return float(value.replace(".", "").replace(",", ".")), "#,##0." + "0" * digits
    return None


def _text(sheet: object, value: str, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if bold:
        cell.font = Font(bold=True)
    return cell


def _cell(sheet: object, value: str) -> WriteOnlyCell:
    """A figure as a number (shown as the report shows it), anything else as text."""
    found = figure(value)
    if found is None:
        return _text(sheet, value)
    cell = WriteOnlyCell(sheet, value=found[0])
    cell.number_format = found[1]
    return cell


def _add_sheet(workbook: Workbook, section: Section, taken: set[str]) -> None:
    sheet = workbook.create_sheet(sheet_title(section.heading, taken))
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    widths = [len(column) for column in section.columns]
    for row in section.rows[:2000]:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], len(value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, MAX_WIDTH)
    sheet.append([_text(sheet, section.heading, bold=True)])
    sheet.append([_text(sheet, section.note)])
    sheet.append([])
    sheet.append([_text(sheet, column, bold=True) for column in section.columns])
    for row in section.rows:
        sheet.append([_cell(sheet, value) for value in row])


def to_xlsx(report: GapReport) -> bytes:
    """The report as the bytes of an .xlsx workbook."""
    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    for section in sections(report):
        _add_sheet(workbook, section, taken)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_report_xlsx(report: GapReport) -> None:
    """Write the workbook to stdout (``analyse --format xlsx > bericht.xlsx``); refuse a
    terminal, where the bytes would only garble the screen."""
    import sys

    import typer

    from cli.console import err, error_line

    if sys.stdout.isatty():
        err().print(
            error_line(
                "--format xlsx writes a workbook: redirect it into a file, "
                "e.g. `integration-graph analyse --format xlsx > lueckenbericht.xlsx`"
            )
        )
        raise typer.Exit(2)
    sys.stdout.buffer.write(to_xlsx(report))
    sys.stdout.flush()
