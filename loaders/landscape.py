"""Read many files into one validated ``Landscape``, or say everything that is wrong.

The steps, each collecting problems rather than stopping at the first:

1. expand folders into files; refuse files that are too large, empty, or not what their
   extension says;
2. parse every file with its reader (``SourceRecord``s with file and line/row);
3. in CSV/Excel records, replace references given by exact name or title by the id;
4. validate every record with its model;
5. check duplicate ids (per section) and duplicate relationships, and that every reference
   names a record of the right section in the files or, for an incremental load, in the
   graph (``known_ids``; the writer checks those again inside its transaction).

Validation lives in ``loaders.validation``, the cross-record checks in ``loaders.checks``.

Only when nothing is wrong is a ``Landscape`` returned; otherwise ``LoadError`` lists every
problem, sorted by file and position.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from domain.bulk import paused_gc
from domain.landscape import KnownIds, Landscape, NamesInGraph
from domain.model import Record
from domain.problems import LoadError, Problem
from loaders.checks import (
    check_duplicate_ids,
    check_duplicate_relationships,
    check_references,
    one_per_field,
    resolve_names,
)
from loaders.generated_ids import generate_ids
from loaders.readers import DEFAULT_MAX_BYTES, expand_paths, read_file, relocate_problems
from loaders.source import SourceRecord
from loaders.validation import validate_record
from loaders.wording import with_typed_headers

__all__ = ["expand_paths", "landscape_from_sources", "landscape_of_document", "load_landscape"]


def load_landscape(
    paths: Iterable[str | Path],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    known_ids: KnownIds | None = None,
    on_file: Callable[[Path], None] | None = None,
    names_in_graph: NamesInGraph | None = None,
    follow_links: bool = False,
) -> Landscape:
    """Read, merge and validate files and folders; raise ``LoadError`` listing all problems.

    ``known_ids`` lets references point at records that are not in the files but already
    in the graph (an incremental load of, say, only ``offerings.csv``): it is asked, once
    per section, which of the missing ids exist. Those become ``Landscape.external``, which
    the writer checks again inside its transaction. Without it, every reference must be
    resolved by the files. ``on_file`` is called before each file is read (for a progress
    bar). ``names_in_graph`` lets CSV/Excel references by name find stored records too.
    ``follow_links`` reads symbolic links inside folders (skipped and reported otherwise).
    """
    with paused_gc():
        return _load(paths, max_bytes, known_ids, on_file, names_in_graph, follow_links)


def _load(
    paths: Iterable[str | Path],
    max_bytes: int,
    known_ids: KnownIds | None,
    on_file: Callable[[Path], None] | None,
    names_in_graph: NamesInGraph | None = None,
    follow_links: bool = False,
) -> Landscape:
    sources: list[SourceRecord] = []
    files, problems = expand_paths(paths, follow_links=follow_links)
    for path in files:
        if on_file is not None:
            on_file(path)
        result = read_file(path, max_bytes=max_bytes)
        sources.extend(result.records)
        problems.extend(result.problems)
    return landscape_from_sources(sources, problems, known_ids, names_in_graph)


def landscape_of_document(name: str, document: object) -> Landscape:
    """Validate a landscape document already in memory (``{section: [records]}``, as in a
    YAML/JSON file) with the same checks as a load of files; ``name`` appears in problems.
    A backup holds its landscape this way."""
    from loaders.document import records_from_document

    result = records_from_document(
        name, document, locate=lambda _section, _index: (None, None), unit="record"
    )
    with paused_gc():
        return landscape_from_sources(result.records, result.problems, None)


def landscape_from_sources(
    sources: list[SourceRecord],
    problems: list[Problem],
    known_ids: KnownIds | None,
    names_in_graph: NamesInGraph | None = None,
) -> Landscape:
    """Steps 3-5 for records any reader produced (files here, an HSDS dataset in
    ``loaders.hsds``, a backup): raise ``LoadError`` with ``problems`` and every new one, or
    return the landscape. ``names_in_graph`` lets references by name find stored records."""
    notices: list[Problem] = []
    generate_ids(sources, notices, names_in_graph)
    resolve_names(sources, problems, names_in_graph)
    check_duplicate_ids(sources, problems)
    validated: list[tuple[Record, SourceRecord]] = []
    for source in sources:
        record = validate_record(source, problems)
        if record is not None:
            validated.append((record, source))
    check_duplicate_relationships(validated, problems)
    external = check_references(sources, problems, known_ids)

    if problems:
        raise LoadError(with_typed_headers(relocate_problems(one_per_field(problems)), sources))
    grouped: dict[str, list[Record]] = defaultdict(list)
    for record, source in validated:
        grouped[source.section].append(record)
    notices = with_typed_headers(notices, sources)
    return Landscape.of(grouped, external, sorted(notices, key=Problem.sort_key))
