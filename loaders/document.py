"""The shape shared by YAML and JSON files: a mapping of section name -> list of records."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

from domain.problems import Origin, Problem, Unit, file_problem
from domain.registry import SECTIONS
from loaders.source import ReadResult, SourceRecord

Locator = Callable[[str, int], tuple[int | None, dict[str, int] | None]]
"""Gives the line of record ``index`` of ``section`` and the lines of its fields."""


def suggest(word: str, choices: Any) -> str:
    """`` (meinten Sie 'activeIn'? / did you mean 'activeIn'?)`` when a close match exists,
    else an empty string."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (meinten Sie '{close[0]}'? / did you mean '{close[0]}'?)" if close else ""


def records_from_document(
    file: str,
    document: Any,
    *,
    locate: Locator,
    unit: Unit,
    section_lines: Mapping[str, int] | None = None,
) -> ReadResult:
    """Check the document's shape and turn each record into a ``SourceRecord``."""
    result = ReadResult()
    if document is None:
        result.problems.append(file_problem(file, "is empty: no sections found"))
        return result
    if not isinstance(document, dict):
        kind = "a list" if isinstance(document, list) else f"{type(document).__name__}"
        result.problems.append(
            file_problem(
                file,
                f"must be a mapping of sections (actors:, offerings:, ...), but it is {kind}",
                line=1,
            )
        )
        return result
    if not document:
        result.problems.append(file_problem(file, "is empty: no sections found"))
    for section, entries in document.items():
        line = section_lines.get(str(section)) if section_lines else None
        if section not in SECTIONS:
            reason = f"unknown section '{section}'{suggest(str(section), SECTIONS)}"
            result.problems.append(Problem(Origin(file, line, unit="line"), "", reason))
            continue
        if entries is None:
            continue
        if not isinstance(entries, list):
            reason = f"section '{section}' must be a list of records"
            result.problems.append(Problem(Origin(file, line), "", reason, section))
            continue
        for index, entry in enumerate(entries):
            record_line, field_lines = locate(section, index)
            origin = (
                Origin(file, record_line, "line")
                if record_line is not None
                else Origin(file, index + 1, unit)
            )
            if not isinstance(entry, dict):
                reason = f"each entry of '{section}' must be a mapping of fields, got {entry!r}"
                result.problems.append(Problem(origin, "", reason[:200], section))
                continue
            bad_keys = [key for key in entry if not isinstance(key, str)]
            if bad_keys:
                reason = f"field names must be text, got {bad_keys[0]!r}"
                result.problems.append(Problem(origin, "", reason, section))
                continue
            result.records.append(SourceRecord(section, entry, origin, field_lines))
    return result
