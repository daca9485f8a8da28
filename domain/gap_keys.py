"""Stable keys of gap rows: what a measure or a decision refers to across recomputations.

A gap row of an analysis (a coverage cell, a language gap, an isolated actor ...) is
computed anew after every write; its position in a list, its need figure and its wording
change. Its *key* does not: it is built from the ids of the records the row is about, so the
same gap gets the same key in every recomputation, and a key whose row no longer exists
names a gap that has closed.

>>> gap_key("coverage", "gifhorn", "sprache", "frauen")
'coverage:gifhorn:sprache:frauen'
>>> gap_key("bridge", "drk", "caritas", unordered=True)
'bridge:caritas:drk'
>>> gap_kind("language:meine:ar")
'language'
"""

from __future__ import annotations

import re

from pydantic_core import PydanticCustomError

KINDS: dict[str, str] = {
    "coverage": "Gemeinde × Handlungsfeld (× Zielgruppe) ohne Angebot",
    "language": "Sprache ohne Angebot in einer Gemeinde",
    "isolated": "Akteur am Rand des Netzwerks",
    "key-actor": "Schlüsselakteur (Artikulationspunkt)",
    "bridge": "Brücke zwischen zwei Akteuren",
    "introduction": "vorgeschlagener Kontakt",
    "topic-without-group": "Handlungsfeld ohne Arbeitskreis",
    "missing-member": "fehlendes Mitglied eines Arbeitskreises",
    "unrepresented": "Gemeinde ohne Vertretung in Arbeitskreisen",
    "uncoordinated": "ohne Koordination",
}
"""Every kind of gap key (its first part) and what it names, in German."""

GAP_KEY_PATTERN = r"^[a-z]+(-[a-z]+)*(:[a-z0-9]+(-[a-z0-9]+)*)+$"
_GAP_KEY_RE = re.compile(GAP_KEY_PATTERN)


def gap_key(kind: str, *ids: str | None, unordered: bool = False) -> str:
    """The key of a gap row of ``kind`` about the records ``ids`` (None parts left out).

    ``unordered``: the ids name a pair whose order means nothing (a bridge, an
    introduction); they are sorted so that either order gives the same key.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown gap kind {kind!r}")
    parts = [i for i in ids if i is not None]
    if unordered:
        parts.sort()
    return ":".join([kind, *parts])


def gap_kind(key: str) -> str:
    """The kind of a gap key: its first part."""
    return key.split(":", 1)[0]


def check_gap_key(value: str) -> str:
    """A syntactically valid key of a known kind (the row itself may have closed since)."""
    if not _GAP_KEY_RE.match(value) or gap_kind(value) not in KINDS:
        raise PydanticCustomError(
            "gap_key",
            "'{value}' is not a gap key: kind:id[:id...], kind one of {kinds}, "
            "e.g. 'coverage:gifhorn:sprache'",
            {"value": value, "kinds": ", ".join(KINDS)},
        )
    return value
