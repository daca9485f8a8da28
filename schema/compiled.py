"""Compiled execution: the read fields of a query answered by ONE statement, without resolvers.

A Strawberry extension, run after validation and the limits (``schema.limits``): it plans
the operation's root fields (``schema.compiler``); those that compile are read with one
Cypher statement and answered from its record, the others are left to normal execution,
which then sees a document holding only them. What is left is an explicit list
(``schema.compiler.Reason``: introspection, root fields without a declared read such as
search, planning, gaps and status, fields computed in Python such as ``residents``, refused
arguments, a null the schema forbids). Anything else that fails while planning or answering
is a bug of the compiled path: it is logged and reported as an internal error on its root
field (:class:`CompilerBug`), never quietly answered by the resolver path instead. The
answers are merged in the order of the document. A query made only of compiled fields never
reaches graphql-core's field execution at all.

Plans are kept per document, operation and variables in a bounded LRU cache
(:data:`PLANS`), so a dashboard sending the same documents pays for planning once.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLNonNull,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    execute,
)
from graphql.execution.collect_fields import FieldDetails, collect_fields
from graphql.execution.executor import Executor
from strawberry.extensions import SchemaExtension

from graph.queries import tree
from graph.queries.runner import fetch
from graph.queries.statement import Statement
from schema.compiler import NotCompiled, Planner, RootPlan, State, answer
from schema.context import Context
from schema.documents import RequestKey, operation_name, request_key
from schema.lru import LRU

logger = logging.getLogger("integration_graph.api")

PLANS = 256
"""Compiled operations kept per schema (documents x operations x variable values)."""


class CompilerBug(Exception):
    """The compiled path failed on a root field for a reason not on its list: a bug, shown
    as an internal error (logged with its cause by the error masking)."""


@dataclass
class Compilation:
    """An operation split into compiled root fields (with their statement), the rest, and
    the roots whose planning failed (``broken``: their error and whether they are non-null).
    """

    operation: OperationDefinitionNode
    grouped: dict[str, list[FieldDetails]]
    roots: list[RootPlan]
    rest: list[str]
    statement: Statement | None
    broken: dict[str, tuple[CompilerBug, bool]] = field(default_factory=dict)


class PlanCache(LRU[RequestKey, "Compilation"]):
    """The compilations of one schema, shared by its requests."""

    def __init__(self, size: int = PLANS) -> None:
        super().__init__(size)


def compile_operation(
    strawberry_schema: Any,
    document: DocumentNode,
    variables: dict[str, Any] | None,
    operation_name: str | None,
    context: Context,
) -> Compilation | None:
    """Plan an operation's root fields; None when nothing in it can be compiled."""
    schema = strawberry_schema._schema
    executor = Executor.build(schema, document, None, context, variables, operation_name)
    if isinstance(executor, list):  # bad variables: normal execution reports them
        return None
    operation = executor.operation
    if operation.operation is not OperationType.QUERY or schema.query_type is None:
        return None
    grouped = collect_fields(
        schema, executor.fragments, executor.variable_values, schema.query_type, operation
    ).grouped_field_set
    planner = Planner(
        schema, strawberry_schema, executor.fragments, executor.variable_values, operation, context
    )
    roots: list[RootPlan] = []
    rest: list[str] = []
    broken: dict[str, tuple[CompilerBug, bool]] = {}
    for key, details in grouped.items():
        try:
            roots.append(planner.root(key, details))
        except NotCompiled:
            rest.append(key)
        except Exception as error:
            name = details[0].node.name.value
            bug = CompilerBug(f"planning {name} failed: {error!r}")
            bug.__cause__ = error
            field_def = schema.query_type.fields.get(name)
            broken[key] = (
                bug,
                field_def is not None and isinstance(field_def.type, GraphQLNonNull),
            )
    statement = tree.statement([root.root for root in roots]) if roots else None
    return Compilation(operation, dict(grouped), roots, rest, statement, broken)


def trimmed(document: DocumentNode, compilation: Compilation, keys: list[str]) -> DocumentNode:
    """The document with its operation reduced to the root fields ``keys``."""
    nodes = tuple(d.node for key in keys for d in compilation.grouped[key])
    original = compilation.operation
    operation = OperationDefinitionNode(
        operation=original.operation,
        name=original.name,
        variable_definitions=original.variable_definitions,
        directives=original.directives,
        selection_set=SelectionSetNode(selections=nodes),
    )
    definitions = tuple(operation if d is original else d for d in document.definitions)
    return DocumentNode(definitions=definitions)


@dataclass
class Answered:
    """The compiled roots' values (by response key), their errors, and whether a failed
    non-null root makes the whole ``data`` null (as graphql-core would)."""

    values: dict[str, Any]
    errors: list[GraphQLError]
    null_data: bool = False

    def failed(self, compilation: Compilation, key: str, bug: CompilerBug, non_null: bool) -> None:
        """A root the compiled path failed on: null, with the bug as its error."""
        nodes = [d.node for d in compilation.grouped[key]]
        self.values[key] = None
        self.errors.append(GraphQLError(str(bug), nodes=nodes, path=[key], original_error=bug))
        self.null_data = self.null_data or non_null


