"""The stored graph comes back into networkx as stored; the cache follows the revision."""

from __future__ import annotations

import gc

import neo4j
import networkx as nx
import pytest

from domain.registry import NODE_SECTION, RELATIONSHIP_SECTIONS
from graph import projection
from graph.analysis_cache import RevisionCache
from graph.memory import FULL_COLLECTIONS_DEFERRED
from graph.projection import (
    PROPERTIED_RELATIONSHIPS,
    RELATIONSHIP_PROPERTIES,
    RELATIONSHIPS,
    SOURCED_RELATIONSHIPS,
    _read_properties,
    project,
)
from graph.revision import REVISION_BUMP
from graph.settings import Settings

LANDSCAPE = """
CREATE (kvhs:Actor {id: 'kvhs', name: 'KVHS Gifhorn', kind: 'education_provider'})
CREATE (kurs:Offering {id: 'kurs', title: 'Deutschkurs', kind: 'course',
                       startDate: date('2018-09-01')})
CREATE (sprache:Topic {id: 'sprache', name: 'Sprache'})
CREATE (ak:WorkingGroup {id: 'ak-bildung', name: 'AK Bildung'})
CREATE (kvhs)-[:OFFERS]->(kurs)-[:ADDRESSES]->(sprache)
CREATE (kvhs)-[:MEMBER_OF {role: 'spokesperson'}]->(ak)
CREATE (:_Meta {id: 'revision', value: 1})
"""


def test_projection_keeps_labels_properties_and_directions(
    empty_db: neo4j.Driver, settings: Settings
) -> None:
    empty_db.execute_query(LANDSCAPE, database_=settings.neo4j_database)

    typed = project(empty_db, settings.neo4j_database)

    assert sorted(typed.nodes) == [
        "Actor:kvhs",
        "Offering:kurs",
        "Topic:sprache",
        "WorkingGroup:ak-bildung",
    ]
    assert typed.nodes["Offering:kurs"]["startDate"] == "2018-09-01"
    assert typed.nodes["Actor:kvhs"]["label"] == "Actor"
    assert typed.has_edge("Actor:kvhs", "Offering:kurs", key="OFFERS")
    assert not typed.has_edge("Offering:kurs", "Actor:kvhs")
    membership = typed.edges["Actor:kvhs", "WorkingGroup:ak-bildung", "MEMBER_OF"]
    assert membership == {"type": "MEMBER_OF", "role": "spokesperson"}


def test_a_change_time_reads_as_the_driver_writes_it_and_an_absent_one_stays_absent(
    empty_db: neo4j.Driver, settings: Settings
) -> None:
    """``updatedAt`` comes as plain integers (decoding 100,000 date-times took seconds);
    the string is the one the driver's own ``DateTime.iso_format()`` gives."""
    stamps = {
        "utc": "datetime('2026-12-06T23:35:33.559045123Z')",
        "east": "datetime('2026-03-29T02:30:00+05:30')",
        "zone": "datetime({year: 1969, month: 12, day: 31, timezone: 'Europe/Berlin'})",
        "local": "localdatetime('2026-01-02T03:04:05')",
    }
    for key, stamp in stamps.items():
        empty_db.execute_query(
            f"CREATE (:Actor {{id: $id, name: $id, updatedAt: {stamp}}})",
            id=key,
            database_=settings.neo4j_database,
        )
    empty_db.execute_query(
        "CREATE (:Actor {id: 'none', name: 'none'})", database_=settings.neo4j_database
    )
    stored, _, _ = empty_db.execute_query(
        "MATCH (a:Actor) RETURN a.id AS id, a.updatedAt AS at", database_=settings.neo4j_database
    )

    typed = project(empty_db, settings.neo4j_database)

    expected = {r["id"]: r["at"].iso_format() for r in stored if r["at"] is not None}
    assert {k: typed.nodes[f"Actor:{k}"]["updatedAt"] for k in expected} == expected
    assert expected["utc"] == "2026-12-06T23:35:33.559045123+00:00"
    assert "updatedAt" not in typed.nodes["Actor:none"]


def test_cache_recomputes_only_after_a_write(empty_db: neo4j.Driver, settings: Settings) -> None:
    database = settings.neo4j_database
    empty_db.execute_query(LANDSCAPE, database_=database)
    cache = RevisionCache()

    def count_actors(typed: nx.MultiDiGraph) -> int:
        return sum(1 for key in typed if key.startswith("Actor:"))

    assert cache.get(empty_db, database, "actors", count_actors) == 1
    computed = cache.computations
    assert cache.get(empty_db, database, "actors", count_actors) == 1
    assert cache.computations == computed  # no write, no recomputation

    empty_db.execute_query(
        "CREATE (:Actor {id: 'awo', name: 'AWO', kind: 'welfare_association'}) WITH 1 AS x "
        + REVISION_BUMP,
        database_=database,
    )

    assert cache.get(empty_db, database, "actors", count_actors) == 2
    assert cache.computations == computed + 2  # projection and value, once each


