"""Write a validated ``Landscape`` into Neo4j: batched, idempotent, all or nothing.

One load is ONE explicit transaction. Inside it, in this order:

1. references that point outside the files are looked up; any that the graph lacks too
   abort the load (``LoadError``) before anything is written;
2. with ``replace``: relationships and nodes of the data contract that the files do not
   contain are deleted (the graph becomes exactly the files);
3. nodes, one ``UNWIND $rows ... MERGE`` statement per label and batch;
4. without ``replace``: relationships that a loaded node record no longer lists are deleted
   (a record owns its reference fields, as it owns its properties);
5. relationships, one statement per relationship kind and batch;
6. the graph revision is advanced if anything changed (analysis caches key on it).

Then the transaction commits, or, for a dry run, rolls back: a dry run therefore reports
exactly what a real load would do. Any database error rolls everything back; the graph is
exactly as before.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

from domain.bulk import paused_gc
from domain.contract import BOOKKEEPING, RelationshipKind
from domain.landscape import KnownIds, Landscape, NamesInGraph, unknown_reference_problem
from domain.problems import LoadError
from domain.registry import NODE_SECTION, NODE_SECTIONS, RELATIONSHIP_TYPES
from graph.history import store as history
from graph.history.journal import Entry, Journal, diff
from graph.history.values import shown
from graph.revision import announce, bump_revision
from graph.store import cypher
from graph.store.kinds import link_kinds, section_kinds
from graph.store.rows import (
    Row,
    grouped_batches,
    link_rows,
    node_rows,
    owned_targets,
    relationship_key,
    section_rows,
)
from graph.timeouts import stopped_by_timeout

DEFAULT_BATCH_SIZE = 5000
"""Rows per statement: large enough that round trips do not dominate, small enough that one
statement's parameters stay a few megabytes."""

Progress = Callable[[str, int], None]
"""Called after each batch with the kind written (label or type) and the rows it held, and
with ``(COMMIT_PHASE, 0)`` when the transaction starts to commit (which takes a while for a
large load, so a progress display can say so)."""

COMMIT_PHASE = "commit"


