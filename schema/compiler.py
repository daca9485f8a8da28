"""Compile the read fields of a GraphQL operation into one Cypher statement, and answer them.

**Planning** walks the operation's selection exactly as GraphQL execution would
(graphql-core's own ``collect_fields``: fragments, aliases, ``@skip``/``@include``, field
merging). For every field it decides how its value is obtained:

- a plain attribute of the object built from a row (``name``, ``kind``, ``role``);
- a synchronous resolver that only looks at the object (``totalCount``, the masked
  ``email`` of a coordinator): called as it is;
- a relationship field (``Actor.memberships``): its resolver is called once with
  :class:`~schema.prefetch.Discovering`, which reports the read it would send (relation,
  page size, filter) without sending it;
- anything else (network measures, gaps, search, ``residents``) cannot be compiled: the
  root field it sits under is left to the resolver path (``schema.compiled``).

The reported reads form a tree (``graph.queries.tree``) that becomes one statement.

**Answering** runs the same walk over objects: the resolvers get their rows from
:class:`~schema.prefetch.Serving` and build their objects as always; the values are
completed as graphql-core would (``serialize`` of leaf types, nulls checked against
non-null types) but without a resolver call, an ``Info`` or an awaitable per field. A null
where the schema promises a value raises :class:`NotCompiled`, and that root field is
answered by the resolver path instead, which reports the error exactly as always.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLString,
    GraphQLUnionType,
    OperationDefinitionNode,
    get_named_type,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetails, collect_subfields
from graphql.execution.values import get_argument_values
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.arguments import convert_arguments
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.field import StrawberryField

from graph.queries import tree
from graph.queries.aggregates import Summary
from graph.queries.catalog import NODE_KINDS
from graph.queries.relations import RELATIONS
from schema.batching import Item
from schema.context import Context
from schema.prefetch import Discovering, NestedRead, NodeRead, PageRead, Serving, SummaryRead
from schema.types.aggregates import AGGREGATES

DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF
AGGREGATE = "Aggregate"
READ_SUFFIXES = ("", "Connection", AGGREGATE)
"""Root fields returning a node kind, a page of one, or an aggregate over one."""
TYPENAME = GraphQLNonNull(GraphQLString)


class NotCompiled(Exception):
    """This part of an operation needs the resolver path."""


def run_sync(awaitable: Any) -> Any:
    """Run a coroutine that never waits (a resolver on prefetched rows) to its end."""
    if not inspect.iscoroutine(awaitable):
        return awaitable
    try:
        awaitable.send(None)
    except StopIteration as done:
        return done.value
    awaitable.close()
    raise NotCompiled("the resolver waited for I/O")


@dataclass
class State:
    """One request's answer in the making: its context and the rows of each nested read."""

    context: Context
    items: dict[int, dict[str, list[Item]]] = field(default_factory=dict)
    summaries: dict[int, dict[str, Mapping[str, Any]]] = field(default_factory=dict)


Getter = Callable[[Any, State], Any]


@dataclass
class FieldPlan:
    """How one response key of an object is answered."""

    key: str
    name: str
    return_type: GraphQLOutputType
    get: Getter
    objects: dict[str, list[FieldPlan]] = field(default_factory=dict)
    """For object and union types: the plan of each possible type's selection."""
    read: ReadPlan | None = None


@dataclass
class ReadPlan:
    """A nested read with its number and the reads below its nodes."""

    number: int
    read: NestedRead | SummaryRead
    children: list[ReadPlan] = field(default_factory=list)
    select: tree.Select | None = None
    summary: Summary | None = None
    """For an aggregate field: what its selection asks to compute."""


@dataclass
class RootPlan:
    """A compiled root field: its read, its plan, and the tree below it."""

    key: str
    plan: FieldPlan
    root: tree.Root
    reads: list[ReadPlan]

    def __post_init__(self) -> None:
        self.complete = completer(self.plan.return_type, self.plan.objects)