async def run_compiled(compilation: Compilation, context: Context) -> Answered:
    """Send the statement and answer each compiled root from its column.

    A root whose answer would break a promise of the schema (a null where a value is
    required) is left out of the values: the caller sends it down the resolver path. A
    failed statement (timeout, outage) is an error on every compiled root, which the
    error masking turns into ``TIMEOUT`` or ``SERVICE_UNAVAILABLE`` as always.
    """
    assert compilation.statement is not None
    try:
        records = await fetch(
            context.driver,
            context.database,
            compilation.statement,
            timeout=context.tx_timeout(),
            metadata=context.tx_metadata(),
        )
    except Exception as error:
        errors = [
            GraphQLError(
                str(error),
                nodes=[d.node for d in compilation.grouped[root.key]],
                path=[root.key],
                original_error=error,
            )
            for root in compilation.roots
        ]
        null_data = any(isinstance(r.plan.return_type, GraphQLNonNull) for r in compilation.roots)
        return Answered({root.key: None for root in compilation.roots}, errors, null_data)
    record = records[0]
    answered = Answered({}, [])
    for index, root in enumerate(compilation.roots):
        state = State(context)
        try:
            answered.values[root.key] = answer(root, record[tree.root_key(index)], state)
        except NotCompiled:
            continue  # a null the schema forbids: the resolver path reports it
        except Exception as error:
            bug = CompilerBug(f"answering {root.plan.name} failed: {error!r}")
            bug.__cause__ = error
            non_null = isinstance(root.plan.return_type, GraphQLNonNull)
            answered.failed(compilation, root.key, bug, non_null)
    return answered


async def _answered(compilation: Compilation, context: Context) -> Answered:
    """The compiled roots' answers and the errors of the roots whose planning failed."""
    if compilation.roots:
        answered = await run_compiled(compilation, context)
    else:
        answered = Answered({}, [])
    for key, (bug, non_null) in compilation.broken.items():
        answered.failed(compilation, key, bug, non_null)
    return answered


def _merge(result: ExecutionResult, compilation: Compilation, answered: Answered) -> None:
    """Put the compiled values into ``result`` in the order of the document."""
    found = result.data
    if found is None or answered.null_data:
        result.data = None
    else:
        result.data = {
            key: answered.values[key] if key in answered.values else found.get(key)
            for key in compilation.grouped
        }
    result.errors = [*answered.errors, *(result.errors or [])] or None


class CompiledExecution(SchemaExtension):
    """Answer what compiles with one statement; leave the rest to normal execution."""

    def __init__(self, plans: PlanCache) -> None:
        self.plans = plans

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        document = context.graphql_document
        compilation = None
        if not context.result and document is not None and isinstance(context.context, Context):
            compilation = self.compilation(document)
        if document is None or compilation is None or not (compilation.roots or compilation.broken):
            yield
            return
        # The statement runs while graphql-core executes the fields left to it.
        running = asyncio.ensure_future(_answered(compilation, context.context))
        if compilation.rest:
            context.graphql_document = trimmed(document, compilation, compilation.rest)
            try:
                yield
            except BaseException:
                running.cancel()
                raise
            finally:
                context.graphql_document = document
            result = context.result
            if not isinstance(result, ExecutionResult):
                running.cancel()
                return
            answered = await running
        else:
            answered = await running
            result = context.result = ExecutionResult(data={}, errors=None)
        missing = [root.key for root in compilation.roots if root.key not in answered.values]
        if missing:
            await self.fallback(document, compilation, missing, result)
        _merge(result, compilation, answered)
        if not compilation.rest:
            yield

    async def fallback(
        self,
        document: DocumentNode,
        compilation: Compilation,
        keys: list[str],
        result: ExecutionResult,
    ) -> None:
        """Run root fields on the resolver path after all, into ``result`` (a compiled
        answer broke a promise of the schema: the resolvers report that error as always)."""
        context = self.execution_context
        extra = execute(
            context.schema._schema,
            trimmed(document, compilation, keys),
            context_value=context.context,
            variable_values=context.variables,
            operation_name=operation_name(context),
        )
        if inspect.isawaitable(extra):
            extra = await extra
        assert isinstance(extra, ExecutionResult)
        if result.data is None or extra.data is None:
            result.data = None
        else:
            result.data = {**result.data, **extra.data}
        result.errors = [*(result.errors or []), *(extra.errors or [])] or None

    def compilation(self, document: DocumentNode) -> Compilation | None:
        context = self.execution_context
        key = request_key(context)
        found = self.plans.get(key)
        if found is None:
            found = compile_operation(
                context.schema, document, context.variables, key[1], context.context
            )
            if found is None:
                return None
            self.plans.put(key, found)
        return found
