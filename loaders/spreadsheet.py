"""The landscape as planners open it: an Excel workbook or an Excel-friendly CSV, in German.

Both show one table per section with German headers (``Name``, ``Art``, ``Anbieter``) and
German labels (``Wohlfahrtsverband`` instead of ``welfare_association``), lists joined with
``; ``, and every reference by name with its id beside it in brackets
(``Kreisvolkshochschule Gifhorn [kvhs-gifhorn]``), a measure's status log and a meeting's
agenda in words (``domain.readable``), not as the JSON they are stored as. The loaders
read all of it back: German headers and labels, ``Name [id]`` references (the id counts; a
name alone works too), the status log and agenda in words, German dates, decimal commas.
So export, edit in Excel, load gives the same graph.

- XLSX: one sheet per section (German sheet names), real date cells shown as
  ``TT.MM.JJJJ``, numbers as numbers, a bold frozen header row, column widths that fit the
  content, and text that could be run as a formula stored as text.
- CSV (``excel-csv``): UTF-8 with BOM and ``;`` as German Excel expects, dates as
  ``01.09.2024``, decimal commas, and formula-like text escaped with a leading ``'``.
"""

from __future__ import annotations

import csv
import errno
import io
import os
from collections.abc import Callable, Iterator
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from domain.gap_titles import gap_title
from domain.headers import GERMAN_HEADERS, GERMAN_SECTION_NAMES
from domain.landscape import Landscape
from domain.model import Record
from domain.readable import agenda_words, status_log_words
from domain.registry import NODE_SECTION, SECTIONS, NodeSection, RelationshipSection
from loaders.tabular import escape_formula

LIST_JOIN = "; "
MAX_WIDTH = 60
DATE_FORMAT = "DD.MM.YYYY"

Names = dict[str, dict[str, str]]
"""``section -> id -> name or title``: how a reference is shown."""


def sheet_name(section: str) -> str:
    """The German name of a section (``Akteure``), which the loaders read back."""
    return GERMAN_SECTION_NAMES.get(section, (section,))[0]


def _header(alias: str) -> str:
    return GERMAN_HEADERS.get(alias, (alias,))[0]


def _columns(section: str) -> list[tuple[str, str, str | None]]:
    """``(attribute, German header, referenced section or None)``, in contract order."""
    spec = SECTIONS[section]
    if isinstance(spec, NodeSection):
        props = [(a, _header(alias), None) for a, alias in spec.property_fields if a != "source"]
        links = [
            (link.attribute, _header(spec.alias(link.attribute)), link.target)
            for link in spec.links
        ]
        return [*props, *links, ("source", _header("source"), None)]
    assert isinstance(spec, RelationshipSection)
    ends = [
        (e.attribute, _header(spec.alias(e.attribute)), e.section) for e in (*spec.starts, spec.end)
    ]
    return ends + [(a, _header(alias), None) for a, alias in spec.property_fields]


def names_of(landscape: Landscape) -> Names:
    """The name or title of every node, by section and id."""
    return {
        section: {record.id: record.title_text for record in records}
        for section, records in landscape.nodes.items()
    }


def _reference(names: Names, target: str, value: str) -> str:
    name = names.get(target, {}).get(value)
    return f"{name} [{value}]" if name else value


def _value(record: Record, attribute: str, target: str | None, names: Names) -> Any:
    """A field as a spreadsheet shows it: German label, ``Name [id]``, joined list."""
    value = getattr(record, attribute)
    if value is None or value == []:
        return None
    if isinstance(value, Enum):
        return getattr(value, "de", value.value)
    if attribute in WORDED:
        return WORDED[attribute](value, names)
    if target is not None:
        items = value if isinstance(value, list) else [value]
        return LIST_JOIN.join(_reference(names, target, str(v)) for v in items)
    return value


def _gap_words(names: Names) -> Callable[[str], str | None]:
    by_label = {NODE_SECTION[section].label: ids for section, ids in names.items()}
    return lambda key: gap_title(key, lambda label, id: by_label.get(label, {}).get(id))


WORDED: dict[str, Callable[[str, Names], str | None]] = {
    "status_log": lambda value, names: status_log_words(value),
    "agenda": lambda value, names: agenda_words(
        value, _gap_words(names), names.get("measures", {}).get
    ),
}
"""Fields stored as JSON text, in words (``domain.readable``; the loaders read them back)."""


def rows(section: str, landscape: Landscape, names: Names) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of a section; columns that are empty in every row are left out."""
    columns = _columns(section)
    table = [[_value(r, a, t, names) for a, _, t in columns] for r in landscape.records(section)]
    used = [i for i in range(len(columns)) if any(row[i] is not None for row in table)]
    return [columns[i][1] for i in used], [[row[i] for i in used] for row in table]


def _shown(value: Any) -> str:
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return "" if value is None else str(value)


def _widths(header: list[str], table: list[list[Any]]) -> list[int]:
    widths = [len(h) for h in header]
    for row in table[:2000]:
        for i, value in enumerate(row):
            widths[i] = max(widths[i], len(_shown(value)))
    return [min(w + 2, MAX_WIDTH) for w in widths]


def _sections(landscape: Landscape) -> Iterator[str]:
    return (name for name in SECTIONS if landscape.records(name))


def write_xlsx(landscape: Landscape, path: Path) -> None:
    """One workbook, one sheet per non-empty section (see the module docstring).

    The workbook is built and zipped in memory, then written in one go: openpyxl's
    streaming mode and its zip writer fail untidily on a full disk or a file-size limit
    (tracebacks from their clean-up), while a failing ``write_bytes`` raises a plain
    ``OSError`` to report."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    names = names_of(landscape)
    bold = Font(bold=True)
    for section in _sections(landscape):
        header, table = rows(section, landscape, names)
        sheet = workbook.create_sheet(sheet_name(section))
        sheet.freeze_panes = "A2"
        for index, width in enumerate(_widths(header, table), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        for column, title in enumerate(header, start=1):
            sheet.cell(1, column, title).font = bold
        for number, row in enumerate(table, start=2):
            for column, value in enumerate(row, start=1):
                if value is not None:
                    _fill(sheet.cell(number, column), value)
    path.write_bytes(_zipped(workbook))


def _zipped(workbook: Workbook) -> bytes:
    """The workbook's bytes. openpyxl writes each sheet through a temporary file first;
    with lxml installed, a failed write of it (full disk, file-size limit) surfaces as
    lxml's ``SerialisationError("IO_EFBIG")``: it is turned into the ``OSError`` it stands
    for, so that it is reported like every other failed write."""
    buffer = io.BytesIO()
    try:
        workbook.save(buffer)
    except OSError:
        raise
    except Exception as error:
        code = str(error).removeprefix("IO_")
        if type(error).__name__ != "SerialisationError" or not hasattr(errno, code):
            raise
        raise OSError(getattr(errno, code), os.strerror(getattr(errno, code))) from error
    return buffer.getvalue()


def _fill(cell: Any, value: Any) -> None:
    """Dates as date cells; text that Excel would run as a formula stays text."""
    cell.value = value
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    if isinstance(value, str) and "\n" in value:  # an agenda: one item a line
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def write_excel_csv(landscape: Landscape, out: Path) -> list[Path]:
    """One ``;``-separated UTF-8-with-BOM CSV per non-empty section, named in German."""
    names = names_of(landscape)
    written = []
    for section in _sections(landscape):
        header, table = rows(section, landscape, names)
        path = out / f"{sheet_name(section)}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(header)
            for row in table:
                writer.writerow([escape_formula(_shown(value)) for value in row])
        written.append(path)
    return written
