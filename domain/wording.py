"""What validation finds, in German: ONE table keyed by pydantic's error type.

The record models (``domain.model``, ``domain.types``) validate rows of a file and inputs of
a mutation alike, and pydantic words their errors in English (``Field required``, ``'x' is
not a valid e-mail address``). A planner in the county reads German first, so every problem
is worded from this table, German first and pydantic's English after " / ", as every message
of the project: the loaders' problems (``loaders.validation``) and the API's validation
errors at the field (``schema.mutations.validation``) use the same words.

A new error type (a new ``PydanticCustomError`` in the domain) gets its row here; a type
without one falls back to "ungültiger Wert" (``tests/loaders/test_wording.py`` checks that
every custom type of the domain has its words).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from domain.headers import GERMAN_HEADERS

Words = Callable[[Mapping[str, Any], Any], str]
"""German words from an error's ``ctx`` and its ``input``."""


def _quoted(value: Any) -> str:
    """The value in single quotes, as the loaders' other messages quote it."""
    text = value if isinstance(value, str) else repr(value)
    return f"'{text[:80]}'"


def _fixed(text: str) -> Words:
    return lambda ctx, value: text


def _value(template: str) -> Words:
    """A sentence about the value typed: ``{value}`` is it, quoted."""
    return lambda ctx, value: template.format(value=_quoted(ctx.get("value", value)))


def _ctx(template: str) -> Words:
    """A sentence about a limit of the check (``{min_length}``, ``{ge}`` ...)."""
    return lambda ctx, value: template.format(**{k: _number(v) for k, v in ctx.items()})


def _number(value: Any) -> Any:
    """``0.5`` as ``0,5``, as a German reads a decimal."""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return value


_DATE = "kein gültiges Datum: bitte TT.MM.JJJJ oder JJJJ-MM-TT, z. B. 01.06.2018"
_TEXT = "kein Text"
_WHOLE = "keine ganze Zahl"
_NUMBER = "keine Zahl"


def _too_short(ctx: Mapping[str, Any], value: Any) -> str:
    if ctx.get("min_length") == 1:
        return "Pflichtangabe: darf nicht leer sein"
    return f"zu kurz: mindestens {ctx.get('min_length')} Zeichen"


def _header(name: Any) -> str:
    """A field as the German header a planner knows it by (``endDate`` -> ``Ende``)."""
    return GERMAN_HEADERS.get(str(name), (str(name),))[0]


def _day(value: Any) -> str:
    """An ISO date the German way (``2018-09-01`` -> ``01.09.2018``); anything else as it is."""
    text = str(value)
    parts = text.split("-")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        return f"{parts[2]}.{parts[1]}.{parts[0]}"
    return text


def _pattern(ctx: Mapping[str, Any], value: Any) -> str:
    german = ctx.get("german") or "hat nicht die vorgeschriebene Form"
    return f"{_quoted(ctx.get('value', value))} {german}"


