"""Create, update and delete one node with its reference fields.

A node record owns its reference fields, as in a load: ``activeIn: [a, b]`` on an update
makes exactly ``a`` and ``b`` the municipalities the actor is active in. Reference fields
that an update does not mention stay as they are.

Delete rule (also in the schema's descriptions and the README):

- the node goes with all of its relationships (memberships, cooperations, links, fundings,
  participations): they are facts about the node and mean nothing without it;
- but a delete that would leave other nodes without what they need is refused with
  ``HAS_DEPENDENTS`` listing them: an actor that is the only provider of offerings, a working
  group that still has members or measures;
- ``cascade: true`` (role admin) deletes anyway: with the actor, the offerings it alone
  provides (and their relationships); with the working group, its memberships (its
  measures stay, without a working group).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import neo4j

from domain.errors import ErrorCode, Refusal
from domain.model import NodeRecord
from domain.registry import NODE_SECTION, NodeSection
from graph.history import values
from graph.history.journal import Entry, Rel, diff, note
from graph.mutations import versions
from graph.mutations.common import links_of, require, run, target_label
from graph.mutations.versions import Editor
from graph.store import cypher
from graph.store.kinds import LinkKind, all_rel_kinds, link_kinds
from graph.store.rows import link_rows, node_rows, owned_targets


@dataclass(frozen=True)
class DependentRule:
    """Nodes or relationships that keep a node from being deleted without ``cascade``."""

    kind: str
    query: str
    """Returns ``id`` rows: the dependents of ``(n {id: $id})``."""
    cascade: str | None
    """Deletes the dependent nodes (``$ids``) on cascade; None: they go with the node."""


DEPENDENTS: dict[str, tuple[DependentRule, ...]] = {
    "Actor": (
        DependentRule(
            "Offering",
            "MATCH (n:Actor {id: $id})-[:OFFERS]->(o:Offering) "
            "WHERE NOT EXISTS { MATCH (o)<-[:OFFERS]-(p:Actor) WHERE p <> n } "
            "RETURN o.id AS id ORDER BY id",
            "MATCH (o:Offering) WHERE o.id IN $ids "
            "OPTIONAL MATCH (o)-[r]-() WITH o, count(r) AS rels DETACH DELETE o "
            "RETURN sum(rels) AS rels",
        ),
    ),
    "WorkingGroup": (
        DependentRule(
            "Membership",
            "MATCH (a:Actor)-[:MEMBER_OF]->(:WorkingGroup {id: $id}) RETURN a.id AS id ORDER BY id",
            None,
        ),
        DependentRule(
            "Measure",  # assign them to another group first; cascade leaves them without one
            "MATCH (m:Measure)-[:ASSIGNED_TO]->(:WorkingGroup {id: $id}) "
            "RETURN m.id AS id ORDER BY id",
            None,
        ),
    ),
}


@dataclass
class Deletion:
    """What a delete removed: nodes as ``(label, id)`` and the number of relationships."""

    nodes: list[tuple[str, str]] = field(default_factory=list)
    relationships: int = 0

    @classmethod
    def from_json(cls, value: Any) -> Deletion:
        """Back from its stored JSON (an idempotent retry of a delete)."""
        nodes = [(str(label), str(node_id)) for label, node_id in value["nodes"]]
        return cls(nodes=nodes, relationships=int(value["relationships"]))


def _targets(record: NodeRecord, kind: LinkKind) -> list[str]:
    value = getattr(record, kind.link.attribute)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _native(value: Any) -> Any:
    """Neo4j temporal values back to Python (``neo4j.time.Date`` -> ``datetime.date``)."""
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


async def _check_references(
    tx: neo4j.AsyncManagedTransaction,
    section: NodeSection,
    record: NodeRecord,
    only: set[str] | None = None,
) -> None:
    for kind in links_of(section):
        alias = section.alias(kind.link.attribute)
        if only is not None and alias not in only:
            continue
        targets = _targets(record, kind)
        if target_label(kind) == section.label and record.id in targets:
            raise Refusal(
                ErrorCode.BAD_USER_INPUT,
                f"{alias}: ein Knoten kann nicht auf sich selbst verweisen / a node cannot "
                f"refer to itself ('{record.id}')",
                field=f"input.{alias}",
            )
        await require(tx, target_label(kind), targets, f"input.{alias}")
    for embedded in section.embedded:
        alias = section.alias(embedded.attribute)
        if only is not None and alias not in only:
            continue
        named = sorted({target for _, target in embedded.ids(getattr(record, embedded.attribute))})
        await require(tx, NODE_SECTION[embedded.target].label, named, f"input.{alias}")


async def _write_links(
    tx: neo4j.AsyncManagedTransaction,
    section: NodeSection,
    record: NodeRecord,
    now: datetime,
    only: set[str] | None = None,
) -> bool:
    """Write the record's references (all, or the fields in ``only`` with replacement);
    return whether any relationship changed."""
    changed = False
    for kind in links_of(section):
        if only is not None and section.alias(kind.link.attribute) not in only:
            continue
        if only is not None:
            removed = await run(
                tx,
                cypher.delete_unlisted_links(kind.kind, owner_is_start=kind.owner_is_start),
                rows=owned_targets(kind, [record]),
            )
            changed = changed or bool(removed[0]["count"])
        rows = link_rows(kind, [record])
        if rows:
            outcomes = await run(tx, cypher.merge_relationships(kind.kind), rows=rows, now=now)
            changed = changed or any(r["outcome"] != "unchanged" for r in outcomes)
    return changed


async def _write_node(
    tx: neo4j.AsyncManagedTransaction, section: NodeSection, record: NodeRecord, now: datetime
) -> str:
    """MERGE the node's properties; return ``created``, ``updated`` or ``unchanged``."""
    rows = node_rows(section, [record])
    records = await run(tx, cypher.merge_nodes(section.label), rows=rows, now=now)
    return str(records[0]["outcome"])