def test_the_graph_is_built_with_full_collections_deferred(
    empty_db: neo4j.Driver, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the projection builds is kept, so the collector's full scans of the growing
    heap are waste (``graph.memory.collector_paused``): checked from inside the build."""
    empty_db.execute_query(LANDSCAPE, database_=settings.neo4j_database)
    thresholds: list[int] = []
    building = projection.add_relationships

    def watched(typed: nx.MultiDiGraph, rows: list[list[object]]) -> None:
        thresholds.append(gc.get_threshold()[2])
        building(typed, rows)

    monkeypatch.setattr(projection, "add_relationships", watched)

    assert project(empty_db, settings.neo4j_database).number_of_nodes() == 4
    assert thresholds == [FULL_COLLECTIONS_DEFERRED]
    assert gc.get_threshold()[2] != FULL_COLLECTIONS_DEFERRED


SAMPLE_VALUES = {
    "role": "member",
    "since": "date('2020-01-01')",
    "until": "date('2021-06-30')",
    "kind": "partner",
    "program": "Programm",
    "title": "Vortrag",
    "count": 12,
    "year": 2024,
    "share": 0.25,
    "source": "beispiel",
}


def test_every_relationship_brings_the_properties_the_analyses_read(
    empty_db: neo4j.Driver, settings: Settings
) -> None:
    """One relationship of every section, with every property its contract gives it: the
    projection reads those the analyses use (``source`` only where they do)."""
    expected = {}
    for number, section in enumerate(RELATIONSHIP_SECTIONS):
        start, end = (NODE_SECTION[e.section].label for e in (section.starts[0], section.end))
        stored = {alias: SAMPLE_VALUES[alias] for _, alias in section.property_fields}
        props = ", ".join(
            f"{k}: {v}" if not isinstance(v, str) or v.startswith("date(") else f"{k}: '{v}'"
            for k, v in stored.items()
        )
        empty_db.execute_query(
            f"CREATE (:{start} {{id: 'a{number}'}})-[:{section.rel_type} {{{props}}}]->"
            f"(:{end} {{id: 'b{number}'}})",
            database_=settings.neo4j_database,
        )
        read = {k for k in stored if k in RELATIONSHIP_PROPERTIES}
        if section.rel_type in SOURCED_RELATIONSHIPS:
            read.add("source")
        expected[(f"{start}:a{number}", f"{end}:b{number}", section.rel_type)] = read

    typed = project(empty_db, settings.neo4j_database)

    got = {key: set(typed.edges[key]) - {"type"} for key in expected}
    assert got == expected
    assert all(expected.values())


OFFERINGS = [("a", "o1"), ("b", "o2"), ("c", "o1")]

SHARED = """
CREATE (a:Actor {id: 'a'}), (b:Actor {id: 'b'}), (c:Actor {id: 'c'})
CREATE (o1:Offering {id: 'o1'}), (o2:Offering {id: 'o2'}), (ak:WorkingGroup {id: 'ak'})
CREATE (a)-[:OFFERS]->(o1), (b)-[:OFFERS]->(o2), (c)-[:OFFERS]->(o1), (a)-[:FUNDS]->(o1)
CREATE (a)-[:MEMBER_OF {role: 'member'}]->(ak), (b)-[:MEMBER_OF {role: 'member'}]->(ak)
CREATE (c)-[:MEMBER_OF {role: 'spokesperson'}]->(ak)
"""


def test_equal_relationships_share_one_read_only_value(
    empty_db: neo4j.Driver, settings: Settings
) -> None:
    """Before: two dicts per relationship (the typed graph of 100,000 nodes 671 MB, now 303
    MB). The graph is the one networkx's ``add_edge`` builds from the same rows, in order."""
    database = settings.neo4j_database
    empty_db.execute_query(SHARED, database_=database)
    rows = empty_db.execute_query(
        RELATIONSHIPS,
        sourced=SOURCED_RELATIONSHIPS,
        propertied=PROPERTIED_RELATIONSHIPS,
        database_=database,
    ).records[0]["rows"]

    typed = project(empty_db, database)

    by_add_edge = nx.MultiDiGraph()
    by_add_edge.add_nodes_from(typed.nodes(data=True))
    for source, kind, target, stored in rows:
        props = _read_properties(stored) if stored else {}
        by_add_edge.add_edge(source, target, key=kind, type=kind, **props)
    assert list(typed.edges(keys=True, data=True)) == list(by_add_edge.edges(keys=True, data=True))
    assert all(list(typed.pred[n].items()) == list(by_add_edge.pred[n].items()) for n in typed)
    offers = [typed.edges[f"Actor:{u}", f"Offering:{v}", "OFFERS"] for u, v in OFFERINGS]
    assert all(data is offers[0] for data in offers)
    member = typed.edges["Actor:a", "WorkingGroup:ak", "MEMBER_OF"]
    assert member is typed.edges["Actor:b", "WorkingGroup:ak", "MEMBER_OF"]
    assert member is not typed.edges["Actor:c", "WorkingGroup:ak", "MEMBER_OF"]
    assert set(typed["Actor:a"]["Offering:o1"]) == {"OFFERS", "FUNDS"}  # a pair of its own
    with pytest.raises(TypeError, match="read-only"):
        member["role"] = "spokesperson"
    with pytest.raises(TypeError, match="read-only"):
        typed.add_edge("Actor:b", "Offering:o2", key="FUNDS")
    copied = typed.copy()  # what an analysis that changes the graph works on
    copied.add_edge("Actor:b", "Offering:o2", key="FUNDS")
    copied.edges["Actor:b", "WorkingGroup:ak", "MEMBER_OF"]["role"] = "spokesperson"
    assert member["role"] == "member"
