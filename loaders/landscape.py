"""Read many files into one validated ``Landscape``, or say everything that is wrong.

The steps, each collecting problems rather than stopping at the first:

1. expand folders into files; refuse files that are too large, empty, or not what their
   extension says;
2. parse every file with its reader (``SourceRecord``s with file and line/row);
3. in CSV/Excel records, replace references given by exact name or title by the id;
4. validate every record with its model;
5. check duplicate ids (per section) and duplicate relationships, and that every reference
   names a record of the right section in the files (or, for an incremental load, leave it
   to the writer to find it in the graph).

Only when nothing is wrong is a ``Landscape`` returned; otherwise ``LoadError`` lists every
problem, sorted by file and position.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from domain.model import NodeRecord, Record, RelationshipRecord
from domain.registry import (
    NODE_SECTION,
    NODE_SECTIONS,
    RELATIONSHIP_SECTIONS,
    SECTIONS,
    NodeSection,
    RelationshipSection,
)
from domain.types import SLUG_PATTERN
from loaders.document import suggest
from loaders.problems import LoadError, Origin, Problem
from loaders.readers import DEFAULT_MAX_BYTES, expand_paths, read_file, relocate_problems
from loaders.source import SourceRecord

KnownIds = Callable[[str, list[str]], Collection[str]]
"""``(section, ids) -> the ids among them that exist outside the files (in the graph)``."""


@dataclass(frozen=True, slots=True)
class ExternalReference:
    """A reference to a record not in the files, to be found in the graph by the writer."""

    section: str
    id: str
    origin: Origin
    field: str


@dataclass(frozen=True)
class Landscape:
    """A validated set of records: every reference resolved, no duplicates.

    ``nodes`` and ``relationships`` hold every section of the registry (empty where the
    files had none), records in file order. ``external`` lists references that point
    outside the files (only when the load allowed that).
    """

    nodes: Mapping[str, tuple[NodeRecord, ...]]
    relationships: Mapping[str, tuple[RelationshipRecord, ...]]
    external: tuple[ExternalReference, ...] = ()

    @classmethod
    def of(
        cls,
        records: Mapping[str, Iterable[Record]],
        external: Iterable[ExternalReference] = (),
    ) -> Landscape:
        """Build a landscape from records per section (missing sections are empty)."""
        nodes = {
            s.name: tuple(r for r in records.get(s.name, ()) if isinstance(r, NodeRecord))
            for s in NODE_SECTIONS
        }
        rels = {
            s.name: tuple(r for r in records.get(s.name, ()) if isinstance(r, RelationshipRecord))
            for s in RELATIONSHIP_SECTIONS
        }
        return cls(nodes, rels, tuple(external))

    def records(self, section: str) -> tuple[Record, ...]:
        """The records of any section."""
        if section in self.nodes:
            return self.nodes[section]
        return self.relationships[section]

    def counts(self) -> dict[str, int]:
        """Number of records per section."""
        return {name: len(self.records(name)) for name in SECTIONS}

    @property
    def size(self) -> int:
        """Number of records of all sections."""
        return sum(self.counts().values())


@dataclass
class _Validated:
    record: Record
    source: SourceRecord


@dataclass
class _State:
    problems: list[Problem] = field(default_factory=list)
    records: list[_Validated] = field(default_factory=list)
    external: list[ExternalReference] = field(default_factory=list)


def load_landscape(
    paths: Iterable[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    known_ids: KnownIds | None = None,
    on_file: Callable[[Path], None] | None = None,
) -> Landscape:
    """Read, merge and validate files and folders; raise ``LoadError`` listing all problems.

    ``known_ids`` lets references point at records that are not in the files but already
    in the graph (an incremental load of, say, only ``offerings.csv``): it is asked, once
    per section, which of the missing ids exist. Those become ``Landscape.external``, which
    the writer checks again inside its transaction. Without it, every reference must be
    resolved by the files. ``on_file`` is called before each file is read (for a progress
    bar).
    """
    state = _State()
    sources: list[SourceRecord] = []
    files, problems = expand_paths(paths)
    state.problems.extend(problems)
    for path in files:
        if on_file is not None:
            on_file(path)
        result = read_file(path, max_bytes=max_bytes)
        sources.extend(result.records)
        state.problems.extend(result.problems)

    resolve_names(sources, state.problems)
    check_duplicate_ids(sources, state.problems)
    for source in sources:
        record = validate_record(source, state.problems)
        if record is not None:
            state.records.append(_Validated(record, source))
    check_duplicate_relationships(state)
    check_references(sources, state, known_ids)

    if state.problems:
        raise LoadError(relocate_problems(one_per_field(state.problems)))
    grouped: dict[str, list[Record]] = defaultdict(list)
    for item in state.records:
        grouped[item.source.section].append(item.record)
    return Landscape.of(grouped, state.external)


# --- references by name (CSV / Excel) ------------------------------------------------------


def _reference_fields(section: str) -> Iterator[tuple[str, str]]:
    """``(alias, target section)`` of every reference field of a section."""
    spec = SECTIONS[section]
    if isinstance(spec, NodeSection):
        for link in spec.links:
            yield spec.alias(link.attribute), link.target
    else:
        for endpoint in (*spec.starts, spec.end):
            yield spec.alias(endpoint.attribute), endpoint.section


def resolve_names(sources: list[SourceRecord], problems: list[Problem]) -> None:
    """In tabular records, replace a reference given by exact name/title by that record's id.

    An id always wins over a name; a name that two records share is reported as ambiguous.
    """
    if not any(s.tabular for s in sources):
        return
    ids: dict[str, set[str]] = defaultdict(set)
    names: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for source in sources:
        spec = NODE_SECTION.get(source.section)
        if spec is None:
            continue
        record_id = source.data.get("id")
        title = source.data.get(spec.title_field)
        if isinstance(record_id, str):
            ids[source.section].add(record_id.strip())
            if isinstance(title, str) and title.strip():
                names[source.section][title.strip()].append(record_id.strip())

    def resolve(source: SourceRecord, alias: str, target: str, value: Any) -> Any:
        """``alias`` may carry a list index (``activeIn[1]``) for the problem's field."""
        if not isinstance(value, str) or value in ids[target]:
            return value
        matches = names[target].get(value.strip())
        if not matches:
            return value
        if len(set(matches)) > 1:
            noun = NODE_SECTION[target].noun
            reason = (
                f"'{value}' is the name of {len(matches)} {noun} records "
                f"({', '.join(sorted(set(matches)))}): use the id"
            )
            problems.append(Problem(source.origin, alias, reason, source.section))
            return value
        return matches[0]

    for source in sources:
        if not source.tabular:
            continue
        for alias, target in _reference_fields(source.section):
            value = source.data.get(alias)
            if isinstance(value, list):
                source.data[alias] = [
                    resolve(source, f"{alias}[{i}]", target, v) for i, v in enumerate(value)
                ]
            elif value is not None:
                source.data[alias] = resolve(source, alias, target, value)