def _comparable(section: NodeSection, values: Mapping[str, Any]) -> dict[str, Any]:
    """A record's content with list order ignored (stored references come back sorted)."""
    record = section.model.model_validate(values).model_dump(by_alias=True)
    return {k: sorted(v, key=str) if isinstance(v, list) else v for k, v in record.items()}


async def create_node(
    tx: neo4j.AsyncManagedTransaction, now: datetime, section: NodeSection, record: NodeRecord
) -> bool:
    """Create a node with its reference fields; True when created.

    Creates are idempotent by id: when the node exists with exactly this content (a retry of
    a create whose answer was lost), nothing is written and False is returned; with other
    content the id is taken: CONFLICT.
    """
    stored = await read_record(tx, section, record.id)
    if stored is not None:
        if _comparable(section, {**stored, "id": record.id}) == _comparable(
            section, record.model_dump(by_alias=True)
        ):
            return False
        raise Refusal(
            ErrorCode.CONFLICT,
            f"{section.label} '{record.id}' existiert bereits mit anderem Inhalt / exists "
            "already with different content",
            field="input.id",
        )
    await _check_references(tx, section, record)
    await _write_node(tx, section, record, now)
    await _write_links(tx, section, record, now)
    shown = shown_record(record.model_dump(by_alias=True))
    note(Entry(section.label, record.id, _name(section, shown), "created", diff({}, shown)))
    return True


def shown_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record's fields as the history shows them: no id, no empty values, dates as text."""
    return {
        key: values.shown(value)
        for key, value in record.items()
        if key != "id" and value is not None and value != []
    }


def _name(section: NodeSection, shown: Mapping[str, Any]) -> str | None:
    name = shown.get(section.title_field)
    return None if name is None else str(name)


async def read_record(
    tx: neo4j.AsyncManagedTransaction, section: NodeSection, node_id: str
) -> dict[str, Any] | None:
    """The stored node as a record dict (file names as keys), references included."""
    comprehensions = []
    for kind in links_of(section):
        rel, other = kind.kind.rel_type, target_label(kind)
        arrow = f"-[:{rel}]->" if kind.owner_is_start else f"<-[:{rel}]-"
        comprehensions.append(
            f"`{section.alias(kind.link.attribute)}`: [(n){arrow}(t:{other}) | t.id]"
        )
    query = (
        f"MATCH (n:{section.label} {{id: $id}}) "
        f"RETURN properties(n) AS props, {{{', '.join(comprehensions)}}} AS links"
    )
    records = await run(tx, query, id=node_id)
    if not records:
        return None
    props: Mapping[str, Any] = records[0]["props"]
    current = {
        alias: _native(props[alias]) for _, alias in section.property_fields if alias in props
    }
    for kind in links_of(section):
        alias = section.alias(kind.link.attribute)
        targets = sorted(records[0]["links"][alias])
        current[alias] = targets if kind.link.many else (targets[0] if targets else None)
    return current


def _fields(section: NodeSection) -> list[str]:
    """Every field of a record that an update can change, under its file name."""
    names = [alias for _, alias in section.property_fields if alias != "id"]
    return names + [section.alias(kind.link.attribute) for kind in links_of(section)]


