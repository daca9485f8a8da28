"""What a document asks for, measured in one pass: depth, aliases and estimated objects.

Strawberry's depth and alias limiters walk every path through the fragments: a document of
20 fragments that each spread the next one twice has 2^20 paths, and walking them took a
minute and a gigabyte. This module measures each fragment ONCE (memoised by name and by the
page size its caller hands down), so the work is linear in the size of the document however
the fragments fan out; the numbers themselves may be astronomically large, Python's integers
do not mind.

The **cost** is the number of objects the answer may hold: every field of object type counts
the objects it returns, multiplied by the page sizes of the lists above it, summed over the
document (aliases and repeated fragments count each time, as execution would resolve them):

- a list field with a page-size argument (``first``/``last``/``limit``/``top``) counts that
  many objects: the argument's value, else its default in the schema, else the server's
  default page size for that field (:class:`PageDefaults`);
- a field returning ONE object but taking a page size (a connection, ``whoWorksOn``, a gap
  analysis with ``top``) counts one object and hands its page size to the first list below
  (``edges``, ``actors``, ``brokers``);
- a list without a page size of its own, and none handed down, is a computed answer
  (``gaps.*``, ``coverage``): it counts one per object selected, not per item, because its
  length does not depend on the request and is paid for once (cached) by the analysis;
- an aggregate (``offeringsAggregate``, ``membersAggregate``: a type named ``...Aggregate``)
  returns one object but reads every node of its set: it counts like a list of the
  default nested page size (:attr:`PageDefaults.aggregate`), times the lists above it, so
  ``membersAggregate`` under 20 working groups costs as much as 20 pages of members; its
  grouped counts are computed answers (one per object selected);
- introspection (``__schema``, ``__type``) is answered from memory, but not for free: each
  counts the objects of its whole answer (every type, field, argument and enum value for
  ``__schema``; the largest type for ``__type``), and the number of them is measured
  (``introspection``), so that 30 aliases of the full introspection are refused, not
  answered with megabytes.

Besides the objects, the number of field selections after expanding the fragments is
measured (``selections``): it is what merging the selections costs before any object is
fetched, and a fragment diamond makes it explode while its objects stay few.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_composite_type,
)

PAGE_ARGUMENTS = ("first", "last", "limit", "top")
AGGREGATE_SUFFIX = "Aggregate"
"""The name of an aggregate's type ends so (``schema.types.aggregates``)."""


@dataclass(frozen=True)
class PageDefaults:
    """The page size the resolvers use when a request gives none (mirrors ``schema.queries``)."""

    root: int = 20
    nested: int = 100
    by_field: Mapping[str, int] = field(default_factory=dict)
    """Root fields with a default of their own, e.g. ``{"whoWorksOn": 50}``."""
    aggregate: int = 100
    """What one aggregate counts: the nodes it reads, like a nested page."""


@dataclass(frozen=True)
class Measure:
    depth: int
    aliases: int
    cost: int
    selections: int = 0
    """Field selections with every fragment spread expanded: the work of merging the
    document's selections (graphql-core, Strawberry's ``selected_fields``), whatever the
    page sizes; a fragment diamond of 20 levels expands to two million."""
    introspection: int = 0
    """Root introspection fields (``__schema``, ``__type``), each alias and fragment use
    counted: a tool asks once; thirty times is an attack on memory, not a need."""


_EMPTY = Measure(0, 0, 0)

INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


def _add(a: Measure, b: Measure) -> Measure:
    return Measure(
        max(a.depth, b.depth),
        a.aliases + b.aliases,
        a.cost + b.cost,
        a.selections + b.selections,
        a.introspection + b.introspection,
    )


def _type_objects(type_: GraphQLNamedType) -> int:
    """Objects the introspection of one type may return: the type, its fields and their
    arguments, input fields, enum values."""
    count = 1
    if isinstance(type_, GraphQLEnumType):
        count += len(type_.values)
    elif isinstance(type_, GraphQLInputObjectType):
        count += len(type_.fields)
    else:
        for definition in (getattr(type_, "fields", None) or {}).values():
            count += 1 + len(getattr(definition, "args", {}) or {})
    return count


@lru_cache(maxsize=8)
def introspection_objects(schema: GraphQLSchema) -> tuple[int, int]:
    """``(full, largest)``: the objects of a full ``__schema`` answer and of the largest
    single ``__type``, as the cost of asking for them (computed once per schema)."""
    sizes = [_type_objects(t) for t in schema.type_map.values()]
    sizes += [1 + len(d.args) for d in schema.directives]
    return sum(sizes) + 1, max(sizes, default=1)


def _is_list(type_: GraphQLOutputType) -> bool:
    while isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


