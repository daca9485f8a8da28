"""Compile the read fields of a GraphQL operation into one Cypher statement, and answer them.

**Planning** walks the operation's selection exactly as GraphQL execution would
(graphql-core's own ``collect_fields``: fragments, aliases, ``@skip``/``@include``, field
merging). For every field it decides how its value is obtained, without calling a resolver
that reads the graph:

- a plain attribute of the object built from a row (``name``, ``kind``, ``role``);
- a synchronous resolver that only looks at the object and the request (``totalCount``,
  the masked ``email`` of a coordinator, ``provenance``): called as it is;
- a field with a declared read (``schema.declared``: ``actors``, ``Actor.memberships``,
  ``offeringsAggregate`` ...): the declaration turns the field's arguments into a read of
  the statement tree (``graph.queries.tree``) and, when answering, the rows into the
  field's value;
- anything else is on the list of what the compiled path does not answer (:class:`Reason`):
  the root field it sits under goes to the resolver path (``schema.compiled``).

The reads form a tree that becomes one statement.

**Answering** runs the same walk over objects built from the statement's record; the
values are completed as graphql-core would (``serialize`` of leaf types, nulls checked
against non-null types) but without an ``Info`` or an awaitable per field. A null where the
schema promises a value raises :class:`NotCompiled` (:attr:`Reason.BROKEN_PROMISE`), and
that root field is answered by the resolver path instead, which reports the error exactly
as always.
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from graphql import (
    GraphQLError,
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
from schema.batching import Item
from schema.context import Context
from schema.declared import Aggregated, ById, Declaration, Listing, Related, declared

DEFINITION = GraphQLCoreConverter.DEFINITION_BACKREF
TYPENAME = GraphQLNonNull(GraphQLString)


class Reason(Enum):
    """What the compiled path does not answer, and why: the complete list.

    Each leaves its root field to the resolver path (in the same request, beside the
    statement). Anything else that fails while planning or answering is a bug: it is
    logged and reported as an error (``schema.compiled``), never quietly handed over.
    """

    INTROSPECTION = "an introspection field (__schema, __type)"
    NO_DECLARED_READ = (
        "a root field without a declared read (search, whoWorksOn, coverage, gaps, "
        "revision, dataStatus ...): computed in Python, one statement of its own"
    )
    COMPUTED = (
        "a field whose resolver computes in Python (Actor.network, Municipality.residents, "
        "Measure.gaps, Event.agendaItems, history): its root field goes to the resolver path"
    )
    INTERFACE = "a selection on an interface type"
    REFUSED_ARGUMENTS = (
        "arguments the API refuses (first: -1, a foreign cursor, a misplaced filter): the "
        "resolver path reports them with their code and path"
    )
    BROKEN_PROMISE = "a null where the schema promises a value: the resolver path reports the error"


class NotCompiled(Exception):
    """This part of an operation is on the list the resolver path answers (:class:`Reason`)."""

    def __init__(self, reason: Reason, where: str) -> None:
        super().__init__(f"{where}: {reason.value}")
        self.reason = reason


@dataclass(frozen=True)
class RequestInfo:
    """What a synchronous field resolver (a contact guard, ``provenance``) reads of its
    ``info`` on the compiled path: the request's context, nothing else."""

    context: Context


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
    """A nested read with its number, its node in the statement tree, and the reads below
    its nodes."""

    number: int
    read: tree.Nested | tree.NestedSummary
    children: list[ReadPlan] = field(default_factory=list)


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

    def arguments(
        self, field_def: GraphQLField, details: FieldDetails, sfield: StrawberryField
    ) -> dict[str, Any]:
        """A field's arguments by Python name, exactly as its resolver would get them."""
        raw = get_argument_values(
            field_def, details.node, self.variables, details.fragment_variable_values
        )
        return convert_arguments(
            raw,
            sfield.arguments,
            scalar_registry=self.strawberry_schema.schema_converter.scalar_registry,
            config=self.strawberry_schema.config,
        )

    # --- roots --------------------------------------------------------------------------

    def root(self, key: str, details: list[FieldDetails]) -> RootPlan:
        """The plan of one root field; :class:`NotCompiled` when it is on the list."""
        try:
            return self._root(key, details)
        except GraphQLError as refused:  # the API's own refusals (ApiError) and graphql-core's
            where = details[0].node.name.value
            raise NotCompiled(Reason.REFUSED_ARGUMENTS, where) from refused

    def _root(self, key: str, details: list[FieldDetails]) -> RootPlan:
        query = self.schema.query_type
        assert query is not None
        name = details[0].node.name.value
        field_def = query.fields.get(name)
        if field_def is None:
            raise NotCompiled(Reason.INTROSPECTION, name)
        sfield: StrawberryField = field_def.extensions[DEFINITION]
        declaration = declared(sfield)
        if declaration is None or isinstance(declaration, Related):
            raise NotCompiled(Reason.NO_DECLARED_READ, name)
        kwargs = self.arguments(field_def, details[0], sfield)
        plan = self.field(query, key, details, field_def, sfield)
        root: tree.Root
        reads: list[ReadPlan] = []
        if isinstance(declaration, ById):
            select, reads = self.select(self.objects_at(plan, ()))
            root = dataclasses.replace(declaration.read(kwargs), select=select)
            plan.get = _by_id_getter(declaration)
        elif isinstance(declaration, Listing):
            select, reads = self.select(self.objects_at(plan, ("edges", "node")))
            with_total = any(p.name == "totalCount" for ps in plan.objects.values() for p in ps)
            page = dataclasses.replace(
                declaration.read(self.context, kwargs), with_total=with_total, select=select
            )
            if "hasNextPage" not in _names_in(plan)("pageInfo"):
                page = page.without_next()
            root = page
            plan.get = _listing_getter(declaration, page)
        else:
            root = declaration.over_all(kwargs, declaration.summary(_names_in(plan)))
            plan.get = _aggregate_root_getter(declaration)
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
            raise NotCompiled(Reason.INTERFACE, named.name)
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
        declaration = None
        kwargs: dict[str, Any] = {}
        number = 0
        if resolver is not None and parent is not self.schema.query_type:
            kwargs = self.arguments(field_def, details[0], sfield)
            declaration = declared(sfield)
            if declaration is not None:
                self.numbers += 1
                number = self.numbers
                plan.get = _nested_getter(declaration, number)
            elif resolver.is_async:
                raise NotCompiled(Reason.COMPUTED, f"{parent.name}.{name}")
            elif callable(resolver.wrapped_func):
                plan.get = _sync_getter(resolver.wrapped_func, kwargs)
            else:
                raise TypeError(f"{parent.name}.{name}: a resolver that cannot be called")
        plan.objects = self.objects(field_def.type, details)
        if declaration is not None:
            plan.read = self.nested(plan, number, declaration, kwargs)
        return plan

    def nested(
        self, plan: FieldPlan, number: int, declaration: Declaration, kwargs: dict[str, Any]
    ) -> ReadPlan:
        """The read of a relationship or aggregate field, with the selection below it."""
        if isinstance(declaration, Aggregated):
            summary = declaration.summary(_names_in(plan))
            return ReadPlan(number, declaration.over_related(kwargs, summary))
        if not isinstance(declaration, Related):
            raise TypeError(f"{plan.name}: a root read declared on a nested field")
        select, children = self.select(self.objects_at(plan, declaration.node))
        read = dataclasses.replace(
            declaration.read(self.context, kwargs),
            select=select,
            rel_props=declaration.rel_props(_names_in(plan)()),
        )
        return ReadPlan(number, read, children)

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
        return tree.Select(props, tuple(r.read for r in reads)), reads


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


