"""How a load tells what is wrong: every problem names file, line or row, field and reason.

A load never stops at the first bad record: readers and validation collect problems, and
the load raises one ``LoadError`` carrying all of them, so a data editor can fix a file in
one pass instead of one error per run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Unit = Literal["line", "row", "record"]
"""How a position is counted: a text line (YAML, JSON, CSV), a spreadsheet row (XLSX), or the
index of a record in its section (JSON before line numbers are known)."""


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record comes from: ``actors.csv`` row 5, ``landscape.yaml`` line 12, ..."""

    file: str
    position: int | None = None
    unit: Unit = "line"
    sheet: str | None = None

    @property
    def place(self) -> str:
        """The position as a person reads it: ``line 12``, ``sheet actors, row 5``."""
        parts = []
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.position is not None:
            parts.append(f"{self.unit} {self.position}")
        return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: where, which field, and why in plain words."""

    origin: Origin
    field: str
    reason: str
    section: str = ""

    @property
    def file(self) -> str:
        return self.origin.file

    @property
    def place(self) -> str:
        return self.origin.place

    def __str__(self) -> str:
        where = f"{self.file}: {self.place}" if self.place else self.file
        field = f" [{self.field}]" if self.field else ""
        return f"{where}{field}: {self.reason}"

    def sort_key(self) -> tuple[str, str, int, str]:
        return (self.file, self.origin.sheet or "", self.origin.position or 0, self.field)


def file_problem(file: str, reason: str, *, line: int | None = None) -> Problem:
    """A problem with a file as a whole (unreadable, empty, too large, wrong format)."""
    return Problem(Origin(file, line), "", reason)


class LoadError(Exception):
    """The input is invalid; nothing was written. ``problems`` lists every one of them."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(problems, key=Problem.sort_key))
        count = len(self.problems)
        first = f": {self.problems[0]}" if self.problems else ""
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the input{first}{more}")


class BackupError(RuntimeError):
    """The backup file is unusable, or the database is not empty for a restore."""
