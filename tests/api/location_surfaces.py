"""Every surface of a node kind added the README's way: ``Location``, in the real registry.

Not collected by the suite (the name has no ``test_`` prefix): ``tests/api/test_new_kind.py``
runs it in a process of its own, with ``-p tests.api.with_location``, which adds the kind to
``domain/registry.py``'s sections before any code is imported. So everything here is the
program as it would be had someone added ``Location`` with its model and registry section,
nothing else: the GraphQL schema, search, the migrations, loads and exports, the document
and the HSDS decision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
import yaml
from starlette.testclient import TestClient
from typer.testing import CliRunner

from cli.main import app as cli
from domain.contract import CONTRACT, describe
from domain.registry import RELATIONSHIP_SECTIONS
from graph import migrations
from graph.settings import Settings
from loaders.data_format_doc import out_of_step, regions
from loaders.hsds.kinds import undecided
from schema.app import create_app
from schema.schema import schema
from tests.api.location_kind import BEFORE
from tests.conftest import wipe

COURSE = "kvhs-integrationskurs"
WOMEN = "kvhs-frauenkurs"
LANDSCAPE = {
    "municipalities": [
        {"id": "gifhorn", "name": "Stadt Gifhorn", "kind": "einheitsgemeinde", "source": "example"}
    ],
    "topics": [{"id": "sprache", "name": "Sprache", "source": "example"}],
    "actors": [
        {
            "id": "kvhs-gifhorn",
            "name": "Kreisvolkshochschule Gifhorn",
            "kind": "education_provider",
            "locatedIn": "gifhorn",
            "source": "example",
        }
    ],
    "offerings": [
        {
            "id": offering,
            "title": title,
            "kind": "course",
            "providers": ["kvhs-gifhorn"],
            "topics": ["sprache"],
            "municipalities": ["gifhorn"],
            "source": "example",
        }
        for offering, title in ((COURSE, "Integrationskurs"), (WOMEN, "Frauenkurs"))
    ],
    "locations": [
        {
            "id": "kvhs-haus-gifhorn",
            "name": "KVHS-Haus am Steinweg",
            "address": "Steinweg 8, 38518 Gifhorn",
            "offerings": [COURSE, WOMEN],
            "source": "example",
        },
        {"id": "buergerhaus-meine", "name": "Bürgerhaus Meine", "source": "example"},
    ],
}
"""A small landscape with two locations, one of them where both offerings happen."""
GraphQL = Callable[..., dict[str, Any]]


def test_the_kind_is_part_of_the_real_contract() -> None:
    assert CONTRACT.labels[-1] == "Location"
    assert "Location" in migrations.FULLTEXT_LABELS


@pytest.fixture
def located(empty_db: neo4j.Driver, tmp_path: Path) -> Path:
    """The small landscape, loaded by the command line as a user would."""
    return _load(tmp_path)


def _load(folder: Path) -> Path:
    written = folder / "landscape.yaml"
    written.write_text(yaml.safe_dump(LANDSCAPE, allow_unicode=True), encoding="utf-8")
    loaded = CliRunner().invoke(cli, ["load", str(written)])
    assert loaded.exit_code == 0, loaded.output
    return written


@pytest.fixture
def ask(client: TestClient) -> GraphQL:
    def run(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = client.post("/graphql", json={"query": query, "variables": variables or {}})
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]  # type: ignore[no-any-return]

    return run


# --- the GraphQL schema ---------------------------------------------------------------------


def block(header: str) -> str:
    """The lines of one type definition in the printed schema, header to ``}``."""
    sdl = str(schema)
    start = sdl.index(header)
    return sdl[start : sdl.index("}", start)]


def test_the_kind_gets_its_type_filter_sort_root_fields_and_mutations() -> None:
    location = block("type Location {")
    assert "id: ID!" in location and "name: String!" in location and "address: String" in location
    where = block("input LocationWhere {")
    assert "name: StringFilter" in where and "offering: IDFilter" in where
    assert "field: LocationSortField! = NAME" in block("input LocationSort {")
    query = block("type Query {")
    assert "location(id: ID!): Location" in query and "): LocationConnection!" in query
    mutation = block("type Mutation {")
    assert "createLocation(input: LocationInput!): LocationPayload!" in mutation
    assert "location: IDFilter" in block("input OfferingWhere {")


def test_the_kind_is_searchable_in_the_schema() -> None:
    assert "LOCATION" in block("enum SearchKind {").split()
    assert "Location" in str(schema).split("union SearchNode = ")[1].split("\n")[0]


# --- nested fields (generated from the registry's sides) ----------------------------------


def test_an_offering_lists_its_locations_and_a_location_its_offerings(
    located: Path, ask: GraphQL
) -> None:
    query = """query ($course: ID!, $place: ID!) {
      offering(id: $course) { locations { id name } }
      location(id: $place) { offerings { id } }
    }"""

    found = ask(query, {"course": COURSE, "place": "kvhs-haus-gifhorn"})

    assert found["offering"]["locations"] == [
        {"id": "kvhs-haus-gifhorn", "name": "KVHS-Haus am Steinweg"}
    ]
    assert sorted(o["id"] for o in found["location"]["offerings"]) == sorted([COURSE, WOMEN])


# --- search ----------------------------------------------------------------------------------


def test_search_finds_a_location_by_its_name_and_its_address(located: Path, ask: GraphQL) -> None:
    query = """query ($text: String!) {
      search(text: $text, kinds: [LOCATION]) {
        kind kindName title node { __typename ... on Location { id address } }
      }
    }"""

    by_address = ask(query, {"text": "Steinweg"})["search"]
    by_name = ask(query, {"text": "Buergerhaus"})["search"]

    assert [(h["kind"], h["kindName"], h["title"]) for h in by_address] == [
        ("LOCATION", "Ort", "KVHS-Haus am Steinweg")
    ]
    assert by_address[0]["node"] == {
        "__typename": "Location",
        "id": "kvhs-haus-gifhorn",
        "address": "Steinweg 8, 38518 Gifhorn",
    }
    assert [h["node"]["id"] for h in by_name] == ["buergerhaus-meine"]


def test_a_search_over_every_kind_returns_a_location_among_the_others(
    located: Path, ask: GraphQL
) -> None:
    hits = ask('{ search(text: "Gifhorn") { kind title } }')["search"]

    assert ("LOCATION", "KVHS-Haus am Steinweg") in {(h["kind"], h["title"]) for h in hits}
    assert {"ACTOR", "LOCATION"} <= {h["kind"] for h in hits}


# --- the full-text index of a database made before the kind -------------------------------


@pytest.fixture
def made_before_location(driver: neo4j.Driver, settings: Settings) -> Iterator[neo4j.Driver]:
    """The database as the release without ``Location`` left it: its migrations only."""
    database = settings.neo4j_database
    wipe(driver, database)
    for name in ("location_id_unique",):
        driver.execute_query(f"DROP CONSTRAINT {name} IF EXISTS", database_=database)
    driver.execute_query("DROP INDEX location_name IF EXISTS", database_=database)
    driver.execute_query(f"DROP INDEX {migrations.FULLTEXT_INDEX} IF EXISTS", database_=database)
    before = describe(BEFORE, RELATIONSHIP_SECTIONS)
    for step in migrations.migrations(before):
        driver.execute_query(step.cypher, database_=database)
    driver.execute_query("CALL db.awaitIndexes(300)", database_=database)
    yield driver
    migrations.migrate(driver, database)


def test_an_existing_database_gets_the_kind_into_its_index_by_migrate(
    made_before_location: neo4j.Driver, settings: Settings, tmp_path: Path
) -> None:
    stored = migrations.stored_fulltext(made_before_location, settings.neo4j_database)
    assert stored is not None and "Location" not in stored.labels

    with TestClient(create_app(settings, run_migrations=False)) as served:
        before = served.get("/readyz")
        assert before.status_code == 503
        assert set(before.json()["missingMigrations"]) == {
            "location_id_unique",
            "location_name",
            migrations.FULLTEXT_INDEX,
        }

        migrated = CliRunner().invoke(cli, ["migrate"])
        assert migrated.exit_code == 0, migrated.output
        assert migrations.FULLTEXT_INDEX in migrated.output

        after = served.get("/readyz")
        assert after.status_code == 200, after.json()

        _load(tmp_path)
        query = '{ search(text: "Steinweg", kinds: [LOCATION]) { node { ...on Location { id } } } }'
        found = served.post("/graphql", json={"query": query}).json()
    assert found["data"]["search"] == [{"node": {"id": "kvhs-haus-gifhorn"}}]
    stored = migrations.stored_fulltext(made_before_location, settings.neo4j_database)
    assert stored is not None and "Location" in stored.labels and "address" in stored.properties


# --- loads and exports ------------------------------------------------------------------------


def _export(target: Path, *options: str) -> Path:
    exported = CliRunner().invoke(cli, ["export", str(target), *options])
    assert exported.exit_code == 0, exported.output
    return target


def _locations(folder: Path) -> list[dict[str, Any]]:
    [found] = [p for p in folder.iterdir() if p.name.startswith("locations")]
    records: list[dict[str, Any]] = yaml.safe_load(found.read_text(encoding="utf-8"))["locations"]
    return sorted(records, key=lambda r: r["id"])


@pytest.mark.parametrize("form", ["yaml", "xlsx"])
def test_an_export_loads_back_into_the_same_locations(
    located: Path, driver: neo4j.Driver, settings: Settings, tmp_path: Path, form: str
) -> None:
    first = _locations(_export(tmp_path / "first"))
    assert [r["id"] for r in first] == ["buergerhaus-meine", "kvhs-haus-gifhorn"]
    assert sorted(first[1]["offerings"]) == sorted([COURSE, WOMEN])
    exported = _export(tmp_path / form, "--format", form)

    wipe(driver, settings.neo4j_database)
    loaded = CliRunner().invoke(cli, ["load", str(exported)])
    assert loaded.exit_code == 0, loaded.output

    assert _locations(_export(tmp_path / "again")) == first


# --- the cockpit -----------------------------------------------------------------------------


def test_the_cockpit_search_shows_and_names_a_location(located: Path, settings: Settings) -> None:
    """The search view takes title, kind name and id from the hit, for any kind; a kind
    without a page of its own in the cockpit is shown without a link."""
    from playwright.sync_api import expect, sync_playwright

    from bench.bench_web import CHROMIUM_ARGS
    from tests.web.conftest import CHROMIUM, LiveServer, open_view, require_dist

    require_dist()
    with LiveServer(settings) as live, sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            open_view(page, f"{live.url}/#/suche?text=Steinweg")
            hit = page.locator("ol.hits li[data-kind=LOCATION]")
            expect(hit).to_have_text("KVHS-Haus am Steinweg Ort")
            assert hit.get_by_role("link").count() == 0
            open_view(page, f"{live.url}/#/suche?text=Gifhorn")
            kinds = page.locator("ol.hits li .hit-kind").all_inner_texts()
            assert {"Ort", "Akteur, Bildungsträger"} <= {kind.strip() for kind in kinds}
        finally:
            browser.close()


# --- the document and HSDS --------------------------------------------------------------------


def test_the_document_check_notices_the_kind_until_the_document_is_generated() -> None:
    assert out_of_step() == ["node sections"]
    row = "| `locations` | `Location` | **id**, **name**, address"
    assert any(line.startswith(row) for line in regions()["node sections"])


def test_hsds_asks_for_a_decision_about_the_kind() -> None:
    """``tests/interchange/test_hsds_kinds.py`` fails until ``loaders/hsds/kinds.py`` says
    whether HSDS carries locations (it has a ``location`` table) or why not."""
    assert undecided() == ["Location"]
