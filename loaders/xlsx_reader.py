"""Excel (.xlsx): one sheet per section, named like the section (``actors`` or ``Akteure``).

A workbook with a single sheet may instead be named like the section (``actors.xlsx``).
Positions are spreadsheet row numbers, as Excel shows them. Only the stored cell values are
read (``data_only``): formulas count with the value Excel last computed.
"""

from __future__ import annotations

import io
import itertools
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from openpyxl import load_workbook

from domain.problems import Origin, Problem, file_problem
from loaders.headers import section_for
from loaders.source import ReadResult
from loaders.tabular import HEADER_SEARCH_ROWS, find_header, records_from_rows

MAX_UNPACKED_BYTES = 500 * 1000 * 1000
"""The most a workbook may unpack to (its parts' declared sizes together)."""

MAX_RATIO = 100
"""Unpacked size / file size above which a workbook of more than ``RATIO_FLOOR`` bytes
unpacked is refused: real sheets compress 5 to 20 times, a "zip bomb" thousands of times."""

RATIO_FLOOR = 20 * 1000 * 1000


def unpacked_problem(file: str, data: bytes) -> Problem | None:
    """Refuse a workbook that would unpack to far more than a landscape needs, before any
    XML is parsed (a 290 KB file can unpack to gigabytes)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        return file_problem(file, f"is not a valid Excel workbook: {exc}")
    ratio = unpacked / max(len(data), 1)
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > RATIO_FLOOR and ratio > MAX_RATIO):
        return file_problem(
            file,
            f"unpacks to {unpacked / 1e6:,.0f} MB from {len(data) / 1e6:,.1f} MB "
            f"({ratio:,.0f} times): refused as a possible zip bomb (a landscape workbook "
            f"unpacks to at most {MAX_UNPACKED_BYTES / 1e6:,.0f} MB and {MAX_RATIO} times)",
        )
    return None


def read_xlsx(file: str, data: bytes) -> ReadResult:
    """Parse an Excel workbook into source records with sheet and row positions."""
    refused = unpacked_problem(file, data)
    if refused is not None:
        return ReadResult(problems=[refused])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it cannot read
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        return ReadResult(problems=[file_problem(file, f"is not a valid Excel workbook: {exc}")])
    except Exception as exc:  # openpyxl raises many kinds for broken workbooks
        reason = f"is not a readable Excel workbook ({type(exc).__name__}: {exc})"
        return ReadResult(problems=[file_problem(file, reason)])
    try:
        return _read_sheets(file, workbook)
    except Exception as exc:  # a broken sheet XML surfaces only while iterating
        reason = f"could not be read as an Excel workbook ({type(exc).__name__}: {exc})"
        return ReadResult(problems=[file_problem(file, reason)])
    finally:
        workbook.close()


def _read_sheets(file: str, workbook: Any) -> ReadResult:
    result = ReadResult()
    sheets = list(workbook.worksheets)
    single_section = section_for(PurePath(file).stem) if len(sheets) == 1 else None
    found_any = False
    for sheet in sheets:
        rows = _numbered_rows(sheet)
        top = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
        section = section_for(sheet.title) or single_section
        if not top:
            continue  # an empty sheet (e.g. Excel's default "Tabelle1") holds nothing
        found_any = True
        if section is None:
            reason = (
                f"sheet '{sheet.title}' is not a section: name it after one, "
                "e.g. actors, offerings, memberships"
            )
            result.problems.append(Problem(Origin(file, None, "row", sheet.title), "", reason))
            continue
        start = find_header(section, [cells for _, cells in top])
        header_position, header = top[start]
        sheet_result = records_from_rows(
            file,
            section,
            header,
            itertools.chain(top[start + 1 :], rows),
            unit="row",
            header_position=header_position,
            sheet=sheet.title,
        )
        result.records.extend(sheet_result.records)
        result.problems.extend(sheet_result.problems)
    if not found_any:
        result.problems.append(file_problem(file, "is empty: no sheet holds any rows"))
    return result


def _numbered_rows(sheet: Any) -> Iterator[tuple[int, list[Any]]]:
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = list(row)
        if any(cell is not None and str(cell).strip() for cell in cells):
            yield number, cells
