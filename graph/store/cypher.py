"""The Cypher of a load: batch MERGE statements that also tell what they changed.

Labels and relationship types are spliced into the text only from ``RelationshipKind``/label values
that come from the registry (checked against a strict pattern here as well); every value
from a file travels as a parameter.

"Unchanged" has one meaning everywhere: the stored properties, apart from ``updatedAt`` (and
a node's other bookkeeping, ``domain.contract.BOOKKEEPING``), equal the record's properties
exactly (same keys, same values). Such a node or relationship is not written at all, so its
``updatedAt`` keeps the time of its last real change and a node its ``version``.

A node's ``version`` is 1 when it is created and grows by one with every write that changes
it; a load that changes a node also appends a short entry (the fields it changed, without
their values) to the node's ``recentChanges`` (see ``graph.mutations.versions``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from domain.contract import BOOKKEEPING, VERSION, RelationshipKind

KEY_SEPARATOR = "|"
"""Joins the parts of a relationship's identity into one map key, passed as ``$sep`` (ids are
slugs, so they never contain it)."""

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _name(value: str) -> str:
    if not _NAME.match(value):
        raise ValueError(f"not a valid label or type name: {value!r}")
    return value


checked_name = _name
"""A label or type name checked against the strict pattern, for statements built elsewhere."""


_OUTCOME = """
WITH {var}, {row}, CASE
  WHEN {var}.updatedAt = $now THEN 'created'
  WHEN size([k IN keys({var}) WHERE k <> 'updatedAt']) = size(keys({row}.props))
       AND all(k IN keys({row}.props) WHERE {var}[k] = {row}.props[k]) THEN 'unchanged'
  ELSE 'updated'
END AS outcome{before}
FOREACH (_ IN CASE WHEN outcome = 'updated' THEN [1] ELSE [] END |
  SET {var} = {row}.props, {var}.updatedAt = $now)
RETURN outcome, count(*) AS count{extra}"""
"""Classify and write what MERGE found. ``ON CREATE`` stamps new entities with ``$now``, the
load's own timestamp, which no entity that existed before can carry; so the stamp tells
created from matched without a second look-up. Matched entities are rewritten only if a
property differs."""


_KEPT = "[" + ", ".join(f"'{name}'" for name in BOOKKEEPING) + "]"
"""The bookkeeping property names as a Cypher list literal (constants, never input)."""

RECENT_CHANGES = 20
"""How many change entries a node keeps in ``recentChanges``."""

_NODE_OUTCOME = f"""
WITH n, row, CASE
  WHEN n.updatedAt = $now THEN 'created'
  WHEN size([k IN keys(n) WHERE NOT k IN {_KEPT}]) = size(keys(row.props))
       AND all(k IN keys(row.props) WHERE n[k] = row.props[k]) THEN 'unchanged'
  ELSE 'updated'
END AS outcome
WITH n, row, outcome, CASE WHEN outcome = 'updated' THEN properties(n) END AS before
CALL (n, row, outcome) {{
  WITH n, row, outcome WHERE outcome = 'updated'
  WITH n, row, coalesce(n.{VERSION}, 1) + 1 AS version,
       [k IN keys(row.props) WHERE n[k] IS NULL OR n[k] <> row.props[k]]
       + [k IN keys(n) WHERE NOT k IN {_KEPT} AND row.props[k] IS NULL] AS fields
  WITH n, row, version, row.props AS props,
       '{{"version": ' + toString(version) + ', "at": "' + toString($now)
       + '", "author": "Import", "action": "load", "fields": ['
       + reduce(s = '', f IN fields | s + CASE s WHEN '' THEN '' ELSE ', ' END
                + '{{"field": "' + f + '"}}')
       + ']}}' AS entry
  SET n = props {{.*, updatedAt: $now, {VERSION}: version, verifiedAt: n.verifiedAt,
                 verifiedBy: n.verifiedBy,
                 recentChanges: (coalesce(n.recentChanges, []) + [entry])[-{RECENT_CHANGES}..]}}
}}
RETURN outcome, count(*) AS count,
  collect(CASE WHEN outcome <> 'created' THEN row.id END) AS existing,
  collect(CASE WHEN outcome = 'updated' THEN {{id: row.id, before: before}} END) AS updates"""
"""Classify and write what MERGE found, as ``_OUTCOME`` does, keeping the bookkeeping: a
changed node gets ``version`` + 1 and an entry in ``recentChanges`` naming the fields the
load changed (property names are identifiers, so the JSON needs no escaping; the values are
not kept). Its ``fieldSources`` go: the file is now the source of every field. ``updates``
holds each updated node's properties before the load, for the change history."""


