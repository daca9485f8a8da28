"""A change's records, fields and short values in German, for its one-line summary.

The summary (``store.summary``) is what the API's ``Change.summary`` and the revert messages
show: ``Maßnahme 'Sprachkurs Meine' geändert: Status: in Umsetzung, Status seit,
Statusverlauf``. Fields are named by their spreadsheet header (``domain.headers``), an
account's by the words of the cockpit's "Konten"; a value is spelled out only where it is
one word (a status, a role, yes or no), never a long text, a list or a contact.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.headers import GERMAN_HEADERS
from domain.registry import NODE_SECTIONS
from domain.vocabulary import LABELS, EventKind, EventStatus, MeasurePriority, MeasureStatus

LABEL_WORDS: dict[str, str] = {
    **{s.label: s.german[0] for s in NODE_SECTIONS if s.german[0]},
    "Account": "Konto",
}
"""``Measure`` -> ``Maßnahme``."""

ACCOUNT_FIELDS: dict[str, str] = {
    "email": "E-Mail",
    "displayName": "Anzeigename",
    "role": "Rolle",
    "actorIds": "Akteure",
    "disabled": "gesperrt",
    "password": "Passwort",
}
"""An account's fields as the cockpit's "Konten" and "Änderungen" name them."""

ROLE_WORDS: dict[str, str] = {
    "reader": "Lesend",
    "member": "Mitglied",
    "editor": "Redaktion",
    "admin": "Verwaltung",
}
"""The roles as the cockpit names them (web/src/session.ts ROLE_NAMES)."""


def _vocabulary(kind: type[Any]) -> Callable[[Any], str | None]:
    words = {code: labels.de for code, labels in LABELS[kind].items()}
    return lambda value: words.get(str(value))


VALUE_WORDS: dict[tuple[str, str], Callable[[Any], str | None]] = {
    ("Account", "role"): lambda value: ROLE_WORDS.get(str(value)),
    ("Measure", "status"): _vocabulary(MeasureStatus),
    ("Measure", "priority"): _vocabulary(MeasurePriority),
    ("Event", "kind"): _vocabulary(EventKind),
    ("Event", "status"): _vocabulary(EventStatus),
}


def label_words(label: str) -> str:
    return LABEL_WORDS.get(label, label)


def field_words(label: str, field: str) -> str:
    """``statusLog`` -> ``Statusverlauf``; an account's ``disabled`` -> ``gesperrt``."""
    if label == "Account":
        return ACCOUNT_FIELDS.get(field, field)
    return GERMAN_HEADERS.get(field, (field,))[0]


def value_words(label: str, field: str, value: Any) -> str | None:
    """A short value in words (``editor`` -> ``Redaktion``, ``False`` -> ``nein``), or
    None where the summary names the field alone."""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    words = VALUE_WORDS.get((label, field))
    return None if words is None or value is None else words(value)


def changed_field(label: str, field: str, new: Any) -> str:
    """``Rolle: Redaktion``, ``gesperrt: nein``, ``Beschreibung``."""
    name = field_words(label, field)
    value = value_words(label, field, new)
    return name if value is None else f"{name}: {value}"
