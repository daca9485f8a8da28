"""JSON: the same shape as YAML; the fast format for large (synthetic) landscapes.

Parsing uses the C decoder. Line numbers of records are only needed when something is
wrong, so they are worked out then (``record_lines``), with the pure-Python scanner that
can report where each object starts; a clean 50 MB file never pays for it.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import json.scanner
from typing import Any

from domain.problems import Origin, Problem, file_problem
from loaders.document import records_from_document
from loaders.source import ReadResult
from loaders.text import decode_utf8


class _DuplicateKeys:
    """An ``object_pairs_hook`` that remembers objects in which a key appears twice."""

    def __init__(self) -> None:
        self.found: dict[int, list[str]] = {}

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            seen: set[str] = set()
            repeated = [key for key, _ in pairs if key in seen or seen.add(key)]  # type: ignore[func-returns-value]
            self.found[id(result)] = repeated
        return result


def read_json(file: str, data: bytes) -> ReadResult:
    """Parse a JSON landscape file into source records (positions: record index)."""
    text = decode_utf8(file, data)
    if isinstance(text, Problem):
        return ReadResult(problems=[text])
    if not text.strip():
        return ReadResult(problems=[file_problem(file, "is empty: no sections found")])
    duplicates = _DuplicateKeys()
    try:
        document = json.loads(text, object_pairs_hook=duplicates)
    except json.JSONDecodeError as exc:
        reason = f"is not valid JSON: {exc.msg} (column {exc.colno})"
        return ReadResult(problems=[file_problem(file, reason, line=exc.lineno)])
    except RecursionError:
        return ReadResult(problems=[file_problem(file, "is not valid JSON: nested too deeply")])

    result = records_from_document(
        file, document, locate=lambda section, index: (None, None), unit="record"
    )
    if duplicates.found:
        for record in result.records:
            for key in duplicates.found.get(id(record.data), ()):
                reason = f"field '{key}' appears twice"
                result.problems.append(Problem(record.origin, key, reason, record.section))
    return result


def record_lines(text: str) -> dict[tuple[str, int], int]:
    """Line of every record of every section: ``(section, index) -> line``.

    Slow (pure-Python scanning), so only called to put line numbers on problems.
    """
    starts: dict[int, int] = {}
    decoder = json.JSONDecoder()

    def parse_object(
        state: tuple[str, int],
        strict: bool,
        scan_once: Any,
        object_hook: Any,
        object_pairs_hook: Any,
        memo: Any = None,
    ) -> tuple[Any, int]:
        _, end = state
        obj, new_end = json.decoder.JSONObject(  # type: ignore[attr-defined]
            state, strict, scan_once, object_hook, object_pairs_hook, memo
        )
        starts[id(obj)] = end - 1
        return obj, new_end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        document = decoder.decode(text.lstrip("\ufeff"))
    except (ValueError, RecursionError):
        return {}
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    lines: dict[tuple[str, int], int] = {}
    if isinstance(document, dict):
        for section, entries in document.items():
            if isinstance(entries, list):
                for index, entry in enumerate(entries):
                    if id(entry) in starts:
                        offset = starts[id(entry)]
                        lines[(section, index)] = bisect.bisect_left(newlines, offset) + 1
    return lines


def with_lines(problems: list[Problem], text: str) -> list[Problem]:
    """Replace record indexes by line numbers in problems about one JSON file."""
    if not any(p.origin.unit == "record" for p in problems):
        return problems
    lines = record_lines(text)
    located = []
    for problem in problems:
        origin = problem.origin
        if origin.unit == "record" and origin.position is not None and problem.section:
            line = lines.get((problem.section, origin.position - 1))
            if line is not None:
                problem = Problem(
                    Origin(origin.file, line), problem.field, problem.reason, problem.section
                )
        located.append(problem)
    return located