@dataclass
class Planner:
    """Plans the compiled root fields of one operation (with its variables)."""

    schema: GraphQLSchema
    strawberry_schema: Any
    fragments: Any
    variables: Any
    operation: OperationDefinitionNode
    context: Context
    numbers: int = 0

    # --- arguments and resolvers --------------------------------------------------------

    def arguments(
        self, field_def: GraphQLField, details: FieldDetails, sfield: StrawberryField
    ) -> dict[str, Any]:
        raw = get_argument_values(
            field_def, details.node, self.variables, details.fragment_variable_values
        )
        return convert_arguments(
            raw,
            sfield.arguments,
            scalar_registry=self.strawberry_schema.schema_converter.scalar_registry,
            config=self.strawberry_schema.config,
        )

    def discover(self, sfield: StrawberryField, parent: Any, kwargs: dict[str, Any]) -> Any:
        """The read the field's resolver would send, found by calling it with Discovering."""
        info = Discovering(self.context)
        run_sync(_function(sfield)(parent, info=info, **kwargs))
        if info.read is None:
            raise NotCompiled(f"{sfield.name} reads nothing that can be compiled")
        return info.read

    # --- roots --------------------------------------------------------------------------

    def root(self, key: str, details: list[FieldDetails]) -> RootPlan:
        query = self.schema.query_type
        assert query is not None
        name = details[0].node.name.value
        field_def = query.fields.get(name)
        if field_def is None:
            raise NotCompiled(f"{name} is an introspection field")
        named = get_named_type(field_def.type)
        if not any(named.name.removesuffix(suffix) in NODE_KINDS for suffix in READ_SUFFIXES):
            raise NotCompiled(f"{name} is not a read of a node kind")
        sfield: StrawberryField = field_def.extensions[DEFINITION]
        kwargs = self.arguments(field_def, details[0], sfield)
        read = self.discover(sfield, None, kwargs)
        plan = self.field(query, key, details, field_def, sfield)
        if isinstance(read, NodeRead):
            nodes = self.objects_at(plan, ())
            select, reads = self.select(nodes)
            root: tree.Root = tree.ById(read.kind, read.id, select)
        elif isinstance(read, PageRead):
            nodes = self.objects_at(plan, ("edges", "node"))
            select, reads = self.select(nodes)
            with_total = any(p.name == "totalCount" for ps in plan.objects.values() for p in ps)
            root = tree.Page(
                read.kind, read.where, read.order, read.limit, read.after, with_total, select
            )
        elif isinstance(read, SummaryRead):
            summary = AGGREGATES[read.kind.label].summary(_names_in(plan))
            root, reads = tree.SummaryRoot(read.kind, read.where, summary), []
        else:
            raise NotCompiled(f"{name} is not a root read")

        plan.get = _root_getter(_function(sfield), kwargs)
        return RootPlan(key, plan, root, reads)

    # --- objects and fields -------------------------------------------------------------

    def objects(
        self, return_type: GraphQLOutputType, details: list[FieldDetails]
    ) -> dict[str, list[FieldPlan]]:
        named = get_named_type(return_type)
        if is_leaf_type(named):
            return {}
        if isinstance(named, GraphQLUnionType):
            types: Sequence[GraphQLObjectType] = named.types
        elif isinstance(named, GraphQLObjectType):
            types = (named,)
        else:
            raise NotCompiled(f"{named.name}: interfaces are not compiled")
        plans: dict[str, list[FieldPlan]] = {}
        for runtime in types:
            collected = collect_subfields(
                self.schema, self.fragments, self.variables, self.operation, runtime, details
            ).grouped_field_set
            plans[runtime.name] = [
                self.field(runtime, key, group, None, None) for key, group in collected.items()
            ]
        return plans

    def field(
        self,
        parent: GraphQLObjectType,
        key: str,
        details: list[FieldDetails],
        field_def: GraphQLField | None,
        sfield: StrawberryField | None,
    ) -> FieldPlan:
        name = details[0].node.name.value
        if name == "__typename":
            type_name = parent.name
            return FieldPlan(key, name, TYPENAME, lambda obj, state: type_name)
        field_def = field_def or parent.fields[name]
        sfield = sfield or field_def.extensions[DEFINITION]
        plan = FieldPlan(key, name, field_def.type, _attribute(sfield.python_name))
        resolver = sfield.base_resolver
        if resolver is not None and parent is not self.schema.query_type:
            kwargs = self.arguments(field_def, details[0], sfield)
            if resolver.is_async:
                plan.read, plan.get = self.relationship(parent, name, sfield, kwargs)
            else:
                plan.get = _sync_getter(_function(sfield), kwargs)
        plan.objects = self.objects(field_def.type, details)
        if plan.read is not None:
            read = plan.read.read
            if isinstance(read, SummaryRead):
                plan.read.summary = AGGREGATES[read.kind.label].summary(_names_in(plan))
            else:
                nodes = self.objects_at(plan, read.node)
                plan.read.select, plan.read.children = self.select(nodes)
        return plan

    def relationship(
        self, parent: GraphQLObjectType, name: str, sfield: StrawberryField, kwargs: dict[str, Any]
    ) -> tuple[ReadPlan, Getter]:
        relation = f"{parent.name}.{name.removesuffix(AGGREGATE)}"
        if relation not in RELATIONS and not any(k.startswith(relation + ".") for k in RELATIONS):
            raise NotCompiled(f"{relation} is not a relationship field")
        read = self.discover(sfield, _Parent(), kwargs)
        if isinstance(read, SummaryRead):
            if read.relation not in RELATIONS:
                raise NotCompiled(f"{relation} aggregates something else")
        elif not isinstance(read, NestedRead) or read.relation not in RELATIONS:
            raise NotCompiled(f"{relation} reads something else")
        self.numbers += 1
        number = self.numbers
        function = _function(sfield)

        def get(obj: Any, state: State) -> Any:
            info = Serving(
                state.context, state.items.get(number), summaries=state.summaries.get(number)
            )
            return run_sync(function(obj, info=info, **kwargs))

        return ReadPlan(number, read), get

    def objects_at(self, plan: FieldPlan, path: tuple[str, ...]) -> list[list[FieldPlan]]:
        """The object plans reached from ``plan`` along field names ``path`` (all aliases)."""
        level = list(plan.objects.values())
        for name in path:
            level = [
                sub
                for fields in level
                for p in fields
                if p.name == name
                for sub in p.objects.values()
            ]
        return level

    def select(self, nodes: list[list[FieldPlan]]) -> tuple[tree.Select, list[ReadPlan]]:
        """What the statement reads of these node selections: properties and nested reads."""
        props = frozenset(p.name for fields in nodes for p in fields)
        reads = [p.read for fields in nodes for p in fields if p.read is not None]
        children = tuple(_nested(r) for r in reads)
        return tree.Select(props, children), reads


