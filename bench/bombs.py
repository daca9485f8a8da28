"""The query bombs of issue 13, as requests: used by ``python -m bench bombs`` and the tests.

Each bomb is one small request that, before the hardening, stalled or exhausted the server
(times from the issue): a fragment diamond (57 s, 1.3 GB; never finishing at 60 levels), a
chain of lists with ``first: 500`` (67-72 s, 2.3 GB), 30 aliases of a deep chain (39 s,
1.5 GB), thousands of ORed conditions (30 s; 20,000 never answered).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Bomb:
    name: str
    body: bytes
    code: str
    """The error code the bomb must be refused with."""
    status: int = 200


def _post(query: str, variables: dict[str, Any] | None = None) -> bytes:
    return json.dumps({"query": query, "variables": variables or {}}).encode()


def fragment_diamond(levels: int) -> str:
    """``F0`` spreads ``F1`` twice, ``F1`` spreads ``F2`` twice, ...: 2^levels paths."""
    fragments = " ".join(
        f"fragment F{i} on Actor {{ id ...F{i + 1} ...F{i + 1} }}" for i in range(levels)
    )
    return f'{{ actor(id: "x") {{ ...F0 }} }} {fragments} fragment F{levels} on Actor {{ id }}'


def _chain(depth: int, outer: str, inner: str, arguments: str = "") -> str:
    """``outer { id inner { id outer { id ... } } }``, ``depth`` lists deep."""
    chain = "id"
    for level in range(depth):
        field = outer if (depth - 1 - level) % 2 == 0 else inner
        chain = f"{field}{arguments} {{ id {chain} }}"
    return chain


def topic_chain(depth: int, first: int) -> str:
    """``topic.offerings.topics.offerings...`` with ``first`` on every list."""
    chain = _chain(depth, "offerings", "topics", f"(first: {first})")
    return f'{{ topic(id: "sprache") {{ {chain} }} }}'


def aliased_chains(aliases: int, depth: int) -> str:
    """``offering.providers.offerings.providers...`` with default page sizes, aliased."""
    chain = _chain(depth, "providers", "offerings")
    body = " ".join(
        f'a{i}: offering(id: "kvhs-integrationskurs") {{ {chain} }}' for i in range(aliases)
    )
    return "{ " + body + " }"


FILTERED = "query($w: ActorWhere) { actors(where: $w) { totalCount } }"


def wide_or(conditions: int) -> bytes:
    where = {"OR": [{"name": {"eq": f"name-{i}"}} for i in range(conditions)]}
    return _post(FILTERED, {"w": where})


def long_in(values: int) -> bytes:
    return _post(FILTERED, {"w": {"id": {"in": [f"id-{i}" for i in range(values)]}}})


BOMBS: tuple[Bomb, ...] = (
    Bomb("fragment diamond, 20 levels", _post(fragment_diamond(20)), "QUERY_TOO_COMPLEX"),
    Bomb("fragment diamond, 60 levels", _post(fragment_diamond(60)), "QUERY_TOO_COMPLEX"),
    Bomb("first 500, depth 8", _post(topic_chain(8, 500)), "QUERY_TOO_COMPLEX"),
    Bomb("first 500, depth 10", _post(topic_chain(10, 500)), "QUERY_TOO_COMPLEX"),
    Bomb("30 aliases of a depth-6 chain", _post(aliased_chains(30, 6)), "QUERY_TOO_COMPLEX"),
    Bomb("2,000 ORed conditions", wide_or(2000), "TOO_MANY_CONDITIONS"),
    Bomb("20,000 ORed conditions", wide_or(20000), "TOO_MANY_CONDITIONS"),
    Bomb("in list of 5,000 ids", long_in(5000), "TOO_MANY_CONDITIONS"),
    Bomb("body not UTF-8", b'{"query": "\xff\xfe"}', "BAD_REQUEST", 400),
    Bomb("5,000 nested brackets", b"[" * 5000, "BAD_REQUEST", 400),
    Bomb("JSON null body", b"null", "BAD_REQUEST", 400),
)
