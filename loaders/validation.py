"""Validation of source records with their models, and pydantic's errors in plain words."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from domain.model import Record
from domain.problems import Origin, Problem
from domain.registry import SECTIONS
from domain.wording import english, german_of, worded
from loaders.document import suggest
from loaders.headers import field_aliases
from loaders.source import SourceRecord


def validate_record(source: SourceRecord, problems: list[Problem]) -> Record | None:
    """Validate one source record with its section's model; report each error precisely."""
    model = SECTIONS[source.section].model
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problems.append(_problem_from_error(source, error))
        return None


def _problem_from_error(source: SourceRecord, error: Any) -> Problem:
    loc = tuple(error.get("loc", ()))
    name = str(loc[0]) if loc else ""
    field_path = name + "".join(f"[{part}]" for part in loc[1:] if isinstance(part, int))
    origin = source.origin
    if source.field_lines and name in source.field_lines:
        origin = Origin(origin.file, source.field_lines[name], "line", origin.sheet)
    return Problem(origin, field_path, _reason(source.section, name, error), source.section)


def _reason(section: str, name: str, error: Any) -> str:
    """German first, then English after " / " (as every message of the project).

    The words come from the one table of the domain (``domain.wording``); an unknown field
    and an unknown value also name what is allowed, and a value of the wrong type is shown.
    """
    kind = error.get("type", "")
    value = error.get("input")
    if kind == "missing":
        return f"{german_of(error)} / is required"
    if kind == "extra_forbidden":
        allowed = field_aliases(section)
        return (
            f"unbekanntes Feld{suggest(name, allowed)}; erlaubt: {', '.join(allowed)} / "
            "unknown field"
        )
    if kind == "enum":
        return f"{german_of(error)} / unknown value {value!r}"
    message = english(error)
    if kind in ("string_type", "int_parsing", "float_parsing", "date_type", "list_type") or (
        kind.startswith(("greater", "less")) and value is not None
    ):
        shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
        return f"{german_of(error)} ({shown[:80]}) / {message} (got {shown[:80]})"
    return worded(error)
