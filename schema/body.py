"""The JSON of a request, decoded strictly: UTF-8, an object, not absurdly deep.

Strawberry hands the raw bytes to ``json.loads`` and then calls ``.get`` on the result, so a
body that is not UTF-8, nests ``[`` five thousand times or is a bare ``null`` escaped as a
500 with a traceback. Each of these is the client's mistake and gets a 400 here, with a
message that says what is wrong; the nesting is also bounded well below Python's recursion
limit, so that no later step (variable coercion, the filter compiler) can hit it.
"""

from __future__ import annotations

import json
from typing import Any

from cross_web import HTTPException

MAX_JSON_DEPTH = 64
"""Deepest nesting of objects and arrays in a request; real requests stay below 15."""


def _depth(value: Any) -> int:
    """The nesting depth of a decoded JSON value, without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if depth > MAX_JSON_DEPTH:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return "a string" if isinstance(value, str) else "a number"


def decode_request_json(data: str | bytes) -> object:
    """The decoded JSON object (or batch list) of a body or a ``variables`` parameter."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise HTTPException(
                400,
                f"Der Inhalt ist kein gültiges UTF-8 (Byte {error.start}) / the body is not "
                f"valid UTF-8 (byte {error.start})",
            ) from None
    else:
        text = data
    try:
        value = json.loads(text)
    except RecursionError:
        value = None
        too_deep = True
    except ValueError as error:
        raise HTTPException(
            400, f"Kein gültiges JSON / unable to parse the body as JSON: {error}"
        ) from None
    else:
        too_deep = _depth(value) > MAX_JSON_DEPTH
    if too_deep:
        raise HTTPException(
            400,
            f"Das JSON ist tiefer als {MAX_JSON_DEPTH} Ebenen verschachtelt / the JSON is "
            f"nested deeper than {MAX_JSON_DEPTH} levels",
        )
    if not isinstance(value, dict | list):
        raise HTTPException(
            400,
            'Erwartet wird ein JSON-Objekt wie {"query": "..."} / expected a JSON object '
            f'such as {{"query": "..."}}, got {_json_kind(value)}',
        )
    return value
