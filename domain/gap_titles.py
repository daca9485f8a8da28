"""A gap key in words: ``coverage:meine:sprache:frauen`` -> ``Sprache in Meine für Frauen``.

A key (``domain.gap_keys``) is made of the ids of the records a gap row is about; people
know those records by name. The title names them as the cockpit's list of gaps does (its
column "what a row is about"), whether the gap is still open or has closed: the names come
from the records, not from the row. ``name`` looks a record up by its node label and id and
answers None for one it does not know (deleted since), which then shows as its id.

>>> names = {("Municipality", "meine"): "Meine", ("Topic", "sprache"): "Sprache"}
>>> gap_title("coverage:meine:sprache", lambda label, id: names.get((label, id)))
'Sprache in Meine'
>>> gap_title("uncoordinated:topic:sprache", lambda label, id: names.get((label, id)))
'Sprache ohne Koordination'
"""

from __future__ import annotations

from collections.abc import Callable

NameOf = Callable[[str, str], str | None]
"""``(node label, id) -> name or title``, None for an unknown record."""

PARTS: dict[str, tuple[str, ...]] = {
    "coverage": ("Municipality", "Topic", "TargetGroup"),
    "language": ("Municipality", "Language"),
    "isolated": ("Actor",),
    "key-actor": ("Actor",),
    "bridge": ("Actor", "Actor"),
    "introduction": ("Actor", "Actor"),
    "topic-without-group": ("Topic",),
    "missing-member": ("WorkingGroup", "Actor"),
    "unrepresented": ("Municipality",),
}
"""The node label of each id in a key, by kind (the order of ``gap_key``'s arguments)."""

UNCOORDINATED: dict[str, str] = {
    "offering": "Offering",
    "working-group": "WorkingGroup",
    "topic": "Topic",
}
"""``uncoordinated:<slug>:<id>``: the label each slug stands for."""


def _names(key: str, name: NameOf) -> tuple[str, list[str]] | None:
    kind, *ids = key.split(":")
    if kind == "uncoordinated" and len(ids) == 2 and ids[0] in UNCOORDINATED:
        labels: tuple[str, ...] = (UNCOORDINATED[ids[0]],)
        ids = ids[1:]
    else:
        labels = PARTS.get(kind, ())
    if not labels or len(ids) > len(labels):
        return None
    return kind, [name(label, i) or i for label, i in zip(labels, ids, strict=False)]


def gap_title(key: str, name: NameOf) -> str | None:
    """The gap in words, or None for a key of a kind this table does not know."""
    found = _names(key, name)
    if found is None:
        return None
    kind, named = found
    if kind == "coverage":
        group = f" für {named[2]}" if len(named) > 2 else ""
        return f"{named[1]} in {named[0]}{group}" if len(named) > 1 else named[0]
    if kind == "language" and len(named) == 2:
        return f"{named[1]} in {named[0]}"
    if kind in ("bridge", "introduction") and len(named) == 2:
        return f"{named[0]} und {named[1]}"
    if kind == "missing-member" and len(named) == 2:
        return f"{named[1]} in „{named[0]}“"
    if kind == "uncoordinated":
        return f"{named[0]} ohne Koordination"
    return ", ".join(named)
