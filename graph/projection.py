"""The stored landscape as a networkx graph: the input of every analysis.

Two streaming statements read the whole graph, one for nodes and one for relationships,
and build the *typed graph* that ``graph.analysis`` works on: an ``nx.MultiDiGraph`` keyed
``"<Label>:<id>"``, node attributes ``label``, ``id`` and the stored properties, edges in
their stored direction keyed by relationship type with ``type`` and the relationship
properties the analyses read (``RELATIONSHIP_PROPERTIES``, and ``source`` of the
``SOURCED_RELATIONSHIPS``) as attributes. Bookkeeping nodes (``_Meta``, ``Token``) are left
out.

Why only some relationship properties: reading ``properties(r)`` for every relationship
(each carries ``source`` and ``updatedAt``) made the projection three times slower on the
synthetic 10k landscape than a map projection of the few that matter.

Why a relationship's properties come as a list of values in a fixed order
(``READ_PROPERTIES``), not as a map: most are null, and a map sends every key's name with
every row. At 100,000 nodes (646,327 relationships) the statement took 8.9 to 10.1 s as
maps and 4.7 to 5.7 s as lists (side by side on the bench database).

Why a relationship's properties are looked up only for the types that can hold one
(``PROPERTIED_RELATIONSHIPS``, from the contract): most relationships (``ADDRESSES``,
``OFFERS``, ``LOCATED_IN`` ...) have none, and nine property lookups for each of them were
a third of the statement. Why ``updatedAt`` strings are memoised: a load writes one time
stamp for all its nodes (two distinct ones among the bench's 100,587). The projection at
100,000 nodes, side by side in one process: 15.3 to 16.0 s before, 10.6 to 11.3 s after,
the same typed graph.

Why each statement returns its rows collected into one list: the driver receives a record
at a time, and on this project's machines that costs about 35 microseconds a record, far
more than Neo4j's work. On the 10,000-actor landscape (26,505 nodes, 169,811
relationships) the relationships took 6.6 s as records and 0.27 s as one collected list
(measured side by side on the bench database; ``python -m bench analysis`` reports the
projection's time per size).

Why the typed graph's relationships cannot be changed: equal relationship values are held
once and shared (:func:`add_relationships`; the typed graph of 100,000 nodes took 671 MB
before, 303 MB after). Nothing changes a projection after it is built (each revision gets a
new one); an analysis that needs to change it works on ``typed.copy()``.

Temporal values become ISO strings so the result can be written to GraphML or JSON as it is.
Every node's ``updatedAt`` comes as three integers (:func:`iso_instant` writes the string the
driver's ``DateTime.iso_format()`` would): the driver builds a Python object per date-time,
and at 100,000 nodes that took about 7 of the nodes statement's 9 s. The projection took
24.0 to 26.5 s there before, 14.5 to 17.5 s after (side by side on the bench database).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import neo4j
import networkx as nx
from neo4j.time import Date, DateTime

from domain.registry import RELATIONSHIP_SECTIONS
from graph.memory import collector_paused
from graph.readonly import ReadOnlyDict
from graph.revision import REVISION_READ

EPOCH = datetime(1970, 1, 1)

HIDDEN_LABELS = ["_Meta", "Token", "Change"]
"""Bookkeeping labels: the revision, tokens and the change history are not the network."""

NODES = """
MATCH (n)
WHERE n.id IS NOT NULL AND none(label IN labels(n) WHERE label IN $hidden)
WITH n, n.updatedAt IS :: ZONED DATETIME NOT NULL AS stamped
RETURN collect([
  labels(n)[0],
  n {.*, updatedAt: CASE WHEN stamped THEN null ELSE n.updatedAt END},
  CASE WHEN stamped
    THEN [n.updatedAt.epochSeconds, n.updatedAt.nanosecond, n.updatedAt.offsetSeconds] END
]) AS rows
"""

RELATIONSHIP_PROPERTIES = ("role", "since", "until", "kind", "program", "count", "year", "share")

SOURCED_RELATIONSHIPS = ["RESIDES_IN", "SPOKEN_IN"]
"""Relationships whose ``source`` the analyses read: the residents counts and language shares
behind the need figures, so that a result can say when they are example data."""

READ_PROPERTIES = (*RELATIONSHIP_PROPERTIES, "source")
"""The values after the two ends and the type in each relationship row, in this order."""

PROPERTIED_RELATIONSHIPS = sorted(
    {
        section.rel_type
        for section in RELATIONSHIP_SECTIONS
        if {alias for _, alias in section.property_fields} & set(RELATIONSHIP_PROPERTIES)
    }
    | set(SOURCED_RELATIONSHIPS)
)
"""The relationship types that can hold a property the analyses read (the contract's):
only theirs are looked up, the others (``ADDRESSES``, ``OFFERS`` ...) send none."""

RELATIONSHIPS = (
    "MATCH (a)-[r]->(b) WITH a, r, b, type(r) AS t "
    "RETURN collect([labels(a)[0] + ':' + a.id, t, labels(b)[0] + ':' + b.id, "
    "CASE WHEN t IN $propertied THEN ["
    f"{', '.join('r.' + name for name in RELATIONSHIP_PROPERTIES)}, "
    "CASE WHEN t IN $sourced THEN r.source END] END]) AS rows"
)


NO_PROPERTIES: dict[str, Any] = {}


def _read_properties(stored: list[Any]) -> dict[str, Any]:
    """A relationship's read properties by name, from its row's values (absent ones left out)."""
    return {k: plain(v) for k, v in zip(READ_PROPERTIES, stored, strict=True) if v is not None}


def plain(value: Any) -> Any:
    """Neo4j values as plain Python: dates and date-times as ISO strings."""
    if isinstance(value, Date | DateTime):
        return value.iso_format()
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


@lru_cache(maxsize=4096)
def iso_instant(epoch_seconds: int, nanosecond: int, offset_seconds: int) -> str:
    """A zoned date-time as the driver's ``DateTime.iso_format()`` writes it, from the parts
    Neo4j sends as plain integers.

    >>> iso_instant(1796600133, 559045000, 0)
    '2026-12-06T23:35:33.559045000+00:00'
    >>> iso_instant(-1, 1, -19800)
    '1969-12-31T18:29:59.000000001-05:30'
    """
    local = EPOCH + timedelta(seconds=epoch_seconds + offset_seconds)
    sign = "-" if offset_seconds < 0 else "+"
    hours, rest = divmod(abs(offset_seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    offset = f"{sign}{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")
    return f"{local:%Y-%m-%dT%H:%M:%S}.{nanosecond:09d}{offset}"


def add_relationships(typed: nx.MultiDiGraph, rows: Iterable[list[Any]]) -> None:
    """Add the relationship rows (source key, type, target key, read values) to ``typed``
    as ``add_edge(source, target, key=type, type=type, **properties)`` would, with equal
    values held once.

    Why: a multigraph holds two dicts per relationship (its data, and the dict of a pair's
    edges by key), and nearly all are equal: ``{"OFFERS": {"type": "OFFERS"}}``. Here every
    distinct data value is one :class:`~graph.readonly.ReadOnlyDict`, and so is every
    distinct pair dict of one edge; a pair with several relationship types gets a dict of
    its own. The ends are the node keys themselves, not the equal strings each row brings.
    At 100,000 nodes (646,327 relationships) the typed graph held 671 MB before and 303 MB
    after, built in 11.6 to 12.5 s before and 10.2 to 10.9 s after (the whole projection,
    alternating, on the bench database), with the same nodes, edges, data and order.
    A row with an end that is not a node (a bookkeeping node's, or one without an id) is
    left out.

    >>> typed = nx.MultiDiGraph()
    >>> typed.add_nodes_from("abc")
    >>> add_relationships(typed, [["a", "OFFERS", "b", None], ["c", "OFFERS", "b", None]])
    >>> list(typed.edges(keys=True, data=True))
    [('a', 'b', 'OFFERS', {'type': 'OFFERS'}), ('c', 'b', 'OFFERS', {'type': 'OFFERS'})]
    >>> typed.edges["a", "b", "OFFERS"] is typed.edges["c", "b", "OFFERS"]
    True
    """
    nodes = {key: key for key in typed._node}
    succ, pred = typed._succ, typed._pred
    values: dict[tuple[Any, ...], ReadOnlyDict] = {}
    pairs: dict[int, ReadOnlyDict] = {}  # the dict of a pair with one edge, by id of its data
    for source, kind, target, stored in rows:
        u, v = nodes.get(source), nodes.get(target)
        if u is None or v is None:
            continue
        props = NO_PROPERTIES if stored is None else _read_properties(stored)
        data = _shared(values, kind, props)
        keyed = succ[u].get(v)
        if keyed is None:
            keyed = pairs.get(id(data))
            if keyed is None:
                keyed = pairs[id(data)] = ReadOnlyDict({kind: data})
        else:  # a second relationship of the pair (of the same type: its values win)
            merged = ReadOnlyDict({**keyed.get(kind, NO_PROPERTIES), **data})
            keyed = ReadOnlyDict({**keyed, kind: merged})
        succ[u][v] = pred[v][u] = keyed


def _shared(
    values: dict[tuple[Any, ...], ReadOnlyDict], kind: str, props: dict[str, Any]
) -> ReadOnlyDict:
    """The one value of a relationship's data (a new one where a value cannot be hashed)."""
    key = (kind, *props.items())
    try:
        found = values.get(key)
    except TypeError:  # a list property: not shared
        return ReadOnlyDict(type=kind, **props)
    if found is None:
        found = values[key] = ReadOnlyDict(type=kind, **props)
    return found


def project(driver: neo4j.Driver, database: str) -> nx.MultiDiGraph:
    """Read the stored graph into a typed networkx graph, in one read transaction."""
    return project_with_revision(driver, database)[1]


def project_with_revision(driver: neo4j.Driver, database: str) -> tuple[int, nx.MultiDiGraph]:
    """The graph revision and the typed graph, read in ONE transaction: the number belongs
    to exactly the graph that was read, even while writes go on."""
    typed = nx.MultiDiGraph()
    revision = 0

    def read(tx: neo4j.ManagedTransaction) -> None:
        nonlocal revision
        revision = int(tx.run(REVISION_READ).single(strict=True)["value"])
        rows = tx.run(NODES, hidden=HIDDEN_LABELS).single(strict=True)["rows"]
        for label, stored, stamp in rows:
            props = {key: plain(value) for key, value in stored.items() if value is not None}
            if stamp is not None:
                props["updatedAt"] = iso_instant(*stamp)
            typed.add_node(f"{label}:{props['id']}", label=label, **props)
        rows = tx.run(
            RELATIONSHIPS, sourced=SOURCED_RELATIONSHIPS, propertied=PROPERTIED_RELATIONSHIPS
        ).single(strict=True)["rows"]
        add_relationships(typed, rows)

    # A property no relationship has yet (``until``) is not an error: silence the notice.
    # The rows and the graph are kept, not garbage: no cycle collection while they grow.
    with (
        driver.session(
            database=database,
            default_access_mode=neo4j.READ_ACCESS,
            notifications_min_severity="OFF",
        ) as session,
        collector_paused(),
    ):
        session.execute_read(read)
    return revision, typed