def merge_nodes(label: str) -> str:
    """MERGE a batch of nodes: ``$rows`` = ``[{id, props}]``, ``props`` includes ``id``.

    Returns one row per outcome (created / updated / unchanged) with its count, and the ids
    of the nodes that existed before (whose old links may need removing).
    """
    label = _name(label)
    return (
        "UNWIND $rows AS row\n"
        f"MERGE (n:{label} {{id: row.id}})\n"
        f"ON CREATE SET n = row.props, n.updatedAt = $now, n.{VERSION} = 1" + _NODE_OUTCOME
    )


def ids_by_name(label: str, title_field: str) -> str:
    """``{name, ids}`` of the nodes whose name/title is in ``$names`` (all if it is empty)."""
    label, title = _name(label), _name(title_field)
    return (
        f"MATCH (n:{label}) WHERE size($names) = 0 OR n.{title} IN $names\n"
        f"RETURN n.{title} AS name, collect(n.id) AS ids"
    )


def node_changes(label: str) -> str:
    """Nodes of a batch that exist with another ``source`` or with properties the record
    lacks (a load would drop them): ``[{id, before, after, dropped}]``."""
    label = _name(label)
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (n:{label} {{id: row.id}})\n"
        f"WITH n, row, [k IN keys(n) WHERE NOT k IN {_KEPT} AND NOT k IN keys(row.props)]"
        " AS dropped\n"
        "WHERE n.source <> row.props.source OR size(dropped) > 0\n"
        "RETURN n.id AS id, n.source AS before, row.props.source AS after, dropped"
    )


def _key_map(kind: RelationshipKind, source: str) -> str:
    return ", ".join(f"{_name(p)}: {source}.{p}" for p in kind.key_properties)


def merge_relationships(kind: RelationshipKind) -> str:
    """MERGE a batch of relationships: ``$rows`` = ``[{start, end, props}]``.

    Both ends must exist (the loader has checked); the caller compares the returned counts
    with the rows it sent, so a missing end can never drop a row silently.
    """
    start, rel, end = _name(kind.start.label), _name(kind.rel_type), _name(kind.end.label)
    keys = _key_map(kind, "row.props")
    key_pattern = f" {{{keys}}}" if keys else ""
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{start} {{id: row.start}})\n"
        f"MATCH (b:{end} {{id: row.end}})\n"
        f"MERGE (a)-[r:{rel}{key_pattern}]->(b)\n"
        "ON CREATE SET r = row.props, r.updatedAt = $now"
        + _OUTCOME.format(var="r", row="row", before="", extra="")
    )


def merge_relationship_groups(kind: RelationshipKind, *, anchor_is_start: bool) -> str:
    """MERGE relationships grouped by a shared end: ``$rows`` = ``[{anchor, rels: [{other,
    props}]}]``; returns outcomes and counts like ``merge_relationships``."""
    start, rel, end = _name(kind.start.label), _name(kind.rel_type), _name(kind.end.label)
    anchor_label, other_label = (start, end) if anchor_is_start else (end, start)
    keys = _key_map(kind, "rel.props")
    key_pattern = f" {{{keys}}}" if keys else ""
    pattern = (
        f"(a)-[r:{rel}{key_pattern}]->(b)"
        if anchor_is_start
        else f"(b)-[r:{rel}{key_pattern}]->(a)"
    )
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{anchor_label} {{id: row.anchor}})\n"
        "WITH a, row\n"
        "UNWIND row.rels AS rel\n"
        f"MATCH (b:{other_label} {{id: rel.other}})\n"
        f"MERGE {pattern}\n"
        "ON CREATE SET r = rel.props, r.updatedAt = $now"
        + _OUTCOME.format(var="r", row="rel", before="", extra="")
    )


def create_relationship_groups(
    kind: RelationshipKind, properties: Sequence[str], *, anchor_is_start: bool
) -> str:
    """CREATE relationships that cannot exist yet, grouped by a shared end node.

    ``$rows`` = ``[{anchor, rels: [{other, props}]}]``: one index seek finds the anchor of
    a whole group, one more each other end. Only for relationships with an end node created
    in the same transaction, which cannot be in the graph yet, so MERGE's check would be
    wasted. The property map is spelled out (faster than ``SET r = map``); a missing value
    is null and simply not stored.
    """
    start, rel, end = _name(kind.start.label), _name(kind.rel_type), _name(kind.end.label)
    anchor_label, other_label = (start, end) if anchor_is_start else (end, start)
    values = ", ".join(f"{_name(p)}: rel.props.{_name(p)}" for p in properties)
    props = f"{{{values}{', ' if values else ''}updatedAt: $now}}"
    pattern = f"(a)-[r:{rel} {props}]->(b)" if anchor_is_start else f"(b)-[r:{rel} {props}]->(a)"
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (a:{anchor_label} {{id: row.anchor}})\n"
        "UNWIND row.rels AS rel\n"
        f"MATCH (b:{other_label} {{id: rel.other}})\n"
        f"CREATE {pattern}\n"
        "RETURN 'created' AS outcome, count(*) AS count"
    )


