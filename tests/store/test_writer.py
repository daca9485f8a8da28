"""The writer on a real Neo4j: MERGE on id, one transaction, honest counts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import neo4j
import pytest

from domain.landscape import Landscape
from domain.model import Membership
from domain.problems import LoadError
from graph.revision import current_revision
from graph.settings import Settings
from graph.store.writer import WriteError, graph_ids, write_landscape
from loaders.landscape import load_landscape

pytestmark = pytest.mark.neo4j

LANDSCAPE = """\
municipalities:
  - {id: landkreis-gifhorn, name: Landkreis Gifhorn, kind: county, source: example}
  - {id: gifhorn, name: Gifhorn, kind: einheitsgemeinde, partOf: landkreis-gifhorn, source: x}
  - {id: meine, name: Meine, kind: member_municipality, source: x}
topics:
  - {id: sprache, name: Sprache, source: example}
actors:
  - id: kvhs-gifhorn
    name: Kreisvolkshochschule Gifhorn
    kind: education_provider
    locatedIn: gifhorn
    activeIn: [gifhorn, meine]
    source: example
  - {id: caritas, name: Caritas, kind: welfare_association, source: example}
workingGroups:
  - {id: ak-bildung, name: AK Bildung, topics: [sprache], source: article}
offerings:
  - id: integrationskurs
    title: Integrationskurs
    kind: course
    capacity: 20
    startDate: 2018-06-01
    providers: [kvhs-gifhorn]
    topics: [sprache]
    source: example
memberships:
  - actor: kvhs-gifhorn
    workingGroup: ak-bildung
    role: spokesperson
    since: 2018-06-01
    source: article
  - {actor: caritas, workingGroup: ak-bildung, source: article}
