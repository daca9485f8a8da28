"""Limits on what one request may ask for, all checked before anything runs.

Tokens are Strawberry's ``MaxTokensLimiter`` (graphql-core stops the lexer), with a code
added. Everything else is measured here in ONE linear pass per request, after validation and
with the request's variables, so that a refused document never reaches Neo4j:

- the operation to run: several operations without ``operationName`` are refused, as the
  GraphQL specification asks (``BAD_REQUEST``);
- depth, aliases and the estimated number of objects (``schema.cost``: fragments measured
  once each, so a "fragment diamond" cannot make the check itself explode);
- page sizes: every ``first``/``last``/``limit`` against ``API_MAX_PAGE_SIZE``;
- introspection: at most ``max_introspection`` root fields ``__schema``/``__type`` per
  operation (GraphiQL and code generators ask once);
- arguments (``schema.argument_size``): conditions per ``where``, values per list, how
  deep relationship filters (``some``/``none``/``all``) nest, and how many of them the
  document holds (``max_relation_filters``, 10: each is a subquery Neo4j plans anew for every
  new shape of filter, 2-3 s for 25 of them).

Every refusal names its limit and the setting that changes it (the nesting of relationship
filters is fixed: ``MAX_RELATION_DEPTH``, BAD_USER_INPUT).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from graphql import (
    FieldNode,
    GraphQLError,
    GraphQLSyntaxError,
    IntValueNode,
    OperationDefinitionNode,
    VariableNode,
    Visitor,
    visit,
)
from graphql.language import DocumentNode
from strawberry.extensions import MaxTokensLimiter, SchemaExtension
from strawberry.types import ExecutionResult
from strawberry.types.info import Info as StrawberryInfo

from domain.errors import ErrorCode
from graph.queries.quantified import MAX_RELATION_DEPTH
from graph.settings import Settings
from schema.argument_size import argument_sizes
from schema.cost import PageDefaults, measure_operations
from schema.documents import RequestKey, request_key
from schema.errors import (
    ApiError,
    BadRequest,
    BadUserInput,
    PageSizeExceeded,
    QueryTooComplex,
    QueryTooDeep,
    TooManyAliases,
    TooManyConditions,
)
from schema.lru import LRU

PASSED_REQUESTS = 256
"""Requests (document, operation, variables) remembered as within the limits, per schema."""

SELECTIONS_PER_TOKEN = 10
"""Expanded field selections allowed per lexer token: fragments may be reused, not explode."""

PAGE_SIZE_ARGUMENTS = frozenset({"first", "last", "limit"})
"""Arguments that ask for a number of items; each is capped by ``API_MAX_PAGE_SIZE``."""


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_aliases: int
    max_tokens: int
    max_page_size: int
    max_cost: int = 5_000_000
    max_conditions: int = 100
    max_list_items: int = 1000
    max_relation_depth: int = MAX_RELATION_DEPTH
    max_introspection: int = 2
    max_relation_filters: int = 10
    page_defaults: PageDefaults = field(default_factory=PageDefaults)

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_depth=settings.api_max_query_depth,
            max_aliases=settings.api_max_aliases,
            max_tokens=settings.api_max_tokens,
            max_page_size=settings.api_max_page_size,
            max_cost=settings.api_max_query_cost,
            max_conditions=settings.api_max_filter_conditions,
            max_list_items=settings.api_max_list_items,
        )


DEFAULT_LIMITS = Limits.from_settings(Settings.model_construct())
"""The defaults of ``graph/settings.py``, without reading the environment."""


class TokenLimit(MaxTokensLimiter):
    """``MaxTokensLimiter`` whose parse error carries ``code: TOO_MANY_TOKENS``.

    graphql-core aborts parsing with a syntax error that names the token limit; it is the
    only syntax error that does, so the message tells it from a typo.
    """

    def on_parse(self) -> Iterator[None]:
        yield
        for error in self.execution_context.pre_execution_errors or ():
            if isinstance(error, GraphQLSyntaxError) and "tokens" in error.message:
                error.extensions = {
                    **(error.extensions or {}),
                    "code": ErrorCode.TOO_MANY_TOKENS.value,
                    "limit": self.max_token_count,
                    "setting": "API_MAX_TOKENS",
                }


def _limit(limit: int, setting: str, **more: Any) -> dict[str, Any]:
    return {"limit": limit, "setting": setting, **more}


class DocumentLimits(SchemaExtension):
    """Refuse the whole request when the document asks for more than the limits allow.

    A request found within the limits is remembered (document, operation, variables in
    ``passed``, bounded), so a dashboard's repeated documents are measured once.
    """

    def __init__(self, limits: Limits, passed: LRU[RequestKey, bool] | None = None) -> None:
        self.limits = limits
        self.passed = passed if passed is not None else LRU(PASSED_REQUESTS)

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and not context.result:
            key = request_key(context)
            if not self.passed.get(key):
                # Strawberry's ``operation_name`` falls back to the first operation's name;
                # the specification wants an error instead: ask what the client really sent.
                error = self.refusal(context.graphql_document, context.variables or {}, key[1])
                if error is not None:
                    context.result = ExecutionResult(data=None, errors=[error])
                else:
                    self.passed.put(key, True)
        yield

    def refusal(
        self, document: DocumentNode, variables: Mapping[str, Any], operation: str | None
    ) -> GraphQLError | None:
        """The first limit the document exceeds, as an error; None when it is within all."""
        operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
        if operation is None and len(operations) > 1:
            return BadRequest(
                "Das Dokument enthält mehrere Operationen: operationName fehlt / the document "
                "holds several operations: say which one to run with operationName"
            )
        schema = self.execution_context.schema._schema
        measure = measure_operations(
            schema, document, variables, self.limits.page_defaults, operation
        )
        for check in (
            self._depth(measure.depth),
            self._aliases(measure.aliases),
            self._introspection(measure.introspection),
            self._page_sizes(document, variables),
            self._cost(measure.cost),
            self._selections(measure.selections),
            self._arguments(document, variables),
        ):
            if check is not None:
                return check
        return None

    def _depth(self, depth: int) -> ApiError | None:
        limit = self.limits.max_depth
        if depth <= limit:
            return None
        return QueryTooDeep(
            f"Das Dokument ist {depth} Ebenen tief, erlaubt sind {limit} / the document is "
            f"{depth} levels deep, the maximum is {limit} (API_MAX_QUERY_DEPTH)",
            details=_limit(limit, "API_MAX_QUERY_DEPTH", depth=depth),
        )

    def _aliases(self, aliases: int) -> ApiError | None:
        limit = self.limits.max_aliases
        if aliases <= limit:
            return None
        return TooManyAliases(
            f"{aliases} Aliase, erlaubt sind {limit} / {aliases} aliases found, the maximum is "
            f"{limit} (API_MAX_ALIASES)",
            details=_limit(limit, "API_MAX_ALIASES"),
        )

    def _introspection(self, fields: int) -> ApiError | None:
        limit = self.limits.max_introspection
        if fields <= limit:
            return None
        return QueryTooComplex(
            f"{fields} Introspektionsfelder (__schema, __type), erlaubt sind {limit} je "
            f"Anfrage / {fields} introspection fields (__schema, __type), the maximum is "
            f"{limit} per request",
            details={"limit": limit, "introspection": fields},
        )

    def _page_sizes(self, document: DocumentNode, variables: Mapping[str, Any]) -> ApiError | None:
        limit = self.limits.max_page_size
        for name, value in requested_page_sizes(document, variables):
            if value > limit:
                return PageSizeExceeded(
                    f"{name}: {value} ist größer als die maximale Seitengröße {limit} / "
                    f"{name}: {value} exceeds the maximum page size {limit} (API_MAX_PAGE_SIZE)",
                    field=name,
                    details=_limit(limit, "API_MAX_PAGE_SIZE"),
                )
        return None

    def _cost(self, cost: int) -> ApiError | None:
        limit = self.limits.max_cost
        if cost <= limit:
            return None
        shown = f"{cost:,}" if cost < 10**15 else f"{cost:.3e}"
        return QueryTooComplex(
            f"Die Anfrage könnte etwa {shown} Objekte liefern, erlaubt sind {limit:,}: "
            f"kleinere Seiten (first) oder weniger Verschachtelung / the query may return about "
            f"{shown} objects, the maximum is {limit:,} (API_MAX_QUERY_COST): ask for smaller "
            "pages or less nesting",
            details=_limit(limit, "API_MAX_QUERY_COST", cost=min(cost, 2**53)),
        )

    def _selections(self, selections: int) -> ApiError | None:
        limit = SELECTIONS_PER_TOKEN * self.limits.max_tokens
        if selections <= limit:
            return None
        return QueryTooComplex(
            f"Mit allen Fragmenten ausgefaltet hat das Dokument {selections:,} Felder, erlaubt "
            f"sind {limit:,} / with every fragment expanded the document selects {selections:,} "
            f"fields, the maximum is {limit:,} ({SELECTIONS_PER_TOKEN} x API_MAX_TOKENS)",
            details=_limit(limit, "API_MAX_TOKENS", selections=min(selections, 2**53)),
        )

    def _arguments(self, document: DocumentNode, variables: Mapping[str, Any]) -> ApiError | None:
        conditions, items = self.limits.max_conditions, self.limits.max_list_items
        sizes = argument_sizes(document, variables)
        relations = sum(size.relation_filters for size in sizes)
        if relations > self.limits.max_relation_filters:
            return self._relation_filters(relations)
        for size in sizes:
            if size.relation_depth > self.limits.max_relation_depth:
                return self._relation_depth(size.field, size.relation_depth)
            if size.conditions > conditions:
                return TooManyConditions(
                    f"{size.field}: {size.conditions} Bedingungen, erlaubt sind {conditions} / "
                    f"{size.conditions} conditions, the maximum is {conditions} "
                    "(API_MAX_FILTER_CONDITIONS)",
                    field=size.field,
                    details=_limit(conditions, "API_MAX_FILTER_CONDITIONS"),
                )
            if size.longest_list > items:
                return TooManyConditions(
                    f"{size.field}: eine Liste mit {size.longest_list} Werten, erlaubt sind "
                    f"{items} / a list of {size.longest_list} values, the maximum is {items} "
                    "(API_MAX_LIST_ITEMS)",
                    field=size.field,
                    details=_limit(items, "API_MAX_LIST_ITEMS"),
                )
        return None

    def _relation_filters(self, count: int) -> ApiError:
        limit = self.limits.max_relation_filters
        return TooManyConditions(
            f"{count} Beziehungsfilter (some/none/all) im Dokument, erlaubt sind {limit} / "
            f"{count} relationship filters (some/none/all) in the document, the maximum is "
            f"{limit}: each one is a subquery the database must plan",
            details={"limit": limit, "relationFilters": count},
        )

    def _relation_depth(self, field: str, depth: int) -> ApiError:
        limit = self.limits.max_relation_depth
        return BadUserInput(
            f"{field}: Beziehungsfilter (some/none/all) sind {depth} Ebenen tief "
            f"verschachtelt, erlaubt sind {limit} / relationship filters (some/none/all) "
            f"nest {depth} levels deep, the maximum is {limit}",
            field=field,
            details={"limit": limit, "depth": depth},
        )


def requested_page_sizes(
    document: DocumentNode, variables: Mapping[str, Any]
) -> list[tuple[str, int]]:
    """Every integer given to a page-size argument, literal or through a variable."""
    defaults: dict[str, int] = {}
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            for variable in definition.variable_definitions or ():
                if isinstance(variable.default_value, IntValueNode):
                    defaults[variable.variable.name.value] = int(variable.default_value.value)
    found: list[tuple[str, int]] = []

    class Collect(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            for argument in node.arguments or ():
                name = argument.name.value
                if name not in PAGE_SIZE_ARGUMENTS:
                    continue
                value: Any = None
                if isinstance(argument.value, IntValueNode):
                    value = int(argument.value.value)
                elif isinstance(argument.value, VariableNode):
                    key = argument.value.name.value
                    value = variables.get(key, defaults.get(key))
                if isinstance(value, int) and not isinstance(value, bool):
                    found.append((f"{node.name.value}.{name}", value))

    visit(document, Collect())
    return found


def limit_extensions(limits: Limits) -> list[Callable[[], SchemaExtension]]:
    """Per-request factories of the limit extensions (Strawberry makes one per request)."""
    passed: LRU[RequestKey, bool] = LRU(PASSED_REQUESTS)
    return [
        partial(TokenLimit, max_token_count=limits.max_tokens),
        partial(DocumentLimits, limits=limits, passed=passed),
    ]


def max_page_size(info: StrawberryInfo[Any, Any]) -> int:
    """The configured maximum page size (also a sensible default when none is asked for)."""
    settings = getattr(info.context, "settings", None)
    return settings.api_max_page_size if settings else DEFAULT_LIMITS.max_page_size