async def _locked(
    tx: neo4j.AsyncManagedTransaction, section: NodeSection, node_id: str, expected: int | None
) -> versions.Locked:
    """The node's lock and bookkeeping; NOT_FOUND or CONFLICT (stale ``expected``)."""
    locked = await versions.lock(tx, section.label, node_id)
    if locked is None:
        raise Refusal(
            ErrorCode.NOT_FOUND,
            f"{section.label} '{node_id}' gibt es nicht / does not exist",
            field="id",
        )
    versions.check(section.label, node_id, locked, expected)
    return locked


SOURCE_ROLE = "admin"
"""Who may change the ``source`` of an existing record: it is a citation, not a label of
the last editor; an edit marks its fields in ``fieldSources`` instead."""


async def update_node(
    tx: neo4j.AsyncManagedTransaction,
    now: datetime,
    section: NodeSection,
    node_id: str,
    changes: Mapping[str, Any],
    editor: Editor | None = None,
    expected: int | None = None,
    may_change_source: bool = True,
) -> tuple[NodeRecord, bool]:
    """Apply ``changes`` (file names -> values; None clears) and validate the whole result;
    return the record and whether anything changed.

    The merged record is validated with the section's model, so a rule that spans fields
    (``until`` not before ``since``) holds after the update, not just for the changed part.
    A ``pydantic.ValidationError`` leaves this function and rolls the transaction back.

    The node is locked first; with ``expected`` (the version the caller started from) a
    node changed meanwhile is refused with CONFLICT. A change bumps ``version``, is logged
    in ``recentChanges`` and marks the changed fields in ``fieldSources``
    (``graph.mutations.versions``). ``source`` changes only when ``may_change_source``.
    """
    locked = await _locked(tx, section, node_id, expected)
    current = await read_record(tx, section, node_id)
    if current is None:  # locked above, so it exists
        raise Refusal(ErrorCode.NOT_FOUND, f"{section.label} '{node_id}'", field="id")
    source = changes.get("source")
    if source is not None and source != current.get("source") and not may_change_source:
        raise Refusal(
            ErrorCode.FORBIDDEN,
            f"Die Quelle (source) von {section.label} '{node_id}' kann nur die Rolle "
            f"{SOURCE_ROLE} ändern; Änderungen werden je Feld vermerkt / only role "
            f"{SOURCE_ROLE} may change a record's source; edits are marked per field",
            field="input.source",
            details={"requiredRole": SOURCE_ROLE},
        )
    merged = {key: value for key, value in {**current, **changes}.items() if value is not None}
    merged["id"] = node_id
    record = section.model.model_validate(merged)
    references = {section.alias(k.link.attribute) for k in links_of(section)} | {
        section.alias(e.attribute) for e in section.embedded
    }
    touched = {alias for alias in changes if alias in references}
    await _check_references(tx, section, record, only=touched)
    node_changed = await _write_node(tx, section, record, now) != "unchanged"
    links_changed = await _write_links(tx, section, record, now, only=touched)
    changed = node_changed or links_changed
    if changed:
        stored_after = record.model_dump(by_alias=True)
        before, after = shown_record(current), shown_record(stored_after)
        note(Entry(section.label, node_id, _name(section, after), "updated", diff(before, after)))
        differences = versions.differences(current, stored_after, _fields(section))
        marked = [c.field for c in differences if c.field != "source"]
        await versions.record(
            tx,
            now,
            section.label,
            node_id,
            locked,
            editor or Editor("anonym"),
            "update",
            differences,
            marked,
        )
    return record, changed


async def dependents_of(
    tx: neo4j.AsyncManagedTransaction, label: str, node_id: str
) -> list[tuple[DependentRule, list[str]]]:
    found = []
    for rule in DEPENDENTS.get(label, ()):
        ids = [str(r["id"]) for r in await run(tx, rule.query, id=node_id)]
        if ids:
            found.append((rule, ids))
    return found


