"""Checks across records: references by name, duplicates, references to known ids.

They read the source data, not only validated records, so that a record with a wrong
``kind`` still has its duplicate id and its dangling reference reported in the same run.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from domain.landscape import ExternalReference, KnownIds, NamesInGraph
from domain.model import Record
from domain.problems import Origin, Problem
from domain.registry import NODE_SECTION, SECTIONS, NodeSection, RelationshipSection
from domain.types import SLUG_PATTERN
from loaders.document import suggest
from loaders.source import SourceRecord


@cache
def _reference_fields(section: str) -> tuple[tuple[str, str], ...]:
    """``(alias, target section)`` of every reference field of a section."""
    spec = SECTIONS[section]
    if isinstance(spec, NodeSection):
        return tuple((spec.alias(link.attribute), link.target) for link in spec.links)
    return tuple((spec.alias(e.attribute), e.section) for e in (*spec.starts, spec.end))


_NAME_WITH_ID = re.compile(r"^(?P<name>.*\S)\s*\[(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\]$")
"""``Kreisvolkshochschule Gifhorn [kvhs-gifhorn]``: how spreadsheet exports show a reference."""


@dataclass
class _Pending:
    """A reference by name that the files could not resolve: asked of the graph next."""

    source: SourceRecord
    alias: str
    index: int | None
    target: str
    value: str

    @property
    def field(self) -> str:
        return self.alias if self.index is None else f"{self.alias}[{self.index}]"

    def set(self, value: str) -> None:
        if self.index is None:
            self.source.data[self.alias] = value
        else:
            self.source.data[self.alias][self.index] = value


class _FileNames:
    """Ids and names of the records in the files, per section."""

    def __init__(self, sources: list[SourceRecord]) -> None:
        self.ids: dict[str, set[str]] = defaultdict(set)
        self.names: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        self.name_of: dict[str, dict[str, str]] = defaultdict(dict)
        for source in sources:
            spec = NODE_SECTION.get(source.section)
            record_id = source.data.get("id")
            if spec is None or not isinstance(record_id, str):
                continue
            title = source.data.get(spec.title_field)
            self.ids[source.section].add(record_id.strip())
            if isinstance(title, str) and title.strip():
                self.names[source.section][title.strip()].append(record_id.strip())
                self.name_of[source.section][record_id.strip()] = title.strip()


def _ambiguous(pending: _Pending, matches: list[str], problems: list[Problem]) -> bool:
    if len(set(matches)) <= 1:
        return False
    noun = NODE_SECTION[pending.target].noun
    ids = ", ".join(sorted(set(matches)))
    reason = (
        f"'{pending.value}' ist der Name von {len(set(matches))} Einträgen ({ids}): bitte die "
        f"Kennung angeben / '{pending.value}' is the name of {len(set(matches))} {noun} "
        f"records ({ids}): use the id"
    )
    problems.append(Problem(pending.source.origin, pending.field, reason, pending.source.section))
    return True


def resolve_names(
    sources: list[SourceRecord],
    problems: list[Problem],
    names_in_graph: NamesInGraph | None = None,
) -> None:
    """In tabular records, replace references given by name by the record's id.

    A reference may be an id, the exact name/title of a record in the files or (with
    ``names_in_graph``, for a load that adds to the graph) of a stored record, or
    ``Name [id]`` as spreadsheet exports write it (the id counts; a name that does not
    belong to that id is reported). An id always wins over a name; a name that two records
    share is ambiguous; a name found nowhere gets a suggestion (``meinten Sie ...?``).
    """
    if not any(s.tabular for s in sources):
        return
    files = _FileNames(sources)
    pending: list[_Pending] = []
    for source in sources:
        if not source.tabular:
            continue
        for alias, target in _reference_fields(source.section):
            value = source.data.get(alias)
            if isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, str):
                        pending.append(_Pending(source, alias, index, target, item))
            elif isinstance(value, str):
                pending.append(_Pending(source, alias, None, target, value))
    unresolved = [p for p in pending if not _resolve_in_files(p, files, problems)]
    if names_in_graph is not None and unresolved:
        unresolved = _resolve_in_graph(unresolved, names_in_graph, problems)
    if unresolved:
        unresolved = _resolve_everyday(unresolved, files, names_in_graph, problems)
    _report_unknown_names(unresolved, files, names_in_graph, problems)


def _resolve_in_files(pending: _Pending, files: _FileNames, problems: list[Problem]) -> bool:
    """Resolve ``pending`` from the files; ``False`` if the graph must be asked."""
    value = pending.value.strip()
    with_id = _NAME_WITH_ID.match(value)
    if with_id:
        name, record_id = with_id.group("name"), with_id.group("id")
        pending.set(record_id)
        known = files.name_of[pending.target].get(record_id)
        if known is not None and known != name:
            reason = (
                f"'{value}': '{name}' ist nicht der Name von '{record_id}' ('{known}'); für "
                "einen anderen Verweis den neuen Namen allein oder seine Kennung schreiben / "
                f"'{name}' is not the name of '{record_id}' ('{known}'); to change the "
                "reference, write the new name alone or its id"
            )
            problems.append(
                Problem(pending.source.origin, pending.field, reason, pending.source.section)
            )
        return True
    if value in files.ids[pending.target]:
        return True
    matches = files.names[pending.target].get(value)
    if not matches:
        return False
    if not _ambiguous(pending, matches, problems):
        pending.set(matches[0])
    return True


def _resolve_in_graph(
    unresolved: list[_Pending], names_in_graph: NamesInGraph, problems: list[Problem]
) -> list[_Pending]:
    by_target: dict[str, set[str]] = defaultdict(set)
    for pending in unresolved:
        by_target[pending.target].add(pending.value.strip())
    found = {t: names_in_graph(t, sorted(values)) for t, values in by_target.items()}
    left = []
    for pending in unresolved:
        matches = found[pending.target].get(pending.value.strip())
        if not matches:
            left.append(pending)
        elif not _ambiguous(pending, matches, problems):
            pending.set(matches[0])
    return left


EVERYDAY_SECTIONS = frozenset({"municipalities", "actors"})
"""Sections whose records are called by shorter names in everyday speech."""

_OFFICIAL_PREFIX = re.compile(
    r"^(?:stadt|hansestadt|gemeinde|samtgemeinde|einheitsgemeinde|flecken|markt)\s+",
    re.IGNORECASE,
)
_LEGAL_FORM = re.compile(r"\s*,?\s*\b(?:e\.\s?v\.|ggmbh|gmbh|ev|gug|ug)\s*$", re.IGNORECASE)
_TRAILING_NOTE = re.compile(r"\s*\([^)]*\)\s*$")


def everyday_name(name: str) -> str:
    """The name as people say it, compared without case: ``Stadt Wittingen`` ->
    ``wittingen``, ``Müden (Aller)`` -> ``müden``, ``Caritas e.V.`` -> ``caritas``. A
    county keeps ``Landkreis``: "Gifhorn" is the town, not the county."""
    short = " ".join(name.split())
    for pattern in (_TRAILING_NOTE, _LEGAL_FORM, _OFFICIAL_PREFIX):
        shorter = pattern.sub("", short).strip()
        short = shorter or short
    return short.casefold()


def _resolve_everyday(
    unresolved: list[_Pending],
    files: _FileNames,
    names_in_graph: NamesInGraph | None,
    problems: list[Problem],
) -> list[_Pending]:
    """Resolve municipalities and actors by their everyday name (``Wittingen`` for ``Stadt
    Wittingen``) where exactly one record answers to it; where several do (``Brome``
    typed loosely for a Samtgemeinde and its member), ask which was meant."""
    stored: dict[str, dict[str, list[str]]] = {}
    left = []
    for pending in unresolved:
        value = pending.value.strip()
        if pending.target not in EVERYDAY_SECTIONS or _SLUG.match(value):
            left.append(pending)
            continue
        target = pending.target
        if names_in_graph is not None and target not in stored:
            stored[target] = dict(names_in_graph(target, []))
        candidates: dict[str, str] = {}  # id -> name
        for name, ids in (*files.names[target].items(), *stored.get(target, {}).items()):
            if everyday_name(name) == everyday_name(value):
                for record_id in ids:
                    candidates.setdefault(record_id, name)
        if len(candidates) == 1:
            pending.set(next(iter(candidates)))
        elif candidates:
            names = " oder ".join(f"'{n}'" for n in sorted(set(candidates.values())))
            noun = NODE_SECTION[target].noun
            reason = (
                f"'{value}' ist mehrdeutig (meinten Sie {names}?): bitte den vollen Namen "
                f"oder die Kennung angeben / '{value}' may mean {len(candidates)} {noun} "
                "records: write the full name or the id"
            )
            problems.append(
                Problem(pending.source.origin, pending.field, reason, pending.source.section)
            )
        else:
            left.append(pending)
    return left


def _report_unknown_names(
    unresolved: list[_Pending],
    files: _FileNames,
    names_in_graph: NamesInGraph | None,
    problems: list[Problem],
) -> None:
    """A value that is no id (not even a slug) and no name: say so, with a close name.
    Slug-like values are left to ``check_references``, which also asks the graph."""
    stored: dict[str, list[str]] = {}
    for pending in unresolved:
        value = pending.value.strip()
        if _SLUG.match(value):
            continue
        target = pending.target
        if names_in_graph is not None and target not in stored:
            stored[target] = list(names_in_graph(target, []))
        choices = [*files.names[target], *stored.get(target, [])]
        close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
        hint = f" (meinten Sie '{close[0]}'?)" if close else ""
        where = "neither the files nor the graph have" if names_in_graph else "no file has"
        wo = "weder die Dateien noch der Graph kennen" if names_in_graph else "keine Datei kennt"
        noun, german = NODE_SECTION[target].noun, _german_noun(target)
        reason = (
            f"{german} '{value}' unbekannt{hint}: {wo} einen Eintrag dieses Namens oder dieser "
            f"Kennung / unknown {noun} '{value}': {where} a record of this name or id"
        )
        problems.append(
            Problem(pending.source.origin, pending.field, reason, pending.source.section)
        )


def _start(spec: RelationshipSection, record: Record) -> tuple[str, str]:
    for endpoint in spec.starts:
        value = getattr(record, endpoint.attribute)
        if value is not None:
            return endpoint.section, str(value)
    raise AssertionError("validated relationship records always have a start")


def relationship_key(spec: RelationshipSection, record: Record) -> tuple[Any, ...]:
    """What makes a relationship record unique: endpoints and key properties."""
    start = _start(spec, record)
    end = str(getattr(record, spec.end.attribute))
    return (*start, end, *(getattr(record, p) for p in spec.key_properties))


def _where(origin: Origin) -> str:
    return f"{origin.file}, {origin.place}" if origin.place else origin.file


def check_duplicate_ids(sources: Iterable[SourceRecord], problems: list[Problem]) -> None:
    """The same id twice in a node section is an error, even if one of the records has
    other errors too (so that one run reports both)."""
    first: dict[tuple[str, str], Origin] = {}
    for source in sources:
        if source.section not in NODE_SECTION:
            continue
        record_id = source.data.get("id")
        if not isinstance(record_id, str):
            continue
        key = (source.section, record_id.strip())
        if key in first:
            reason = (
                f"Kennung '{key[1]}' doppelt (zuerst in {_where(first[key])}) / duplicate id "
                f"'{key[1]}' in {source.section} (first in {_where(first[key])})"
            )
            problems.append(Problem(_field_origin(source, "id"), "id", reason, source.section))
        else:
            first[key] = source.origin


def check_duplicate_relationships(
    validated: Iterable[tuple[Record, SourceRecord]], problems: list[Problem]
) -> None:
    """The same relationship twice (same ends and key properties) is an error."""
    first: dict[tuple[Any, ...], Origin] = {}
    for record, source in validated:
        spec = SECTIONS[source.section]
        if not isinstance(spec, RelationshipSection):
            continue
        key = (spec.name, *relationship_key(spec, record))
        if key in first:
            ends = " -> ".join(str(k) for k in key[2:4])
            reason = (
                f"Beziehung {ends} doppelt (zuerst in {_where(first[key])}) / duplicate "
                f"{spec.name} record {ends} (first in {_where(first[key])})"
            )
            problems.append(Problem(source.origin, "", reason, spec.name))
        else:
            first[key] = source.origin


def _field_origin(source: SourceRecord, alias: str) -> Origin:
    if source.field_lines and alias in source.field_lines:
        return Origin(source.origin.file, source.field_lines[alias], "line", source.origin.sheet)
    return source.origin


_SLUG = re.compile(SLUG_PATTERN)


def _references(source: SourceRecord) -> Iterator[tuple[str, str, str]]:
    """``(field, target section, id)`` of every reference a record makes, read from the
    source data so that a record with other errors still has its references checked.
    Values that are not even slugs are left to validation, which reports them."""
    for alias, target in _reference_fields(source.section):
        value = source.data.get(alias)
        if isinstance(value, str):
            values, listed = [value], False
        elif isinstance(value, list):
            values, listed = value, True
        else:
            continue
        for index, target_id in enumerate(values):
            if isinstance(target_id, str) and _SLUG.match(target_id.strip()):
                shown = f"{alias}[{index}]" if listed else alias
                yield shown, target, target_id.strip()
    spec = SECTIONS[source.section]
    for embedded in spec.embedded if isinstance(spec, NodeSection) else ():
        alias = spec.alias(embedded.attribute)
        for index, target_id in embedded.ids(source.data.get(alias)):
            if _SLUG.match(target_id):
                yield f"{alias}[{index}].{embedded.key}", embedded.target, target_id


def check_references(
    sources: list[SourceRecord], problems: list[Problem], known_ids: KnownIds | None
) -> list[ExternalReference]:
    """Every reference must name a record of its section: in the files, or (if
    ``known_ids`` is given) in the graph, which the writer checks again. Returns the
    references found in the graph only."""
    external: list[ExternalReference] = []
    ids: dict[str, set[str]] = defaultdict(set)
    for source in sources:
        record_id = source.data.get("id")
        if source.section in NODE_SECTION and isinstance(record_id, str):
            ids[source.section].add(record_id.strip())
    unresolved: list[tuple[SourceRecord, str, str, str]] = []
    for source in sources:
        for alias, target, target_id in _references(source):
            if target_id not in ids[target]:
                unresolved.append((source, alias, target, target_id))
    elsewhere: dict[str, set[str]] = defaultdict(set)
    if known_ids is not None and unresolved:
        wanted: dict[str, set[str]] = defaultdict(set)
        for _, _, target, target_id in unresolved:
            wanted[target].add(target_id)
        for target, missing in wanted.items():
            elsewhere[target] = set(known_ids(target, sorted(missing)))
    for source, alias, target, target_id in unresolved:
        origin = _field_origin(source, alias.split("[")[0])
        if target_id in elsewhere[target]:
            external.append(ExternalReference(target, target_id, origin, alias))
            continue
        noun, german = NODE_SECTION[target].noun, _german_noun(target)
        hint = suggest(target_id, ids[target])
        where = "neither the files nor the graph have it" if known_ids else "no file has it"
        wo = "weder die Dateien noch der Graph kennen" if known_ids else "keine Datei kennt"
        reason = (
            f"{german} '{target_id}' unbekannt{hint}: {wo} diese Kennung / "
            f"unknown {noun} '{target_id}': {where}"
        )
        problems.append(Problem(origin, alias, reason, source.section))
    return external


def _german_noun(section: str) -> str:
    """``Gemeinde``, ``Akteur``: how the German message calls one record of a section."""
    return NODE_SECTION[section].german[0] or NODE_SECTION[section].noun


def one_per_field(problems: Iterable[Problem]) -> list[Problem]:
    """Keep the first problem of each field of each record: a name that is ambiguous is
    also no slug and no known id, but saying it once is enough to fix it."""
    seen: set[tuple[Origin, str]] = set()
    kept = []
    for problem in problems:
        key = (problem.origin, problem.field)
        if problem.field and key in seen:
            continue
        seen.add(key)
        kept.append(problem)
    return kept
