"""Mutation inputs are validated by the domain models, exactly like rows of a file.

A Strawberry input becomes a dict under the model's field names (the camelCase names the
files use), the model validates it, and every problem is reported with the path of the input
field at fault (``input.email``), under one ``BAD_USER_INPUT`` error.

The words are the loaders' (``domain.wording``, one table keyed by pydantic's error type):
each problem in ``extensions.problems`` carries ``field``, ``message`` ("Deutsch /
English"), ``german`` (the German words alone, what a form shows at the field) and ``type``
(the error type, for clients that word it themselves).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import cache
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from strawberry.types.unset import UNSET

from domain.types import Slug, Text
from domain.wording import FieldProblem, field_problem
from schema.errors import BadUserInput, problems_extension

M = TypeVar("M", bound=BaseModel)

_SLUG: TypeAdapter[str] = TypeAdapter(Slug)
_TEXT: TypeAdapter[str] = TypeAdapter(Text)


def alias_of(model: type[BaseModel], attribute: str) -> str:
    info = model.model_fields.get(attribute)
    return (info.alias if info is not None and info.alias else None) or attribute


def input_data(model: type[BaseModel], value: Any, *, keep_none: bool = False) -> dict[str, Any]:
    """The fields of a Strawberry input under the model's names; UNSET fields are left out.

    ``keep_none`` keeps explicit nulls (an update clears those fields).
    """
    data: dict[str, Any] = {}
    for field in dataclasses.fields(value):
        item = getattr(value, field.name)
        if item is UNSET or (item is None and not keep_none):
            continue
        data[alias_of(model, field.name)] = list(item) if isinstance(item, list) else item
    return data


def bad_input(error: ValidationError, prefix: str = "input") -> BadUserInput:
    """One BAD_USER_INPUT error naming every field at fault (``field`` is the first)."""
    problems: list[FieldProblem] = []
    for item in error.errors(include_url=False):
        location = [str(part) for part in item["loc"]]
        context = item.get("ctx") or {}
        if not location and "end_name" in context:
            location = [str(context["end_name"])]
        problems.append(field_problem(".".join([prefix, *location]), item))
    return invalid(problems)


def invalid(problems: Sequence[FieldProblem]) -> BadUserInput:
    summary = "; ".join(f"{p.field}: {p.message}" for p in problems)
    return BadUserInput(
        f"Ungültige Eingabe / invalid input: {summary}", details=problems_extension(problems)
    )


def _first(error: ValidationError, field: str) -> BadUserInput:
    return invalid([field_problem(field, error.errors(include_url=False)[0])])


def validate(model: type[M], data: dict[str, Any], prefix: str = "input") -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise bad_input(error, prefix) from None


def slug(value: str, field: str) -> str:
    """An id argument, checked like every id in the files."""
    try:
        return _SLUG.validate_python(str(value))
    except ValidationError as error:
        raise _first(error, field) from None


def text(value: str, field: str) -> str:
    """A free-text argument (``source``), checked like text in the files: not empty."""
    try:
        return _TEXT.validate_python(value.strip())
    except ValidationError as error:
        raise _first(error, field) from None


@cache
def _field_adapter(model: type[BaseModel], attribute: str) -> TypeAdapter[Any]:
    info = model.model_fields[attribute]
    assert info.annotation is not None
    if not info.metadata:
        return TypeAdapter(info.annotation)
    return TypeAdapter(Annotated[info.annotation, *info.metadata])  # type: ignore[arg-type]


def field_value(model: type[BaseModel], attribute: str, value: Any, field: str) -> Any:
    """One field on its own, validated by the type the model gives it."""
    try:
        return _field_adapter(model, attribute).validate_python(value)
    except ValidationError as error:
        raise _first(error, field) from None
