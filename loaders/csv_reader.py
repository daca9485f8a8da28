"""CSV: one file per section (``actors.csv`` or ``Akteure.csv``), headers in German or English.

UTF-8 with or without BOM, or Windows-1252 as German Excel saves it; the delimiter (``,``
or ``;``, as German Excel writes it) is detected from the header line. Positions are line
numbers of the file, so a quoted cell spanning lines does not shift the rows after it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from domain.problems import Problem, file_problem
from loaders.headers import field_for, section_for
from loaders.source import ReadResult
from loaders.tabular import HEADER_SEARCH_ROWS, find_header, records_from_rows
from loaders.text import decode_spreadsheet_text

CSV_FIELD_LIMIT = 64 * 1024 * 1024
"""The parser's own limit per cell (Python's default, 131,072 characters, would end the read
with an exception). A cell this long is never a landscape's: cells over ``MAX_CELL_CHARS``
are reported as problems with their line and column, which needs them parsed first. The
limit is a process-wide setting of the ``csv`` module; it is only ever raised here."""

if csv.field_size_limit() < CSV_FIELD_LIMIT:
    csv.field_size_limit(CSV_FIELD_LIMIT)


def section_of_file(file: str) -> str | None:
    """The section a CSV file stands for, from its name without extension."""
    return section_for(PurePath(file).stem)


DELIMITERS = (",", ";", "\t")


def detect_delimiter(head: str, section: str | None = None) -> str:
    """``;`` for German Excel, ``,`` otherwise: the delimiter that splits one of the first
    lines into the most known column names of ``section`` (so neither a title row above
    the headers, ``Angebote, Stand 2024``, nor commas in descriptions decide it); without
    a section, or if no line holds known names, the one the first line has most of."""
    lines = [line for line in head.splitlines() if line.strip()][:HEADER_SEARCH_ROWS]
    if section is not None:
        known = {d: max(_known_headers(section, line, d) for line in lines) for d in DELIMITERS}
        best = max(DELIMITERS, key=lambda d: known[d])
        if known[best]:
            return best
    first = lines[0] if lines else ""
    best = max(DELIMITERS, key=first.count)
    return best if first.count(best) else ","


def _known_headers(section: str, line: str, delimiter: str) -> int:
    try:
        cells = next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:  # a broken or over-long line is reported by the real read
        return 0
    return sum(1 for cell in cells if cell.strip() and field_for(section, cell) is not None)


def read_csv(file: str, data: bytes) -> ReadResult:
    """Parse a CSV file of one section into source records with line numbers."""
    section = section_of_file(file)
    if section is None:
        reason = (
            "cannot tell the section from the file name: name it after a section, "
            "e.g. actors.csv, offerings.csv, memberships.csv"
        )
        return ReadResult(problems=[file_problem(file, reason)])
    text = decode_spreadsheet_text(file, data)
    if isinstance(text, Problem):
        return ReadResult(problems=[text])
    if not text.strip():
        return ReadResult(problems=[file_problem(file, "is empty: no header row")])
    head = "\n".join(text.lstrip("\r\n").split("\n", 20)[:20])
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=detect_delimiter(head, section), strict=True
    )
    try:
        rows = list(_numbered(reader))
    except csv.Error as exc:
        reason = f"ist keine gültige CSV-Datei / is not valid CSV: {exc}"
        return ReadResult(problems=[file_problem(file, reason, line=reader.line_num)])
    if not rows:
        return ReadResult(problems=[file_problem(file, "is empty: no header row")])
    start = find_header(section, [cells for _, cells in rows[:HEADER_SEARCH_ROWS]])
    header_position, header = rows[start]
    return records_from_rows(
        file, section, list(header), rows[start + 1 :], unit="line", header_position=header_position
    )


def _numbered(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """Rows with the line on which each starts; blank lines are skipped."""
    line = 1
    for row in reader:
        start = line
        line = reader.line_num + 1
        if row and any(cell.strip() for cell in row):
            yield start, row
