"""Column headers and sheet/file names of CSV and Excel input, in English and German.

A header is matched after normalising it (case, spaces, hyphens, underscores and colons do
not matter), so ``E-Mail``, ``email`` and ``E Mail`` are one column, as are ``Aktiv in``,
``activeIn`` and ``active_in``. A German name only counts for a section whose model has the
field, which is how ``Ort`` can mean ``locatedIn`` for actors and ``place`` for events.
"""

from __future__ import annotations

import re
import typing
from functools import cache

from domain.headers import GERMAN_HEADERS, GERMAN_SECTION_NAMES
from domain.registry import SECTIONS

__all__ = [
    "GERMAN_HEADERS",
    "GERMAN_SECTION_NAMES",
    "field_aliases",
    "field_for",
    "list_fields",
    "normalise",
    "section_for",
]


def normalise(name: str) -> str:
    """The form headers are compared in: ``'E-Mail '`` -> ``'email'``."""
    return re.sub(r"[\s_\-:./]+", "", name.replace("\ufeff", "")).casefold()


@cache
def _section_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for section in SECTIONS:
        names[normalise(section)] = section
        for german in GERMAN_SECTION_NAMES.get(section, ()):
            names[normalise(german)] = section
    return names


def section_for(name: str) -> str | None:
    """The section a file stem or sheet title stands for, or ``None``."""
    return _section_names().get(normalise(name))


@cache
def field_aliases(section: str) -> tuple[str, ...]:
    """The field names (aliases) a section's records may have, in model order."""
    model = SECTIONS[section].model
    aliases = [info.alias or name for name, info in model.model_fields.items()]
    first = [a for a in ("id",) if a in aliases]
    rest = [a for a in aliases if a not in ("id", "source")]
    return (*first, *rest, "source")


@cache
def _headers(section: str) -> dict[str, str]:
    model = SECTIONS[section].model
    table: dict[str, str] = {}
    for name, info in model.model_fields.items():
        alias = info.alias or name
        for spelling in (alias, name, *GERMAN_HEADERS.get(alias, ())):
            table.setdefault(normalise(spelling), alias)
    return table


def field_for(section: str, header: str) -> str | None:
    """The field (alias) a column header means in a section, or ``None`` if unknown."""
    return _headers(section).get(normalise(header))


@cache
def list_fields(section: str) -> frozenset[str]:
    """Fields holding a list; in a CSV/Excel cell their items are separated by ``;``."""
    model = SECTIONS[section].model
    return frozenset(
        info.alias or name
        for name, info in model.model_fields.items()
        if typing.get_origin(info.annotation) is list
    )
