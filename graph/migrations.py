"""The database schema: constraints, indexes and the full-text index, applied idempotently.

Every label of the domain model gets a unique constraint on ``id`` (the MERGE key of every
load and mutation). The lookup indexes serve the filters the API offers most (names, kinds,
titles), and one full-text index over names, titles and descriptions answers ``search``.
All three derive from the data contract (:mod:`domain.contract`: ``indexed`` and
``searchable`` properties), plus the bookkeeping labels of the service itself. It
uses Lucene's German analyzer, which folds umlauts and case (``Müller`` finds ``Mueller``
and ``muller``) and stems German words.

All statements use ``IF NOT EXISTS``, so running them twice changes nothing; readiness is
judged by comparing the expected names with what the server reports. The full-text index
keeps its name while the contract's searchable kinds grow (a new kind, such as ``Measure``),
and ``IF NOT EXISTS`` alone would then never give an existing database the new label: so
the index counts as present only when it covers exactly the contract's labels and
properties with the German analyzer (:func:`existing_schema`), and :func:`migrate` drops
an index of that name that does not, and creates it anew.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

import neo4j

from domain.contract import CONTRACT, Contract

INFRASTRUCTURE_LABELS = (
    "Token",
    "_Meta",
    "_Idempotency",
    "Account",
    "Session",
    "_Throttle",
    "Change",
    "_PersistedQuery",
    "_TrustedDocument",
)
"""Labels of the service's own bookkeeping (tokens, revision, idempotency keys, accounts,
their sessions and the sign-in throttle, the history, stored GraphQL documents
(``graph.persisted``): never part of the landscape, its
exports or loads."""

INFRASTRUCTURE_INDEXES = (
    ("Token", "hash"),
    ("_Idempotency", "createdAt"),
    ("Session", "accountId"),
    ("Change", "revision"),
    ("Change", "at"),
    ("_PersistedQuery", "usedAt"),
)

UNIQUE_PROPERTIES = (("Account", "email"), ("GapSnapshot", "revision"))
"""Further uniqueness besides ``id``: one account per e-mail, and one kept gap state per
revision (``graph.development``): two requests of one revision may both ``MERGE`` its
snapshot, and only a constraint makes a concurrent ``MERGE`` create one node."""


def unique_name(label: str, prop: str) -> str:
    return f"{label.lower()}_{prop.lower()}_unique"


SNAPSHOT_CONSTRAINT = unique_name("GapSnapshot", "revision")

SINGLE_SNAPSHOTS: LiteralString = """
MATCH (s:GapSnapshot)
WITH s ORDER BY s.at
WITH s.revision AS revision, collect(s) AS kept
UNWIND tail(kept) AS twice
DELETE twice
"""
"""A database from before :data:`SNAPSHOT_CONSTRAINT` may keep a revision twice, and the
constraint cannot be created over duplicates. Both hold the gaps of the same revision, so
the earliest stays, as the first ``MERGE`` would have kept it."""

FULLTEXT_INDEX = "landscape_search"
FULLTEXT_ANALYZER = "german"


def labels(contract: Contract) -> tuple[str, ...]:
    """Every label with an id constraint: the contract's kinds and the bookkeeping."""
    return (*contract.labels, *INFRASTRUCTURE_LABELS)


def lookup_indexes(contract: Contract) -> tuple[tuple[str, str], ...]:
    """(label, property) pairs that filters and sorting use most: the indexed properties."""
    found = tuple((k.label, name) for k in contract.kinds for name in k.names("indexed"))
    return (*found, *INFRASTRUCTURE_INDEXES)


def fulltext_labels(contract: Contract) -> tuple[str, ...]:
    """The kinds with a searchable property."""
    return tuple(k.label for k in contract.kinds if k.names("searchable"))


def fulltext_properties(contract: Contract) -> tuple[str, ...]:
    """Every searchable property name: the title properties first, then the others."""
    searchable = [name for k in contract.kinds for name in k.names("searchable")]
    titles = [k.title for k in contract.kinds if k.title in k.names("searchable")]
    return tuple(dict.fromkeys([*titles, *searchable]))


LABELS = labels(CONTRACT)
LOOKUP_INDEXES = lookup_indexes(CONTRACT)
FULLTEXT_LABELS = fulltext_labels(CONTRACT)
FULLTEXT_PROPERTIES = fulltext_properties(CONTRACT)