class DocumentMeasure:
    """Measures one operation of a document against a schema, with the request's variables."""

    def __init__(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        variables: Mapping[str, Any] | None,
        defaults: PageDefaults,
    ) -> None:
        self.schema = schema
        self.defaults = defaults
        self.variables = dict(variables or {})
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.variable_defaults: dict[str, int] = {}
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                for variable in definition.variable_definitions or ():
                    if isinstance(variable.default_value, IntValueNode):
                        name = variable.variable.name.value
                        self.variable_defaults[name] = int(variable.default_value.value)
        self._memo: dict[tuple[str, int | None, bool], Measure] = {}
        self._busy: set[tuple[str, int | None, bool]] = set()

    def operation(self, operation: OperationDefinitionNode) -> Measure:
        root = self.schema.get_root_type(operation.operation)
        if root is None:
            return _EMPTY
        return self._selections(operation.selection_set, root, None, at_root=True)

    # -- the walk ----------------------------------------------------------------------------

    def _selections(
        self,
        selection_set: SelectionSetNode | None,
        parent: GraphQLNamedType,
        pending: int | None,
        *,
        at_root: bool = False,
    ) -> Measure:
        total = _EMPTY
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                part = self._field(selection, parent, pending, at_root)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                part = self._selections(
                    selection.selection_set, target or parent, pending, at_root=at_root
                )
            elif isinstance(selection, FragmentSpreadNode):
                part = self._fragment(selection.name.value, pending, at_root)
            else:  # pragma: no cover - the three kinds of selection are all there is
                continue
            total = _add(total, part)
        return total

    def _fragment(self, name: str, pending: int | None, at_root: bool) -> Measure:
        key = (name, pending, at_root)
        if key in self._memo:
            return self._memo[key]
        definition = self.fragments.get(name)
        if definition is None or key in self._busy:
            return _EMPTY  # unknown or cyclic: the validation reports it
        self._busy.add(key)
        target = self.schema.get_type(definition.type_condition.name.value)
        measure = (
            _EMPTY
            if target is None
            else self._selections(definition.selection_set, target, pending, at_root=at_root)
        )
        self._busy.discard(key)
        self._memo[key] = measure
        return measure

    def _field(
        self, node: FieldNode, parent: GraphQLNamedType, pending: int | None, at_root: bool
    ) -> Measure:
        name = node.name.value
        alias = 1 if node.alias is not None else 0
        fields = getattr(parent, "fields", None) or {}
        if at_root and name in INTROSPECTION_ROOTS:
            full, largest = introspection_objects(self.schema)
            return Measure(0, alias, full if name == "__schema" else largest, 1, 1)
        definition = None if name.startswith("__") else fields.get(name)
        if definition is None:
            return Measure(0, alias, 0, 1)  # unknown or introspection: costs no objects
        named = get_named_type(definition.type)
        if not is_composite_type(named) or node.selection_set is None:
            return Measure(0, alias, 0, 1)
        size = self._page_size(node, definition.args, name, at_root)
        if named.name.endswith(AGGREGATE_SUFFIX):
            count, handed_down = self.defaults.aggregate, None
        elif _is_list(definition.type):
            count = size if size is not None else (pending if pending is not None else 1)
            handed_down = None
        else:
            count = 1
            handed_down = size if size is not None else pending
        inner = self._selections(node.selection_set, named, handed_down)
        return Measure(
            inner.depth + 1,
            inner.aliases + alias,
            count * (1 + inner.cost),
            inner.selections + 1,
            inner.introspection,
        )

    def _page_size(
        self, node: FieldNode, arguments: Mapping[str, Any], name: str, at_root: bool
    ) -> int | None:
        """The page size this field asks for; None when it takes no page-size argument."""
        present = [a for a in PAGE_ARGUMENTS if a in arguments]
        if not present:
            return None
        given = {argument.name.value: argument.value for argument in node.arguments or ()}
        for argument in present:
            value = self._int_value(given.get(argument))
            if value is None:
                default = arguments[argument].default_value
                value = default if isinstance(default, int) else None
            if value is not None:
                return max(value, 0)
        if at_root:
            return self.defaults.by_field.get(name, self.defaults.root)
        return self.defaults.nested

    def _int_value(self, value: Any) -> int | None:
        if isinstance(value, IntValueNode):
            return int(value.value)
        if isinstance(value, VariableNode):
            key = value.name.value
            found = self.variables.get(key, self.variable_defaults.get(key))
            if isinstance(found, int) and not isinstance(found, bool):
                return found
        return None


def measure_operations(
    schema: GraphQLSchema,
    document: DocumentNode,
    variables: Mapping[str, Any] | None,
    defaults: PageDefaults,
    operation_name: str | None = None,
) -> Measure:
    """The measure of the operation that runs (all operations when none is named)."""
    measure = DocumentMeasure(schema, document, variables, defaults)
    total = _EMPTY
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        if operation_name is not None and (
            definition.name is None or definition.name.value != operation_name
        ):
            continue
        total = _add(total, measure.operation(definition))
    return total
