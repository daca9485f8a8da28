"""Responses are encoded with orjson, byte for byte as ``json.dumps`` wrote them before.

Compact separators, UTF-8 without ASCII escapes, the same escapes for quotes, backslashes and
control characters. Floats may differ only in notation (``1e-07`` vs ``1e-7``), never in value.
"""

from __future__ import annotations

import json
from typing import Any

from schema.http import _encode

ANSWER: dict[str, Any] = {
    "data": {
        "actors": {
            "totalCount": 2,
            "edges": [
                {"node": {"id": "müden-aller", "name": "Gemeinde Müden (Aller)", "cost": 12.5}},
                {"node": {"id": "x", "name": 'Café "Miteinander" \\ ☕ \u2028', "cost": None}},
            ],
        },
        "flags": [True, False, 0, -3, 2**40, 0.1, 1.0],
        "text": "Zeile 1\nZeile 2\t\x01 ünd ß",
    },
    "errors": [{"message": "Größe", "extensions": {"code": "BAD_USER_INPUT", "limit": 500}}],
}


def _stdlib(data: object) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def test_the_encoding_is_byte_for_byte_the_standard_librarys() -> None:
    assert _encode(ANSWER) == _stdlib(ANSWER)


def test_umlauts_stay_utf8_and_nothing_is_padded() -> None:
    body = _encode(ANSWER)

    assert "Müden".encode() in body
    assert b"\\u00fc" not in body
    assert b", " not in body and b'": ' not in body


def test_small_floats_keep_their_value() -> None:
    data = {"betweenness": [1e-7, 3.5e-12, 123456.789]}

    assert json.loads(_encode(data)) == data
