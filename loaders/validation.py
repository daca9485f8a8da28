"""Validation of source records with their models, and pydantic's errors in plain words."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from domain.model import Record
from domain.problems import Origin, Problem
from domain.registry import SECTIONS
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
    """German first, then English after " / " (as every message of the project)."""
    kind = error.get("type", "")
    value = error.get("input")
    if kind == "missing":
        return "fehlt: Pflichtangabe / is required"
    if kind == "extra_forbidden":
        allowed = field_aliases(section)
        return (
            f"unbekanntes Feld{suggest(name, allowed)}; erlaubt: {', '.join(allowed)} / "
            "unknown field"
        )
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        return f"unbekannter Wert {value!r}; erlaubt: {expected} / unknown value {value!r}"
    message = str(error.get("msg", "is invalid"))
    message = message.removeprefix("Value error, ")
    german = GERMAN_KINDS.get(kind.split("_")[0], "ungültiger Wert")
    if kind in ("string_type", "int_parsing", "float_parsing", "date_type", "list_type") or (
        kind.startswith(("greater", "less")) and value is not None
    ):
        shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
        return f"{german} ({shown[:80]}) / {message} (got {shown[:80]})"
    return f"{german} / {message}"


GERMAN_KINDS = {
    "string": "kein gültiger Text",
    "int": "keine ganze Zahl",
    "float": "keine Zahl",
    "date": "kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)",
    "datetime": "kein gültiger Zeitpunkt",
    "list": "keine Liste (mehrere Werte mit ; trennen)",
    "greater": "zu klein",
    "less": "zu groß",
    "too": "falsche Länge",
    "url": "keine gültige Adresse (URL)",
    "bool": "kein Ja/Nein-Wert",
}
"""The German words for pydantic's error kinds (by the first part of the kind)."""
