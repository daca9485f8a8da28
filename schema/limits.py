"""Limits on what one request may ask for: depth, aliases, tokens and page size.

Depth, aliases and tokens are Strawberry's own extensions (``QueryDepthLimiter``,
``MaxAliasesLimiter``, ``MaxTokensLimiter``) with the values from the settings; this module
only adds a machine-readable code and the limit to the errors they report, so that a client
can tell "too deep" from a typo. The page size is checked once per request, before any
resolver runs, on every ``first``/``last``/``limit`` argument of the document (literal or
variable), so a colleague's paginated field cannot forget it.

The limits are checked before execution: a refused document never reaches Neo4j.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from graphql import (
    ASTValidationRule,
    FieldNode,
    GraphQLError,
    GraphQLSyntaxError,
    IntValueNode,
    OperationDefinitionNode,
    ValidationContext,
    ValidationRule,
    VariableNode,
    Visitor,
    visit,
)
from graphql.language import DocumentNode
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.types import ExecutionResult
from strawberry.types.info import Info as StrawberryInfo

from graph.settings import Settings
from schema.errors import PageSizeExceeded

PAGE_SIZE_ARGUMENTS = frozenset({"first", "last", "limit"})
"""Arguments that ask for a number of items; each is capped by ``API_MAX_PAGE_SIZE``."""


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_aliases: int
    max_tokens: int
    max_page_size: int

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(
            max_depth=settings.api_max_query_depth,
            max_aliases=settings.api_max_aliases,
            max_tokens=settings.api_max_tokens,
            max_page_size=settings.api_max_page_size,
        )


DEFAULT_LIMITS = Limits.from_settings(Settings.model_construct())
"""The defaults of ``graph/settings.py``, without reading the environment."""


class _CodedReports:
    """A stand-in for the validation context that stamps a code on every reported error."""

    def __init__(self, context: ValidationContext, code: str, setting: str, limit: int):
        self._context = context
        self._extensions = {"code": code, "limit": limit, "setting": setting}

    def report_error(self, error: GraphQLError) -> None:
        error.extensions = {**(error.extensions or {}), **self._extensions}
        self._context.report_error(error)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._context, name)


def _coded(
    rule: type[ASTValidationRule], code: str, setting: str, limit: int
) -> type[ValidationRule]:
    """Wrap one of Strawberry's limit rules (they do their work when constructed)."""

    class CodedRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            rule(_CodedReports(context, code, setting, limit))  # type: ignore[arg-type]

    CodedRule.__name__ = f"Coded{rule.__name__}"
    return CodedRule


class DepthLimit(QueryDepthLimiter):
    """``QueryDepthLimiter`` whose errors carry ``code: QUERY_TOO_DEEP``."""

    def __init__(self, max_depth: int) -> None:
        super().__init__(max_depth=max_depth)
        self.validation_rules = [
            _coded(rule, "QUERY_TOO_DEEP", "API_MAX_QUERY_DEPTH", max_depth)
            for rule in self.validation_rules
        ]


class AliasLimit(MaxAliasesLimiter):
    """``MaxAliasesLimiter`` whose errors carry ``code: TOO_MANY_ALIASES``."""

    def __init__(self, max_alias_count: int) -> None:
        super().__init__(max_alias_count=max_alias_count)
        self.validation_rules = [
            _coded(rule, "TOO_MANY_ALIASES", "API_MAX_ALIASES", max_alias_count)
            for rule in self.validation_rules
        ]


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
                    "code": "TOO_MANY_TOKENS",
                    "limit": self.max_token_count,
                    "setting": "API_MAX_TOKENS",
                }


class PageSizeLimit(SchemaExtension):
    """Refuse the whole request when a ``first``/``last``/``limit`` exceeds the maximum."""

    def __init__(self, max_page_size: int) -> None:
        self.max_page_size = max_page_size

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and not context.result:
            variables = context.variables or {}
            for name, value in requested_page_sizes(context.graphql_document, variables):
                if value > self.max_page_size:
                    error = PageSizeExceeded(
                        f"{name}: {value} ist größer als die maximale Seitengröße "
                        f"{self.max_page_size} / {name}: {value} exceeds the maximum page "
                        f"size {self.max_page_size} (API_MAX_PAGE_SIZE)",
                        field=name,
                        details={"limit": self.max_page_size, "setting": "API_MAX_PAGE_SIZE"},
                    )
                    context.result = ExecutionResult(data=None, errors=[error])
                    break
        yield


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
    return [
        partial(TokenLimit, max_token_count=limits.max_tokens),
        partial(DepthLimit, max_depth=limits.max_depth),
        partial(AliasLimit, max_alias_count=limits.max_aliases),
        partial(PageSizeLimit, max_page_size=limits.max_page_size),
    ]


def max_page_size(info: StrawberryInfo[Any, Any]) -> int:
    """The configured maximum page size (also a sensible default when none is asked for)."""
    settings = getattr(info.context, "settings", None)
    return settings.api_max_page_size if settings else DEFAULT_LIMITS.max_page_size