"""


def landscape_of(tmp_path: Path, text: str, name: str = "landscape.yaml") -> Landscape:
    path = tmp_path / name
    path.write_text(text)
    return load_landscape([path])


def test_a_fresh_load_creates_everything_and_a_second_load_changes_nothing(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path, snapshot: Callable[..., object]
) -> None:
    landscape = landscape_of(tmp_path, LANDSCAPE)

    first = write_landscape(empty_db, landscape, database=settings.neo4j_database)
    after_first = snapshot(empty_db, with_times=True)
    second = write_landscape(empty_db, landscape, database=settings.neo4j_database)

    assert first.counts["Actor"].created == 2
    assert first.counts["MEMBER_OF"].created == 2
    assert first.counts["OFFERS"].created == 1
    assert first.total().created == first.entities == 17  # 8 nodes, 9 relationships
    assert second.total().unchanged == 17
    assert not second.changed
    assert snapshot(empty_db, with_times=True) == after_first  # not even updatedAt moved


def test_properties_are_stored_under_their_file_names_with_real_dates(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    write_landscape(empty_db, landscape_of(tmp_path, LANDSCAPE), database=settings.neo4j_database)

    records, _, _ = empty_db.execute_query(
        "MATCH (a:Actor)-[:OFFERS]->(o:Offering {id: 'integrationskurs'}) "
        "RETURN a.id AS provider, o.startDate AS start, o.capacity AS capacity, "
        "o.updatedAt IS NOT NULL AS stamped",
        database_=settings.neo4j_database,
    )

    [row] = records
    assert row["provider"] == "kvhs-gifhorn"
    assert row["start"] == neo4j.time.Date(2018, 6, 1)
    assert row["capacity"] == 20 and row["stamped"]


def test_a_changed_property_updates_that_node_and_only_its_timestamp(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    database = settings.neo4j_database
    write_landscape(empty_db, landscape_of(tmp_path, LANDSCAPE), database=database)
    stamps_before = dict(
        (r["id"], r["t"])
        for r in empty_db.execute_query(
            "MATCH (a:Actor) RETURN a.id AS id, a.updatedAt AS t", database_=database
        ).records
    )

    changed = LANDSCAPE.replace("name: Caritas,", "name: Caritasverband,")
    result = write_landscape(empty_db, landscape_of(tmp_path, changed), database=database)

    assert (result.counts["Actor"].updated, result.counts["Actor"].unchanged) == (1, 1)
    stamps_after = dict(
        (r["id"], r["t"])
        for r in empty_db.execute_query(
            "MATCH (a:Actor) RETURN a.id AS id, a.updatedAt AS t", database_=database
        ).records
    )
    assert stamps_after["kvhs-gifhorn"] == stamps_before["kvhs-gifhorn"]
    assert stamps_after["caritas"] > stamps_before["caritas"]


def test_a_record_owns_its_properties_and_its_links(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    database = settings.neo4j_database
    write_landscape(empty_db, landscape_of(tmp_path, LANDSCAPE), database=database)

    edited = LANDSCAPE.replace("activeIn: [gifhorn, meine]", "activeIn: [gifhorn]").replace(
        "    capacity: 20\n", ""
    )
    result = write_landscape(empty_db, landscape_of(tmp_path, edited), database=database)

    assert result.counts["ACTIVE_IN"].deleted == 1
    assert result.counts["Offering"].updated == 1
    records, _, _ = empty_db.execute_query(
        "MATCH (o:Offering) RETURN o.capacity AS capacity", database_=database
    )
    assert records[0]["capacity"] is None


def test_replace_makes_the_graph_exactly_the_files(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    database = settings.neo4j_database
    write_landscape(empty_db, landscape_of(tmp_path, LANDSCAPE), database=database)
    empty_db.execute_query("CREATE (:Token {id: 'keep-me'})", database_=database)
    smaller = landscape_of(
        tmp_path,
        LANDSCAPE.replace(
            "  - {actor: caritas, workingGroup: ak-bildung, source: article}\n", ""
        ).replace(
            "  - {id: caritas, name: Caritas, kind: welfare_association, source: example}\n", ""
        ),
    )

    merged = write_landscape(empty_db, smaller, database=database)
    assert merged.counts["Actor"].deleted == 0  # without --replace nothing goes
    replaced = write_landscape(empty_db, smaller, database=database, replace=True)

    assert replaced.counts["Actor"].deleted == 1
    assert replaced.counts["MEMBER_OF"].deleted == 1
    labels, _, _ = empty_db.execute_query(
        "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n ORDER BY label",
        database_=database,
    )
    assert {r["label"]: r["n"] for r in labels}["Actor"] == 1
    assert {r["label"]: r["n"] for r in labels}["Token"] == 1  # not part of the data contract


def test_a_dry_run_reports_what_would_change_and_writes_nothing(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path, snapshot: Callable[..., object]
) -> None:
    before = snapshot(empty_db, with_times=True)

    result = write_landscape(
        empty_db,
        landscape_of(tmp_path, LANDSCAPE),
        database=settings.neo4j_database,
        dry_run=True,
    )

    assert result.dry_run and result.total().created == 17
    assert result.revision is None
    assert snapshot(empty_db, with_times=True) == before


def test_a_real_change_advances_the_graph_revision_and_no_change_does_not(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    database = settings.neo4j_database
    landscape = landscape_of(tmp_path, LANDSCAPE)
    start = current_revision(empty_db, database)

    first = write_landscape(empty_db, landscape, database=database)
    write_landscape(empty_db, landscape, database=database)

    assert first.revision == start + 1
    assert current_revision(empty_db, database) == start + 1


def test_an_incremental_load_may_refer_to_records_already_in_the_graph(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    database = settings.neo4j_database
    write_landscape(empty_db, landscape_of(tmp_path, LANDSCAPE), database=database)
    extra = tmp_path / "offerings.csv"
    extra.write_text(
        "id;Titel;Art;Anbieter;Handlungsfelder;Quelle\n"
        "sprachcafe;Sprachcafé;Treffpunkt;caritas;sprache;example\n"
    )

    landscape = load_landscape([extra], known_ids=graph_ids(empty_db, database))
    result = write_landscape(empty_db, landscape, database=database)

    assert result.counts["Offering"].created == 1
    assert result.counts["OFFERS"].created == 1


def test_a_reference_that_vanished_from_the_graph_meanwhile_writes_nothing(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path, snapshot: Callable[..., object]
) -> None:
    database = settings.neo4j_database
    extra = tmp_path / "memberships.yaml"
    extra.write_text("memberships:\n  - {actor: caritas, workingGroup: ak-neu, source: x}\n")
    landscape = load_landscape([extra], known_ids=lambda section, ids: ids)  # stale answer
    before = snapshot(empty_db)

    with pytest.raises(LoadError) as caught:
        write_landscape(empty_db, landscape, database=database)

    reasons = sorted(p.reason for p in caught.value.problems)
    assert reasons == [
        "unknown actor 'caritas': neither the files nor the graph have it",
        "unknown working group 'ak-neu': neither the files nor the graph have it",
    ]
    assert caught.value.problems[0].origin.position == 2
    assert snapshot(empty_db) == before


def test_a_failure_halfway_rolls_the_whole_load_back(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path, snapshot: Callable[..., object]
) -> None:
    database = settings.neo4j_database
    write_landscape(empty_db, landscape_of(tmp_path, LANDSCAPE), database=database)
    before = snapshot(empty_db, with_times=True)
    valid = landscape_of(tmp_path, LANDSCAPE.replace("Caritas,", "Caritas neu,"))
    # A relationship to a node that exists nowhere: the loader would never let this through,
    # so build it by hand to make the writer fail after it has written the nodes.
    broken = Landscape(
        valid.nodes,
        {
            **valid.relationships,
            "memberships": (Membership(actor="caritas", working_group="ak-nirgends", source="x"),),
        },
    )

    with pytest.raises(WriteError, match="rolled back"):
        write_landscape(empty_db, broken, database=database)

    assert snapshot(empty_db, with_times=True) == before


def test_small_batches_give_the_same_graph(
    empty_db: neo4j.Driver, settings: Settings, tmp_path: Path, snapshot: Callable[..., object]
) -> None:
    landscape = landscape_of(tmp_path, LANDSCAPE)
    write_landscape(empty_db, landscape, database=settings.neo4j_database)
    whole = snapshot(empty_db)
    empty_db.execute_query("MATCH (n) DETACH DELETE n", database_=settings.neo4j_database)

    result = write_landscape(empty_db, landscape, database=settings.neo4j_database, batch_size=1)

    assert result.total().created == 17
    assert snapshot(empty_db) == whole