GERMAN: dict[str, Words] = {
    # presence and the shape of a record
    "missing": _fixed("Pflichtangabe fehlt"),
    "extra_forbidden": _fixed("unbekanntes Feld"),
    "model_type": _fixed("kein Datensatz"),
    "dict_type": _fixed("kein Datensatz"),
    # text and lengths
    "string_type": _fixed(_TEXT),
    "string_expected": _fixed(_TEXT + " (in YAML in Anführungszeichen setzen)"),
    "string_too_short": _too_short,
    "string_too_long": _ctx("zu lang: höchstens {max_length} Zeichen"),
    "string_pattern_mismatch": _fixed("hat nicht die vorgeschriebene Form"),
    "too_short": lambda ctx, value: (
        _too_short(ctx, value)
        if isinstance(value, str)
        else f"zu wenige Einträge: mindestens {ctx.get('min_length')}"
    ),
    # a text's length checked beside a validator of ours comes as too_long, like a list's
    "too_long": lambda ctx, value: (
        f"zu lang: höchstens {ctx['max_length']} Zeichen"
        if isinstance(value, str)
        else f"zu viele Einträge: höchstens {ctx['max_length']}"
    ),
    "list_type": _fixed("keine Liste (mehrere Werte mit ; trennen)"),
    "repeated_reference": _value("{value} ist doppelt angegeben"),
    # numbers
    "int_type": _fixed(_WHOLE),
    "int_parsing": _fixed(_WHOLE),
    "int_from_float": _fixed(_WHOLE),
    "float_type": _fixed(_NUMBER),
    "float_parsing": _fixed(_NUMBER),
    "finite_number": _fixed(_NUMBER + " (endlich)"),
    "number_expected": _fixed(_NUMBER),
    "greater_than_equal": _ctx("zu klein: mindestens {ge}"),
    "greater_than": _ctx("zu klein: größer als {gt}"),
    "less_than_equal": _ctx("zu groß: höchstens {le}"),
    "less_than": _ctx("zu groß: kleiner als {lt}"),
    "bool_type": _fixed("kein Ja/Nein-Wert"),
    "bool_parsing": _fixed("kein Ja/Nein-Wert"),
    # dates
    "iso_date": lambda ctx, value: (
        f"{_quoted(value)} ist {_DATE}" if isinstance(value, str) else _DATE
    ),
    "date_type": _fixed(_DATE),
    "date_parsing": _fixed(_DATE),
    "date_from_datetime_parsing": _fixed(_DATE),
    "date_from_datetime_inexact": _fixed(_DATE + " (ohne Uhrzeit)"),
    "partial_date": _fixed(
        "kein gültiges Datum: ein Jahr, Jahr-Monat oder Datum, z. B. 2017, 2017-06 oder 2017-06-01"
    ),
    "datetime_type": _fixed("kein gültiger Zeitpunkt"),
    "datetime_parsing": _fixed("kein gültiger Zeitpunkt"),
    "period": lambda ctx, value: (
        f"{_header(ctx.get('end_name'))} ({_day(ctx.get('end'))}) liegt vor "
        f"{_header(ctx.get('start_name'))} ({_day(ctx.get('start'))})"
    ),
    # contact fields, ids and codes
    "email": _value("{value} ist keine gültige E-Mail-Adresse"),
    "url": _value(
        "{value} ist keine gültige Webadresse: sie muss mit http:// oder https:// beginnen"
    ),
    "url_parsing": _fixed("keine gültige Webadresse (URL)"),
    "url_scheme": _fixed("keine gültige Webadresse: sie muss mit http:// oder https:// beginnen"),
    "url_type": _fixed("keine gültige Webadresse (URL)"),
    "phone": _value(
        "{value} ist keine Telefonnummer: bitte nur Ziffern, Leerzeichen, +, -, /, ( und )"
    ),
    "slug": _value(
        "{value} ist keine gültige Kennung: nur Kleinbuchstaben, Ziffern und einzelne "
        "Bindestriche, z. B. 'kvhs-gifhorn'"
    ),
    "slug_too_long": _ctx("Kennung zu lang: {length} Zeichen, höchstens {limit}"),
    "pattern": _pattern,
    "ags": lambda ctx, value: (
        f"Gemeindeschlüssel {_quoted(ctx.get('ags'))} hat {ctx.get('length')} Ziffern, "
        f"erwartet {ctx.get('expected')}"
    ),
    "gap_key": _value("{value} ist kein gültiger Lückenschlüssel (Art:Kennung, z. B. coverage:…)"),
    "agenda": lambda ctx, value: str(ctx["german"]),  # worded where it is raised (the item)
    "status_log": _fixed("Statusverlauf ungültig: Liste aus Status und Datum (JJJJ-MM-TT)"),
    "self_cooperation": _fixed("ein Akteur kann nicht mit sich selbst kooperieren"),
    "participant": _fixed("genau eines von Akteur, Koordination oder Person angeben"),
    # choices
    "enum": lambda ctx, value: f"unbekannter Wert {_quoted(value)}; erlaubt: {ctx.get('expected')}",
    "literal_error": lambda ctx, value: (
        f"unbekannter Wert {_quoted(value)}; erlaubt: {ctx.get('expected')}"
    ),
    # a reference to a record that does not exist (the API's NOT_FOUND at the field)
    "unknown_reference": lambda ctx, value: (
        f"{ctx.get('noun', 'Eintrag')} {', '.join(map(_quoted, ctx.get('missing', ())))} "
        "gibt es nicht"
    ),
}
"""German words by pydantic's error type (``ErrorDetails['type']``)."""

FALLBACK = "ungültiger Wert"


def german(kind: str, ctx: Mapping[str, Any] | None = None, value: Any = None) -> str:
    """The German words for an error of type ``kind`` (the fallback for an unknown type)."""
    words = GERMAN.get(kind)
    if words is None:
        return FALLBACK
    try:
        return words(ctx or {}, value)
    except (KeyError, IndexError, ValueError):  # a ctx without the expected keys
        return FALLBACK


def english(error: Mapping[str, Any]) -> str:
    """pydantic's message, without its "Value error, " prefix."""
    return str(error.get("msg", "is invalid")).removeprefix("Value error, ")


def worded(error: Mapping[str, Any]) -> str:
    """ "Deutsch / English" for one of pydantic's ``ErrorDetails``."""
    return f"{german_of(error)} / {english(error)}"


def german_of(error: Mapping[str, Any]) -> str:
    """The German words for one of pydantic's ``ErrorDetails``."""
    return german(str(error.get("type", "")), error.get("ctx"), error.get("input"))


@dataclass(frozen=True)
class FieldProblem:
    """One field's problem as the API reports it (``extensions.problems``)."""

    field: str
    type: str
    german: str
    english: str

    @property
    def message(self) -> str:
        """ "Deutsch / English"."""
        return f"{self.german} / {self.english}"

    def as_json(self) -> dict[str, str]:
        return {
            "field": self.field,
            "message": self.message,
            "german": self.german,
            "type": self.type,
        }


def field_problem(field: str, error: Mapping[str, Any]) -> FieldProblem:
    """The problem of ``field`` from one of pydantic's ``ErrorDetails``."""
    return FieldProblem(field, str(error.get("type", "")), german_of(error), english(error))
