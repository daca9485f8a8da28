"""Read the graph back into a ``Landscape``: the first half of an export.

Only what the data contract describes is read: registry labels, their model's properties
(``updatedAt`` is the writer's, not the data's), and registry relationship kinds. Node
links come back as the reference fields of their owner record, sorted by id; relationship
sections come back as records. Every record is validated with its model again, so an export
always loads again, and anything off-contract that another writer put into the graph is
reported rather than exported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import neo4j
from pydantic import ValidationError

from domain.landscape import Landscape
from domain.model import Record
from domain.problems import LoadError, Origin, Problem
from domain.registry import NODE_SECTIONS, RELATIONSHIP_SECTIONS
from graph.store.kinds import link_kinds, section_kinds


class ExportError(LoadError):
    """The graph holds data the contract does not allow; the problems say which."""


def _native(value: Any) -> Any:
    """Neo4j temporal values -> Python (``neo4j.time.Date`` -> ``datetime.date``)."""
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def _contract_properties(props: dict[str, Any], aliases: frozenset[str]) -> dict[str, Any]:
    """The properties the contract knows, as Python values (``updatedAt`` and anything
    another writer added are left out)."""
    return {k: _native(v) for k, v in props.items() if k in aliases and v is not None}


def _read_nodes(tx: neo4j.ManagedTransaction) -> dict[str, dict[str, dict[str, Any]]]:
    """``section -> id -> data`` with properties under their aliases."""
    nodes: dict[str, dict[str, dict[str, Any]]] = {}
    for section in NODE_SECTIONS:
        aliases = frozenset(alias for _, alias in section.property_fields)
        data: dict[str, dict[str, Any]] = {}
        for record in tx.run(f"MATCH (n:{section.label}) RETURN properties(n) AS props"):
            props = _contract_properties(record["props"], aliases)
            data[str(props["id"])] = props
        nodes[section.name] = data
    return nodes


def _read_links(tx: neo4j.ManagedTransaction, nodes: dict[str, dict[str, dict[str, Any]]]) -> None:
    """Put every node link back into its owner's reference field."""
    for kind in link_kinds():
        owner, other = ("a", "b") if kind.owner_is_start else ("b", "a")
        query = (
            f"MATCH (a:{kind.kind.start.label})-[:{kind.kind.rel_type}]->(b:{kind.kind.end.label}) "
            f"RETURN {owner}.id AS owner, {other}.id AS target"
        )
        targets: dict[str, list[str]] = defaultdict(list)
        for record in tx.run(query):
            targets[record["owner"]].append(record["target"])
        alias = kind.section.alias(kind.link.attribute)
        records = nodes[kind.section.name]
        for owner_id, ids in targets.items():
            if owner_id not in records:
                continue
            ids.sort()
            records[owner_id][alias] = ids if kind.link.many else ids[0]
            if not kind.link.many and len(ids) > 1:
                records[owner_id][alias] = ids  # reported by validation as a list


def _read_relationships(tx: neo4j.ManagedTransaction) -> dict[str, list[dict[str, Any]]]:
    result: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for kind in section_kinds():
        section = kind.section
        aliases = frozenset(alias for _, alias in section.property_fields)
        start, end = kind.kind.start.label, kind.kind.end.label
        query = (
            f"MATCH (a:{start})-[r:{kind.kind.rel_type}]->(b:{end}) "
            "RETURN a.id AS start, b.id AS end, properties(r) AS props"
        )
        start_alias = section.alias(kind.start_attribute)
        end_alias = section.alias(section.end.attribute)
        for record in tx.run(query):
            data = _contract_properties(record["props"], aliases)
            data[start_alias] = record["start"]
            data[end_alias] = record["end"]
            result[section.name].append(data)
    return result


def _validated(
    section: str,
    label: str,
    rows: Iterable[dict[str, Any]],
    model: type[Record],
    problems: list[Problem],
) -> list[Record]:
    records = []
    for index, data in enumerate(rows, start=1):
        try:
            records.append(model.model_validate(data))
        except ValidationError as exc:
            what = data.get("id") or f"#{index}"
            origin = Origin(f"graph ({label} {what})")
            for error in exc.errors(include_url=False):
                field = ".".join(str(p) for p in error.get("loc", ()))
                problems.append(Problem(origin, field, str(error.get("msg")), section))
    return records


def _relationship_sort_key(data: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(data.get(k, "")) for k in sorted(data))


def read_landscape(driver: neo4j.Driver, *, database: str = "neo4j") -> Landscape:
    """Everything in the graph that the data contract describes, as a ``Landscape``."""
    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        return session.execute_read(read_landscape_in)


def read_landscape_in(tx: neo4j.ManagedTransaction) -> Landscape:
    """``read_landscape`` inside a transaction of the caller's (a backup reads the tokens in
    the same one)."""
    nodes = _read_nodes(tx)
    _read_links(tx, nodes)
    relationships = _read_relationships(tx)
    problems: list[Problem] = []
    records: dict[str, list[Record]] = {}
    for section in NODE_SECTIONS:
        rows = [nodes[section.name][key] for key in sorted(nodes[section.name])]
        records[section.name] = _validated(
            section.name, section.label, rows, section.model, problems
        )
    for rel_section in RELATIONSHIP_SECTIONS:
        rows = sorted(relationships[rel_section.name], key=_relationship_sort_key)
        records[rel_section.name] = _validated(
            rel_section.name, rel_section.rel_type, rows, rel_section.model, problems
        )
    if problems:
        raise ExportError(problems)
    return Landscape.of(records)


def municipalities(driver: neo4j.Driver, *, database: str = "neo4j") -> list[tuple[str, str, Any]]:
    """``(id, name, ags)`` of every municipality: what an imported service area (HSDS) is
    matched to, since a service directory names places but does not define them."""
    records, _, _ = driver.execute_query(
        "MATCH (m:Municipality) RETURN m.id AS id, m.name AS name, m.ags AS ags ORDER BY m.id",
        database_=database,
        routing_=neo4j.RoutingControl.READ,
    )
    return [(r["id"], r["name"], r["ags"]) for r in records]
