"""Problems of CSV and Excel files in the words of the person who typed them.

Validation and the cross-record checks speak of fields by their names in the data
contract (``providers[0]``, ``kind``); a planner knows the columns of the sheet
(``Anbieter``, ``Art``). ``with_typed_headers`` renames the field of every problem of a
spreadsheet row to the header of its column, or, for a column the sheet lacks, to the
field's German name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from domain.headers import GERMAN_HEADERS
from domain.problems import Origin, Problem
from loaders.source import SourceRecord

_FIELD = re.compile(r"^(?P<alias>[A-Za-z_]+)(?:\[(?P<index>\d+)\])?$")


def column_name(alias: str, headers: dict[str, str]) -> str:
    """The header the user typed for ``alias``, else its first German name, else itself."""
    if alias in headers:
        return headers[alias]
    german = GERMAN_HEADERS.get(alias)
    return german[0] if german else alias


def typed_field(field: str, headers: dict[str, str]) -> str:
    """``providers[0]`` -> ``Anbieter (1. Eintrag)``, ``kind`` -> ``Art``."""
    match = _FIELD.match(field)
    if match is None:
        return field
    name = column_name(match["alias"], headers)
    index = match["index"]
    return name if index is None else f"{name} ({int(index) + 1}. Eintrag)"


def with_typed_headers(
    problems: Iterable[Problem], sources: Iterable[SourceRecord]
) -> list[Problem]:
    """The problems, with fields of spreadsheet rows named as their columns."""
    headers: dict[Origin, dict[str, str]] = {
        s.origin: s.headers for s in sources if s.tabular and s.headers is not None
    }
    renamed = []
    for problem in problems:
        typed = headers.get(problem.origin)
        if typed is None or not problem.field:
            renamed.append(problem)
            continue
        field = typed_field(problem.field, typed)
        renamed.append(Problem(problem.origin, field, problem.reason, problem.section))
    return renamed
