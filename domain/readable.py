"""A measure's status log and a meeting's agenda as people read them, and back.

Both are stored as JSON text (``domain.model``: one document each, in order). A planner's
spreadsheet shows them in words instead, and reads those words back, so that an exported
workbook edited in Excel loads again:

- status log: ``12.03.2026 geplant → 02.04.2026 in Umsetzung`` (an entry without a date
  is the status alone);
- agenda: one numbered item per line, what it refers to in brackets at the end:
  ``1. Sprachkurse im Nordkreis (Lücke: Sprache in Meine [coverage:meine:sprache];
  Maßnahme: Sprachkurs Meine [sprachkurs-meine])``. As with every reference in the
  workbook, the id in square brackets counts; the words before it are for people.

JSON text is still read as before (older exports, the API's form).

>>> status_log_words('[{"status": "planned", "date": "2026-03-12"}, '
...                  '{"status": "in_progress", "date": null}]')
'12.03.2026 geplant → in Umsetzung'
>>> status_log_from_words("12.03.2026 geplant → in Umsetzung")
[{'status': 'planned', 'date': '2026-03-12'}, {'status': 'in_progress', 'date': None}]
>>> agenda_from_words("1. Begrüßung\\n2. Sprachkurse (Lücke: Sprache [coverage:meine:sprache])")
[{'title': 'Begrüßung'}, {'title': 'Sprachkurse', 'gapKey': 'coverage:meine:sprache'}]
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from domain.vocabulary import LABELS, MeasureStatus

ARROW = " → "
_ARROWS = re.compile(r"\s*(?:→|->)\s*")
_ENTRY = re.compile(r"^(?:(?P<day>\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})\s+)?(?P<status>.+)$")
_ITEM = re.compile(r"^\s*\d+\s*[.)]\s*(?P<rest>.+?)\s*$")
_REFS = re.compile(r"^(?P<title>.*?)\s*\((?P<refs>(?:Lücke|Maßnahme):[^()]*\])\)$")
_REF = re.compile(r"(?P<what>Lücke|Maßnahme):[^\[\];]*\[(?P<id>[^\]]+)\]")
REF_FIELDS = {"Lücke": "gapKey", "Maßnahme": "measure"}

Describe = Callable[[str], str | None]
"""An id (a gap key, a measure id) -> its words, or None when there are none."""


def _german_day(iso: str | None) -> str:
    return "" if not iso else f"{date.fromisoformat(iso):%d.%m.%Y} "


def status_log_words(text: str | None) -> str | None:
    """The stored log (JSON text) as ``TT.MM.JJJJ Status → …``; None for none."""
    if not text:
        return None
    entries = json.loads(text)
    labels = LABELS[MeasureStatus]
    words = {code: label.de for code, label in labels.items()}
    return ARROW.join(
        f"{_german_day(e.get('date'))}{words.get(e['status'], e['status'])}" for e in entries
    )


def _status_code(word: str) -> str:
    """A status by its German label or its code (``in Umsetzung``, ``in_progress``)."""
    plain = word.strip().casefold()
    for code, labels in LABELS[MeasureStatus].items():
        if plain in (code, labels.de.casefold(), labels.en.casefold()):
            return code
    return word.strip()  # not a status: the model's check says so


def _iso(day: str | None) -> str | None:
    if day is None or "-" in day:
        return day
    d, m, y = (int(part) for part in day.split("."))
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return day  # not a day: the model's check says so


def status_log_from_words(text: str) -> list[dict[str, Any]]:
    """``status_log_words`` read back: a list of ``{status, date}`` for the model."""
    entries = []
    for part in _ARROWS.split(text.strip()):
        match = _ENTRY.match(part.strip())
        if match:
            entries.append({"status": _status_code(match["status"]), "date": _iso(match["day"])})
    return entries


def agenda_words(text: str | None, gap: Describe, measure: Describe) -> str | None:
    """The stored agenda (JSON text) as numbered lines, references in words and ids."""
    if not text:
        return None
    lines = []
    for number, item in enumerate(json.loads(text), start=1):
        refs = []
        if item.get("gapKey"):
            refs.append(f"Lücke: {_words(gap(item['gapKey']))}[{item['gapKey']}]")
        if item.get("measure"):
            refs.append(f"Maßnahme: {_words(measure(item['measure']))}[{item['measure']}]")
        tail = f" ({'; '.join(refs)})" if refs else ""
        lines.append(f"{number}. {item['title']}{tail}")
    return "\n".join(lines)


def _words(described: str | None) -> str:
    return f"{described} " if described else ""


def agenda_from_words(text: str) -> list[dict[str, Any]]:
    """``agenda_words`` read back: items ``{title, gapKey?, measure?}`` for the model. A
    line without a number continues the item before it (a long title wrapped by hand)."""
    items: list[dict[str, Any]] = []
    for line in text.strip().splitlines():
        match = _ITEM.match(line)
        if match is None and items and line.strip():
            items[-1]["title"] += " " + line.strip()
        elif match is not None:
            items.append({"title": match["rest"]})
    return [_with_refs(item["title"]) for item in items]


def _with_refs(rest: str) -> dict[str, Any]:
    found = _REFS.match(rest)
    refs = list(_REF.finditer(found["refs"])) if found else []
    if not found or not refs:
        return {"title": rest}
    item: dict[str, Any] = {"title": found["title"]}
    for ref in refs:
        item[REF_FIELDS[ref["what"]]] = ref["id"].strip()
    return item