async def _referrers_lose(
    tx: neo4j.AsyncManagedTransaction,
    now: datetime,
    section: NodeSection,
    node_id: str,
    editor: Editor,
) -> None:
    """Bump the records whose reference fields name the node about to go (an offering
    whose provider is deleted): their ``providers`` change without an edit of their own."""
    for kind in link_kinds():
        if target_label(kind) != section.label:
            continue
        rel, owner = kind.kind.rel_type, kind.section.label
        inward = f"<-[:{rel}]-" if kind.owner_is_start else f"-[:{rel}]->"
        outward = f"-[:{rel}]->" if kind.owner_is_start else f"<-[:{rel}]-"
        query = (
            f"MATCH (n:{section.label} {{id: $id}}){inward}(o:{owner}) WHERE o.id <> $id "
            f"RETURN o.id AS id, [(o){outward}(t:{section.label}) | t.id] AS targets ORDER BY id"
        )
        alias = kind.section.alias(kind.link.attribute)
        for record in await run(tx, query, id=node_id):
            locked = await versions.lock(tx, owner, str(record["id"]))
            if locked is None:
                continue
            before = sorted(str(t) for t in record["targets"])
            after = [t for t in before if t != node_id]
            change = (
                versions.FieldChange(alias, before, after or None)
                if kind.link.many
                else versions.FieldChange(alias, node_id, None)
            )
            await versions.record(
                tx, now, owner, str(record["id"]), locked, editor, "update", [change], [alias]
            )


async def delete_node(
    tx: neo4j.AsyncManagedTransaction,
    now: datetime,
    section: NodeSection,
    node_id: str,
    cascade: bool,
    expected: int | None = None,
    editor: Editor | None = None,
) -> Deletion:
    """Delete a node and its relationships, following the delete rule above (with
    ``expected``: only when the node is still at that version). Records whose reference
    fields named the node lose it: their versions grow."""
    await _locked(tx, section, node_id, expected)
    found = await dependents_of(tx, section.label, node_id)
    if found and not cascade:
        listed = [{"kind": rule.kind, "id": i} for rule, ids in found for i in ids]
        names = ", ".join(f"{d['kind']} {d['id']}" for d in listed)
        raise Refusal(
            ErrorCode.HAS_DEPENDENTS,
            f"{section.label} '{node_id}' wird noch gebraucht / is still needed by: {names}; "
            "remove those first or delete with cascade: true (role admin)",
            field="id",
            details={"dependents": listed},
        )
    deletion = Deletion()
    await _note_deletion(tx, section, node_id)
    for rule, ids in found:
        if rule.cascade is not None:
            for dependent in ids:
                await _note_deletion(tx, NODE_SECTION_BY_LABEL[rule.kind], dependent)
            records = await run(tx, rule.cascade, ids=ids)
            deletion.relationships += int(records[0]["rels"] or 0)
            deletion.nodes += [(rule.kind, i) for i in ids]
    await _referrers_lose(tx, now, section, node_id, editor or Editor("anonym"))
    records = await run(
        tx,
        f"MATCH (n:{section.label} {{id: $id}}) OPTIONAL MATCH (n)-[r]-() "
        "WITH n, count(r) AS rels DETACH DELETE n RETURN rels",
        id=node_id,
    )
    deletion.relationships += int(records[0]["rels"])
    deletion.nodes.insert(0, (section.label, node_id))
    return deletion


NODE_SECTION_BY_LABEL = {section.label: section for section in NODE_SECTION.values()}

SNAPSHOT = """
MATCH (n:{label} {{id: $id}})
RETURN properties(n) AS props,
  [(n)-[r]-(m) | {{type: type(r), out: startNode(r) = n, label: head(labels(m)), id: m.id,
                   props: properties(r)}}] AS rels
"""


async def _note_deletion(
    tx: neo4j.AsyncManagedTransaction, section: NodeSection, node_id: str
) -> None:
    """Note a node about to be deleted: its fields, its properties and every relationship,
    enough for a revert to bring it back as it was."""
    current = await read_record(tx, section, node_id)
    records = await run(tx, SNAPSHOT.format(label=section.label), id=node_id)
    if current is None or not records:
        return
    shown = shown_record(current)
    rels = []
    for rel in records[0]["rels"]:
        ends = (section.label, node_id, rel["label"], rel["id"])
        start_label, start, end_label, end = ends if rel["out"] else (ends[2:] + ends[:2])
        props = values.typed(rel["props"])
        keys = {k: props.get(k) for k in _key_properties(start_label, rel["type"], end_label)}
        rels.append(Rel(rel["type"], start_label, start, end_label, end, keys, props, None))
    entry = Entry(section.label, node_id, _name(section, shown), "deleted", diff(shown, {}))
    entry.node = values.typed(records[0]["props"])
    entry.relationships = rels
    note(entry)


def _key_properties(start: str, rel_type: str, end: str) -> tuple[str, ...]:
    for kind in all_rel_kinds():
        if (kind.start.label, kind.rel_type, kind.end.label) == (start, rel_type, end):
            return kind.key_properties
    return ()
