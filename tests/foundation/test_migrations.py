"""Migrations are idempotent and complete."""

from __future__ import annotations

import neo4j
import pytest

from graph.migrations import (
    SNAPSHOT_CONSTRAINT,
    existing_schema,
    migrate,
    migrations,
    missing_migrations,
)
from graph.settings import Settings


def test_running_migrations_twice_gives_the_same_schema(
    driver: neo4j.Driver, settings: Settings
) -> None:
    migrate(driver, settings.neo4j_database)
    first = existing_schema(driver, settings.neo4j_database)

    created_again = migrate(driver, settings.neo4j_database)

    assert created_again == []
    assert existing_schema(driver, settings.neo4j_database) == first
    assert missing_migrations(first) == []


def test_every_label_has_a_unique_id_constraint(driver: neo4j.Driver, settings: Settings) -> None:
    records, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type "
        "WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties",
        database_=settings.neo4j_database,
    )
    constrained = {r["label"] for r in records if r["properties"] == ["id"]}

    assert {"Actor", "Offering", "WorkingGroup", "Coordinator", "Municipality"} <= constrained
    assert len(migrations()) == len({m.name for m in migrations()})


def test_fulltext_search_folds_umlauts_and_case(empty_db: neo4j.Driver, settings: Settings) -> None:
    empty_db.execute_query(
        "CREATE (:Actor {id: 'a', name: 'Flüchtlingshilfe Müden', kind: 'association'})",
        database_=settings.neo4j_database,
    )
    empty_db.execute_query("CALL db.awaitIndexes(60)", database_=settings.neo4j_database)

    records, _, _ = empty_db.execute_query(
        "CALL db.index.fulltext.queryNodes('landscape_search', $q) YIELD node RETURN node.id AS id",
        {"q": "fluchtlingshilfe"},
        database_=settings.neo4j_database,
    )

    assert [r["id"] for r in records] == ["a"]


OLD_FULLTEXT = (
    "CREATE FULLTEXT INDEX landscape_search FOR (n:Topic|TargetGroup|Actor|WorkingGroup|"
    "Offering|Event) ON EACH [n.name, n.title, n.description] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'german'}}"
)
"""The index as a database created before measures were searchable has it."""


def test_a_database_with_the_old_fulltext_index_gets_the_new_labels(
    empty_db: neo4j.Driver, settings: Settings
) -> None:
    db = settings.neo4j_database
    empty_db.execute_query("DROP INDEX landscape_search IF EXISTS", database_=db)
    empty_db.execute_query(OLD_FULLTEXT, database_=db)
    empty_db.execute_query(
        "CREATE (:Measure {id: 'm', title: 'Sprachkurs für Frauen', status: 'idea'})",
        database_=db,
    )
    empty_db.execute_query("CALL db.awaitIndexes(60)", database_=db)
    query = (
        "CALL db.index.fulltext.queryNodes('landscape_search', $q) YIELD node RETURN node.id AS id"
    )
    assert empty_db.execute_query(query, q="sprachkurs", database_=db).records == []
    # the old index is not what the contract asks for: not ready until migrated
    assert missing_migrations(existing_schema(empty_db, db)) == ["landscape_search"]

    created = migrate(empty_db, db)

    assert created == ["landscape_search"]
    found = empty_db.execute_query(query, q="sprachkurs", database_=db).records
    assert [r["id"] for r in found] == ["m"]
    assert missing_migrations(existing_schema(empty_db, db)) == []
    assert migrate(empty_db, db) == []  # and then it stays


def test_a_revision_kept_twice_before_its_constraint_is_kept_once_after_migrate(
    empty_db: neo4j.Driver, settings: Settings
) -> None:
    """Before its constraint, two asks at once could keep a revision's gaps twice; the
    constraint cannot be created over them, so ``migrate`` keeps the earliest first."""
    db = settings.neo4j_database
    empty_db.execute_query(f"DROP CONSTRAINT {SNAPSHOT_CONSTRAINT}", database_=db)
    empty_db.execute_query(
        "UNWIND [2, 1, 3] AS at CREATE (:GapSnapshot {revision: 7, at: at, keys: ['k']})",
        database_=db,
    )
    assert missing_migrations(existing_schema(empty_db, db)) == [SNAPSHOT_CONSTRAINT]

    created = migrate(empty_db, db)

    assert created == [SNAPSHOT_CONSTRAINT]
    kept = empty_db.execute_query("MATCH (s:GapSnapshot) RETURN s.at AS at", database_=db)
    assert [r["at"] for r in kept.records] == [1]
    with pytest.raises(neo4j.exceptions.ConstraintError):
        empty_db.execute_query("CREATE (:GapSnapshot {revision: 7, at: 4})", database_=db)