def _attribute(name: str) -> Getter:
    def get(obj: Any, state: State) -> Any:
        return getattr(obj, name)

    return get


def _sync_getter(function: Callable[..., Any], kwargs: dict[str, Any]) -> Getter:
    takes_info = "info" in inspect.signature(function).parameters

    def get(obj: Any, state: State) -> Any:
        if takes_info:
            return function(obj, info=RequestInfo(state.context), **kwargs)
        return function(obj, **kwargs)

    return get


def _nested_getter(declaration: Declaration, number: int) -> Getter:
    """A relationship or aggregate field's value from the rows filed under its read."""
    if isinstance(declaration, Related):

        def related(obj: Any, state: State) -> Any:
            return declaration.value(state.items.get(number, {}).get(obj.id, []))

        return related
    if isinstance(declaration, Aggregated):

        def aggregate(obj: Any, state: State) -> Any:
            return declaration.value(state.summaries.get(number, {}).get(obj.id))

        return aggregate
    raise TypeError(f"{declaration!r} is not read below a node")


def _by_id_getter(declaration: ById) -> Getter:
    def get(value: tuple[Sequence[Mapping[str, Any]], int | None], state: State) -> Any:
        return declaration.value(value[0])

    return get


def _listing_getter(declaration: Listing, page: tree.Page) -> Getter:
    def get(value: tuple[Sequence[Mapping[str, Any]], int | None], state: State) -> Any:
        return declaration.value(page, value[0], value[1])

    return get


def _aggregate_root_getter(declaration: Aggregated) -> Getter:
    def get(value: tuple[Sequence[Mapping[str, Any]], int | None], state: State) -> Any:
        rows = value[0]
        return declaration.value(rows[0] if rows else None)

    return get


def uncompiled_fields(schema: GraphQLSchema) -> dict[str, Reason]:
    """Every field of a query the compiled path leaves to the resolver path, by
    ``Type.field``: the root fields without a declared read and the fields computed in
    Python (those below such roots too: ``Gaps.coverage``)."""
    found: dict[str, Reason] = {}
    query = schema.query_type
    writes = (schema.mutation_type, schema.subscription_type)
    for type_ in schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        if type_ in writes:
            continue
        for name, field_def in type_.fields.items():
            sfield = field_def.extensions.get(DEFINITION)
            if not isinstance(sfield, StrawberryField):
                continue
            declaration = declared(sfield)
            if type_ is query:
                if declaration is None:
                    found[f"{type_.name}.{name}"] = Reason.NO_DECLARED_READ
            elif declaration is None and sfield.base_resolver and sfield.base_resolver.is_async:
                found[f"{type_.name}.{name}"] = Reason.COMPUTED
    return found


# --- answering -----------------------------------------------------------------------------


def index_rows(rows: Sequence[Mapping[str, Any]], reads: list[ReadPlan], state: State) -> None:
    """File the nested lists of ``rows`` (node maps) by read and parent id, all levels down."""
    if not reads:
        return
    for row in rows:
        parent = row["id"]
        for index, read in enumerate(reads):
            if isinstance(read.read, tree.NestedSummary):
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
                raise NotCompiled(Reason.BROKEN_PROMISE, "null for a non-null field")
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