class _Parent:
    """The object a relationship resolver is called on while planning: only its id is read."""

    id = "\x00planning"


def _function(sfield: StrawberryField) -> Callable[..., Any]:
    """The plain function behind a field's resolver (a method of its type)."""
    resolver = sfield.base_resolver
    if resolver is None or not callable(resolver.wrapped_func):
        raise NotCompiled(f"{sfield.name} has no plain resolver function")
    return resolver.wrapped_func


def _names_in(plan: FieldPlan) -> Callable[..., frozenset[str]]:
    """The names selected below ``plan`` along a path of field names (all aliases)."""

    def names(*path: str) -> frozenset[str]:
        level: list[list[FieldPlan]] = list(plan.objects.values())
        for name in path:
            level = [
                sub for ps in level for p in ps if p.name == name for sub in p.objects.values()
            ]
        return frozenset(p.name for ps in level for p in ps)

    return names


def _nested(read: ReadPlan) -> tree.Nested | tree.NestedSummary:
    if isinstance(read.read, SummaryRead):
        assert read.summary is not None and read.read.relation is not None
        return tree.NestedSummary(RELATIONS[read.read.relation], read.read.where, read.summary)
    assert read.select is not None
    return tree.Nested(
        RELATIONS[read.read.relation],
        read.read.first,
        read.select,
        read.read.where,
        read.read.rel_where,
    )


def _attribute(name: str) -> Getter:
    def get(obj: Any, state: State) -> Any:
        return getattr(obj, name)

    return get