class WriteError(RuntimeError):
    """The database refused or failed the load; it was rolled back, nothing was written.

    ``timed_out``: the load ran out of its transaction time (``stopped_by_timeout``), so
    trying again later, or with a longer timeout, may succeed."""

    def __init__(self, message: str, *, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


@dataclass(frozen=True)
class RecordChange:
    """A stored record a load changes in a way its owner should hear about: it comes from
    another ``source`` (``before`` != ``after``), or the load drops fields it has."""

    label: str
    id: str
    before: str
    after: str
    dropped: tuple[str, ...] = ()

    @property
    def other_source(self) -> bool:
        return self.before != self.after


class OtherSourceError(WriteError):
    """The load would overwrite records of another source and was not allowed to."""

    def __init__(self, changes: Sequence[RecordChange]) -> None:
        self.changes = tuple(changes)
        super().__init__(
            f"the files would overwrite {len(changes)} record(s) of another source, "
            f"e.g. {describe_change(changes[0])}; nothing was written. Use other ids for "
            "new records, or --overwrite-other-sources if the files really replace them "
            "(see the list with --dry-run)"
        )


def describe_change(change: RecordChange) -> str:
    """``Actor 'kvhs': source 'article' -> 'synthetic', drops description``."""
    parts = []
    if change.other_source:
        parts.append(f"source '{change.before}' -> '{change.after}'")
    if change.dropped:
        parts.append(f"drops {', '.join(change.dropped)}")
    return f"{change.label} '{change.id}': {'; '.join(parts)}"


@dataclass
class Counts:
    """What a load did to one kind of node or relationship."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def written(self) -> int:
        """Records sent for this kind (created + updated + unchanged)."""
        return self.created + self.updated + self.unchanged

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


@dataclass
class WriteResult:
    """Per kind (node label or relationship type, in registry order) what the load did."""

    counts: dict[str, Counts]
    dry_run: bool
    replace: bool
    revision: int | None = None
    """The graph revision after the load; ``None`` if nothing was committed or changed."""
    seconds: float = 0.0
    changes: tuple[RecordChange, ...] = ()
    """Stored records of another source, or losing fields (see ``RecordChange``)."""
    change_id: str | None = None
    """The id of the ``Change`` the load recorded in the history (None: none recorded)."""

    @property
    def entities(self) -> int:
        """Nodes and relationships sent to the database."""
        return sum(c.written for c in self.counts.values())

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.counts.values())

    def total(self) -> Counts:
        total = Counts()
        for c in self.counts.values():
            total.created += c.created
            total.updated += c.updated
            total.unchanged += c.unchanged
            total.deleted += c.deleted
        return total


def empty_counts() -> dict[str, Counts]:
    """A zero entry for every label and relationship type, in registry order."""
    return {name: Counts() for name in [s.label for s in NODE_SECTIONS] + list(RELATIONSHIP_TYPES)}


def batches(rows: Sequence[Row], size: int) -> Iterator[Sequence[Row]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


@dataclass
class _Load:
    """The state of one load inside its transaction."""

    tx: neo4j.Transaction
    batch_size: int
    now: datetime
    progress: Progress | None
    counts: dict[str, Counts] = field(default_factory=empty_counts)
    journal: Journal = field(default_factory=Journal)
    """One entry per node record created, updated or deleted: the load's ``Change``."""

    def run(self, query: str, **parameters: object) -> list[neo4j.Record]:
        return list(self.tx.run(query, parameters))

    def merge(self, name: str, query: str, rows: Sequence[Row]) -> list[str]:
        """Send rows in batches; count outcomes; insist that every row was written.

        Returns the ids of nodes that existed before (node statements only), and notes
        updated nodes (with their properties before) in the journal.
        """
        counts = self.counts[name]
        existing: list[str] = []
        for batch in batches(rows, self.batch_size):
            done = 0
            for record in self.run(query, rows=batch, now=self.now):
                outcome, count = record["outcome"], record["count"]
                setattr(counts, outcome, getattr(counts, outcome) + count)
                existing.extend(record.get("existing") or ())
                if outcome == "updated":
                    self._note_updates(name, batch, record.get("updates") or ())
                done += count
            self._check(name, len(batch), done)
            if self.progress is not None:
                self.progress(name, len(batch))
        return existing

    def create_groups(
        self, kind: RelationshipKind, rows: list[Row], properties: Sequence[str]
    ) -> None:
        """CREATE new relationships, grouped by a shared end (see ``grouped_batches``)."""
        if not rows:
            return
        anchor_is_start, groups = grouped_batches(rows, self.batch_size)
        query = cypher.create_relationship_groups(kind, properties, anchor_is_start=anchor_is_start)
        counts = self.counts[kind.rel_type]
        for batch in groups:
            sent = sum(len(group["rels"]) for group in batch)
            [record] = self.run(query, rows=batch, now=self.now)
            counts.created += record["count"]
            self._check(kind.rel_type, sent, record["count"])
            if self.progress is not None:
                self.progress(kind.rel_type, sent)

    def merge_groups(self, kind: RelationshipKind, rows: list[Row]) -> None:
        """MERGE relationships between nodes that existed before, grouped by a shared end."""
        if not rows:
            return
        anchor_is_start, groups = grouped_batches(rows, self.batch_size)
        query = cypher.merge_relationship_groups(kind, anchor_is_start=anchor_is_start)
        counts = self.counts[kind.rel_type]
        for batch in groups:
            sent = sum(len(group["rels"]) for group in batch)
            done = 0
            for record in self.run(query, rows=batch, now=self.now):
                outcome, count = record["outcome"], record["count"]
                setattr(counts, outcome, getattr(counts, outcome) + count)
                done += count
            self._check(kind.rel_type, sent, done)
            if self.progress is not None:
                self.progress(kind.rel_type, sent)

    def _note_updates(self, label: str, batch: Sequence[Row], updates: Sequence[object]) -> None:
        title = NODE_SECTION_BY_LABEL[label].title_field
        after = {row["id"]: row["props"] for row in batch}
        for update in updates:
            if not isinstance(update, dict):
                continue
            new, old = _shown(after[update["id"]]), _shown(update["before"])
            name = new.get(title)
            entry = Entry(label, update["id"], None if name is None else str(name), "updated")
            entry.fields = diff(old, new)
            self.journal.entries.append(entry)

    def note_created(self, label: str, rows: Sequence[Row], ids: set[str]) -> None:
        """Created records with their fields' new values."""
        title = NODE_SECTION_BY_LABEL[label].title_field
        for row in rows:
            if row["id"] in ids:
                new = _shown(row["props"])
                name = new.get(title)
                entry = Entry(label, row["id"], None if name is None else str(name), "created")
                entry.fields = diff({}, new)
                self.journal.entries.append(entry)

    @staticmethod
    def _check(name: str, sent: int, done: int) -> None:
        if done != sent:
            raise WriteError(
                f"{name}: {sent - done} of {sent} rows found no matching start or end node; "
                "the load was rolled back"
            )

    def delete(self, name: str, query: str, **parameters: object) -> None:
        for record in self.run(query, **parameters):
            self.counts[name].deleted += record["count"]
            for props in record.get("deleted") or ():  # node statements only
                self._note_deleted(name, props)

    def _note_deleted(self, label: str, props: dict[str, object]) -> None:
        old = _shown(props)
        title = old.get(NODE_SECTION_BY_LABEL[label].title_field)
        entry = Entry(label, str(props["id"]), None if title is None else str(title), "deleted")
        entry.fields = diff(old, {})
        self.journal.entries.append(entry)


NODE_SECTION_BY_LABEL = {section.label: section for section in NODE_SECTIONS}


def _shown(props: object) -> dict[str, object]:
    """Stored or loaded properties as the history shows them (no id, no bookkeeping such as
    the stamp or the version)."""
    if not isinstance(props, dict):
        return {}
    return {
        k: shown(v)
        for k, v in props.items()
        if k != "id" and k not in BOOKKEEPING and v is not None and v != []
    }


def record_changes(tx: neo4j.Transaction, landscape: Landscape) -> list[RecordChange]:
    """Stored nodes that the load gives another source or whose fields it drops."""
    changes: list[RecordChange] = []
    for section in NODE_SECTIONS:
        rows = node_rows(section, landscape.nodes[section.name])
        if not rows:
            continue
        query = cypher.node_changes(section.label)
        for record in tx.run(query, rows=rows):
            changes.append(
                RecordChange(
                    section.label,
                    record["id"],
                    str(record["before"]),
                    str(record["after"]),
                    tuple(sorted(record["dropped"])),
                )
            )
    return changes


def check_external(tx: neo4j.Transaction, landscape: Landscape) -> None:
    """Every reference to a record outside the files must find its node in the graph."""
    by_section: dict[str, set[str]] = defaultdict(set)
    for ref in landscape.external:
        by_section[ref.section].add(ref.id)
    missing: set[tuple[str, str]] = set()
    for section, ids in by_section.items():
        query = cypher.missing_ids(NODE_SECTION[section].label)
        record = tx.run(query, ids=sorted(ids)).single(strict=True)
        missing.update((section, node_id) for node_id in record["missing"])
    problems = [
        unknown_reference_problem(ref)
        for ref in landscape.external
        if (ref.section, ref.id) in missing
    ]
    if problems:
        raise LoadError(problems)


def relationship_rows(landscape: Landscape) -> list[tuple[RelationshipKind, list[Row]]]:
    """Every relationship row of a landscape, per relationship kind (links, then sections)."""
    plan: list[tuple[RelationshipKind, list[Row]]] = []
    for link_kind in link_kinds():
        rows = link_rows(link_kind, landscape.nodes[link_kind.section.name])
        plan.append((link_kind.kind, rows))
    for section_kind in section_kinds():
        records = landscape.relationships[section_kind.section.name]
        plan.append((section_kind.kind, section_rows(section_kind, records)))
    return plan


def _property_names() -> dict[RelationshipKind, tuple[str, ...]]:
    """The property names each relationship kind can carry (besides ``updatedAt``)."""
    names: dict[RelationshipKind, tuple[str, ...]] = {k.kind: ("source",) for k in link_kinds()}
    for section_kind in section_kinds():
        fields = section_kind.section.property_fields
        names[section_kind.kind] = tuple(alias for _, alias in fields)
    return names


def _split_new(
    kind: RelationshipKind, rows: list[Row], new: dict[str, set[str]]
) -> tuple[list[Row], list[Row]]:
    """Rows touching a node created in this load (such a relationship cannot exist yet:
    CREATE it) and the others (MERGE them)."""
    new_starts = new.get(kind.start.label, set())
    new_ends = new.get(kind.end.label, set())
    fresh: list[Row] = []
    known: list[Row] = []
    for row in rows:
        is_new = row["start"] in new_starts or row["end"] in new_ends
        (fresh if is_new else known).append(row)
    return fresh, known


def _delete_stale(
    load: _Load, landscape: Landscape, plan: list[tuple[RelationshipKind, list[Row]]]
) -> None:
    """``replace``: remove what the files do not contain, relationships first (so that
    their deletions are counted by type), then nodes with whatever still hangs on them."""
    keep_rels: dict[RelationshipKind, dict[str, bool]] = defaultdict(dict)
    for kind, rows in plan:
        for row in rows:
            keep_rels[kind][relationship_key(row, kind.key_properties)] = True
    for kind, _ in plan:
        load.delete(
            kind.rel_type,
            cypher.delete_stale_relationships(kind),
            keep=keep_rels[kind],
            sep=cypher.KEY_SEPARATOR,
        )
    for section in NODE_SECTIONS:
        keep = {record.id: True for record in landscape.nodes[section.name]}
        load.delete(section.label, cypher.delete_stale_nodes(section.label), keep=keep)


def _delete_unlisted(load: _Load, landscape: Landscape, existing: dict[str, set[str]]) -> None:
    """Remove links that loaded records no longer list; only nodes that existed before the
    load can have any, so a fresh load skips this entirely."""
    for link_kind in link_kinds():
        before = existing.get(link_kind.section.name, set())
        records = [r for r in landscape.nodes[link_kind.section.name] if r.id in before]
        if not records:
            continue
        query = cypher.delete_unlisted_links(
            link_kind.kind, owner_is_start=link_kind.owner_is_start
        )
        for batch in batches(owned_targets(link_kind, records), load.batch_size):
            load.delete(link_kind.kind.rel_type, query, rows=batch)


def _changed_links(
    load: _Load, landscape: Landscape, existing: dict[str, set[str]] | None = None
) -> dict[str, dict[str, list[str]]]:
    """``label -> id -> fields``: stored records whose reference fields the load changes
    (read before any link is written; only records that existed, when ``existing`` says
    which). Their version grows once, in ``_bump_relinked``."""
    found: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for link_kind in link_kinds():
        section = link_kind.section
        records = list(landscape.nodes[section.name])
        if existing is not None:
            records = [r for r in records if r.id in existing.get(section.name, set())]
        if not records:
            continue
        query = cypher.changed_links(link_kind.kind, owner_is_start=link_kind.owner_is_start)
        alias = section.alias(link_kind.link.attribute)
        for batch in batches(owned_targets(link_kind, records), load.batch_size):
            for node_id in load.run(query, rows=batch)[0]["changed"]:
                found[section.label].setdefault(str(node_id), []).append(alias)
    return found


def _bump_relinked(load: _Load, relinked: dict[str, dict[str, list[str]]]) -> None:
    for label, fields in relinked.items():
        rows = [{"id": node_id, "fields": names} for node_id, names in fields.items()]
        for batch in batches(rows, load.batch_size):
            load.run(cypher.bump_versions(label), rows=batch, now=load.now)


def graph_ids(driver: neo4j.Driver, database: str = "neo4j") -> KnownIds:
    """A ``known_ids`` for ``load_landscape``: which ids of a section the graph holds."""

    def known(section: str, ids: list[str]) -> list[str]:
        label = NODE_SECTION[section].label
        records, _, _ = driver.execute_query(
            cypher.existing_ids(label),
            ids=ids,
            database_=database,
            routing_=neo4j.RoutingControl.READ,
        )
        return list(records[0]["found"])

    return known


def graph_names(driver: neo4j.Driver, database: str = "neo4j") -> NamesInGraph:
    """A ``names_in_graph`` for ``load_landscape``: stored records by name or title."""

    def find(section: str, names: list[str]) -> dict[str, list[str]]:
        spec = NODE_SECTION[section]
        records, _, _ = driver.execute_query(
            cypher.ids_by_name(spec.label, spec.title_field),
            names=names,
            database_=database,
            routing_=neo4j.RoutingControl.READ,
        )
        return {str(r["name"]): list(r["ids"]) for r in records if r["name"] is not None}

    return find


SLOWEST_ROWS_PER_SECOND = 500
"""The slowest write rate a load is given time for. Measured: a 20,000-actor landscape
(389,279 nodes and relationships) wrote at 5,672 rows/s with a 3g heap given from the start,
and at 1,824 rows/s with the default settings on a busy 2-core machine (the heap grows from
256m while the load runs); 500 leaves a margin for a busier one."""


def load_timeout(rows: int, configured: float) -> float:
    """Seconds a load's transaction may take: ``NEO4J_TX_TIMEOUT`` (``configured``) for
    small loads, more for large ones (one second per ``SLOWEST_ROWS_PER_SECOND`` rows).

    A load is ONE transaction, so that it is all or nothing; splitting it into batches of
    transactions would need a staging area and a switch-over to stay atomic, and would still
    have to hold the switch-over of every changed record at once. Giving the one
    transaction time (and, in ``graph.settings``, memory) in proportion to its size keeps
    the guarantee simple: 20,000 actors load with the default settings."""
    return max(configured, rows / SLOWEST_ROWS_PER_SECOND)


def count_rows(landscape: Landscape) -> int:
    """How many rows a load sends (nodes plus relationships): the size of a progress bar."""
    nodes = sum(len(records) for records in landscape.nodes.values())
    return nodes + sum(len(rows) for _, rows in relationship_rows(landscape))


def write_landscape(
    driver: neo4j.Driver,
    landscape: Landscape,
    *,
    database: str = "neo4j",
    replace: bool = False,
    dry_run: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
    now: datetime | None = None,
    overwrite_other_sources: bool = False,
    before_commit: Callable[[neo4j.Transaction], None] | None = None,
    timeout: float | None = None,
    author: history.ChangeMeta | None = None,
    action: str = "load",
    before_write: Callable[[neo4j.Transaction], None] | None = None,
) -> WriteResult:
    """Write ``landscape`` in one transaction; see the module docstring for the steps.

    Records that exist with another ``source`` are never overwritten silently: the result
    lists them (with records whose fields the load drops) in ``changes``, and unless
    ``overwrite_other_sources`` is set a real load raises ``OtherSourceError`` (a dry run
    only reports them). One rule for every load: a county's real records cannot be
    replaced by synthetic or foreign files by accident.

    ``timeout`` (seconds, see ``load_timeout``) overrides the server's transaction timeout.

    ``before_commit`` runs inside the transaction after the landscape is written (a restore
    adds the tokens there, so both commit together; an upload checks the caller's scope
    there). ``before_write`` runs in it before anything is written (an upload notes what
    the records were before). Either may raise to roll the whole load back.

    A load that changes anything records ONE ``Change`` (``action``: load, restore, import)
    in its transaction, with an entry per node record created, updated or deleted; ``author``
    defaults to the OS user (``CLI <user>``). Relationship changes are counted in the result,
    not itemised in the history.

    Raises ``LoadError`` when a reference outside the files is unknown to the graph too, and
    ``WriteError`` when the database fails; in both cases nothing is written.
    """
    options = _Options(
        replace,
        dry_run,
        batch_size,
        overwrite_other_sources,
        before_commit,
        timeout,
        author,
        action,
        before_write,
    )
    with paused_gc():
        return _write(driver, landscape, database, options, progress, now)


@dataclass(frozen=True)
class _Options:
    replace: bool
    dry_run: bool
    batch_size: int
    overwrite_other_sources: bool
    before_commit: Callable[[neo4j.Transaction], None] | None
    timeout: float | None
    author: history.ChangeMeta | None = None
    action: str = "load"
    before_write: Callable[[neo4j.Transaction], None] | None = None


def _write(
    driver: neo4j.Driver,
    landscape: Landscape,
    database: str,
    options: _Options,
    progress: Progress | None,
    now: datetime | None,
) -> WriteResult:
    started = time.perf_counter()
    replace, dry_run = options.replace, options.dry_run
    if replace and landscape.external:
        first = landscape.external[0]
        raise LoadError([unknown_reference_problem(first)])
    rel_plan = relationship_rows(landscape)
    properties_of = _property_names()
    try:
        with (
            driver.session(database=database) as session,
            session.begin_transaction(timeout=options.timeout) as tx,
        ):
            load = _Load(tx, options.batch_size, now or datetime.now(UTC), progress)
            if options.before_write is not None:
                options.before_write(tx)
            check_external(tx, landscape)
            changes = record_changes(tx, landscape)
            foreign = [c for c in changes if c.other_source]
            if foreign and not (options.overwrite_other_sources or dry_run):
                raise OtherSourceError(foreign)
            relinked = _changed_links(load, landscape) if replace else {}
            if replace:
                _delete_stale(load, landscape, rel_plan)
            existing: dict[str, set[str]] = {}
            new: dict[str, set[str]] = {}
            for section in NODE_SECTIONS:
                records = landscape.nodes[section.name]
                query = cypher.merge_nodes(section.label)
                rows = node_rows(section, records)
                existing[section.name] = set(load.merge(section.label, query, rows))
                new[section.label] = {r.id for r in records} - existing[section.name]
                load.note_created(section.label, rows, new[section.label])
            if not replace:
                relinked = _changed_links(load, landscape, existing)
                _delete_unlisted(load, landscape, existing)
            for kind, rows in rel_plan:
                fresh, known = _split_new(kind, rows, new)
                load.create_groups(kind, fresh, properties_of[kind])
                load.merge_groups(kind, known)
            _bump_relinked(load, relinked)
            result = WriteResult(
                load.counts, dry_run=dry_run, replace=replace, changes=tuple(changes)
            )
            if options.before_commit is not None:
                options.before_commit(tx)
            if dry_run:
                tx.rollback()
            else:
                if result.changed:
                    result.revision = bump_revision(tx)
                    if load.journal.entries:
                        load.journal.action = options.action
                        meta = options.author or history.cli_author()
                        result.change_id = history.record_sync(
                            tx, meta, load.journal, result.revision, load.now
                        )
                if progress is not None:
                    progress(COMMIT_PHASE, 0)
                tx.commit()
                if result.revision:
                    announce(result.revision)  # the analyses recompute in the background
    except (Neo4jError, DriverError) as exc:
        elapsed = time.perf_counter() - started
        timed_out = isinstance(exc, Neo4jError) and stopped_by_timeout(
            exc.code or "", options.timeout, elapsed
        )
        reason = _describe(exc, options.timeout, timed_out)
        raise WriteError(
            f"the database failed, nothing was written: {reason}", timed_out=timed_out
        ) from exc
    result.seconds = time.perf_counter() - started
    return result


def _describe(exc: Exception, timeout: float | None, timed_out: bool) -> str:
    if isinstance(exc, Neo4jError):
        text = f"{exc.message or exc} ({exc.code})"
        code = exc.code or ""
        if "Memory" in code:
            text += (
                "; the load is too large for the server's transaction memory: raise "
                "NEO4J_TX_MEMORY (e.g. NEO4J_TX_MEMORY=2g with NEO4J_HEAP=3g for 100,000 "
                "actors) and restart Neo4j (`integration-graph neo4j stop`, then `start`)"
            )
        elif timed_out:
            text += (
                "; the load took longer than the transaction timeout: raise "
                f"NEO4J_TX_TIMEOUT (e.g. NEO4J_TX_TIMEOUT={max(600, int(2 * (timeout or 0)))})"
            )
        return text
    return str(exc) or type(exc).__name__
