"""How big the arguments of a document are: conditions per ``where`` and values per list.

A ``where`` with 2,000 ORed conditions is 2,000 predicates in one Cypher statement: Neo4j
spends half a minute planning it and cannot be interrupted while it does. The arguments are
therefore measured before execution, literal or through variables (the raw JSON values,
before coercion), in one pass over the document: every field's arguments once, fragments
included, so the work is linear in the size of the request.

A *condition* is one operator with its value (``name: {eq: "x"}`` is one, ``kind: {in: [...]}``
is one however long its list); ``AND``/``OR``/``NOT`` only combine conditions and count
nothing themselves. A relationship filter's ``some``/``none``/``all`` is one condition of its
own (``offerings: {some: {}}`` asks something) besides those inside it, at every level, and
its nesting is measured (``relation_depth``). A *list* is any list value of any argument (an
``in`` list, ``rowIds``, ``topic`` of ``whoWorksOn``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    ListValueNode,
    ObjectValueNode,
    ValueNode,
    VariableNode,
    Visitor,
    visit,
)

FILTER_ARGUMENT = "where"
QUANTIFIERS = frozenset({"some", "none", "all"})
"""The keys of a relationship filter (``schema.relation_filters``)."""


@dataclass(frozen=True)
class ArgumentSize:
    field: str
    """``field.argument`` as in the document, e.g. ``offerings.where``."""
    conditions: int
    """Conditions when the argument is a ``where``, else 0."""
    longest_list: int
    relation_depth: int = 0
    """How deep relationship filters nest when the argument is a ``where``, else 0."""
    relation_filters: int = 0
    """Relationship filters (``some``/``none``/``all``) in a ``where``, at every level: each
    is a subquery Neo4j must plan, and planning a new shape of 25 took 2-3 s."""


def _plain(value: ValueNode, variables: Mapping[str, Any]) -> Any:
    """The argument as plain Python, variables substituted; scalars become ``True``."""
    if isinstance(value, VariableNode):
        return variables.get(value.name.value)
    if isinstance(value, ObjectValueNode):
        return {f.name.value: _plain(f.value, variables) for f in value.fields}
    if isinstance(value, ListValueNode):
        return [_plain(v, variables) for v in value.values]
    return True


def _walk(value: Any) -> Iterator[tuple[int, int, int, int]]:
    """(conditions, list length, relationship filter depth, relationship filters) of every
    part of a value, iteratively (JSON may be deep)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                if key in QUANTIFIERS and isinstance(inner, dict):
                    yield 1, 0, depth + 1, 1
                    stack.append((inner, depth + 1))
                elif isinstance(inner, dict | list):
                    stack.append((inner, depth))
                elif inner is not None:
                    yield 1, 0, depth, 0
        elif isinstance(item, list):
            yield 0, len(item), depth, 0
            nested = [v for v in item if isinstance(v, dict | list)]
            if len(nested) < len(item):
                yield 1, 0, depth, 0  # a list of values: one condition (``in``)
            stack.extend((v, depth) for v in nested)


def argument_sizes(document: DocumentNode, variables: Mapping[str, Any]) -> list[ArgumentSize]:
    """The size of every argument that holds an object or a list."""
    found: list[ArgumentSize] = []

    class Collect(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            for argument in node.arguments or ():
                value = _plain(argument.value, variables)
                if not isinstance(value, dict | list):
                    continue
                conditions = longest = deepest = relations = 0
                for count, length, depth, relation in _walk(value):
                    conditions += count
                    longest = max(longest, length)
                    deepest = max(deepest, depth)
                    relations += relation
                is_filter = argument.name.value == FILTER_ARGUMENT
                found.append(
                    ArgumentSize(
                        f"{node.name.value}.{argument.name.value}",
                        conditions if is_filter else 0,
                        longest,
                        deepest if is_filter else 0,
                        relations if is_filter else 0,
                    )
                )

    visit(document, Collect())
    return found
