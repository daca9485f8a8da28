"""The part CSV and Excel share: headers to fields, cells to values, one record per row."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from domain.problems import Origin, Problem, Unit
from domain.readable import agenda_from_words, status_log_from_words
from loaders.document import suggest
from loaders.headers import field_aliases, field_for, list_fields
from loaders.source import ReadResult, SourceRecord

LIST_SEPARATOR = ";"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Text starting like this is run as a formula by spreadsheet programs (CSV injection)."""


def escape_formula(text: str) -> str:
    """``=HYPERLINK(...)`` -> ``'=HYPERLINK(...)``: a spreadsheet shows it as text.

    The loaders take the ``'`` off again (``unescape_formula``), so an export loads back
    unchanged, phone numbers such as ``+49 5371 82-0`` included."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unescape_formula(text: str) -> str:
    """Undo ``escape_formula``: a leading ``'`` before a formula character is dropped."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def cell_value(value: Any) -> Any:
    """A spreadsheet cell as the validation expects it; ``None`` for an empty cell.

    Numbers become text (``5`` and ``5.0`` both read ``"5"``): the models parse numbers from
    text and refuse numbers where text is expected, so a phone number typed as a number in
    Excel still arrives as text. Midnight date-times are dates (Excel has no date type).
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = unescape_formula(value.strip()).strip()
        return text or None
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        is_midnight = not (value.hour or value.minute or value.second or value.microsecond)
        return value.date() if is_midnight else value
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return str(value)


MAX_ROWS = 1_000_000
"""Rows read from one CSV file or sheet (Excel's own limit is 1,048,576): a file with more
is refused at that point instead of filling memory (an XLSX "zip bomb" unpacks millions)."""

MAX_PROBLEMS = 100
"""Problems listed per file or sheet; further ones are counted, not kept."""

MAX_CELL_CHARS = 32_767
"""The longest cell a load takes: Excel's own limit per cell. A longer one (a CSV with a
pasted file in one cell, or a hostile one) is a listed problem, not a record."""

HEADER_SEARCH_ROWS = 5
"""How many rows from the top may hold a title above the header row."""

AGS_LENGTHS = {4: 5, 7: 8}
"""An AGS typed into Excel as a number loses its leading zero (``03151000`` -> 3151000):
a number of 4 or 7 digits is the 5- or 8-digit key with that zero restored."""


IN_WORDS: dict[str, Callable[[str], Any]] = {
    "statusLog": status_log_from_words,
    "agenda": agenda_from_words,
}
"""Cells a German spreadsheet shows in words (``domain.readable``), read back to the
structure the model checks; JSON text (an older export, a CSV) is passed on as it is."""


def _german_number(number: int) -> str:
    """``140000`` -> ``140.000``, as a German reader writes it."""
    return f"{number:,}".replace(",", ".")


def _header_fields(section: str, header: list[Any]) -> int:
    titles = [str(cell).strip() for cell in header if cell is not None and str(cell).strip()]
    return sum(1 for title in titles if field_for(section, title) is not None)


def find_header(section: str, first_rows: list[list[Any]]) -> int:
    """The index of the header row among the first rows: a title row above the headers
    (``Akteure im Landkreis Gifhorn, Stand 2024``) is skipped when a later row holds more
    known column names than the first one."""
    best, best_count = 0, _header_fields(section, first_rows[0]) if first_rows else 0
    for index, cells in enumerate(first_rows[1:HEADER_SEARCH_ROWS], start=1):
        count = _header_fields(section, cells)
        if count > best_count:
            best, best_count = index, count
    return best


def _ags_cell(raw: Any, value: Any) -> Any:
    if isinstance(raw, int | float) and isinstance(value, str) and len(value) in AGS_LENGTHS:
        return value.zfill(AGS_LENGTHS[len(value)])
    return value


class _Problems:
    """The problems of one file or sheet: the first ``MAX_PROBLEMS`` kept, the rest counted."""

    def __init__(self, result: ReadResult, origin: Origin, section: str) -> None:
        self.result, self.origin, self.section = result, origin, section
        self.count = 0

    def add(self, problem: Problem) -> None:
        self.count += 1
        if self.count <= MAX_PROBLEMS:
            self.result.problems.append(problem)

    def close(self) -> None:
        hidden = self.count - MAX_PROBLEMS
        if hidden > 0:
            reason = (
                f"... und {_german_number(hidden)} weitere Probleme in dieser Tabelle (die "
                f"ersten {MAX_PROBLEMS} sind aufgeführt) / ... and {hidden:,} more problems in "
                f"this table (the first {MAX_PROBLEMS} are listed)"
            )
            self.result.problems.append(Problem(self.origin, "", reason, self.section))


def records_from_rows(
    file: str,
    section: str,
    header: list[Any],
    rows: Iterable[tuple[int, list[Any]]],
    *,
    unit: Unit,
    header_position: int = 1,
    sheet: str | None = None,
) -> ReadResult:
    """Map a header row and data rows to source records of ``section``.

    Lists in a cell are separated by ``;``; empty cells are missing values; empty rows are
    skipped. Every unknown or repeated header is reported, as is a row with more cells than
    there are headers. At most ``MAX_ROWS`` rows are read and ``MAX_PROBLEMS`` problems
    listed (the rest are counted).
    """
    result = ReadResult()
    header_origin = Origin(file, header_position, unit, sheet)
    columns = _columns(section, header, header_origin, result)
    if columns is None:
        return result
    titles = ["" if raw is None else str(raw).strip() for raw in header]
    typed = {alias: title for alias, title in zip(columns, titles, strict=False) if alias}
    problems = _Problems(result, header_origin, section)
    lists = list_fields(section)
    for count, (position, cells) in enumerate(rows, start=1):
        origin = Origin(file, position, unit, sheet)
        if count > MAX_ROWS:
            reason = (
                f"hat mehr als {_german_number(MAX_ROWS)} Zeilen: abgelehnt (aufteilen, oder ist "
                f"es die falsche Datei?) / has more than {MAX_ROWS:,} rows: refused"
            )
            problems.add(Problem(origin, "", reason, section))
            break
        record = _record(section, columns, titles, lists, cells, origin, problems)
        if record is not None:
            record.headers = typed
            result.records.append(record)
    problems.close()
    return result


def _columns(
    section: str, header: list[Any], origin: Origin, result: ReadResult
) -> list[str | None] | None:
    """The field of each column, or ``None`` (with problems) if the header is unusable."""
    columns: list[str | None] = []
    seen: dict[str, str] = {}
    for raw in header:
        title = "" if raw is None else str(raw).strip()
        if not title:
            columns.append(None)
            continue
        alias = field_for(section, title)
        if alias is None:
            known = ", ".join(field_aliases(section))
            reason = (
                f"unbekannte Spalte '{title}'{suggest(title, field_aliases(section))}; bekannte "
                f"Spalten: {known} / unknown column '{title}' for {section}"
            )
            result.problems.append(Problem(origin, title, reason, section))
        elif alias in seen:
            reason = (
                f"Spalte '{title}' meint dasselbe wie Spalte '{seen[alias]}' / column "
                f"'{title}' means the same field as column '{seen[alias]}'"
            )
            result.problems.append(Problem(origin, title, reason, section))
            alias = None
        else:
            seen[alias] = title
        columns.append(alias)
    if not seen:
        examples = ", ".join(field_aliases(section)[:4])
        reason = (
            f"keine der ersten {HEADER_SEARCH_ROWS} Zeilen enthält Spaltenüberschriften (z. B. "
            f"{examples}); eine Titelzeile darüber ist erlaubt / no row among the first "
            f"{HEADER_SEARCH_ROWS} holds column headers (e.g. {examples}); a title row above the "
            "header row is fine, the headers must follow"
        )
        result.problems.append(Problem(origin, "", reason, section))
        return None
    return None if result.problems else columns


def _record(
    section: str,
    columns: list[str | None],
    titles: list[str],
    lists: frozenset[str],
    cells: list[Any],
    origin: Origin,
    problems: _Problems,
) -> SourceRecord | None:
    too_long = [
        i for i, cell in enumerate(cells) if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS
    ]
    for index in too_long:
        title = titles[index] if index < len(titles) else ""
        length, limit = _german_number(len(cells[index])), _german_number(MAX_CELL_CHARS)
        reason = (
            f"Zelle hat {length} Zeichen, erlaubt sind höchstens {limit} (so viele fasst "
            f"auch eine Excel-Zelle) / cell longer than {MAX_CELL_CHARS:,} characters"
        )
        problems.add(Problem(origin, title or f"Spalte {index + 1}", reason, section))
    if too_long:
        return None
    values = [cell_value(cell) for cell in cells]
    if all(v is None for v in values):
        return None
    extra = [v for v in values[len(columns) :] if v is not None]
    if extra:
        reason = (
            f"Zeile hat {len(values)} Zellen, aber es gibt nur {len(columns)} Spalten / row "
            f"has {len(values)} cells but there are only {len(columns)} columns"
        )
        problems.add(Problem(origin, "", reason, section))
        return None
    data: dict[str, Any] = {}
    for alias, raw, value in zip(columns, cells, values, strict=False):
        if alias is None or value is None:
            if alias is None and value is not None:
                reason = (
                    "Zelle hat einen Wert, ihre Spalte aber keine Überschrift / cell has a "
                    "value but its column has no header"
                )
                problems.add(Problem(origin, "", reason, section))
            continue
        if alias == "ags":
            value = _ags_cell(raw, value)
        if alias in IN_WORDS and isinstance(value, str) and not value.startswith("["):
            value = IN_WORDS[alias](value)
        if alias in lists and isinstance(value, str):
            value = [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
        data[alias] = value
    return SourceRecord(section, data, origin, None, tabular=True)
