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

from domain.registry import SECTIONS

GERMAN_SECTION_NAMES: dict[str, tuple[str, ...]] = {
    "actors": ("Akteure", "Akteur"),
    "coordinators": ("Koordinatoren", "Koordinator:innen", "Koordination"),
    "people": ("Personen",),
    "offerings": ("Angebote",),
    "workingGroups": ("Arbeitskreise",),
    "topics": ("Handlungsfelder", "Themen"),
    "targetGroups": ("Zielgruppen",),
    "municipalities": ("Gemeinden", "Kommunen"),
    "languages": ("Sprachen",),
    "countries": ("Länder", "Herkunftsländer"),
    "events": ("Veranstaltungen",),
    "memberships": ("Mitgliedschaften",),
    "cooperations": ("Kooperationen",),
    "fundings": ("Förderungen", "Finanzierungen"),
    "participations": ("Teilnahmen",),
    "residents": ("Einwohner", "Einwohnerinnen und Einwohner"),
    "languageShares": ("Sprachanteile",),
}
"""Names a CSV file (without extension) or an Excel sheet may have besides the section name."""

GERMAN_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("Kennung",),
    "name": ("Name",),
    "title": ("Titel",),
    "kind": ("Art", "Typ"),
    "description": ("Beschreibung",),
    "website": ("Webseite", "Internetseite", "Homepage"),
    "email": ("E-Mail", "Mail"),
    "phone": ("Telefon", "Tel"),
    "address": ("Adresse", "Anschrift"),
    "source": ("Quelle",),
    "locatedIn": ("Ort", "Sitz"),
    "activeIn": ("Aktiv in", "Tätig in"),
    "partOf": ("Teil von", "Gehört zu"),
    "role": ("Rolle", "Funktion"),
    "responsibility": ("Zuständigkeit",),
    "since": ("Seit",),
    "until": ("Bis",),
    "worksFor": ("Arbeitet für", "Arbeitgeber"),
    "coordinatesOfferings": ("Koordiniert Angebote",),
    "coordinatesWorkingGroups": ("Koordiniert Arbeitskreise",),
    "coordinatesTopics": ("Koordiniert Handlungsfelder",),
    "schedule": ("Zeitplan", "Termine"),
    "capacity": ("Kapazität", "Plätze"),
    "cost": ("Kosten",),
    "startDate": ("Beginn", "Startdatum"),
    "endDate": ("Ende", "Enddatum"),
    "fundingProgram": ("Förderprogramm",),
    "providers": ("Anbieter", "Träger"),
    "topics": ("Handlungsfelder", "Themen"),
    "targetGroups": ("Zielgruppen",),
    "languages": ("Sprachen",),
    "municipalities": ("Gemeinden",),
    "founded": ("Gegründet", "Gründung"),
    "meetingCadence": ("Turnus", "Sitzungsrhythmus"),
    "ags": ("Gemeindeschlüssel", "Amtlicher Gemeindeschlüssel"),
    "population": ("Einwohner", "Einwohnerzahl"),
    "populationYear": ("Stand", "Jahr der Einwohnerzahl"),
    "migrantPopulation": ("Einwohner mit Migrationsgeschichte", "Migrantische Bevölkerung"),
    "date": ("Datum",),
    "place": ("Ort",),
    "status": ("Status",),
    "actor": ("Akteur",),
    "workingGroup": ("Arbeitskreis",),
    "from": ("Von",),
    "to": ("An", "Mit"),
    "funder": ("Förderer", "Geldgeber"),
    "offering": ("Angebot",),
    "program": ("Programm", "Förderprogramm"),
    "event": ("Veranstaltung",),
    "coordinator": ("Koordinator", "Koordinator:in"),
    "person": ("Person",),
    "country": ("Land", "Herkunftsland"),
    "municipality": ("Gemeinde",),
    "count": ("Anzahl",),
    "year": ("Jahr",),
    "language": ("Sprache",),
    "share": ("Anteil",),
}
"""German column names of each field (by its alias in the data contract)."""


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
