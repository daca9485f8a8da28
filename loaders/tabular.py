"""The part CSV and Excel share: headers to fields, cells to values, one record per row."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from loaders.document import suggest
from loaders.headers import field_aliases, field_for, list_fields
from loaders.problems import Origin, Problem, Unit
from loaders.source import ReadResult, SourceRecord

LIST_SEPARATOR = ";"


def cell_value(value: Any) -> Any:
    """A spreadsheet cell as the validation expects it; ``None`` for an empty cell.

    Numbers become text (``5`` and ``5.0`` both read ``"5"``): the models parse numbers from
    text and refuse numbers where text is expected, so a phone number typed as a number in
    Excel still arrives as text. Midnight date-times are dates (Excel has no date type).
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
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
    there are headers.
    """
    result = ReadResult()
    columns: list[str | None] = []
    seen: dict[str, str] = {}
    header_origin = Origin(file, header_position, unit, sheet)
    for raw in header:
        title = "" if raw is None else str(raw).strip()
        if not title:
            columns.append(None)
            continue
        alias = field_for(section, title)
        if alias is None:
            known = ", ".join(field_aliases(section))
            reason = (
                f"unknown column '{title}' for {section}"
                f"{suggest(title, field_aliases(section))}; known columns: {known}"
            )
            result.problems.append(Problem(header_origin, title, reason, section))
        elif alias in seen:
            reason = f"column '{title}' means the same field as column '{seen[alias]}'"
            result.problems.append(Problem(header_origin, title, reason, section))
            alias = None
        else:
            seen[alias] = title
        columns.append(alias)
    if not seen:
        reason = (
            f"the first row must hold column headers, e.g. {', '.join(field_aliases(section)[:4])}"
        )
        result.problems.append(Problem(header_origin, "", reason, section))
        return result
    if result.problems:
        return result

    lists = list_fields(section)
    for position, cells in rows:
        origin = Origin(file, position, unit, sheet)
        values = [cell_value(cell) for cell in cells]
        if all(v is None for v in values):
            continue
        extra = [v for v in values[len(columns) :] if v is not None]
        if extra:
            reason = f"row has {len(values)} cells but there are only {len(columns)} columns"
            result.problems.append(Problem(origin, "", reason, section))
            continue
        data: dict[str, Any] = {}
        for alias, value in zip(columns, values, strict=False):
            if alias is None or value is None:
                if alias is None and value is not None:
                    reason = "cell has a value but its column has no header"
                    result.problems.append(Problem(origin, "", reason, section))
                continue
            if alias in lists and isinstance(value, str):
                value = [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
            data[alias] = value
        result.records.append(SourceRecord(section, data, origin, None, tabular=True))
    return result
