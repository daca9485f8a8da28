"""YAML, the canonical hand-edited format; line numbers come from the YAML node marks.

The loader follows YAML 1.2 where YAML 1.1 surprises people who write landscapes: only
``true``/``false`` are booleans (the country code ``no`` stays text), and numbers with a
leading zero stay text (an AGS like ``03151000`` is not read as an octal number). Duplicate
keys, which PyYAML would silently collapse, are reported.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from domain.problems import Origin, Problem, file_problem
from loaders.document import records_from_document
from loaders.source import ReadResult
from loaders.text import decode_utf8

_BaseLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"


class LandscapeLoader(_BaseLoader):  # type: ignore[misc]
    """A safe loader with YAML 1.2-like booleans and leading-zero numbers kept as text."""


LandscapeLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL_TAG, _INT_TAG, _FLOAT_TAG)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
LandscapeLoader.add_implicit_resolver(
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
LandscapeLoader.add_implicit_resolver(
    _INT_TAG, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
LandscapeLoader.add_implicit_resolver(
    _FLOAT_TAG,
    re.compile(
        r"^(?:[-+]?(?:0|[1-9][0-9]*)\.[0-9]*(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


MAX_EXPANSION = 10
"""How many times more values a file's aliases (``*name``) may expand to than the file
holds itself. Aliases repeat a value instead of copying it; a landscape uses few, if any,
while a "billion laughs" file nests them to expand 1 KB into billions of values."""

EXPANSION_FLOOR = 100_000
"""Below this many values after expansion, any use of aliases is fine."""


def expansion_problem(file: str, root: yaml.Node) -> Problem | None:
    """Count the values the node tree stands for with aliases expanded (each distinct node
    once, memoised, so this is linear in the file) and refuse a tree that would explode."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done or not children:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)
    expanded, distinct = sizes[id(root)], len(sizes)
    if expanded > EXPANSION_FLOOR and expanded > MAX_EXPANSION * distinct:
        return file_problem(
            file,
            f"uses YAML aliases (*name) that expand {distinct:,} values into {expanded:,}: "
            "refused (write the records out, or is this a 'billion laughs' file?)",
        )
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _Marks:
    """Lines of sections, records and fields, and duplicate keys, from the node tree."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.sections: dict[str, int] = {}
        self.records: dict[tuple[str, int], tuple[int, dict[str, int]]] = {}
        self.problems: list[Problem] = []

    def collect(self, root: yaml.Node) -> None:
        if not isinstance(root, yaml.MappingNode):
            return
        for key, value in root.value:
            name = str(key.value)
            if name in self.sections:
                self._duplicate(key, name, self.sections[name], "section")
            self.sections[name] = _line(key)
            if isinstance(value, yaml.SequenceNode):
                for index, item in enumerate(value.value):
                    self.records[(name, index)] = (_line(item), self._fields(item, name))

    def _fields(self, item: yaml.Node, section: str) -> dict[str, int]:
        lines: dict[str, int] = {}
        if isinstance(item, yaml.MappingNode):
            for key, _ in item.value:
                name = str(key.value)
                if name in lines:
                    self._duplicate(key, name, lines[name], "field", section)
                lines[name] = _line(key)
        return lines

    def _duplicate(
        self, key: yaml.Node, name: str, first: int, what: str, section: str = ""
    ) -> None:
        reason = f"{what} '{name}' appears twice (first at line {first})"
        self.problems.append(Problem(Origin(self.file, _line(key)), name, reason, section))


def read_yaml(file: str, data: bytes) -> ReadResult:
    """Parse a YAML landscape file into source records with line numbers."""
    text = decode_utf8(file, data)
    if isinstance(text, Problem):
        return ReadResult(problems=[text])
    loader = LandscapeLoader(text)
    marks = _Marks(file)
    try:
        root = loader.get_single_node()
        if root is None:
            return ReadResult(problems=[file_problem(file, "is empty: no sections found")])
        exploding = expansion_problem(file, root)
        if exploding is not None:
            return ReadResult(problems=[exploding])
        marks.collect(root)
        document = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        column = f" (column {mark.column + 1})" if mark is not None else ""
        problem = exc.problem or exc.context or "invalid YAML"
        reason = f"is not valid YAML: {problem}{column}"
        return ReadResult(problems=[file_problem(file, reason, line=line)])
    except yaml.YAMLError as exc:
        return ReadResult(problems=[file_problem(file, f"is not valid YAML: {exc}")])
    finally:
        loader.dispose()

    def locate(section: str, index: int) -> tuple[int | None, dict[str, int] | None]:
        found = marks.records.get((section, index))
        return found if found is not None else (None, None)

    if not isinstance(document, dict | type(None)):
        return ReadResult(
            problems=[
                file_problem(
                    file,
                    "must be a mapping of sections (actors:, offerings:, ...), "
                    f"but it holds {'a list' if isinstance(document, list) else 'plain text'}",
                    line=1,
                )
            ]
        )
    result = records_from_document(
        file, document, locate=locate, unit="line", section_lines=marks.sections
    )
    result.problems.extend(marks.problems)
    return result
