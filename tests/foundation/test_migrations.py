"""Migrations are idempotent and complete."""

from __future__ import annotations

import neo4j

from graph.migrations import existing_schema, migrate, migrations, missing_migrations
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
