"""What every reader produces: raw records with their origin, and file-level problems.

Readers only parse: they turn a file into ``SourceRecord``s (field names as in the data
contract, values as parsed) and report what they cannot parse. Validation happens in one
place, ``loaders.landscape``, after all files are read, because a spreadsheet may refer to a
record by its name, and that name may live in another file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.problems import Origin, Problem


@dataclass(slots=True)
class SourceRecord:
    """One record as read from a file, before validation."""

    section: str
    data: dict[str, Any]
    origin: Origin
    field_lines: dict[str, int] | None = None
    """Line of each field where the format knows it (YAML), for precise error positions."""
    tabular: bool = False
    """Comes from CSV/Excel: references may name a record by its exact name or title."""
    headers: dict[str, str] | None = None
    """CSV/Excel: the column header the user typed for each field (``kind`` -> ``Art``), so
    that problems name the column as the user knows it."""


@dataclass(slots=True)
class ReadResult:
    """The records a reader found in one file and the problems that kept it from others."""

    records: list[SourceRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
