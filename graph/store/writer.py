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

from domain.registry import NODE_SECTION, NODE_SECTIONS, RELATIONSHIP_TYPES
from graph.revision import bump_revision
from graph.store import cypher
from graph.store.kinds import RelKind, link_kinds, section_kinds
from graph.store.rows import (
    Row,
    grouped_batches,
    link_rows,
    node_rows,
    owned_targets,
    relationship_key,
    section_rows,
)
from loaders.bulk import paused_gc
from loaders.landscape import KnownIds, Landscape, unknown_reference_problem
from loaders.problems import LoadError

DEFAULT_BATCH_SIZE = 5000
"""Rows per statement: large enough that round trips do not dominate, small enough that one
statement's parameters stay a few megabytes."""

Progress = Callable[[str, int], None]
"""Called after each batch with the kind written (label or type) and the rows it held."""


class WriteError(RuntimeError):
    """The database refused or failed the load; it was rolled back, nothing was written."""


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

    def run(self, query: str, **parameters: object) -> list[neo4j.Record]:
        return list(self.tx.run(query, parameters))

    def merge(self, name: str, query: str, rows: Sequence[Row]) -> list[str]:
        """Send rows in batches; count outcomes; insist that every row was written.

        Returns the ids of nodes that existed before (node statements only).
        """
        counts = self.counts[name]
        existing: list[str] = []
        for batch in batches(rows, self.batch_size):
            done = 0
            for record in self.run(query, rows=batch, now=self.now):
                outcome, count = record["outcome"], record["count"]
                setattr(counts, outcome, getattr(counts, outcome) + count)
                existing.extend(record.get("existing") or ())
                done += count
            self._check(name, len(batch), done)
            if self.progress is not None:
                self.progress(name, len(batch))
        return existing

    def create_groups(self, kind: RelKind, rows: list[Row], properties: Sequence[str]) -> None:
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

    def merge_groups(self, kind: RelKind, rows: list[Row]) -> None:
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


def relationship_rows(landscape: Landscape) -> list[tuple[RelKind, list[Row]]]:
    """Every relationship row of a landscape, per relationship kind (links, then sections)."""
    plan: list[tuple[RelKind, list[Row]]] = []
    for link_kind in link_kinds():
        rows = link_rows(link_kind, landscape.nodes[link_kind.section.name])
        plan.append((link_kind.kind, rows))
    for section_kind in section_kinds():
        records = landscape.relationships[section_kind.section.name]
        plan.append((section_kind.kind, section_rows(section_kind, records)))
    return plan


def _property_names() -> dict[RelKind, tuple[str, ...]]:
    """The property names each relationship kind can carry (besides ``updatedAt``)."""
    names: dict[RelKind, tuple[str, ...]] = {k.kind: ("source",) for k in link_kinds()}
    for section_kind in section_kinds():
        fields = section_kind.section.property_fields
        names[section_kind.kind] = tuple(alias for _, alias in fields)
    return names


def _split_new(
    kind: RelKind, rows: list[Row], new: dict[str, set[str]]
) -> tuple[list[Row], list[Row]]:
    """Rows touching a node created in this load (such a relationship cannot exist yet:
    CREATE it) and the others (MERGE them)."""
    new_starts = new.get(kind.start, set())
    new_ends = new.get(kind.end, set())
    fresh: list[Row] = []
    known: list[Row] = []
    for row in rows:
        is_new = row["start"] in new_starts or row["end"] in new_ends
        (fresh if is_new else known).append(row)
    return fresh, known


def _delete_stale(load: _Load, landscape: Landscape, plan: list[tuple[RelKind, list[Row]]]) -> None:
    """``replace``: remove what the files do not contain, relationships first (so that
    their deletions are counted by type), then nodes with whatever still hangs on them."""
    keep_rels: dict[RelKind, dict[str, bool]] = defaultdict(dict)
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
) -> WriteResult:
    """Write ``landscape`` in one transaction; see the module docstring for the steps.

    Raises ``LoadError`` when a reference outside the files is unknown to the graph too, and
    ``WriteError`` when the database fails; in both cases nothing is written.
    """
    with paused_gc():
        return _write(driver, landscape, database, replace, dry_run, batch_size, progress, now)


def _write(
    driver: neo4j.Driver,
    landscape: Landscape,
    database: str,
    replace: bool,
    dry_run: bool,
    batch_size: int,
    progress: Progress | None,
    now: datetime | None,
) -> WriteResult:
    started = time.perf_counter()
    if replace and landscape.external:
        first = landscape.external[0]
        raise LoadError([unknown_reference_problem(first)])
    rel_plan = relationship_rows(landscape)
    properties_of = _property_names()
    try:
        with driver.session(database=database) as session, session.begin_transaction() as tx:
            load = _Load(tx, batch_size, now or datetime.now(UTC), progress)
            check_external(tx, landscape)
            if replace:
                _delete_stale(load, landscape, rel_plan)
            existing: dict[str, set[str]] = {}
            new: dict[str, set[str]] = {}
            for section in NODE_SECTIONS:
                records = landscape.nodes[section.name]
                query = cypher.merge_nodes(section.label)
                existing[section.name] = set(
                    load.merge(section.label, query, node_rows(section, records))
                )
                new[section.label] = {r.id for r in records} - existing[section.name]
            if not replace:
                _delete_unlisted(load, landscape, existing)
            for kind, rows in rel_plan:
                fresh, known = _split_new(kind, rows, new)
                load.create_groups(kind, fresh, properties_of[kind])
                load.merge_groups(kind, known)
            result = WriteResult(load.counts, dry_run=dry_run, replace=replace)
            if dry_run:
                tx.rollback()
            else:
                if result.changed:
                    result.revision = bump_revision(tx)
                tx.commit()
    except (Neo4jError, DriverError) as exc:
        raise WriteError(f"the database failed, nothing was written: {_describe(exc)}") from exc
    result.seconds = time.perf_counter() - started
    return result


def _describe(exc: Exception) -> str:
    if isinstance(exc, Neo4jError):
        text = f"{exc.message or exc} ({exc.code})"
        if exc.code and "Memory" in exc.code:
            text += "; the load is too large for the server's transaction memory"
        return text
    return str(exc) or type(exc).__name__
