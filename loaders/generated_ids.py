"""Ids for spreadsheet rows that give none: made from the name, the same every time.

A planner's sheet often has no ``Kennung`` column: it names actors, not ids. Each such row
gets the id a stored record of exactly that name already has (so a second load of the
sheet updates it instead of adding a twin), else the slug of its name (``Stadt Wittingen``
-> ``stadt-wittingen``), with ``-2``, ``-3`` ... in row order where a slug is taken. Each
generated id becomes a notice, so that the dry run shows it before anything is written.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from domain.landscape import NamesInGraph
from domain.problems import Problem
from domain.registry import NODE_SECTION
from loaders.source import SourceRecord


def slugify(text: str) -> str:
    """An id from a name: ``Flüchtlingshilfe Müden`` -> ``fluechtlingshilfe-mueden``."""
    folded = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        folded = folded.replace(umlaut, plain)
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:80].strip("-") or "eintrag"


def generate_ids(
    sources: list[SourceRecord],
    notices: list[Problem],
    names_in_graph: NamesInGraph | None = None,
) -> None:
    """Give every tabular node record without an id one (see the module); add a notice
    per generated id to ``notices``."""
    missing = [
        s
        for s in sources
        if s.tabular
        and s.section in NODE_SECTION
        and not s.data.get("id")
        and isinstance(s.data.get(NODE_SECTION[s.section].title_field), str)
    ]
    if not missing:
        return
    taken: dict[str, set[str]] = defaultdict(set)
    for source in sources:
        record_id = source.data.get("id")
        if isinstance(record_id, str):
            taken[source.section].add(record_id.strip())
    stored: dict[str, dict[str, list[str]]] = {}
    if names_in_graph is not None:
        wanted: dict[str, set[str]] = defaultdict(set)
        for source in missing:
            wanted[source.section].add(_name(source))
        stored = {section: names_in_graph(section, sorted(n)) for section, n in wanted.items()}
    for source in missing:
        name = _name(source)
        known = stored.get(source.section, {}).get(name, [])
        if len(known) == 1 and known[0] not in taken[source.section]:
            chosen, how = known[0], "wie der gespeicherte Eintrag gleichen Namens"
        else:
            chosen, how = _free(slugify(name), taken[source.section]), "aus dem Namen"
        taken[source.section].add(chosen)
        source.data["id"] = chosen
        reason = f"Kennung '{chosen}' {how} '{name}' erzeugt / id generated from the name"
        notices.append(Problem(source.origin, "Kennung", reason, source.section))


def _name(source: SourceRecord) -> str:
    return str(source.data[NODE_SECTION[source.section].title_field]).strip()


def _free(wanted: str, taken: set[str]) -> str:
    chosen, number = wanted, 1
    while chosen in taken:
        number += 1
        chosen = f"{wanted}-{number}"
    return chosen