# --- validation ----------------------------------------------------------------------------


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
    kind = error.get("type", "")
    value = error.get("input")
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        from loaders.headers import field_aliases

        allowed = field_aliases(section)
        return f"unknown field{suggest(name, allowed)}; allowed: {', '.join(allowed)}"
    if kind == "enum":
        expected = error.get("ctx", {}).get("expected", "")
        return f"unknown value {value!r}; allowed: {expected}"
    message = str(error.get("msg", "is invalid"))
    message = message.removeprefix("Value error, ")
    if kind in ("string_type", "int_parsing", "float_parsing", "date_type", "list_type") or (
        kind.startswith(("greater", "less")) and value is not None
    ):
        shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
        return f"{message} (got {shown[:80]})"
    return message


# --- cross-record checks -------------------------------------------------------------------


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
            reason = f"duplicate id '{key[1]}' in {source.section} (first in {_where(first[key])})"
            problems.append(Problem(_field_origin(source, "id"), "id", reason, source.section))
        else:
            first[key] = source.origin


def check_duplicate_relationships(state: _State) -> None:
    """The same relationship twice (same ends and key properties) is an error."""
    first: dict[tuple[Any, ...], Origin] = {}
    for item in state.records:
        spec = SECTIONS[item.source.section]
        if not isinstance(spec, RelationshipSection):
            continue
        key = (spec.name, *relationship_key(spec, item.record))
        if key in first:
            ends = " -> ".join(str(k) for k in key[2:4])
            reason = f"duplicate {spec.name} record {ends} (first in {_where(first[key])})"
            state.problems.append(Problem(item.source.origin, "", reason, spec.name))
        else:
            first[key] = item.source.origin


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


def check_references(
    sources: list[SourceRecord], state: _State, known_ids: KnownIds | None
) -> None:
    """Every reference must name a record of its section: in the files, or (if
    ``known_ids`` is given) in the graph, which the writer checks again."""
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
            state.external.append(ExternalReference(target, target_id, origin, alias))
            continue
        noun = NODE_SECTION[target].noun
        hint = suggest(target_id, ids[target])
        where = "neither the files nor the graph have it" if known_ids else "no file has it"
        reason = f"unknown {noun} '{target_id}'{hint}: {where}"
        state.problems.append(Problem(origin, alias, reason, source.section))


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


def unknown_reference_problem(ref: ExternalReference) -> Problem:
    """The problem for an external reference the graph does not know either."""
    noun = NODE_SECTION[ref.section].noun
    reason = f"unknown {noun} '{ref.id}': neither the files nor the graph have it"
    return Problem(ref.origin, ref.field, reason)


__all__ = [
    "ExternalReference",
    "Landscape",
    "LoadError",
    "expand_paths",
    "load_landscape",
    "relationship_key",
    "unknown_reference_problem",
]