def constraint_name(label: str) -> str:
    return f"{label.lower().strip('_')}_id_unique"


def index_name(label: str, prop: str) -> str:
    return f"{label.lower()}_{prop.lower()}"


@dataclass(frozen=True)
class Migration:
    name: str
    cypher: str


@dataclass(frozen=True)
class FulltextSpec:
    """What the full-text index covers: compared with what the server reports."""

    labels: frozenset[str]
    properties: frozenset[str]
    analyzer: str = FULLTEXT_ANALYZER


def fulltext_spec(contract: Contract = CONTRACT) -> FulltextSpec:
    return FulltextSpec(
        frozenset(fulltext_labels(contract)), frozenset(fulltext_properties(contract))
    )


def migrations(contract: Contract = CONTRACT) -> list[Migration]:
    """Every schema statement, in order. Names are fixed so readiness can check them."""
    steps = [
        Migration(
            constraint_name(label),
            f"CREATE CONSTRAINT {constraint_name(label)} IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.id IS UNIQUE",
        )
        for label in labels(contract)
    ]
    steps += [
        Migration(
            unique_name(label, prop),
            f"CREATE CONSTRAINT {unique_name(label, prop)} IF NOT EXISTS "
            f"FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE",
        )
        for label, prop in UNIQUE_PROPERTIES
    ]
    steps += [
        Migration(
            index_name(label, prop),
            f"CREATE INDEX {index_name(label, prop)} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})",
        )
        for label, prop in lookup_indexes(contract)
    ]
    searched = "|".join(fulltext_labels(contract))
    props = ", ".join(f"n.{prop}" for prop in fulltext_properties(contract))
    steps.append(
        Migration(
            FULLTEXT_INDEX,
            f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{searched}) ON EACH "
            f"[{props}] OPTIONS {{indexConfig: {{`fulltext.analyzer`: '{FULLTEXT_ANALYZER}'}}}}",
        )
    )
    return steps


FULLTEXT_STATE = (
    "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes, properties, options "
    "WHERE name = $name "
    "RETURN labelsOrTypes AS labels, properties, options.indexConfig['fulltext.analyzer'] AS a"
)


def stored_fulltext(driver: neo4j.Driver, database: str) -> FulltextSpec | None:
    """What the server's full-text index covers; None when there is none."""
    rows, _, _ = driver.execute_query(FULLTEXT_STATE, name=FULLTEXT_INDEX, database_=database)
    return spec_of(rows)


def spec_of(rows: list[neo4j.Record]) -> FulltextSpec | None:
    """The spec from the rows of :data:`FULLTEXT_STATE` (None: no such index)."""
    if not rows:
        return None
    row = rows[0]
    return FulltextSpec(frozenset(row["labels"]), frozenset(row["properties"]), str(row["a"]))


def migrate(driver: neo4j.Driver, database: str) -> list[str]:
    """Apply every migration; return the names that did not exist before.

    A full-text index of another shape (from an older contract) is dropped first, so the
    statement below creates it with today's labels and properties; a revision's gap state
    kept twice (before its constraint) is kept once.
    """
    before = existing_schema(driver, database)
    if SNAPSHOT_CONSTRAINT not in before:
        driver.execute_query(SINGLE_SNAPSHOTS, database_=database)
    stored = stored_fulltext(driver, database)
    if stored is not None and stored != fulltext_spec():
        driver.execute_query(f"DROP INDEX {FULLTEXT_INDEX} IF EXISTS", database_=database)
    for step in migrations():
        driver.execute_query(step.cypher, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
    return [step.name for step in migrations() if step.name not in before]


def existing_schema(driver: neo4j.Driver, database: str) -> set[str]:
    """Names of the constraints and online indexes the server holds; the full-text index
    only when it covers what the contract searches (else it is still to be migrated)."""
    constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database)
    indexes, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, state WHERE state = 'ONLINE' RETURN name", database_=database
    )
    names = {r["name"] for r in constraints} | {r["name"] for r in indexes}
    if FULLTEXT_INDEX in names and stored_fulltext(driver, database) != fulltext_spec():
        names.discard(FULLTEXT_INDEX)
    return names


def missing_migrations(names: set[str]) -> list[str]:
    """The migrations whose constraint or index is not among ``names``."""
    return [step.name for step in migrations() if step.name not in names]
