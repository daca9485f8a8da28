"""Full-text search over names, titles and descriptions (index ``landscape_search``).

The index uses Lucene's German analyzer: lower case, umlauts folded (``ü``/``ue`` -> ``u``),
light stemming. The user's text is never passed to Lucene's query parser as written (its
syntax would turn ``"``, ``(`` or ``AND`` into operators or errors): it is cut into word
tokens, each token searched as a word (analysed, so ``Müden``, ``Mueden`` and ``muden``
agree) and, from three letters on, as a prefix (``Sprach`` finds ``Sprachcafé``). Tokens are
ORed and Lucene ranks documents that match more of them higher.
"""

from __future__ import annotations

import re

from graph.migrations import FULLTEXT_INDEX
from graph.queries.catalog import NODE_KINDS, projection
from graph.queries.statement import Statement

_TOKEN = re.compile(r"\w+", re.UNICODE)
MIN_PREFIX = 3
MAX_TOKENS = 12
MAX_WORD_LENGTH = 100
"""Longer words are refused: Lucene cannot build the automaton of a 1,000-letter prefix."""


def overlong_word(text: str) -> str | None:
    """The first searched word longer than ``MAX_WORD_LENGTH``, or None."""
    tokens: list[str] = _TOKEN.findall(text.lower())[:MAX_TOKENS]
    return next((token for token in tokens if len(token) > MAX_WORD_LENGTH), None)


def lucene_query(text: str) -> str:
    """The Lucene query for ``text``: only word characters survive; empty when none do."""
    clauses: list[str] = []
    for token in _TOKEN.findall(text.lower())[:MAX_TOKENS]:
        token = token.replace("_", " ").strip()
        if not token:
            continue
        clauses.append(f"{token}^2")
        if len(token) >= MIN_PREFIX and " " not in token:
            clauses.append(f"{token}*")
    return " ".join(clauses)


def search(
    text: str, labels: list[str], first: int, props: frozenset[str] | None = None
) -> Statement:
    """Up to ``first`` hits of the given labels, best first, as one row ``hits``.

    Each hit is ``{node, labels, score}``; ``props`` are the node properties to return (None:
    all), and always each kind's title (a hit says its name whatever was selected).
    """
    kinds = tuple(NODE_KINDS[label] for label in labels)
    if props is not None:
        props = props | {kind.title for kind in kinds}
    return Statement(
        "CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score "
        "WITH node, score, labels(node) AS labels "
        "WHERE any(label IN labels WHERE label IN $labels) "
        f"WITH {projection(kinds, 'node', props)} AS node, labels, score "
        "ORDER BY score DESC, node.id LIMIT $first "
        "RETURN collect({node: node, labels: labels, score: score}) AS hits",
        {"index": FULLTEXT_INDEX, "query": lucene_query(text), "labels": labels, "first": first},
    )