def delete_unlisted_links(kind: RelationshipKind, *, owner_is_start: bool) -> str:
    """Delete the links a node record no longer lists: ``$rows`` = ``[{id, targets}]``.

    A node record owns its reference fields: when ``activeIn`` loses a municipality, the
    ``ACTIVE_IN`` relationship goes, just as a removed property does.
    """
    start, rel, end = _name(kind.start.label), _name(kind.rel_type), _name(kind.end.label)
    # The far end's label is tested as an expression, not a label predicate: given a label
    # to start from, the planner scans all municipalities (or actors) for every row instead
    # of expanding from the one owner node.
    if owner_is_start:
        owner, pattern, other = start, f"-[r:{rel}]->", end
    else:
        owner, pattern, other = end, f"<-[r:{rel}]-", start
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (n:{owner} {{id: row.id}})\n"
        "WITH n, row\n"
        f"MATCH (n){pattern}(m)\n"
        f"WHERE NOT m.id IN row.targets AND '{other}' IN labels(m)\n"
        "DELETE r\n"
        "RETURN count(r) AS count"
    )


def changed_links(kind: RelationshipKind, *, owner_is_start: bool) -> str:
    """Which owners of ``$rows`` = ``[{id, targets}]`` store other links of this kind than
    their record lists (as sets): their reference field changes, so their version does."""
    start, rel, end = _name(kind.start.label), _name(kind.rel_type), _name(kind.end.label)
    if owner_is_start:
        owner, pattern, other = start, f"-[:{rel}]->", end
    else:
        owner, pattern, other = end, f"<-[:{rel}]-", start
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (n:{owner} {{id: row.id}})\n"
        f"WITH row, [(n){pattern}(m) WHERE '{other}' IN labels(m) | m.id] AS stored\n"
        "WHERE any(t IN stored WHERE NOT t IN row.targets)\n"
        "   OR any(t IN row.targets WHERE NOT t IN stored)\n"
        "RETURN collect(row.id) AS changed"
    )


def bump_versions(label: str) -> str:
    """Version + 1 for ``$rows`` = ``[{id, fields}]`` whose links a load changed, unless the
    load already changed (or created) the node itself (``updatedAt = $now``)."""
    label = _name(label)
    return (
        "UNWIND $rows AS row\n"
        f"MATCH (n:{label} {{id: row.id}}) WHERE n.updatedAt IS NULL OR n.updatedAt <> $now\n"
        f"WITH n, row, coalesce(n.{VERSION}, 1) + 1 AS version\n"
        f"SET n.{VERSION} = version, n.recentChanges = (coalesce(n.recentChanges, []) + "
        '[\'{"version": \' + toString(version) + \', "at": "\' + toString($now) + '
        '\'", "author": "Import", "action": "load", "fields": [\' + '
        "reduce(s = '', f IN row.fields | s + CASE s WHEN '' THEN '' ELSE ', ' END + "
        "'{\"field\": \"' + f + '\"}') + ']}'])"
        f"[-{RECENT_CHANGES}..]\n"
        "RETURN count(n) AS count"
    )


def relationship_key_expression(kind: RelationshipKind, start: str, end: str, rel: str) -> str:
    """The Cypher expression for a relationship's identity, matching ``relationship_key``."""
    parts = [f"{start}.id", f"{end}.id"]
    parts += [f"toString({rel}.{_name(p)})" for p in kind.key_properties]
    return " + $sep + ".join(parts)


def delete_stale_relationships(kind: RelationshipKind) -> str:
    """Delete every relationship of a kind whose identity is not in ``$keep`` (a map whose
    keys are ``relationship_key`` strings joined by ``$sep``)."""
    start, rel, end = _name(kind.start.label), _name(kind.rel_type), _name(kind.end.label)
    key = relationship_key_expression(kind, "a", "b", "r")
    return (
        f"MATCH (a:{start})-[r:{rel}]->(b:{end})\n"
        f"WHERE $keep[{key}] IS NULL\n"
        "DELETE r\n"
        "RETURN count(r) AS count"
    )


def delete_stale_nodes(label: str) -> str:
    """Delete every node of a label whose id is not in ``$keep`` (a map), with its
    relationships."""
    label = _name(label)
    return (
        f"MATCH (n:{label})\nWHERE $keep[n.id] IS NULL\nWITH n, properties(n) AS props\n"
        "DETACH DELETE n\nRETURN count(*) AS count, collect(props) AS deleted"
    )


def missing_ids(label: str) -> str:
    """Which of ``$ids`` have no node of ``label``."""
    label = _name(label)
    return (
        "UNWIND $ids AS id\n"
        f"OPTIONAL MATCH (n:{label} {{id: id}})\n"
        "WITH id, n WHERE n IS NULL\n"
        "RETURN collect(id) AS missing"
    )


def existing_ids(label: str) -> str:
    """Which of ``$ids`` have a node of ``label``."""
    label = _name(label)
    return f"UNWIND $ids AS id\nMATCH (n:{label} {{id: id}})\nRETURN collect(id) AS found"