def _sync_getter(function: Callable[..., Any], kwargs: dict[str, Any]) -> Getter:
    takes_info = "info" in inspect.signature(function).parameters

    def get(obj: Any, state: State) -> Any:
        if takes_info:
            return function(obj, info=Serving(state.context), **kwargs)
        return function(obj, **kwargs)

    return get


def _root_getter(function: Callable[..., Any], kwargs: dict[str, Any]) -> Getter:
    def get(rows: Any, state: State) -> Any:
        info = Serving(state.context, rows=rows[0], total=rows[1])
        return run_sync(function(None, info=info, **kwargs))

    return get


# --- answering -----------------------------------------------------------------------------


def index_rows(rows: Sequence[Mapping[str, Any]], reads: list[ReadPlan], state: State) -> None:
    """File the nested lists of ``rows`` (node maps) by read and parent id, all levels down."""
    if not reads:
        return
    for row in rows:
        parent = row["id"]
        for index, read in enumerate(reads):
            if read.summary is not None:
                found = row.get(tree.child_key(index)) or {}
                state.summaries.setdefault(read.number, {})[parent] = found
                continue
            items = [
                Item(
                    raw["node"], raw.get("labels") or (), raw.get("rel") or {}, raw.get("outgoing")
                )
                for raw in row.get(tree.child_key(index)) or ()
            ]
            state.items.setdefault(read.number, {})[parent] = items
            index_rows([item.node for item in items], read.children, state)


Complete = Callable[[Any, State], Any]


def completer(return_type: GraphQLOutputType, objects: dict[str, list[FieldPlan]]) -> Complete:
    """A function completing values of ``return_type`` as graphql-core would, made once per
    field of a plan: the type's wrappers are looked at here, not for every value."""
    if isinstance(return_type, GraphQLNonNull):
        inner = completer(return_type.of_type, objects)

        def required(value: Any, state: State) -> Any:
            if value is None:
                raise NotCompiled("null for a non-null field")
            return inner(value, state)

        return required
    if isinstance(return_type, GraphQLList):
        each = completer(return_type.of_type, objects)
        return lambda value, state: None if value is None else [each(v, state) for v in value]
    if is_leaf_type(return_type):
        return _leaf(return_type)
    if isinstance(return_type, GraphQLUnionType):
        by_type = {name: _object(fields) for name, fields in objects.items()}

        def union(value: Any, state: State) -> Any:
            if value is None:
                return None
            definition: StrawberryObjectDefinition = type(value).__strawberry_definition__
            return by_type[definition.name](value, state)

        return union
    return _object(objects[_name(return_type)])


def _object(fields: list[FieldPlan]) -> Complete:
    parts = [(p.key, p.get, completer(p.return_type, p.objects)) for p in fields]

    def complete_object(value: Any, state: State) -> Any:
        if value is None:
            return None
        return {key: complete(get(value, state), state) for key, get, complete in parts}

    return complete_object


_PLAIN: dict[str, type] = {"String": str, "ID": str, "Int": int, "Float": float, "Boolean": bool}
"""Leaf types whose values of this Python type serialise to themselves."""


def _leaf(leaf: Any) -> Complete:
    serialize = leaf.serialize
    plain = _PLAIN.get(leaf.name)
    if plain is not None:
        return lambda value, state: (
            value if value is None or type(value) is plain else serialize(value)
        )
    known: dict[Any, Any] = {}  # enums: member -> name, once per plan

    def complete_leaf(value: Any, state: State) -> Any:
        if value is None:
            return None
        try:
            return known[value]
        except (KeyError, TypeError):
            pass
        result = serialize(value)
        if isinstance(value, Enum):
            known[value] = result
        return result

    return complete_leaf


def _name(named: GraphQLOutputType) -> str:
    assert isinstance(named, GraphQLNamedType)
    return named.name


def answer(root: RootPlan, value: Any, state: State) -> Any:
    """The response value of a compiled root field from its column of the statement's record."""
    if isinstance(root.root, tree.ById):
        rows, total = value, None
    elif isinstance(root.root, tree.SummaryRoot):
        rows, total = [value], None
    else:
        rows, total = value["nodes"], value["total"]
    index_rows(rows, root.reads, state)
    result = root.plan.get((rows, total), state)
    return root.complete(result, state)
